// The sender: takes due e-mails from the outbox and sends them. Each is claimed with a lease before the SMTP
// exchange and marked sent after it; a worker that dies mid-send leaves the claim to expire, and the item is sent
// again with the same Message-ID (at-least-once, at most one duplicate: DESIGN.md "Settled"). While the server is
// unreachable items wait with a growing back-off. A refusal is sorted by sortSendFailure (outgoing-mail.ts): the
// recipient's address refused fails the item and, for mail to a complainant, counts as a bounce (unreachable by
// e-mail, the case offers a letter); the message refused (its size, its content) fails the item; our own sending
// refused (the relay's password, our sender address, relaying; a file of ours missing) holds the whole outbox on
// the back-off, never giving up, since every message would be refused the same way until the operator fixes the
// settings (staff are told: watch-outbox.ts); as soon as a message goes through again, the held mail is sent,
// oldest first, each once with its Message-ID.
//
// A backlog (a day's acknowledgements, mail held while the relay was down) goes out in parallel:
// - items are claimed in batches (one statement on PostgreSQL, a short transaction on SQLite), the next batch
//   while the last one is still being sent;
// - up to `outbound.concurrency` messages are on their way at once, over the transport's pooled connections;
// - messages to one destination domain start at most `outbound.perDomainPerSecond` a second (or the domain's own
//   rate in `outbound.domainRates`), in this instance; a message whose domain is booked too far ahead is given
//   back to the outbox, not counted as an attempt, and due again when the domain has room;
// - what became of the messages is recorded in groups (one statement or one short transaction for all those
//   that finished meanwhile). A connection takes the next message as soon as its exchange ends, but at most
//   twice `concurrency` messages may be sent and not yet recorded, so an instance killed at any moment leaves at
//   most that many: those, and only those, are sent a second time once their lease has run out.

import type { Database } from '../adapters/db/database.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import {
  type ClaimedItem,
  claimDue,
  holdOutbox,
  markFailed,
  outboundById,
  recordOutcomes,
  releaseHeld,
  type SendOutcome,
} from '../adapters/db/outbox.repo.ts';
import { withLinkToken } from '../core/correspondence/link-token.ts';
import {
  heldDetail,
  type MailTransport,
  type OutgoingAttachment,
  retryDelayMs,
  SendError,
} from '../core/correspondence/outgoing-mail.ts';
import { DomainPace, domainOf } from '../core/correspondence/send-pace.ts';
import { deliveryDetail, missingOriginalWords } from '../core/correspondence/status-words.ts';
import { isOneAddress } from '../core/intake/addresses.ts';
import type { AppContext } from './context.ts';
import { markBouncedIn } from './record-bounce.ts';
import { inTransaction } from './transaction.ts';
import { OutboxWatch } from './watch-outbox.ts';

export interface SendReport {
  sent: number;
  retried: number;
  failed: number;
}

export interface SendOptions {
  /** Items claimed at a time (default: four times the concurrency, at least 20). */
  batch?: number;
  /** Messages on their way at once (default: `outbound.concurrency`). */
  concurrency?: number;
  /** The pace per destination domain; the worker keeps one between runs (default: a new one from the configuration). */
  pace?: DomainPace;
  /** Told when mail was given back for its domain's rate: in how many ms the earliest of it is due again. */
  onHeldBack?: (ms: number) => void;
  /**
   * When aborted (the process is stopping), no more is claimed, and claimed mail not yet on its way goes back to
   * the outbox (no attempt counted); sends already on their way end and are recorded.
   */
  signal?: AbortSignal;
}

/**
 * How far ahead a message may be booked for its domain's rate and still wait here; beyond, it goes back to the
 * outbox. Far below the lease, so that a claimed message never waits here until another worker may take it.
 */
const HOLD_MS = 10_000;

/** Messages sent and not yet recorded, per parallel send (see `unrecorded` in sendDueMail). */
const UNRECORDED_PER_SEND = 2;

