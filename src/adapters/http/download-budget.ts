// A download written as a stream within its two budgets (http.downloadTimeoutMs, http.downloadIdleMs): its whole
// time, and the time the client may take nothing while the export waits on it. A client that stops reading, or
// reads a few bytes now and then, would otherwise keep the export's reads and buffers for as long as it likes.
// Past either, the response is destroyed; the export learns of it at its next write (which fails), so it stops
// reading the store. Time the export spends reading the store is not the client's idleness. Used by every
// download that is made while it is sent (the ZIP exports, the register's CSV).
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Bytes held for a slow client before the export waits for it. */
const BUFFERED_BYTES = 1 << 20;

/** How long a download may take in all, and without the client taking anything while the export waits on it. */
export interface DownloadBudget {
  totalMs: number;
  idleMs: number;
}

/** The budget of the configuration's `http` settings. */
export const downloadBudget = (http: {
  downloadTimeoutMs: number;
  downloadIdleMs: number;
}): DownloadBudget => ({
  totalMs: http.downloadTimeoutMs,
  idleMs: http.downloadIdleMs,
});

/** The body of a download being written, watched by its budget from the moment it is made. */
export interface BudgetedBody {
  /** What the response sends. */
  readonly stream: PassThrough;
  /** Writes bytes, waiting while the client is slower than the export; fails once the download is cut or gone. */
  write(bytes: Uint8Array | string): Promise<void>;
  /** Waits until what was written has been handed on (the buffer no longer full). */
  flushed(): Promise<void>;
  /** Ends the body and waits until the client has taken it all; fails if the download was cut meanwhile. */
  end(): Promise<void>;
  /** Cuts the download short (after an error once it has begun: its status line is sent, no error page can follow). */
  destroy(): void;
  /** Why the download failed: its budget's reason once it was cut, else `e`. */
  reason(e: unknown): unknown;
  /** Stops watching (always, once the download is over). */
  stop(): void;
}

export function budgetedBody(reply: FastifyReply, budget: DownloadBudget): BudgetedBody {
  const stream = new PassThrough({ highWaterMark: BUFFERED_BYTES });
  /** Why the download was cut short by its budget, once it was. */
  let cut: string | null = null;
  const gone = () => new Error(cut ?? 'the client went away before the download was complete');
  // While the export waits on the client (its buffer full, or the end not yet taken), the bytes the connection
  // has sent must move within the idle budget.
  let waiting = 0;
  const startedAt = Date.now();
  let movedAt = startedAt;
  let sent = -1;
  let watch: NodeJS.Timeout | null = setInterval(
    () => {
      const now = Date.now();
      const bytes = reply.raw.socket?.bytesWritten ?? 0;
      if (bytes !== sent || waiting === 0) {
        sent = bytes;
        movedAt = now;
      }
      if (now - startedAt > budget.totalMs)
        cut = `the download took longer than its time limit of ${budget.totalMs} ms (http.downloadTimeoutMs)`;
      else if (now - movedAt > budget.idleMs)
        cut = `the client took nothing for longer than ${budget.idleMs} ms (http.downloadIdleMs)`;
      if (cut) {
        stop();
        stream.destroy();
        reply.raw.destroy();
      }
    },
    Math.max(10, Math.min(1000, Math.floor(budget.idleMs / 4))),
  );
  watch.unref();
  const stop = () => {
    if (watch) clearInterval(watch);
    watch = null;
  };
  /** Runs `wait` as time spent waiting on the client. */
  const onClient = async <T>(wait: Promise<T>): Promise<T> => {
    waiting++;
    try {
      return await wait;
    } finally {
      waiting--;
    }
  };
  const drained = () =>
    onClient(
      new Promise<void>((resolve, reject) => {
        const res = reply.raw;
        const done = () => {
          stream.off('close', closed);
          res.off('close', closed);
          resolve();
        };
        const closed = () => {
          stream.off('drain', done);
          res.off('close', closed);
          stream.off('close', closed);
          reject(gone());
        };
        stream.once('drain', done);
        stream.once('close', closed);
        res.once('close', closed);
      }),
    );
  return {
    stream,
    write(bytes) {
      if (stream.destroyed || reply.raw.destroyed) return Promise.reject(gone());
      if (stream.write(bytes)) return Promise.resolve();
      return drained();
    },
    flushed: () => (stream.writableNeedDrain ? drained() : Promise.resolve()),
    async end() {
      stream.end();
      await onClient(finished(reply.raw));
      if (cut) throw gone();
    },
    destroy() {
      stream.destroy();
      reply.raw.destroy();
    },
    reason: (e) => (cut ? gone() : e),
    stop,
  };
}

/**
 * Sends `chunks` as the response within the budget, as they are made (the caller has set the type and the
 * disposition). A client that goes away or is cut short stops the chunks where they are (the generator is
 * returned, so it reads nothing more); the failure is logged, the response cut short.
 */
export async function streamDownload(
  request: FastifyRequest,
  reply: FastifyReply,
  budget: DownloadBudget,
  chunks: AsyncIterable<string>,
): Promise<FastifyReply> {
  const body = budgetedBody(reply, budget);
  reply.header('cache-control', 'no-store').send(body.stream);
  try {
    for await (const chunk of chunks) await body.write(chunk);
    await body.end();
  } catch (e) {
    body.destroy();
    request.log.warn({ err: body.reason(e) }, 'export download cut short');
  } finally {
    body.stop();
  }
  return reply;
}
