// The triage inbox as a list (one query with its correspondence and case reference, paginated) and one item
// with everything its page shows. Reads only.

import type { Page } from '../adapters/db/accounts.repo.ts';
import { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { accountLabel, inboxItemCorrespondence, inboxPage } from '../adapters/db/inbox.repo.ts';
import { referenceOf } from '../adapters/db/intake-lookups.repo.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import type { InboxItemState } from '../core/case/inbox.ts';
import type { InboxReason } from '../core/case/model.ts';
import type { AppContext } from './context.ts';
import { verifiedSender } from './handle-inbox-item.ts';

export const INBOX_FILTERS = ['open', 'handled', 'all'] as const;
export type InboxFilter = (typeof INBOX_FILTERS)[number];

export interface InboxRow {
  id: string;
  status: string;
  reason: string;
  kind: string;
  receivedAt: string;
  handledAt: string | null;
  caseId: string | null;
  caseReference: string | null;
  correspondenceId: string;
  channel: string;
  mailbox: string | null;
  subject: string;
  fromName: string | null;
  fromAddress: string | null;
}

export async function listInbox(
  ctx: AppContext,
  options: { filter: InboxFilter; reason: InboxReason | null; page: number; pageSize: number },
): Promise<Page<InboxRow>> {
  // Open items oldest first (they wait longest); handled ones most recent first.
  const { total, rows } = await inboxPage(ctx.database.db, {
    status: options.filter,
    reason: options.reason,
    order: options.filter === 'open' ? 'asc' : 'desc',
    offset: (options.page - 1) * options.pageSize,
    limit: options.pageSize,
  });
  return {
    total,
    rows: rows.map((x) => ({
      id: x.id,
      status: x.status,
      reason: x.reason,
      kind: x.kind,
      receivedAt: x.received_at,
      handledAt: x.handled_at,
      caseId: x.case_id,
      caseReference: x.reference,
      correspondenceId: x.correspondence_id,
      channel: x.channel,
      mailbox: x.mailbox,
      subject: x.subject,
      fromName: x.from_name,
      fromAddress: x.from_address,
    })),
  };
}

export interface InboxItemView {
  item: InboxItemState;
  caseReference: string | null;
  /** Who handled it, as a name to show (an account's name, or the actor as recorded). */
  handledByLabel: string | null;
  correspondence: {
    id: string;
    channel: string;
    mailbox: string | null;
    subject: string;
    fromName: string | null;
    fromAddress: string | null;
    toAddress: string | null;
    at: string;
    language: string | null;
    textBody: string | null;
    reading: Record<string, unknown> | null;
    originalSha256: string | null;
    originalType: string | null;
    originalSize: number | null;
    /**
     * E-mail: the address the message verifiably comes from (handle-inbox-item.ts `verifiedSender`), which a case
     * opened from it is registered with; null when it comes from no verified sender (or is not an e-mail).
     */
    verifiedSender: string | null;
  };
}

export async function getInboxItem(ctx: AppContext, itemId: string): Promise<InboxItemView | null> {
  const { db, engine } = ctx.database;
  const { state } = await new Aggregates(db, engine).loadInboxItem(itemId);
  if (!state) return null;
  const c = await inboxItemCorrespondence(db, state.correspondenceId);
  if (!c) return null;
  const [reference, handler, sender] = await Promise.all([
    state.caseId ? referenceOf(db, state.caseId) : null,
    state.handledBy?.startsWith('user:') ? accountLabel(db, state.handledBy.slice(5)) : undefined,
    verifiedSender(ctx, db, c),
  ]);
  let reading: Record<string, unknown> | null = null;
  try {
    const parsed: unknown = c.reading ? JSON.parse(c.reading) : null;
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      reading = parsed as Record<string, unknown>;
  } catch {
    reading = null;
  }
  return {
    item: { ...state, id: itemId },
    caseReference: reference,
    handledByLabel: handler ? `${handler.name} <${handler.email}>` : state.handledBy,
    correspondence: {
      id: c.id,
      channel: c.channel,
      mailbox: c.mailbox,
      subject: c.subject,
      fromName: c.from_name,
      fromAddress: c.from_address,
      toAddress: c.to_address,
      at: c.at,
      language: c.language,
      textBody: c.text_body,
      reading,
      originalSha256: c.original_sha256,
      originalType: c.content_type,
      originalSize: c.size,
      verifiedSender: sender,
    },
  };
}

/** The original (raw e-mail, letter scan) of an inbox item, byte for byte. */
export async function getInboxOriginal(
  ctx: AppContext,
  itemId: string,
): Promise<{ content: Buffer; contentType: string; sha256: string } | null> {
  const { db, engine } = ctx.database;
  const { state } = await new Aggregates(db, engine).loadInboxItem(itemId);
  const sha = state ? (await inboxItemCorrespondence(db, state.correspondenceId))?.original_sha256 : null;
  if (!sha) return null;
  const row = await new DatabaseOriginals(ctx.database.db).get(sha);
  return row ? { content: Buffer.from(row.content), contentType: row.contentType, sha256: sha } : null;
}
