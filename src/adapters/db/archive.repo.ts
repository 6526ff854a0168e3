// Reads for the archive's checks and exports: outbound items with everything that was recorded to be sent, a
// page at a time (verification), and a case's correspondence in full (the dossier).
import type { Kysely } from 'kysely';
import type { OutboundContent } from '../../core/archive/outbound-digest.ts';
import type { DB } from './schema.ts';

export interface RecordedOutbound extends OutboundContent {
  id: string;
  caseId: string | null;
  status: string;
  at: string;
  purpose: string;
  contentSha256: string | null;
}

function outboundQuery(db: Kysely<DB>) {
  return db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .select([
      'c.id',
      'c.case_id',
      'c.channel',
      'c.status',
      'c.at',
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
      'o.postal_address',
      'c.original_sha256',
      'c.content_sha256',
      'o.purpose',
    ])
    .where('c.direction', '=', 'out');
}

type OutboundRow = Awaited<ReturnType<ReturnType<typeof outboundQuery>['execute']>>[number];

function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    // A value that no longer parses was changed by hand: verification reports the digest mismatch.
    return fallback;
  }
}

function toRecorded(r: OutboundRow): RecordedOutbound {
  return {
    id: r.id,
    caseId: r.case_id,
    status: r.status,
    at: r.at,
    purpose: r.purpose,
    contentSha256: r.content_sha256 ?? null,
    channel: r.channel,
    messageId: r.message_id,
    inReplyTo: r.in_reply_to,
    references: r.references_header ? r.references_header.split(' ') : [],
    fromAddress: r.from_address,
    fromName: r.from_name,
    toAddress: r.to_address,
    subject: r.subject,
    text: r.text_body ?? '',
    autoSubmitted: r.auto_submitted,
    attachments: parseJson(r.attachments, [] as OutboundContent['attachments']),
    postalAddress: parseJson(r.postal_address, null as string[] | null),
    originalSha256: r.original_sha256,
  };
}

/** Every outbound item, a page at a time in id order. */
export async function* recordedOutbound(db: Kysely<DB>, pageSize = 500): AsyncGenerator<RecordedOutbound[]> {
  let after = '';
  for (;;) {
    const rows = await outboundQuery(db).where('c.id', '>', after).orderBy('c.id').limit(pageSize).execute();
    if (!rows.length) return;
    yield rows.map(toRecorded);
    after = rows[rows.length - 1]!.id;
    if (rows.length < pageSize) return;
  }
}

/** The outbound items of one case, oldest first. */
export async function outboundOfCase(db: Kysely<DB>, caseId: string): Promise<RecordedOutbound[]> {
  const rows = await outboundQuery(db)
    .where('c.case_id', '=', caseId)
    .orderBy('c.created_at')
    .orderBy('c.id')
    .execute();
  return rows.map(toRecorded);
}

export interface InboundOfCase {
  id: string;
  channel: string;
  at: string;
  subject: string;
  fromAddress: string | null;
  messageId: string | null;
  originalSha256: string | null;
}

/** The inbound correspondence of one case (e-mails and letters as received), oldest first. */
export async function inboundOfCase(db: Kysely<DB>, caseId: string): Promise<InboundOfCase[]> {
  const rows = await db
    .selectFrom('correspondence')
    .select(['id', 'channel', 'at', 'subject', 'from_address', 'message_id', 'original_sha256'])
    .where('case_id', '=', caseId)
    .where('direction', '=', 'in')
    .orderBy('at')
    .orderBy('id')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    channel: r.channel,
    at: r.at,
    subject: r.subject,
    fromAddress: r.from_address,
    messageId: r.message_id,
    originalSha256: r.original_sha256,
  }));
}

export async function caseByReference(
  db: Kysely<DB>,
  reference: string,
): Promise<{ id: string; reference: string; kind: string; step: number | null; status: string } | null> {
  return (
    (await db
      .selectFrom('cases')
      .select(['id', 'reference', 'kind', 'step', 'status'])
      .where('reference', '=', reference)
      .executeTakeFirst()) ?? null
  );
}
