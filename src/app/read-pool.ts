// Reading messages on worker threads, each message within a budget. Parsing MIME and reading a complaint is the
// most CPU-hungry step of the intake (about a millisecond for an ordinary message), and better-sqlite3 keeps the
// main thread busy with the database, so the mail doors hand the reading to a small pool of workers and file on
// the main thread.
//
// Some messages cost far more than that: MIME and HTML parsers grow quadratically on pathological input (a 2 MB
// HTML part of nested unclosed tags takes minutes), and a huge text part takes hundreds of megabytes. So every
// message has a budget of CPU time and of heap (config `reading`): a worker that has spent more than the budget's
// CPU time on one message is terminated (CPU time, not time on the clock, so that an ordinary message that waited
// for a core on a busy machine is never taken for a hostile one; where the system cannot tell a thread's CPU
// time, and as a backstop, time on the clock counts), one that runs out of heap dies on its own, and either way the message is filed
// without its reading (stored byte for byte, answered 250 after commit, waiting in the inbox with
// OVER_BUDGET_PROBLEM for a person). Nothing is ever read again on the main thread, where it would stall SMTP
// and HTTP.
//
// Messages queued behind a slow one on the same worker do not wait for it: once the message a worker is on has
// taken longer than SLOW_MS, the messages sent to that worker after it are handed to another worker (a spare
// one is started if needed), and the slow worker gets nothing new until it is done or stopped. Their late
// answers from the slow worker are ignored, so each message is filed once.
//
// The configuration is live (administrators' settings): a new one is sent to a worker before its next read.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readerHolidays } from '../adapters/calendar/calendar.ts';
import type { HolidayTable } from '../adapters/calendar/date-holidays.ts';
import { regionHolidays } from '../adapters/calendar/holiday-thread.ts';
import { overCpuBudget, threadCpuMs } from '../adapters/os/threads.ts';
import type { Config, Mailbox } from '../config.ts';
import { type ParsedMessage, readableStart } from '../core/intake/parsed-message.ts';
import { staffNote } from '../core/intake/staff-notes.ts';
import type { AppContext } from './context.ts';
import {
  type InboundEmail,
  OVER_BUDGET_PROBLEM,
  type PreparedEmail,
  prepareEmailWith,
  type RawHashes,
  unreadEmail,
} from './prepare-email.ts';

/** Messages to a worker: the configuration in force, or a message to read (its raw bytes are copied). */
export type ToWorker =
  | { type: 'config'; config: Config; holidays: HolidayTable }
  | {
      type: 'read';
      id: number;
      raw: Uint8Array;
      mailbox: Mailbox;
      door: InboundEmail['door'];
      envelopeSender?: InboundEmail['envelopeSender'];
      relayTrusted?: InboundEmail['relayTrusted'];
      now: string;
    };
/**
 * A worker's answers for one message: first its hashes, then the prepared email without the raw bytes and the
 * mailbox (the caller has them), or an error.
 */
export type FromWorker = (
  | { ready: true; thread: number | null }
  | { id: number; hashes: RawHashes }
  | { id: number; prepared: Omit<PreparedEmail, 'raw' | 'mailbox'> }
  | { id: number; error: string }
) & {
  /** The worker's CPU time when it sent this, in ms: the baseline of the budget of what it reads next. */
  cpuMs: number;
};

interface Pending {
  id: number;
  input: InboundEmail;
  now: string;
  resolve(p: PreparedEmail): void;
  hashes?: RawHashes;
}

