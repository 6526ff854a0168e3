// The mail door's notices (imap_notices: imap-failures.repo.ts): messages of an IMAP mailbox that Redress has no
// bytes of (the server could not give them, or they are over the size limit), shown on the inbox page so that a
// person deals with them on the server, then marks them dealt with. Marking one is recorded (who, when) on the
// notice and in the audit log, in one transaction: a notice is no case or inbox item, so it has no history of its
// own, and the audit log is where the house keeps who did what outside them.
import {
  countOpenImapNotices,
  type ImapNoticeFilter,
  type ImapNoticeRecord,
  imapNoticesPage,
  listImapNotices,
  markImapNoticeDealtWith,
} from '../adapters/db/imap-failures.repo.ts';
import { accountLabel } from '../adapters/db/inbox.repo.ts';
import type { AppContext } from './context.ts';
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
