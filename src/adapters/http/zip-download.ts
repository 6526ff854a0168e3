// An export's ZIP as a download, written as a stream (app/export-zip.ts): the response takes the bytes as they
// are made, at the client's pace.
//
// The last piece of the ZIP (its central directory, without which no tool opens it) is held back until the
// export is recorded in the audit log: the client has taken everything before it, and never holds a whole ZIP
// that the log does not name. A client that goes away half-way (a closed tab, a dropped connection) stops the
// export where it is: nothing more is read from the store, nothing is recorded (no complete export was
// delivered; what it received is a cut ZIP without its manifest, sums and directory). An error once the
// download has begun cuts the response short the same way: its status line is already sent, so no error page
// can follow.
//
// A download has two budgets (http.downloadTimeoutMs, http.downloadIdleMs): its whole time, and the time the
// client may take nothing while the export waits on it. A client that stops reading, or reads a few bytes now and
// then, would otherwise keep the export's reads and buffers for as long as it likes. Past either, the download is
// cut short as above (nothing recorded). Time the export spends reading the store is not the client's idleness.
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DeliverZip, ZipSink } from '../../app/export-zip.ts';
import { attachmentDisposition } from './original-view.ts';

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

/**
 * Runs `exportTo` with a delivery that streams the ZIP as this request's response. Errors before the download
 * begins (no such subject, not allowed) are thrown as usual; later ones cut the download short and are logged.
 */
export async function zipDownload(
  request: FastifyRequest,
  reply: FastifyReply,
  budget: DownloadBudget,
  exportTo: (deliver: DeliverZip) => Promise<unknown>,
): Promise<FastifyReply> {
  let body: PassThrough | null = null;
  let tail: Uint8Array | null = null;
  /** Why the download was cut short by its budget, once it was. */
  let cut: string | null = null;
  const gone = () => new Error(cut ?? 'the client went away before the download was complete');
  // While the export waits on the client (its buffer full, or the end not yet taken), the bytes the connection
  // has sent must move within the idle budget.
  let waiting = 0;
  let watch: NodeJS.Timeout | null = null;
  const startWatch = () => {
    const startedAt = Date.now();
    let movedAt = startedAt;
    let sent = -1;
    watch = setInterval(
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
          stopWatch();
          body?.destroy();
          reply.raw.destroy();
        }
      },
      Math.max(10, Math.min(1000, Math.floor(budget.idleMs / 4))),
    );
    watch.unref();
  };
  const stopWatch = () => {
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
  /** Writes to the response, waiting while the client is slower than the export. */
  const push = (stream: PassThrough, bytes: Uint8Array): Promise<void> => {
    const res = reply.raw;
    if (stream.destroyed || res.destroyed) return Promise.reject(gone());
    if (stream.write(bytes)) return Promise.resolve();
    return drained(stream);
  };
  const drained = (stream: PassThrough) =>
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
  const deliver: DeliverZip = async (filename, write) => {
    const stream = new PassThrough({ highWaterMark: BUFFERED_BYTES });
    body = stream;
    startWatch();
    reply
      .type('application/zip')
      .header('content-disposition', attachmentDisposition(filename))
      .header('cache-control', 'no-store')
      .send(stream);
    // Each piece goes out once the next one is made: the last stays here until the export is recorded.
    let held: Uint8Array | null = null;
    const sink: ZipSink = {
      write: async (bytes) => {
        if (held) await push(stream, held);
        held = bytes;
      },
    };
    await write(sink);
    if (stream.writableNeedDrain) await drained(stream);
    tail = held;
  };
  try {
    await exportTo(deliver);
    const stream = body as PassThrough | null;
    if (stream) {
      if (tail) await push(stream, tail);
      stream.end();
      await onClient(finished(reply.raw));
      if (cut) throw gone();
    }
  } catch (e) {
    const begun = body as PassThrough | null;
    if (!begun) throw e;
    begun.destroy();
    reply.raw.destroy();
    request.log.warn({ err: cut ? gone() : e }, 'export download cut short');
  } finally {
    stopWatch();
  }
  return reply;
}
