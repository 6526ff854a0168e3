// The triage inbox's reads (src/app/list-inbox.ts): a page of items with their correspondence and case
// reference and the number of items matching, and the correspondence, case reference and handler one item's page
// shows. Reads only; one query per part whatever the size of the inbox.
import type { Db } from './database.ts';

export interface InboxListQuery {
  /** Open items only, handled ones only, or all. */
  status: 'open' | 'handled' | 'all';
  reason: string | null;
  /** Oldest first (items waiting longest) or most recent first. */
  order: 'asc' | 'desc';
  offset: number;
  limit: number;
}

export interface InboxListRow {
  id: string;
  status: string;
  reason: string;
  kind: string;
  received_at: string;
  handled_at: string | null;
  case_id: string | null;
  reference: string | null;
  correspondence_id: string;
  channel: string;
  mailbox: string | null;
  subject: string;
  from_name: string | null;
  from_address: string | null;
}

/** A page of inbox items (with their correspondence and case reference) and how many match in all. */
export async function inboxPage(db: Db, q: InboxListQuery): Promise<{ total: number; rows: InboxListRow[] }> {
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
  if (q.status === 'open') {
    rows = rows.where('i.status', '=', 'open');
    count = count.where('i.status', '=', 'open');
  } else if (q.status === 'handled') {
    rows = rows.where('i.status', '!=', 'open');
    count = count.where('i.status', '!=', 'open');
  }
  if (q.reason) {
    rows = rows.where('i.reason', '=', q.reason);
    count = count.where('i.reason', '=', q.reason);
  }
  rows = rows.orderBy('i.received_at', q.order).orderBy('i.id');
  const [r, c] = await Promise.all([
    rows.offset(q.offset).limit(q.limit).execute(),
    count.executeTakeFirstOrThrow(),
  ]);
  return { total: Number(c.n), rows: r };
}

export interface InboxCorrespondenceRow {
  id: string;
  channel: string;
  mailbox: string | null;
  subject: string;
  from_name: string | null;
  from_address: string | null;
  to_address: string | null;
  at: string;
  language: string | null;
  text_body: string | null;
  reading: string | null;
  original_sha256: string | null;
  content_type: string | null;
  size: number | null;
  /** What tells who the message verifiably comes from (handle-inbox-item.ts `verifiedSender`). */
  sender_address: string | null;
  auto_reply: string | null;
  door: string | null;
}

/** One piece of correspondence with its original's type and size, or undefined. */
export function inboxItemCorrespondence(
  db: Db,
  correspondenceId: string,
): Promise<InboxCorrespondenceRow | undefined> {
  return db
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
      'c.sender_address',
      'c.auto_reply',
      'c.door',
    ])
    .where('c.id', '=', correspondenceId)
    .executeTakeFirst();
}

/** An account's name and e-mail address (whatever its status), or undefined. */
export function accountLabel(db: Db, userId: string): Promise<{ name: string; email: string } | undefined> {
  return db.selectFrom('users').select(['name', 'email']).where('id', '=', userId).executeTakeFirst();
}
