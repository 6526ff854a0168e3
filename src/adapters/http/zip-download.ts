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
// A download has two budgets (http.downloadTimeoutMs, http.downloadIdleMs), watched as every streamed download's
// are (download-budget.ts): past either, the download is cut short as above (nothing recorded).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DeliverZip, ZipSink } from '../../app/export-zip.ts';
import { type BudgetedBody, budgetedBody, type DownloadBudget } from './download-budget.ts';
import { attachmentDisposition } from './original-view.ts';

export { type DownloadBudget, downloadBudget } from './download-budget.ts';

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
  let body: BudgetedBody | null = null;
  let tail: Uint8Array | null = null;
  const deliver: DeliverZip = async (filename, write) => {
    const begun = budgetedBody(reply, budget);
    body = begun;
    reply
      .type('application/zip')
      .header('content-disposition', attachmentDisposition(filename))
      .header('cache-control', 'no-store')
      .send(begun.stream);
    // Each piece goes out once the next one is made: the last stays here until the export is recorded.
    let held: Uint8Array | null = null;
    const sink: ZipSink = {
      write: async (bytes) => {
        if (held) await begun.write(held);
        held = bytes;
      },
    };
    await write(sink);
    await begun.flushed();
    tail = held;
  };
  try {
    await exportTo(deliver);
    const begun = body as BudgetedBody | null;
    if (begun) {
      if (tail) await begun.write(tail);
      await begun.end();
    }
  } catch (e) {
    const begun = body as BudgetedBody | null;
    if (!begun) throw e;
    begun.destroy();
    request.log.warn({ err: begun.reason(e) }, 'export download cut short');
  } finally {
    (body as BudgetedBody | null)?.stop();
  }
  return reply;
}
