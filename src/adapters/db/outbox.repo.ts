// The outbox: outbound correspondence rows (direction `out`) with their side row in `outbound_items`. Items are
// written in the caller's transaction (with the events that cause them) and claimed by the sender with a lease:
// `FOR UPDATE SKIP LOCKED` on PostgreSQL (several instances), an immediate transaction on SQLite.
import type { Kysely } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';
import { insertRow } from './write-buffer.ts';

export interface AttachmentRef {
  sha256: string;
  filename: string;
  contentType: string;
}

export interface NewOutboundItem {
  id: string;
  caseId: string | null;
  channel: 'email' | 'letter';
  purpose: string;
  audience: 'complainant' | 'staff' | 'department';
  /** Letters: null. */
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  fromAddress: string | null;
  fromName: string | null;
  toAddress: string | null;
  subject: string;
  text: string;
  language: string;
  autoSubmitted: string | null;
  attachments: AttachmentRef[];
  /** Letters: the address block and the PDF (in `originals`). */
  postalAddress: string[] | null;
  originalSha256: string | null;
  templateVersion: number | null;
  /** pending (e-mail) or to_post (letter). */
  status: 'pending' | 'to_post';
  at: string;
  createdBy: string;
}

export interface ClaimedItem {
  id: string;
  caseId: string | null;
  purpose: string;
  audience: string;
  messageId: string;
  inReplyTo: string | null;
  references: string[];
  fromAddress: string;
  fromName: string | null;
  toAddress: string;
  subject: string;
  text: string;
  autoSubmitted: string | null;
  attachments: AttachmentRef[];
  attempts: number;
}

export interface OutboundRow {
  id: string;
  caseId: string | null;
  channel: string;
  purpose: string;
  audience: string;
  status: string;
  statusDetail: string | null;
  messageId: string | null;
  toAddress: string | null;
  subject: string;
  text: string | null;
  at: string;
  attempts: number;
  originalSha256: string | null;
  postalAddress: string[] | null;
  language: string | null;
}

export async function insertOutbound(db: Kysely<DB>, item: NewOutboundItem): Promise<void> {
  // Inside a unit of work (write-buffer.ts), written at its end.
  await insertRow(
    db,
    'correspondence',
    {
      id: item.id,
      case_id: item.caseId,
      inbox_item_id: null,
      direction: 'out',
      channel: item.channel,
      mailbox: null,
      message_id: item.messageId,
      in_reply_to: item.inReplyTo,
      body_sha256: null,
      original_sha256: item.originalSha256,
      subject: item.subject,
      from_address: item.fromAddress,
      from_name: item.fromName,
      to_address: item.toAddress,
      at: item.at,
      language: item.language,
      reading: null,
      text_body: item.text,
      status: item.status,
      status_detail: null,
      attempts: 0,
      next_attempt_at: item.status === 'pending' ? item.at : null,
      created_at: item.at,
    },
    { key: item.id },
  );
  await insertRow(db, 'outbound_items', {
    correspondence_id: item.id,
    purpose: item.purpose,
    audience: item.audience,
    from_address: item.fromAddress,
    from_name: item.fromName,
    references_header: item.references.length ? item.references.join(' ') : null,
    auto_submitted: item.autoSubmitted,
    attachments: JSON.stringify(item.attachments),
    postal_address: item.postalAddress ? JSON.stringify(item.postalAddress) : null,
    template_version: item.templateVersion,
    created_by: item.createdBy,
  });
}

/**
 * Claims up to `limit` e-mails that are due: pending ones whose next attempt has come, and ones claimed by a
 * worker that did not report back before its lease ran out (it crashed mid-send: sent again, same Message-ID).
 */