interface Slot {
  worker: Worker;
  /** The messages sent to this worker and not answered yet, in order: the first is the one being read. */
  inFlight: Pending[];
  /** When the worker began the first message of `inFlight` (as seen from here). */
  headSince: number;
  /** The worker's CPU time when it began reading that message, in ms (null until it says so). */
  headCpuMs: number | null;
  /**
   * Whether the worker has said that it began the message at the head (its hashes). Until then the CPU time it
   * uses may be for something else (a collection after the message before, a new configuration), which must not
   * count against this message: only the clock's backstop applies.
   */
  headHashed: boolean;
  /**
   * The worker's CPU time in its latest answer. An idle worker uses next to none, so this is also its CPU time
   * when it begins the next message: no need to ask the operating system for every message.
   */
  lastCpuMs: number | null;
  /** The worker's thread in the operating system, for its CPU time (null where unknown). */
  thread: number | null;
  config: Config | null;
  stopped: boolean;
  /**
   * Set once the worker has loaded what reading needs and read a first message of its own (which loads what
   * reading loads on first use): its budget clock starts then, not at its start-up.
   */
  ready: boolean;
  /** When the worker was started (performance.now()). */
  startedAt: number;
}

/**
 * How long a worker may take to start before it is given up and another started in its place (ms). A start takes
 * a second or more on a busy machine; one that never ends (a thread stuck while loading) would otherwise hold the
 * messages sent to it for good, and the workers that start after it would never start. Its messages go to the
 * next worker, not to the inbox unread: if no worker can start at all, they wait, and the SMTP listener answers
 * "try again later" (451) when its store timeout passes, so the sending server keeps them until one can.
 */
export const START_TIMEOUT_MS = 30_000;

/** Choices for tests: a shorter start timeout, another worker script (one that does not start, say). */
export interface ReadPoolOptions {
  startTimeoutMs?: number;
  worker?: URL;
  workerData?: unknown;
}

/**
 * The heap of a thread that reads mail (read-worker.ts): its young generation is capped at 8 MiB, where V8 would
 * let it grow to 64 MiB. Reading a message leaves little that lives on, so the cap cost nothing measurable in
 * `npm run bench -- ingest`; what keeps a reading thread small is above all what it loads (prepare-email.ts, and
 * the holiday table below). The old generation is capped by the reading budget (config `reading.memoryMb`).
 */
export const READER_LIMITS = { maxYoungGenerationSizeMb: 8 } as const;

/**
 * The message as the filing thread needs it: each body cut to the start that is read and kept as the text of the
 * correspondence (`readableStart`; `readableBody` gives the same). A text part of 25 MB would otherwise be copied
 * whole to the filing thread, which would hold it beside the original while storing it; the original keeps every
 * byte, and a person reads it all there.
 */
export function forFiling(message: ParsedMessage): ParsedMessage {
  const start = (text: string | null) => (text === null ? null : readableStart(text));
  return {
    ...message,
    text: start(message.text),
    html: start(message.html),
    htmlText: start(message.htmlText),
    attachedMessage: message.attachedMessage && forFiling(message.attachedMessage),
  };
}

/** A message read for longer than this no longer holds up the ones sent to the same worker after it. */
export const SLOW_MS = 100;
/** Messages sent to one worker ahead of its answers (keeps it busy while the main thread files). */
const DEPTH = 2;
/** How often reading times are checked against the budget while something is being read. */
const TICK_MS = 10;
/** The nice value of reading threads (0 is normal, 19 the lowest): below SMTP sessions and HTTP. */
export const READER_NICE = 10;

const tables = new WeakMap<Config, HolidayTable>();

/**
 * The holidays a reading thread is sent with a configuration (so that it does not load date-holidays), worked
 * out once per configuration.
 */
export function readerHolidaysOf(ctx: AppContext): HolidayTable {
  const config = ctx.config;
  let table = tables.get(config);
  if (!table) {
    // The table the main thread's calendar is built on (no date-holidays here), else the few years around now.
    table =
      regionHolidays(config.holidays).table ??
      readerHolidays(config, ctx.calendar.localDate(ctx.clock.now()).year);
    tables.set(config, table);
  }
  return table;
}

/** Threads to use: one per spare core (the main thread keeps one), at least one, at most four. */
export function defaultReadThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