const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();
/** Waits `ms`, or less if `signal` is aborted meanwhile. */
const sleep = (ms: number, signal: AbortSignal | undefined) =>
  new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });

async function attachmentsOf(ctx: AppContext, item: ClaimedItem): Promise<OutgoingAttachment[]> {
  const originals = new DatabaseOriginals(ctx.database.db);
  const out: OutgoingAttachment[] = [];
  for (const a of item.attachments) {
    const original = await originals.get(a.sha256);
    // Our own store lacks the file: held like a refusal of our sending, until an operator restores it.
    if (!original) throw new SendError(missingOriginalWords(a.filename), 'setup');
    out.push({ filename: a.filename, contentType: a.contentType, content: original.content });
  }
  return out;
}

/** A counting semaphore: at most `n` holders at once, the others wait in order. */
class Slots {
  #free: number;
  readonly #waiting: Array<() => void> = [];
  constructor(n: number) {
    this.#free = n;
  }
  acquire(): Promise<void> {
    if (this.#free > 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }
  release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#free++;
  }
}

/**
 * Records outcomes in groups: the first is written at once, and those that come in while a write runs go
 * together in the next one. Each caller's promise settles when its outcome is committed.
 */
class OutcomeRecorder {
  readonly #database: Database;
  readonly #queue: Array<{ outcome: SendOutcome; settle: (error: unknown) => void }> = [];
  #writing = false;
  constructor(database: Database) {
    this.#database = database;
  }
  record(outcome: SendOutcome): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ outcome, settle: (error) => (error === null ? resolve() : reject(error)) });
      if (!this.#writing) void this.#write();
    });
  }
  async #write(): Promise<void> {
    this.#writing = true;
    // One turn of the event loop first: exchanges that end at the same moment join this group.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.#queue.length > 0) {
      const group = this.#queue.splice(0, 500);
      let error: unknown = null;
      try {
        await recordOutcomes(
          this.#database,
          group.map((g) => g.outcome),
        );
      } catch (e) {
        error = e ?? new Error('recording the outcome of sends failed');
      }
      for (const g of group) g.settle(error);
    }
    this.#writing = false;
  }
}

