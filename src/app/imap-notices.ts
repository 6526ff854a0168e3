// The mail door's notices (imap_notices: imap-failures.repo.ts): messages of an IMAP mailbox that Redress has no
// bytes of (the server could not give them, or they are over the size limit), shown on the inbox page so that a
// person deals with them on the server, then marks them dealt with. Marking one is recorded (who, when) on the
// notice and in the audit log, in one transaction: a notice is no case or inbox item, so it has no history of its
// own, and the audit log is where the house keeps who did what outside them.
import { createHash } from 'node:crypto';
import {
  countOpenImapNotices,
  databaseNoticeLog,
  type ImapNoticeFilter,
  type ImapNoticeRecord,
  imapMailboxName,
  imapNoticesPage,
  listImapNotices,
  markImapNoticeDealtWith,
  openOldImapNoticeEntries,
} from '../adapters/db/imap-failures.repo.ts';
import { accountLabel } from '../adapters/db/inbox.repo.ts';
import type { ImapMailbox } from '../config.ts';
import { DomainError } from '../core/case/refusal.ts';
import { oldImapNotice } from '../core/intake/old-imap-notice.ts';
import { staffNote } from '../core/intake/staff-notes.ts';
import type { AppContext } from './context.ts';
import { handleInboxItem } from './handle-inbox-item.ts';
import { getInboxItem } from './list-inbox.ts';
import { type Acting, inAccountsTransaction, recordAudit } from './record-audit.ts';

/** A notice as the inbox page shows it, with who dealt with it as a name. */
export interface ImapNoticeView extends ImapNoticeRecord {
  dealtWithByLabel: string | null;
}

/** The most notices the inbox page lists at once (the oldest open ones first); more are said as a count. */
export const IMAP_NOTICES_SHOWN = 50;

/** The notices waiting for a person (oldest first), and how many wait in all. */
export async function openImapNotices(ctx: AppContext): Promise<{ rows: ImapNoticeView[]; total: number }> {
  const db = ctx.database.db;
  const [rows, total] = await Promise.all([
    listImapNotices(db, { open: true, limit: IMAP_NOTICES_SHOWN }),
    countOpenImapNotices(db),
  ]);
  return { rows: rows.map((r) => ({ ...r, dealtWithByLabel: null })), total };
}

/** The notices dealt with lately (latest first), with who dealt with each. */
export async function dealtWithImapNotices(ctx: AppContext, limit = 20): Promise<ImapNoticeView[]> {
  return withLabels(ctx, await listImapNotices(ctx.database.db, { open: false, limit }));
}

/** Who dealt with each notice, as a name (an account's name and address; else the actor as recorded). */
function withLabels(ctx: AppContext, rows: readonly ImapNoticeRecord[]): Promise<ImapNoticeView[]> {
  const db = ctx.database.db;
  return Promise.all(
    rows.map(async (r) => {
      const account = r.dealtWithBy?.startsWith('user:')
        ? await accountLabel(db, r.dealtWithBy.slice(5))
        : undefined;
      return { ...r, dealtWithByLabel: account ? `${account.name} <${account.email}>` : r.dealtWithBy };
    }),
  );
}

/**
 * One page of the notices, for the API (staff integrations list them as they list the inbox): waiting ones oldest
 * first, those dealt with latest first, all latest noticed first; with how many there are.
 */
export async function listImapNoticesPage(
  ctx: AppContext,
  options: { status: ImapNoticeFilter; page: number; pageSize: number },
): Promise<{ total: number; rows: ImapNoticeView[] }> {
  const { total, rows } = await imapNoticesPage(ctx.database.db, {
    status: options.status,
    offset: (options.page - 1) * options.pageSize,
    limit: options.pageSize,
  });
  return { total, rows: await withLabels(ctx, rows) };
}

export const IMAP_NOTICE_FILTERS = [
  'open',
  'dealt_with',
  'all',
] as const satisfies readonly ImapNoticeFilter[];

/**
 * Marks a notice dealt with by `acting`: recorded on the notice (who, when) and in the audit log. 'already' when
 * someone marked it before (their mark stays, nothing is recorded), 'not_found' when there is no such notice.
 */
export function markImapNotice(
  ctx: AppContext,
  id: string,
  acting: Acting,
): Promise<'done' | 'already' | 'not_found'> {
  return inAccountsTransaction(ctx, async (repo) => {
    const { outcome, notice } = await markImapNoticeDealtWith(repo.db, id, acting.actor, ctx.clock.now());
    if (outcome !== 'done' || !notice) return outcome;
    await recordAudit(
      ctx,
      repo,
      acting,
      'imap_notice_dealt_with',
      { type: 'imap_notice', id: notice.id, label: `${notice.account}/${notice.folder} UID ${notice.uid}` },
      { reason: notice.reason, uidValidity: notice.uidValidity, uid: notice.uid },
    );
    return 'done';
  });
}

/**
 * The entries earlier releases filed in the inbox in place of a message they had no bytes of (an e-mail of Redress's
 * own, stored as if received: old-imap-notice.ts), still open: each is listed as the mail door's notice it stands
 * for, and taken out of the inbox by the inbox's own rule (dismissed, by `system`, with a note saying why). Nothing
 * stored is changed or removed: the entry, its original and the events that sealed them stay in the archive as the
 * evidence of what that release did; the dismissal is one more event, chained as any other. Each step is safe to
 * repeat (the notice is kept once per message; an item someone handled meanwhile is left as they left it), so every
 * instance may run it as it starts its mail doors. Returns how many entries were moved.
 */
export async function adoptOldImapNotices(ctx: AppContext, boxes: readonly ImapMailbox[]): Promise<number> {
  // The Message-ID names its mailbox only as a digest of account, port and folder: the configured one it matches.
  const named = new Map(
    boxes.map((box) => [
      createHash('sha256')
        .update(`${box.user}@${box.host}:${box.port}/${box.folder}`)
        .digest('hex')
        .slice(0, 16),
      imapMailboxName(box),
    ]),
  );
  let moved = 0;
  for (const entry of await openOldImapNoticeEntries(ctx.database.db)) {
    const view = await getInboxItem(ctx, entry.itemId);
    const notice = oldImapNotice(entry.messageId, view?.item.note ?? null);
    if (view?.item.status !== 'open' || !notice) continue;
    // A mailbox no longer configured: named from what the note says, so that its notices stay apart from others'.
    const mailbox =
      named.get(notice.mailboxDigest) ?? `imap:${notice.account}/${notice.folder}#${notice.mailboxDigest}`;
    const { mailboxDigest: _, ...facts } = notice;
    await databaseNoticeLog(ctx.database, mailbox).tell({
      ...facts,
      ...(facts.place ? {} : { planned: facts.planned }),
      at: entry.receivedAt,
    });
    try {
      await handleInboxItem(
        ctx,
        entry.itemId,
        {
          type: 'dismiss',
          reason: staffNote('oldImapNoticeListed', {
            uid: notice.uid,
            account: notice.account,
            folder: notice.folder,
          }),
        },
        'system',
      );
      moved++;
    } catch (e) {
      // Handled by a person (or another instance) since it was read: left as they left it.
      if (!(e instanceof DomainError)) throw e;
    }
  }
  return moved;
}
