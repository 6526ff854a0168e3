// The intake that the long-running doors (SMTP listener, IMAP pollers) hand messages to: it files them like
// `receiveEmail`, but commits the messages that arrive together in ONE transaction (group commit), each in its
// own savepoint so that one failure does not undo the others. Every caller's promise settles only after the
// transaction holding its message has committed, so "250 after commit" holds for each message: batching
// changes how many messages share a commit, never whether a message is committed before it is acknowledged.
//
// Durability (the fsync policy behind "250 after commit"): on SQLite the database runs in WAL mode with
// `synchronous=NORMAL` (src/adapters/db/database.ts): a commit is in the WAL file when COMMIT returns, which
// survives a killed or crashed process (SIGKILL included), but the WAL is fsynced only at checkpoints, so a
// power cut or an OS crash may lose the last transactions. `synchronous=FULL` (an fsync per commit) survives
// both, at a cost in throughput that group commit mostly absorbs. On PostgreSQL a commit is durable per the
// server's `synchronous_commit` (on by default: WAL flushed before COMMIT returns).

import { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { isRetryable } from '../adapters/db/event-store.ts';
import { inSavepoint } from '../adapters/db/intake-lookups.repo.ts';
import { writeChunksAhead } from '../adapters/db/originals.repo.ts';
import type { AppContext } from './context.ts';
import type { InboundEmail, PreparedEmail } from './prepare-email.ts';
import { ReadPool } from './read-pool.ts';
import { fileEmailIn, prefetchFiling, prepareEmail, type ReceivedEmail, unitKeys } from './receive-email.ts';

export interface EmailIntakeOptions {
  /** The most messages committed in one transaction (default 100). */
  maxBatch?: number;
  /**
   * Transactions in flight at once (default 1 on both engines). SQLite has one writer anyway. On PostgreSQL
   * batches of one instance would mostly contend for the same rows (a sender's complainant, a case's stream);
   * one at a time lets the messages that arrive meanwhile gather into the next batch instead, which
   * `npm run bench -- ingest` found faster than two or four at once.
   */
  concurrency?: number;
  /** Attempts per message before its promise is rejected (lost races with other writers are retried). */
  maxAttempts?: number;
  onError?: (error: unknown, email: PreparedEmail) => void;
  /** Worker threads that read messages (0, the default: read on the main thread). See read-pool.ts. */
  readThreads?: number;
}

interface Job {
  prepared: PreparedEmail;
  attempts: number;
  resolve(result: ReceivedEmail): void;
  reject(error: unknown): void;
}

/** The longest a message read and ready waits for the messages still being read, to share their commit (ms). */
const GATHER_MS = 4;

/** Thrown for messages handed over after `close()`. */
export class IntakeClosedError extends Error {
  readonly code = 'intake_closed';
}

/** What the intake has done so far (for tests and benchmarks). */
export interface IntakeStats {
  /** Transactions that filed several messages at once. */
  batches: number;
  /** Messages filed in them. */
  batchedMessages: number;
  /** Messages filed again one by one after their batch failed. */
  filedAlone: number;
}

export class EmailIntake {
  readonly stats: IntakeStats = { batches: 0, batchedMessages: 0, filedAlone: 0 };
  readonly #ctx: AppContext;
  readonly #maxBatch: number;
  readonly #concurrency: number;
  readonly #maxAttempts: number;
  readonly #onError: ((error: unknown, email: PreparedEmail) => void) | undefined;
  #pending: Job[] = [];
  #running = 0;
  #scheduled = false;
  #closed = false;
  #idle: Array<() => void> = [];
  readonly #readPool: ReadPool | null;
  /** Messages handed to the read pool and not read yet. */
  #reading = 0;
  /** When the oldest message waiting to be filed was handed over (performance.now()), while it waits. */
  #waitingSince: number | null = null;
  #gatherTimer: NodeJS.Timeout | null = null;

  constructor(ctx: AppContext, options: EmailIntakeOptions = {}) {
    this.#ctx = ctx;
    this.#maxBatch = options.maxBatch ?? 100;
    this.#concurrency = options.concurrency ?? 1;
    this.#maxAttempts = options.maxAttempts ?? 8;
    this.#onError = options.onError;
    this.#readPool = options.readThreads ? new ReadPool(ctx, options.readThreads) : null;
  }

  /** Stores and files one message; resolves once it is committed (a duplicate resolves with the first copy). */
  async receive(input: InboundEmail): Promise<ReceivedEmail> {
    if (this.#closed) throw new IntakeClosedError('the mail intake is shutting down; try again later');
    // A large original's chunks are written while the message is read, off this thread where the database can
    // (originals.repo.ts); they are committed before the transaction that files the message, which writes its row.
    const [prepared, chunksSha256] = await Promise.all([
      this.#read(input),
      writeChunksAhead(this.#ctx.database, input.raw),
    ]);
    if (chunksSha256 !== null && chunksSha256 === prepared.originalSha256) prepared.chunksWritten = true;
    return this.receivePrepared(prepared);
  }

  /** Reads a message on the read threads (counted while it is read: a batch may wait for it) or on this one. */
  async #read(input: InboundEmail): Promise<PreparedEmail> {
    if (!this.#readPool) return prepareEmail(this.#ctx, input);
    this.#reading++;
    try {
      return await this.#readPool.prepare(input, this.#ctx.clock.now());
    } finally {
      this.#reading--;
    }
  }

  /** The same for a message already read elsewhere (the SMTP thread reads what it receives: smtp-thread.ts). */
  receivePrepared(prepared: PreparedEmail): Promise<ReceivedEmail> {
    if (this.#closed)
      return Promise.reject(new IntakeClosedError('the mail intake is shutting down; try again later'));
    return new Promise<ReceivedEmail>((resolve, reject) => {
      this.#pending.push({ prepared, attempts: 0, resolve, reject });
      this.#schedule();
    });
  }

  /** Refuses new messages and waits until every message handed over is committed (or has failed). */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#running > 0 || this.#pending.length > 0)
      await new Promise<void>((resolve) => this.#idle.push(resolve));
    await this.#readPool?.close();
  }

  #schedule(): void {
    if (this.#scheduled) return;
    this.#scheduled = true;
    // Let the I/O that is ready (other sessions' messages) come in first, so that they share the commit.
    setImmediate(() => {
      this.#scheduled = false;
      this.#pump();
    });
  }

  #pump(): void {
    if (this.#pending.length === 0) this.#waitingSince = null;
    else if (this.#gathers()) return;
    while (this.#running < this.#concurrency && this.#pending.length > 0) {
      this.#waitingSince = null;
      const batch = this.#pending.splice(0, this.#maxBatch);
      this.#running++;
      void this.#run(batch).finally(() => {
        this.#running--;
        if (this.#pending.length > 0) this.#schedule();
        else if (this.#running === 0) for (const done of this.#idle.splice(0)) done();
      });
    }
  }

  /**
   * Whether to wait for the messages being read before filing those that are ready: they then share one
   * transaction and its commit, which costs about as much as filing a message, instead of each paying for
   * its own. Only while the batch is not full and for at most GATHER_MS, so a message that is slow to read
   * holds up the others by no more than that; the next message read, or the timer, pumps again.
   */
  #gathers(): boolean {
    if (this.#reading === 0 || this.#closed || this.#pending.length >= this.#maxBatch) return false;
    const now = performance.now();
    this.#waitingSince ??= now;
    const left = this.#waitingSince + GATHER_MS - now;
    if (left <= 0) return false;
    if (!this.#gatherTimer)
      this.#gatherTimer = setTimeout(() => {
        this.#gatherTimer = null;
        this.#schedule();
      }, Math.ceil(left));
    return true;
  }

  async #run(batch: Job[]): Promise<void> {
    // A message alone goes the same way as a batch of several: its look-ups in a few prefetching statements and
    // its rows written together at the end, with no savepoint around its follow-ups. Under load from several
    // SMTP sessions many batches hold one message, and filing one through `#runEach` costs more statements (and
    // a savepoint, which SQLite pays for with a statement journal). If it fails, it is filed again alone by
    // `#runEach`, guarded, as a message of a failed batch is.
    // The whole batch in one transaction WITHOUT a savepoint per message: on SQLite a savepoint makes SQLite
    // copy every page it then touches into a statement journal, which costs more than the filing; on
    // PostgreSQL each savepoint is two more round trips per message. If anything fails (on PostgreSQL also a
    // race lost to another writer), the batch is rolled back and its messages are filed one by one, where a
    // failure touches only its own message and a lost race is run again.
    // The batch is one unit of work (write-buffer.ts): its rows are written at its end, a few multi-row
    // statements per table. A message that may read what an earlier one of the batch wrote (the same sender,
    // a reply to it, a duplicate) has the rows pending written first (`unitKeys`).
    const results: ReceivedEmail[] = [];
    try {
      await this.#ctx.database.transaction(async (trx) => {
        const agg = new Aggregates(trx, this.#ctx.database.engine);
        await agg.withWritesBuffered(async () => {
          await prefetchFiling(
            this.#ctx,
            agg,
            batch.map((j) => j.prepared),
          );
          const written = new Set<string>();
          for (const job of batch) {
            const keys = unitKeys(job.prepared);
            if (written.size > 0 && (keys.readsAll || keys.reads.some((k) => written.has(k)))) {
              await agg.flushWrites();
              agg.forgetPrefetched();
              written.clear();
            }
            for (const k of keys.writes) written.add(k);
            results.push(await fileEmailIn(this.#ctx, agg, job.prepared, { guardFollowUps: false }));
          }
        });
      });
    } catch {
      if (batch.length > 1) this.stats.filedAlone += batch.length;
      for (const job of batch) await this.#runEach([job]);
      return;
    }
    if (batch.length > 1) {
      this.stats.batches++;
      this.stats.batchedMessages += batch.length;
    }
    for (const [i, job] of batch.entries()) job.resolve(results[i]!);
  }

  /** Each message in its own savepoint, or alone (after a batch failed). */
  async #runEach(batch: Job[]): Promise<void> {
    const done: Array<[Job, ReceivedEmail]> = [];
    const again: Job[] = [];
    const failed: Array<[Job, unknown]> = [];
    const alone = batch.length === 1;
    /** Messages that failed in a batch for a reason other than a race: filed again alone, follow-ups guarded. */
    const single: Job[] = [];
    try {
      await this.#ctx.database.transaction(async (trx) => {
        const agg = new Aggregates(trx, this.#ctx.database.engine);
        for (const job of batch) {
          job.attempts++;
          if (alone) {
            done.push([job, await fileEmailIn(this.#ctx, agg, job.prepared)]);
            continue;
          }
          try {
            const filed = await inSavepoint(
              trx,
              'intake_message',
              () => fileEmailIn(this.#ctx, agg, job.prepared, { guardFollowUps: false }),
              () => agg.forget(),
            );
            done.push([job, filed]);
          } catch (e) {
            if (isRetryable(e) && job.attempts < this.#maxAttempts) again.push(job);
            else single.push(job);
          }
        }
      });
    } catch (e) {
      // The transaction failed (the database is unreachable, or the one message failed): nothing of it is stored.
      done.length = 0;
      again.length = 0;
      failed.length = 0;
      single.length = 0;
      for (const job of batch)
        if (isRetryable(e) && job.attempts < this.#maxAttempts) again.push(job);
        else failed.push([job, e]);
    }
    for (const [job, result] of done) job.resolve(result);
    for (const job of single) await this.#runEach([job]);
    for (const [job, error] of failed) {
      this.#onError?.(error, job.prepared);
      job.reject(error);
    }
    if (again.length > 0) {
      // Lost a race with another writer: run again on fresh state, after a short random pause.
      await new Promise((r) => setTimeout(r, Math.random() * 10));
      this.#pending.unshift(...again);
    }
  }
}
