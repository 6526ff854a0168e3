// The triage inbox as a list (one query with its correspondence and case reference, paginated) and one item
// with everything its page shows. Reads only.

import type { Page } from '../adapters/db/accounts.repo.ts';
import { Aggregates } from '../adapters/db/aggregates.repo.ts';
import type { InboxItemState } from '../core/case/inbox.ts';
import type { InboxReason } from '../core/case/model.ts';
import type { AppContext } from './context.ts';

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
  const { db } = ctx.database;
  let rows = db
    .selectFrom('inbox_items as i')
    .innerJoin('correspondence as c', 'c.id', 'i.correspondence_id')
    .leftJoin('cases as k', 'k.id', 'i.case_id')
    .select([
      'i.id',
      'i.status',
      'i.reason',
      'i.kind',
      'i.received_at',
      'i.handled_at',
      'i.case_id',
      'k.reference',
      'c.id as correspondence_id',
      'c.channel',
      'c.mailbox',
      'c.subject',
      'c.from_name',
      'c.from_address',
    ]);
  let count = db.selectFrom('inbox_items as i').select((eb) => eb.fn.countAll<number>().as('n'));
  if (options.filter === 'open') {
    rows = rows.where('i.status', '=', 'open');
    count = count.where('i.status', '=', 'open');
  } else if (options.filter === 'handled') {
    rows = rows.where('i.status', '!=', 'open');
    count = count.where('i.status', '!=', 'open');
  }
  if (options.reason) {
    rows = rows.where('i.reason', '=', options.reason);
    count = count.where('i.reason', '=', options.reason);
  }
  // Open items oldest first (they wait longest); handled ones most recent first.
  rows =
    options.filter === 'open'
      ? rows.orderBy('i.received_at', 'asc').orderBy('i.id')
      : rows.orderBy('i.received_at', 'desc').orderBy('i.id');
  const [r, c] = await Promise.all([
    rows
      .offset((options.page - 1) * options.pageSize)
      .limit(options.pageSize)
      .execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(c.n),
    rows: r.map((x) => ({
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
  };
}

export async function getInboxItem(ctx: AppContext, itemId: string): Promise<InboxItemView | null> {
  const { db, engine } = ctx.database;
  const { state } = await new Aggregates(db, engine).loadInboxItem(itemId);
  if (!state) return null;
  const c = await db
    .selectFrom('correspondence as c')
    .leftJoin('originals as o', 'o.sha256', 'c.original_sha256')
    .select([
      'c.id',
      'c.channel',
      'c.mailbox',
      'c.subject',
      'c.from_name',
      'c.from_address',
      'c.to_address',
      'c.at',
      'c.language',
      'c.text_body',
      'c.reading',
      'c.original_sha256',
      'o.content_type',
      'o.size',
    ])
    .where('c.id', '=', state.correspondenceId)
    .executeTakeFirst();
  if (!c) return null;
  const [kase, handler] = await Promise.all([
    state.caseId
      ? db.selectFrom('cases').select('reference').where('id', '=', state.caseId).executeTakeFirst()
      : undefined,
    state.handledBy?.startsWith('user:')
      ? db
          .selectFrom('users')
          .select(['name', 'email'])
          .where('id', '=', state.handledBy.slice(5))
          .executeTakeFirst()
      : undefined,
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
    caseReference: kase?.reference ?? null,
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
    },
  };
}

/** The original (raw e-mail, letter scan) of an inbox item, byte for byte. */
export async function getInboxOriginal(
  ctx: AppContext,
  itemId: string,
): Promise<{ content: Buffer; contentType: string; sha256: string } | null> {
  const view = await getInboxItem(ctx, itemId);
  const sha = view?.correspondence.originalSha256;
  if (!sha) return null;
  const row = await ctx.database.db
    .selectFrom('originals')
    .select(['content', 'content_type'])
    .where('sha256', '=', sha)
    .executeTakeFirst();
  return row ? { content: Buffer.from(row.content), contentType: row.content_type, sha256: sha } : null;
}