/** What the pool has done so far (tests and benchmarks). */
export interface ReadPoolStats {
  read: number;
  /** Messages filed unread because their reading went over the time or memory budget. */
  overBudget: number;
  /** Messages handed to another worker because the one they were sent to was slow. */
  reassigned: number;
  /** Workers started, the first ones included. */
  spawned: number;
  /** Workers given up because they did not finish starting within the start timeout. */
  startsGivenUp: number;
}

export class ReadPool {
  readonly stats: ReadPoolStats = { read: 0, overBudget: 0, reassigned: 0, spawned: 0, startsGivenUp: 0 };
  readonly #ctx: AppContext;
  #slots: Slot[] = [];
  /** Messages waiting for a worker, in order of arrival. */
  #waiting: Pending[] = [];
  #ids = 0;
  #closed = false;
  readonly #threads: number;
  /** The threads with the spares. */
  readonly #most: number;
  #ticker: NodeJS.Timeout | null = null;
  #drained: Array<() => void> = [];
  readonly #options: ReadPoolOptions;

  /**
   * The threads start with the first message, so an instance that receives no mail keeps its memory. `spares`:
   * warm threads beyond `threads` for the messages that a slow one would hold up (none for a one-message pipe).
   */
  constructor(ctx: AppContext, threads = defaultReadThreads(), spares = 1, options: ReadPoolOptions = {}) {
    this.#ctx = ctx;
    this.#threads = threads;
    this.#most = threads + spares;
    this.#options = options;
  }

