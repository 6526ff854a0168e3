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
import { PassThrough } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DeliverZip, ZipSink } from '../../app/export-zip.ts';
import { attachmentDisposition } from './original-view.ts';

/** Bytes held for a slow client before the export waits for it. */
const BUFFERED_BYTES = 1 << 20;

/**
 * Runs `exportTo` with a delivery that streams the ZIP as this request's response. Errors before the download
 * begins (no such subject, not allowed) are thrown as usual; later ones cut the download short and are logged.
 */
export async function zipDownload(
  request: FastifyRequest,
  reply: FastifyReply,
  exportTo: (deliver: DeliverZip) => Promise<unknown>,
): Promise<FastifyReply> {
  let body: PassThrough | null = null;
  let tail: Uint8Array | null = null;
  const gone = () => new Error('the client went away before the download was complete');
  /** Writes to the response, waiting while the client is slower than the export. */
  const push = (stream: PassThrough, bytes: Uint8Array): Promise<void> => {
    const res = reply.raw;
    if (stream.destroyed || res.destroyed) return Promise.reject(gone());
    if (stream.write(bytes)) return Promise.resolve();
    return drained(stream);
  };
  const drained = (stream: PassThrough) =>
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
    });
  const deliver: DeliverZip = async (filename, write) => {
    const stream = new PassThrough({ highWaterMark: BUFFERED_BYTES });
    body = stream;
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
      await finished(reply.raw);
    }
  } catch (e) {
    const begun = body as PassThrough | null;
    if (!begun) throw e;
    begun.destroy();
    reply.raw.destroy();
    request.log.warn({ err: e }, 'export download cut short');
  }
  return reply;
}
