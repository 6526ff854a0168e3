// Reading messages on worker threads: parsing MIME and reading a complaint is the most CPU-hungry step of the
// intake (about a millisecond a message), and better-sqlite3 keeps the main thread busy with the database, so
// the SMTP listener and IMAP pollers hand the reading to a small pool of workers and file on the main thread.
// A worker that fails is replaced, and what it was reading is read on the main thread instead: nothing is lost.
// The configuration is live (administrators' settings): a new one is sent to the workers before the next read.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readerHolidays } from '../adapters/calendar/calendar.ts';
import type { HolidayTable } from '../adapters/calendar/date-holidays.ts';
import type { Config } from '../config.ts';
import type { AppContext } from './context.ts';
import { type InboundEmail, type PreparedEmail, prepareEmailWith } from './prepare-email.ts';

/** Messages to a worker: the configuration in force, or a message to read (its raw bytes are copied). */
export type ToWorker =
  | { type: 'config'; config: Config; holidays: HolidayTable }
  | {
      type: 'read';
      id: number;
      raw: Uint8Array;
      mailboxName: string;
      door: InboundEmail['door'];
      now: string;
    };
/** A worker's answer: the prepared email without the raw bytes and the mailbox (the caller has them). */
export type FromWorker =
  | { id: number; prepared: Omit<PreparedEmail, 'raw' | 'mailbox'> }
  | { id: number; error: string };

interface Pending {
  input: InboundEmail;
  now: string;
  resolve(p: PreparedEmail): void;
}

interface Slot {
  worker: Worker;
  pending: Map<number, Pending>;
  config: Config | null;
}

/**
 * The heap of a thread that reads mail (read-worker.ts, smtp-worker.ts): its young generation is capped at
 * 8 MiB, where V8 would let it grow to 64 MiB. Reading a message leaves little that lives on, so the cap cost
 * nothing measurable in `npm run bench -- ingest`; what keeps a reading thread small is above all what it loads
 * (prepare-email.ts, and the holiday table below).
 */
export const READER_LIMITS = { maxYoungGenerationSizeMb: 8 } as const;

const tables = new WeakMap<Config, HolidayTable>();

/**
 * The holidays a reading thread is sent with a configuration (so that it does not load date-holidays), worked
 * out once per configuration.
 */
export function readerHolidaysOf(ctx: AppContext): HolidayTable {
  const config = ctx.config;
  let table = tables.get(config);
  if (!table) {
    table = readerHolidays(config, ctx.calendar.localDate(ctx.clock.now()).year);
    tables.set(config, table);
  }
  return table;
}

/** Threads to use: one per spare core (the main thread keeps one), at least one, at most four. */
export function defaultReadThreads(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

export class ReadPool {
  readonly #ctx: AppContext;
  readonly #slots: Slot[] = [];
  #next = 0;
  #ids = 0;
  #closed = false;
  readonly #threads: number;

  /** The threads start with the first message, so an instance that receives no mail keeps its memory. */
  constructor(ctx: AppContext, threads = defaultReadThreads()) {
    this.#ctx = ctx;
    this.#threads = threads;
  }

  #spawn(): Slot {
    const worker = new Worker(new URL('./read-worker.ts', import.meta.url), {
      resourceLimits: READER_LIMITS,
    });
    const slot: Slot = { worker, pending: new Map(), config: null };
    worker.on('message', (answer: FromWorker) => {
      const p = slot.pending.get(answer.id);
      if (!p) return;
      slot.pending.delete(answer.id);
      if ('error' in answer) void this.#readHere(p);
      else p.resolve({ ...answer.prepared, raw: p.input.raw, mailbox: p.input.mailbox });
    });
    let failed = false;
    const fail = () => {
      if (failed) return;
      failed = true;
      // Read what this worker had on the main thread, and replace it.
      const left = [...slot.pending.values()];
      slot.pending.clear();
      for (const p of left) void this.#readHere(p);
      const i = this.#slots.indexOf(slot);
      if (i >= 0 && !this.#closed) this.#slots[i] = this.#spawn();
    };
    worker.on('error', fail);
    worker.on('exit', fail);
    return slot;
  }

  async #readHere(p: Pending): Promise<void> {
    p.resolve(await prepareEmailWith(this.#ctx, p.input, p.now));
  }

  /** Hashes and reads a message on a worker; resolves like `prepareEmail` (never rejects). */
  prepare(input: InboundEmail, now: string): Promise<PreparedEmail> {
    return new Promise((resolve) => {
      const pending: Pending = { input, now, resolve };
      if (this.#closed || this.#threads === 0) return void this.#readHere(pending);
      while (this.#slots.length < this.#threads) this.#slots.push(this.#spawn());
      const slot = this.#slots[this.#next++ % this.#slots.length]!;
      const config = this.#ctx.config;
      if (slot.config !== config) {
        slot.config = config;
        slot.worker.postMessage({
          type: 'config',
          config,
          holidays: readerHolidaysOf(this.#ctx),
        } satisfies ToWorker);
      }
      const id = ++this.#ids;
      slot.pending.set(id, pending);
      slot.worker.postMessage({
        type: 'read',
        id,
        // A copy with a buffer of its own: a Buffer from Node's pool (what a stream hands over) is cloned with
        // the whole pool behind it, about eight times slower.
        raw: new Uint8Array(input.raw),
        mailboxName: input.mailbox.name,
        door: input.door,
        now,
      } satisfies ToWorker);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#slots.map(({ worker }) => worker.terminate()));
  }
}