  /** Hashes and reads a message on a worker; resolves like `prepareEmail` (never rejects). */
  prepare(input: InboundEmail, now: string): Promise<PreparedEmail> {
    return new Promise((resolve) => {
      const pending: Pending = { id: ++this.#ids, input, now, resolve };
      // Without threads (REDRESS_READ_THREADS=0, chosen by the operator) reading stays on this thread, unbounded.
      if (this.#closed || this.#threads === 0) return void this.#readHere(pending);
      this.#waiting.push(pending);
      this.#pump();
    });
  }

  async #readHere(p: Pending): Promise<void> {
    p.resolve(await prepareEmailWith(this.#ctx, p.input, p.now));
  }

  /** Hands waiting messages to workers that are neither full nor slow, starting workers as allowed. */
  #pump(): void {
    const now = performance.now();
    // One spare beyond the configured threads, started with the others so that it is warm when a slow message
    // would otherwise hold up the ones behind it (a worker takes a second or more to start on a busy machine).
    // Also while closing: what waits must still be read (a worker stopped meanwhile leaves its queue here).
    // (Started only once a thread is slow instead, it saved memory only while no costly message came, since both
    // threads are there while one is read, and the ordinary messages behind the first costly one waited seconds
    // for it to start.)
    // One worker starting at a time: the first start after an install or upgrade finds Node's compile cache empty,
    // and a worker then loads the TypeScript compiler (about 10 MB that stay with it) unless another worker has
    // compiled the same files before it (each flushes the cache once ready); the others follow as each is ready.
    if (this.#waiting.length > 0 && this.#slots.length < this.#most && this.#slots.every((s) => s.ready))
      this.#spawn();
    while (this.#waiting.length > 0) {
      // The least busy worker that is neither full nor slow; a warm one before one still starting.
      let slot: Slot | undefined;
      let best = Number.POSITIVE_INFINITY;
      for (const s of this.#slots) {
        if (s.inFlight.length >= DEPTH || this.#isSlow(s, now)) continue;
        const load = s.inFlight.length + (s.ready ? 0 : DEPTH);
        if (load < best) {
          best = load;
          slot = s;
        }
      }
      if (!slot) break;
      this.#send(slot, this.#waiting.shift()!, now);
    }
    this.#tick();
  }

  /**
   * The worker starts on the first message it has: its budget counts from the thread's CPU time now (refined
   * when the worker says its hashes, which do not count), so that time spent waiting for a core never does.
   */
  #startHead(slot: Slot, now: number): void {
    slot.headSince = now;
    slot.headCpuMs = slot.lastCpuMs;
    slot.headHashed = false;
  }

  #isSlow(slot: Slot, now: number): boolean {
    return slot.ready && slot.inFlight.length > 0 && now - slot.headSince > SLOW_MS;
  }

  #send(slot: Slot, p: Pending, now: number): void {
    const config = this.#ctx.config;
    if (slot.config !== config) {
      slot.config = config;
      slot.worker.postMessage({
        type: 'config',
        config,
        holidays: readerHolidaysOf(this.#ctx),
      } satisfies ToWorker);
    }
    if (slot.inFlight.length === 0) this.#startHead(slot, now);
    slot.inFlight.push(p);
    // A message the SMTP listener received is in a shared buffer: the worker shares it (no copy, and this thread
    // still has it to store, whatever becomes of the worker). Anything else is copied to a buffer of its own and
    // moved rather than cloned (one copy, not two, of what may be a message of the largest size); a Buffer from
    // Node's pool would be cloned with the whole pool behind it.
    const shared = p.input.raw.buffer instanceof SharedArrayBuffer;
    const raw = shared ? p.input.raw : new Uint8Array(p.input.raw);
    slot.worker.postMessage(
      {
        type: 'read',
        id: p.id,
        raw,
        mailbox: p.input.mailbox,
        door: p.input.door,
        envelopeSender: p.input.envelopeSender,
        relayTrusted: p.input.relayTrusted,
        now: p.now,
      } satisfies ToWorker,
      shared ? [] : [raw.buffer as ArrayBuffer],
    );
  }

  #spawn(): Slot {
    const worker = new Worker(this.#options.worker ?? new URL('./read-worker.ts', import.meta.url), {
      resourceLimits: { ...READER_LIMITS, maxOldGenerationSizeMb: this.#ctx.config.reading.memoryMb },
      workerData: this.#options.workerData,
    });
    this.stats.spawned++;
    const slot: Slot = {
      worker,
      inFlight: [],
      headSince: 0,
      headCpuMs: null,
      headHashed: false,
      lastCpuMs: null,
      thread: null,
      config: null,
      stopped: false,
      ready: false,
      startedAt: performance.now(),
    };
    this.#slots.push(slot);
    // The configuration at once: the worker warms up with it before it says it is ready.
    slot.config = this.#ctx.config;
    worker.postMessage({
      type: 'config',
      config: slot.config,
      holidays: readerHolidaysOf(this.#ctx),
    } satisfies ToWorker);
    worker.on('message', (answer: FromWorker) => {
      slot.lastCpuMs = answer.cpuMs;
      if ('ready' in answer) {
        slot.ready = true;
        slot.thread = answer.thread;
        this.#startHead(slot, performance.now());
        // The next worker (the spare, or one more for what waits) once this one is warm.
        if (!this.#closed && this.#slots.length < this.#most && this.#slots.every((s) => s.ready))
          this.#spawn();
        this.#pump();
        return;
      }
      const i = slot.inFlight.findIndex((p) => p.id === answer.id);
      // An answer for a message handed to another worker meanwhile: that one files it.
      if (i < 0) return;
      const p = slot.inFlight[i]!;
      if ('hashes' in answer) {
        p.hashes = answer.hashes;
        // Hashing takes time in proportion to the size (within the size limit), never more: the budget is for
        // the reading, which is where hostile input can cost more.
        if (i === 0) {
          slot.headSince = performance.now();
          slot.headCpuMs = answer.cpuMs;
          slot.headHashed = true;
        }
        return;
      }
      slot.inFlight.splice(i, 1);
      if (i === 0) this.#startHead(slot, performance.now());
      this.stats.read++;
      if ('error' in answer)
        p.resolve(unreadEmail(p.input, p.now, staffNote('notRead', { error: answer.error }), p.hashes));
      else p.resolve({ ...answer.prepared, raw: p.input.raw, mailbox: p.input.mailbox });
      this.#settled();
    });
    // A worker that ran out of heap (its memory budget) or failed otherwise: the message it was on is filed
    // unread, the others it had go to another worker.
    worker.on('error', () => this.#stop(slot));
    worker.on('exit', () => this.#stop(slot));
    return slot;
  }

  /**
   * Stops a worker: the message it was reading is filed unread, the ones queued behind it are read elsewhere. A
   * worker that never finished starting (`unstarted`) was reading nothing: all its messages are read elsewhere.
   */
  #stop(slot: Slot, unstarted = false): void {
    if (slot.stopped) return;
    slot.stopped = true;
    this.#slots = this.#slots.filter((s) => s !== slot);
    void slot.worker.terminate();
    const [head, ...behind] = slot.inFlight;
    slot.inFlight = [];
    if (head && unstarted) behind.unshift(head);
    else if (head) {
      this.stats.overBudget++;
      head.resolve(unreadEmail(head.input, head.now, OVER_BUDGET_PROBLEM, head.hashes));
    }
    this.stats.reassigned += behind.length;
    this.#waiting.unshift(...behind);
    // A replacement starts at once, so that it is warm when the next message comes.
    if (!this.#closed && this.#slots.length < this.#most) this.#spawn();
    this.#settled();
  }

  /** After an answer or a stopped worker: send what waits, and tell `close` when nothing is left. */
  #settled(): void {
    this.#pump();
    if (this.#waiting.length === 0 && this.#slots.every((s) => s.inFlight.length === 0))
      for (const done of this.#drained.splice(0)) done();
  }

  /** While something is being read: stop workers over the time budget, move messages off slow workers. */
  #tick(): void {
    const busy = this.#slots.some((s) => s.inFlight.length > 0);
    if (busy && !this.#ticker) {
      this.#ticker = setInterval(() => this.#check(), TICK_MS);
      this.#ticker.unref();
    } else if (!busy && this.#ticker) {
      clearInterval(this.#ticker);
      this.#ticker = null;
    }
  }

  #check(): void {
    const now = performance.now();
    const budget = this.#ctx.config.reading.budgetMs;
    const startTimeout = this.#options.startTimeoutMs ?? START_TIMEOUT_MS;
    for (const slot of [...this.#slots]) {
      if (!slot.ready && now - slot.startedAt > startTimeout) {
        this.stats.startsGivenUp++;
        this.#stop(slot, true);
        continue;
      }
      if (slot.inFlight.length === 0 || !slot.ready) continue;
      if (now - slot.headSince > budget && this.#overBudget(slot, now, budget)) this.#stop(slot);
      else if (this.#isSlow(slot, now) && slot.inFlight.length > 1) {
        const behind = slot.inFlight.splice(1);
        this.stats.reassigned += behind.length;
        this.#waiting.unshift(...behind);
      }
    }
    this.#pump();
  }

  /**
   * Whether the message a worker is on went over the budget: its CPU time since it began reading (asked only once
   * the time on the clock is over, since CPU time never runs ahead of it), else the time on the clock. Before the
   * worker says it began the message, only the backstop.
   */
  #overBudget(slot: Slot, now: number, budget: number): boolean {
    if (!slot.headHashed) return overCpuBudget(budget, now - slot.headSince, 'not begun');
    const cpu = slot.thread !== null && slot.headCpuMs !== null ? threadCpuMs(slot.thread) : null;
    return overCpuBudget(budget, now - slot.headSince, cpu === null ? null : cpu - slot.headCpuMs!);
  }

  /** Waits for the messages being read (at most their budget), then stops the workers. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#waiting.length > 0 || this.#slots.some((s) => s.inFlight.length > 0))
      await new Promise<void>((resolve) => this.#drained.push(resolve));
    if (this.#ticker) clearInterval(this.#ticker);
    this.#ticker = null;
    const slots = this.#slots;
    this.#slots = [];
    for (const s of slots) s.stopped = true;
    await Promise.all(slots.map(({ worker }) => worker.terminate()));
  }
}
