// The sender: takes due e-mails from the outbox and sends them. Each is claimed with a lease before the SMTP
// exchange and marked sent after it; a worker that dies mid-send leaves the claim to expire, and the item is sent
// again with the same Message-ID (at-least-once, at most one duplicate: DESIGN.md "Settled"). While the server is
// unreachable items wait with a growing back-off; a permanent refusal (5xx) fails the item at once, and for mail
// to a complainant it counts as a bounce (unreachable by e-mail, the case offers a letter).
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import {
  type ClaimedItem,
  claimDue,
  markFailed,
  markRetry,
  markSent,
  outboundById,
} from '../adapters/db/outbox.repo.ts';
import {
  type MailTransport,
  type OutgoingAttachment,
  retryDelayMs,
  SEND_LEASE_MS,
  SendError,
} from '../core/correspondence/outgoing-mail.ts';
import { isOneAddress } from '../core/intake/addresses.ts';
import type { AppContext } from './context.ts';
import { markBouncedIn } from './record-bounce.ts';
import { inTransaction } from './transaction.ts';

export interface SendReport {
  sent: number;
  retried: number;
  failed: number;
}

const plus = (iso: string, ms: number) => new Date(new Date(iso).getTime() + ms).toISOString();

async function attachmentsOf(ctx: AppContext, item: ClaimedItem): Promise<OutgoingAttachment[]> {
  const originals = new DatabaseOriginals(ctx.database.db);
  const out: OutgoingAttachment[] = [];
  for (const a of item.attachments) {
    const original = await originals.get(a.sha256);
    if (!original) throw new SendError(`attachment ${a.filename} is missing from the originals store`, true);
    out.push({ filename: a.filename, contentType: a.contentType, content: original.content });
  }
  return out;
}

/** Sends everything that is due now; returns what happened. Safe to run in several processes at once. */
export async function sendDueMail(
  ctx: AppContext,
  transport: MailTransport,
  options: { batch?: number } = {},
): Promise<SendReport> {
  const report: SendReport = { sent: 0, retried: 0, failed: 0 };
  const batch = options.batch ?? 20;
  for (;;) {
    const now = ctx.clock.now();
    const claimed = await claimDue(ctx.database, now, plus(now, SEND_LEASE_MS), batch);
    for (const item of claimed) {
      // Exactly one recipient, whatever the stored row says (DESIGN.md "Outbound mail"): a list, a group or
      // anything that is not one address fails the item, never sent, with the reason for a person.
      const to = item.toAddress?.trim() ?? '';
      if (!isOneAddress(to)) {
        await markFailed(
          ctx.database.db,
          item.id,
          `not sent: the recipient "${to.slice(0, 200)}" is not exactly one e-mail address (mail goes to one address only); correct the address and write again`,
        );
        report.failed++;
        continue;
      }
      try {
        const info = await transport.send({
          messageId: item.messageId,
          from: { name: item.fromName, address: item.fromAddress },
          to,
          subject: item.subject,
          text: item.text,
          inReplyTo: item.inReplyTo,
          references: item.references,
          autoSubmitted: item.autoSubmitted,
          attachments: await attachmentsOf(ctx, item),
        });
        await markSent(ctx.database.db, item.id, ctx.clock.now(), info.response);
        report.sent++;
      } catch (e) {
        const err = e instanceof SendError ? e : new SendError((e as Error).message, false);
        if (err.permanent || item.attempts >= ctx.config.outbound.maxAttempts) {
          const detail = err.permanent
            ? `refused by the mail server: ${err.message}`
            : `gave up after ${item.attempts} attempts: ${err.message}`;
          await inTransaction(ctx, async (agg) => {
            await markFailed(agg.db, item.id, detail);
            const row = await outboundById(agg.db, item.id);
            if (err.permanent && row?.audience === 'complainant')
              await markBouncedIn(ctx, agg, row, detail, null);
          });
          report.failed++;
        } else {
          await markRetry(
            ctx.database.db,
            item.id,
            plus(ctx.clock.now(), retryDelayMs(item.attempts)),
            `attempt ${item.attempts} failed, will retry: ${err.message}`,
          );
          report.retried++;
        }
      }
    }
    if (claimed.length < batch) return report;
  }
}

export interface OutboxWorker {
  /** Looks for mail now (e.g. right after a commit that queued some). */
  wake(): void;
  stop(): Promise<void>;
}

/** Runs sendDueMail every `outbound.pollSeconds` (and when woken) until stopped. */
export function startOutboxWorker(
  ctx: AppContext,
  transport: MailTransport,
  log: { error(obj: object, msg: string): void; info(obj: object, msg: string): void },
): OutboxWorker {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  let stopped = false;
  let again = false;
  const run = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    if (timer) clearTimeout(timer);
    running = sendDueMail(ctx, transport)
      .then((r) => {
        if (r.sent || r.failed || r.retried) log.info({ outbox: r }, 'outbox: sent');
      })
      .catch((e: unknown) => log.error({ err: e }, 'outbox: the sender failed; it will try again'))
      .finally(() => {
        running = null;
        if (stopped) return;
        if (again) {
          again = false;
          setImmediate(run);
        } else timer = setTimeout(run, ctx.config.outbound.pollSeconds * 1000);
      });
  };
  timer = setTimeout(run, 0);
  return {
    wake: run,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
      transport.close();
    },
  };
}