/** Sends everything that is due now; returns what happened. Safe to run in several processes at once. */
export async function sendDueMail(
  ctx: AppContext,
  transport: MailTransport,
  options: SendOptions = {},
): Promise<SendReport> {
  const report: SendReport = { sent: 0, retried: 0, failed: 0 };
  const concurrency = Math.max(1, options.concurrency ?? ctx.config.outbound.concurrency);
  const batch = Math.max(1, options.batch ?? Math.max(20, concurrency * 4));
  const pace = options.pace ?? new DomainPace(ctx.config.outbound);
  // How long a claimed e-mail stays this worker's own (a worker that dies mid-send gives it up when this runs out).
  const claimMs = ctx.config.outbound.claimSeconds * 1000;
  const recorder = new OutcomeRecorder(ctx.database);
  // SMTP exchanges under way, at most `concurrency`, one per pooled connection.
  const sending = new Slots(concurrency);
  // Sent (or on their way) and not yet recorded: an exchange gives its connection to the next message as soon as
  // it ends, while its outcome waits for the next group commit, so that connections do not stand idle during a
  // commit; this bounds what a kill can leave sent and unrecorded (sent again after the lease: a duplicate each).
  const unrecorded = new Slots(UNRECORDED_PER_SEND * concurrency);
  // Taken on from a claim and not yet recorded: bounds the claimed items waiting here.
  const room = new Slots(batch + concurrency);
  let more = true;
  let heldBackMs = Number.POSITIVE_INFINITY;
  // Our own sending was refused in this run: until when the outbox is held, and the reason (null: not held).
  let hold: { until: string; detail: string } | null = null;

  const failed = async (item: ClaimedItem, e: unknown) => {
    const err = e instanceof SendError ? e : new SendError((e as Error).message, 'temporary');
    if (err.kind === 'setup') {
      // Not the recipient, not the message: every message would be refused the same way. The item waits on the
      // back-off, without the limit of attempts (the operator may take days); nothing more is tried this run,
      // and the rest of the outbox is held with it when the run ends.
      const detail = heldDetail(err.message);
      const nextAt = plus(ctx.clock.now(), retryDelayMs(item.attempts));
      if (hold === null || nextAt > hold.until) hold = { until: nextAt, detail };
      more = false;
      await recorder.record({ kind: 'retry', id: item.id, nextAt, detail });
      report.retried++;
    } else if (err.permanent || item.attempts >= ctx.config.outbound.maxAttempts) {
      const detail = err.permanent
        ? deliveryDetail('refused', { reply: err.message })
        : deliveryDetail('gaveUp', { attempts: item.attempts, reply: err.message });
      await inTransaction(ctx, async (agg) => {
        await markFailed(agg.db, item.id, detail);
        const row = await outboundById(agg.db, item.id);
        // A bounce only when the recipient's address was refused: a refusal of our own sending (the relay
        // misconfigured, the message too large) says nothing about the complainant's address.
        if (err.recipientRefused && row?.audience === 'complainant')
          await markBouncedIn(ctx, agg, row, detail, null);
      });
      report.failed++;
    } else {
      await recorder.record({
        kind: 'retry',
        id: item.id,
        nextAt: plus(ctx.clock.now(), retryDelayMs(item.attempts)),
        detail: deliveryDetail('willRetry', { attempt: item.attempts, reply: err.message }),
      });
      report.retried++;
    }
  };

  const one = async (item: ClaimedItem, leaseUntil: string): Promise<void> => {
    // Exactly one recipient, whatever the stored row says (DESIGN.md "Outbound mail"): a list, a group or
    // anything that is not one address fails the item, never sent, with the reason for a person.
    const to = item.toAddress?.trim() ?? '';
    if (!isOneAddress(to)) {
      await markFailed(
        ctx.database.db,
        item.id,
        deliveryDetail('notOneAddress', { recipient: to.slice(0, 200) }),
      );
      report.failed++;
      return;
    }
    const domain = domainOf(to);
    const wait = pace.waitMs(domain, performance.now());
    if (wait > HOLD_MS) {
      // The domain is booked too far ahead: back to the outbox, due when it has room; no more claims this run.
      more = false;
      heldBackMs = Math.min(heldBackMs, wait);
      await recorder.record({ kind: 'release', id: item.id, nextAt: plus(ctx.clock.now(), wait) });
      return;
    }
    const delay = pace.book(domain, performance.now());
    if (delay > 0) await sleep(delay, options.signal);
    await unrecorded.acquire();
    await sending.acquire();
    let exchanging = true;
    const exchanged = () => {
      if (exchanging) sending.release();
      exchanging = false;
    };
    try {
      // A send must end well within the claim, or another worker could take the item while it is on its way.
      // Also when our own sending was refused meanwhile: given back without an attempt, held with the rest.
      if (
        hold !== null ||
        options.signal?.aborted ||
        Date.parse(leaseUntil) - Date.parse(ctx.clock.now()) < claimMs / 2
      ) {
        await recorder.record({ kind: 'release', id: item.id, nextAt: ctx.clock.now() });
        return;
      }
      let response: string;
      try {
        response = (
          await transport.send({
            messageId: item.messageId,
            from: { name: item.fromName, address: item.fromAddress },
            to,
            subject: item.subject,
            // The private link's token, kept apart from the text as recorded, goes into the e-mail alone.
            text: item.linkToken ? withLinkToken(item.text, item.linkToken) : item.text,
            inReplyTo: item.inReplyTo,
            references: item.references,
            autoSubmitted: item.autoSubmitted,
            attachments: await attachmentsOf(ctx, item),
          })
        ).response;
      } catch (e) {
        exchanged();
        await failed(item, e);
        return;
      }
      exchanged();
      await recorder.record({ kind: 'sent', id: item.id, at: ctx.clock.now(), detail: response });
      report.sent++;
    } finally {
      exchanged();
      unrecorded.release();
    }
  };

  const work = new Set<Promise<void>>();
  let failure: unknown = null;
  let released = false;
  try {
    for (;;) {
      while (more && failure === null && !options.signal?.aborted) {
        const now = ctx.clock.now();
        const leaseUntil = plus(now, claimMs);
        const claimed = await claimDue(ctx.database, now, leaseUntil, batch);
        if (claimed.length < batch) more = false;
        for (const item of claimed) {
          await room.acquire();
          const p: Promise<void> = one(item, leaseUntil)
            .catch((e: unknown) => {
              failure ??= e;
            })
            .finally(() => {
              room.release();
              work.delete(p);
            });
          work.add(p);
        }
      }
      await Promise.all(work);
      // A message went through and none was refused for our sending: the relay accepts again, so mail held by an
      // earlier refusal is due now, oldest first, rather than at its next attempt (up to an hour away).
      if (released || hold !== null || report.sent === 0 || failure !== null || options.signal?.aborted)
        break;
      released = true;
      if ((await releaseHeld(ctx.database.db, ctx.clock.now())) === 0) break;
      more = true;
    }
  } finally {
    await Promise.all(work);
    // Nothing more to send for now: the pooled connections need not stay open.
    transport.idle?.();
  }
  if (failure !== null) throw failure;
  // Every recorded outcome is written (each send's promise waited for its own), so the hold covers them all.
  const held = hold as { until: string; detail: string } | null;
  if (held !== null) await holdOutbox(ctx.database, held.until, held.detail);
  if (heldBackMs !== Number.POSITIVE_INFINITY) options.onHeldBack?.(heldBackMs);
  return report;
}