export async function claimDue(
  database: Database,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<ClaimedItem[]> {
  return database.transaction(async (trx) => {
    let q = trx
      .selectFrom('correspondence')
      .select('id')
      .where('status', 'in', ['pending', 'sending'])
      .where('next_attempt_at', '<=', now)
      .where('direction', '=', 'out')
      .where('channel', '=', 'email')
      .orderBy('next_attempt_at')
      .limit(limit);
    if (database.engine === 'postgres') q = q.forUpdate().skipLocked();
    const ids = (await q.execute()).map((r) => r.id);
    if (ids.length === 0) return [];
    await trx
      .updateTable('correspondence')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
      .where('id', 'in', ids)
      .execute();
    const rows = await trx
      .selectFrom('correspondence as c')
      .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
      .select([
        'c.id',
        'c.case_id',
        'o.purpose',
        'o.audience',
        'c.message_id',
        'c.in_reply_to',
        'o.references_header',
        'o.from_address',
        'o.from_name',
        'c.to_address',
        'c.subject',
        'c.text_body',
        'o.auto_submitted',
        'o.attachments',
        'c.attempts',
      ])
      .where('c.id', 'in', ids)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      caseId: r.case_id,
      purpose: r.purpose,
      audience: r.audience,
      messageId: r.message_id ?? '',
      inReplyTo: r.in_reply_to,
      references: r.references_header ? r.references_header.split(' ') : [],
      fromAddress: r.from_address ?? '',
      fromName: r.from_name,
      toAddress: r.to_address ?? '',
      subject: r.subject,
      text: r.text_body ?? '',
      autoSubmitted: r.auto_submitted,
      attachments: JSON.parse(r.attachments) as AttachmentRef[],
      attempts: r.attempts,
    }));
  });
}

export async function markSent(db: Kysely<DB>, id: string, at: string, detail: string): Promise<void> {
  await db
    .updateTable('correspondence')
    .set({ status: 'sent', at, status_detail: detail.slice(0, 500), next_attempt_at: null })
    .where('id', '=', id)
    .execute();
}

export async function markRetry(db: Kysely<DB>, id: string, nextAt: string, detail: string): Promise<void> {
  await db
    .updateTable('correspondence')
    .set({ status: 'pending', status_detail: detail.slice(0, 500), next_attempt_at: nextAt })
    .where('id', '=', id)
    .execute();
}

export async function markFailed(db: Kysely<DB>, id: string, detail: string): Promise<void> {
  await db
    .updateTable('correspondence')
    .set({ status: 'failed', status_detail: detail.slice(0, 500), next_attempt_at: null })
    .where('id', '=', id)
    .execute();
}

function outboundQuery(db: Kysely<DB>) {
  return db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .select([
      'c.id',
      'c.case_id',
      'c.channel',
      'o.purpose',
      'o.audience',
      'c.status',
      'c.status_detail',
      'c.message_id',
      'c.to_address',
      'c.subject',
      'c.text_body',
      'c.at',
      'c.attempts',
      'c.original_sha256',
      'o.postal_address',
      'c.language',
    ])
    .where('c.direction', '=', 'out');
}

type OutboundSelect = Awaited<ReturnType<ReturnType<typeof outboundQuery>['execute']>>[number];

function toOutboundRow(r: OutboundSelect): OutboundRow {
  return {
    id: r.id,
    caseId: r.case_id,
    channel: r.channel,
    purpose: r.purpose,
    audience: r.audience,
    status: r.status,
    statusDetail: r.status_detail,
    messageId: r.message_id,
    toAddress: r.to_address,
    subject: r.subject,
    text: r.text_body,
    at: r.at,
    attempts: r.attempts,
    originalSha256: r.original_sha256,
    postalAddress: r.postal_address ? (JSON.parse(r.postal_address) as string[]) : null,
    language: r.language,
  };
}

/** Outbound items of a case (or, with null, those about no case: staff digests), oldest first. */
export async function outboundOfCase(db: Kysely<DB>, caseId: string): Promise<OutboundRow[]> {
  const rows = await outboundQuery(db).where('c.case_id', '=', caseId).orderBy('c.created_at').execute();
  return rows.map(toOutboundRow);
}

export async function outboundById(db: Kysely<DB>, id: string): Promise<OutboundRow | null> {
  const row = await outboundQuery(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toOutboundRow(row) : null;
}

/** The outbound e-mail sent under one of these Message-IDs (a bounce names it), if any. */
export async function outboundByMessageIds(
  db: Kysely<DB>,
  messageIds: readonly string[],
): Promise<OutboundRow | null> {
  if (messageIds.length === 0) return null;
  const row = await outboundQuery(db)
    .where('c.message_id', 'in', [...new Set(messageIds)].slice(0, 50))
    .where('c.channel', '=', 'email')
    .orderBy('c.created_at', 'desc')
    .executeTakeFirst();
  return row ? toOutboundRow(row) : null;
}