export interface OutboxWorker {
  /** Looks for mail now (e.g. right after a commit that queued some). */
  wake(): void;
  stop(): Promise<void>;
}

/** Runs sendDueMail every `outbound.pollSeconds` (and when woken, or when mail held back for a rate is due) until stopped. */
export function startOutboxWorker(
  ctx: AppContext,
  transport: MailTransport,
  log: { error(obj: object, msg: string): void; info(obj: object, msg: string): void },
): OutboxWorker {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  // Kept between runs, so that the rate per destination domain holds across them.
  const pace = new DomainPace(ctx.config.outbound);
  const watch = new OutboxWatch(ctx, log);
  const stopping = new AbortController();
  let heldBackMs: number | null = null;
  let stopped = false;
  let again = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    heldBackMs = null;
    running = sendDueMail(ctx, transport, {
      pace,
      signal: stopping.signal,
      onHeldBack: (ms) => {
        heldBackMs = ms;
      },
    })
      .then((r) => {
        if (r.sent || r.failed || r.retried) log.info({ outbox: r }, 'outbox: sent');
      })
      .catch((e: unknown) => log.error({ err: e }, 'outbox: the sender failed; it will try again'))
      // Mail waiting too long (the SMTP server down or refusing for a while) is said to staff.
      .then(() => watch.checkNowAndThen())
      .catch((e: unknown) => log.error({ err: e }, 'outbox: could not look at how long mail waits'))
      .finally(() => {
        running = null;
        if (stopped) return;
        if (again) {
          again = false;
          setImmediate(run);
        } else {
          // Mail given back for its domain's rate is due again in heldBackMs: look then, not a poll later.
          const poll = ctx.config.outbound.pollSeconds * 1000;
          timer = setTimeout(run, heldBackMs === null ? poll : Math.min(poll, Math.ceil(heldBackMs)));
        }
      });
  };
  timer = setTimeout(run, 0);
  return {
    wake: run,
    async stop() {
      stopped = true;
      stopping.abort();
      if (timer) clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
