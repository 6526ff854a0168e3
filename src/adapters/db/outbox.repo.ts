// The outbox: outbound correspondence rows (direction `out`) with their side row in `outbound_items`. Items are
// written in the caller's transaction (with the events that cause them) and claimed by the sender with a lease:
// `FOR UPDATE SKIP LOCKED` on PostgreSQL (several instances), an immediate transaction on SQLite.
import { type Kysely, sql } from 'kysely';
import { OUTBOUND_SEALED_ACTION, outboundContentDigest } from '../../core/archive/outbound-digest.ts';
import { HELD_FOR_SETUP } from '../../core/correspondence/outgoing-mail.ts';
import { appendAudit, parseAuditDetail, withAuditChain } from './audit-chain.repo.ts';
import { namedByEventIn, pendOutboundSeal } from './correspondence.repo.ts';
import type { Database } from './database.ts';
import { moveDueKeysOfSent, moveHeldDueKeys } from './due-key.repo.ts';
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
  /** The token of the private link the text names without it, put in as the e-mail is sent (none: null). */
  linkToken?: string | null;
  /**
   * Staff mail: the cases it is about (a digest: every case it lists), by which retention finds it when one goes
   * (`staff_mail_cases`). Whatever its text says: an administrator's template may leave out the case's link.
   */
  aboutCases?: readonly string[];
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
  /** The token of the private link its text names without it (none: null). */
  linkToken: string | null;
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

/**
 * Writes an outbound item with its seal (what was decided to be sent), and anchors the seal in a hash chain so that
 * a forger who changes the item and recomputes the row's copy is still found by `redress archive verify`:
 * - an item of a case whose recording event follows in this transaction (an acknowledgement, a letter prepared, a
 *   text filed on the case): that event carries it (correspondence.repo.ts `withCorrespondenceSeal`);
 * - an item the event recorded before it was written (an answer, a reply, an extension notice), and mail that
 *   belongs to no case (account mail, staff notices, test mail, monthly reports): an entry of the audit chain
 *   (`outbound_sealed`, on the item) carries it.
 * `anchor: 'event'` says an event naming the item follows whatever came before, and carries its seal: a letter
 * (`letter_prepared`), and the e-mails of a suggestion forwarded to a department, which belong to no case but are
 * named by the case's `suggestion_forwarded`. The audit chain's head is one row that every append locks until its
 * transaction commits (on PostgreSQL), so mail written at intake must not be anchored there: intake batches on
 * every instance would wait for each other on it.
 */
export async function insertOutbound(
  db: Kysely<DB>,
  item: NewOutboundItem,
  options: { anchor?: 'event' } = {},
): Promise<void> {
  const seal = outboundContentDigest(item);
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
      carried_message_id: null,
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
      // The columns of inbound rows, in the same order as theirs (correspondence.repo.ts `insertInbound`), so
      // that an acknowledgement and the message it answers, written together, share one statement.
      door: null,
      filing: null,
      auto_reply: null,
      sender_address: null,
      // What was recorded to be sent, checked by `redress archive verify`.
      content_sha256: seal,
      // Kept apart from the text until sent (link-token.ts); forgotten by the update that records it sent.
      link_token: item.linkToken ?? null,
    },
    { key: item.id },
  );
  if (options.anchor === 'event' || (item.caseId !== null && !namedByEventIn(db, item.id)))
    pendOutboundSeal(db, item.id, seal);
  // One entry per item, so its id is the item's.
  else await anchorOutboundInAudit(db, item, seal, `seal-${item.id}`);
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
  for (const caseId of new Set(item.aboutCases ?? []))
    await insertRow(db, 'staff_mail_cases', { correspondence_id: item.id, case_id: caseId });
}

async function anchorOutboundInAudit(db: Kysely<DB>, item: NewOutboundItem, seal: string, id: string) {
  const entry = {
    id,
    at: item.at,
    actor: item.createdBy,
    actorLabel: null,
    action: OUTBOUND_SEALED_ACTION,
    targetType: 'correspondence',
    targetId: item.id,
    targetLabel: null,
    address: null,
    detail: { sha256: seal, caseId: item.caseId, purpose: item.purpose, channel: item.channel },
  };
  // The chain reads and moves its head: inside the caller's transaction when there is one, else in its own.
  if (db.isTransaction) await appendAudit(db, entry);
  else await db.transaction().execute((trx) => appendAudit(trx, entry));
}

/** The outbound seals the audit chain anchors (`outbound_sealed`), by item, a page at a time in chain order. */
export async function* auditAnchoredOutbound(
  db: Kysely<DB>,
  pageSize = 1000,
): AsyncGenerator<
  {
    id: string;
    seq: number;
    sha256: string | null;
    caseId: string | null;
    purpose: string | null;
    channel: string | null;
  }[]
> {
  let after = 0;
  for (;;) {
    const rows = await withAuditChain(db)
      .selectFrom('audit_log')
      .select(['seq', 'target_id', 'detail', 'redacted'])
      .where('action', '=', OUTBOUND_SEALED_ACTION)
      .where('target_type', '=', 'correspondence')
      .where('seq', '>', after)
      .orderBy('seq')
      .limit(pageSize)
      .execute();
    if (!rows.length) return;
    yield rows.map((r) => {
      const detail = r.redacted === 1 ? null : parseAuditDetail(r.detail);
      const text = (v: unknown) => (typeof v === 'string' ? v : null);
      return {
        id: r.target_id ?? '',
        seq: r.seq!,
        sha256: text(detail?.sha256),
        caseId: text(detail?.caseId),
        purpose: text(detail?.purpose),
        channel: text(detail?.channel),
      };
    });
    after = rows[rows.length - 1]!.seq!;
    if (rows.length < pageSize) return;
  }
}

const CLAIMED_COLUMNS = [
  'c.id',
  'c.case_id',
  'c.message_id',
  'c.in_reply_to',
  'c.to_address',
  'c.subject',
  'c.text_body',
  'c.attempts',
  'c.created_at',
  'c.link_token',
] as const;

type Unqualified<C extends string> = C extends `c.${infer N}` ? N : never;

interface ClaimedCorrespondence {
  id: string;
  case_id: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  to_address: string | null;
  subject: string;
  text_body: string | null;
  attempts: number;
  created_at: string;
  link_token: string | null;
}

interface ClaimedSide {
  purpose: string;
  audience: string;
  references_header: string | null;
  from_address: string | null;
  from_name: string | null;
  auto_submitted: string | null;
  attachments: string;
}

const oldestFirst = (a: { created_at: string }, b: { created_at: string }) =>
  a.created_at < b.created_at ? -1 : a.created_at > b.created_at ? 1 : 0;

function toClaimed(c: ClaimedCorrespondence, o: ClaimedSide): ClaimedItem {
  return {
    id: c.id,
    caseId: c.case_id,
    purpose: o.purpose,
    audience: o.audience,
    messageId: c.message_id ?? '',
    inReplyTo: c.in_reply_to,
    references: o.references_header ? o.references_header.split(' ') : [],
    fromAddress: o.from_address ?? '',
    fromName: o.from_name,
    toAddress: c.to_address ?? '',
    subject: c.subject,
    text: c.text_body ?? '',
    autoSubmitted: o.auto_submitted,
    attachments: JSON.parse(o.attachments) as AttachmentRef[],
    attempts: c.attempts,
    linkToken: c.link_token,
  };
}

/**
 * Claims up to `limit` e-mails that are due: pending ones whose next attempt has come, and ones claimed by a
 * worker that did not report back before its lease ran out (it crashed mid-send: sent again, same Message-ID).
 * Each claim counts as an attempt. Oldest first.
 *
 * PostgreSQL: one statement, which picks the rows with `FOR UPDATE SKIP LOCKED` (instances claiming at the same
 * moment take different rows), leases them and returns them with their outbound side. SQLite: one short
 * immediate transaction (lease, then read the side rows), as there is one writer at a time anyway.
 */
export async function claimDue(
  database: Database,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<ClaimedItem[]> {
  // The terms the partial index correspondence_due is made for, written as it is (literals, not parameters): a
  // database uses a partial index only for a query whose terms prove the index's own, and SQLite proves nothing
  // from a parameter. Then the oldest due are read in order from that index, whatever the backlog.
  const due = (db: Kysely<DB>) =>
    db
      .selectFrom('correspondence')
      .select('id')
      .where(sql<boolean>`status in ('pending', 'sending') and direction = 'out' and channel = 'email'`)
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit);
  if (database.engine === 'postgres') {
    const rows = await database.db
      .updateTable('correspondence as c')
      .from('outbound_items as o')
      .set((eb) => ({ status: 'sending', attempts: eb('c.attempts', '+', 1), next_attempt_at: leaseUntil }))
      .whereRef('o.correspondence_id', '=', 'c.id')
      .where('c.id', 'in', due(database.db).forUpdate().skipLocked())
      .returning([
        ...CLAIMED_COLUMNS,
        'o.purpose',
        'o.audience',
        'o.references_header',
        'o.from_address as side_from_address',
        'o.from_name',
        'o.auto_submitted',
        'o.attachments',
      ])
      .execute();
    return rows.sort(oldestFirst).map((r) => toClaimed(r, { ...r, from_address: r.side_from_address }));
  }
  return database.transaction(async (trx) => {
    // SQLite's RETURNING takes unqualified column names only.
    const rows = await trx
      .updateTable('correspondence')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil }))
      .where('id', 'in', due(trx))
      .returning(CLAIMED_COLUMNS.map((c) => c.slice(2) as Unqualified<typeof c>))
      .execute();
    if (rows.length === 0) return [];
    const sides = new Map(
      (
        await trx
          .selectFrom('outbound_items')
          .select([
            'correspondence_id',
            'purpose',
            'audience',
            'references_header',
            'from_address',
            'from_name',
            'auto_submitted',
            'attachments',
          ])
          .where(
            'correspondence_id',
            'in',
            rows.map((r) => r.id),
          )
          .execute()
      ).map((o) => [o.correspondence_id, o]),
    );
    return rows
      .filter((r) => sides.has(r.id))
      .sort(oldestFirst)
      .map((r) => toClaimed(r, sides.get(r.id)!));
  });
}

/** What became of a claimed e-mail, recorded with others in one go (recordOutcomes). */
export type SendOutcome =
  /** Accepted by the SMTP server: `detail` is its reply. */
  | { kind: 'sent'; id: string; at: string; detail: string }
  /** Not accepted for now: tried again at `nextAt`. */
  | { kind: 'retry'; id: string; nextAt: string; detail: string }
  /** Not tried (the destination's rate, or too little of the lease left): the claim is given back, no attempt. */
  | { kind: 'release'; id: string; nextAt: string };

/**
 * Records what became of many claimed e-mails at once. An acknowledgement sent is given from then on
 * (acknowledgement-given.ts): the day of receipt of its case is marked for the report to count again, as a
 * write of the case marks it (report-days.repo.ts), and its due key moves on to the answer (due-key.repo.ts),
 * since no event of the case says it. PostgreSQL: one statement
 * per kind of outcome; SQLite: one short immediate transaction. An item that is no longer `sending` (another worker
 * took it over after the lease and sent it) is not put back to pending.
 */
export async function recordOutcomes(database: Database, outcomes: readonly SendOutcome[]): Promise<void> {
  if (outcomes.length === 0) return;
  const sent = outcomes.filter((o) => o.kind === 'sent');
  const retry = outcomes.filter((o) => o.kind === 'retry');
  const release = outcomes.filter((o) => o.kind === 'release');
  if (database.engine === 'postgres') {
    const text = (xs: string[]) => sql`cast(${xs} as text[])`;
    // Without waiting for the write-ahead log to reach the disk: these rows say what became of a send, and one
    // lost in a crash of the database server itself (not of Redress) only makes that message go out once more,
    // with the same Message-ID, which at-least-once allows. The sender's places are held until this commit, so
    // it must be quick.
    const held = await database.transaction(async (db) => {
      await sql`set local synchronous_commit = off`.execute(db);
      if (sent.length)
        await sql`update correspondence as c
               set status = 'sent', at = v.at, status_detail = v.detail, next_attempt_at = null, link_token = null
              from unnest(${text(sent.map((o) => o.id))}, ${text(sent.map((o) => o.at))}, ${text(sent.map((o) => o.detail.slice(0, 500)))}) as v(id, at, detail)
             where c.id = v.id`.execute(db);
      if (sent.length)
        await sql`insert into report_day_marks (day, case_id, version)
            select distinct substr(cases.received_at, 1, 10), cases.id, 0
              from correspondence as c
              join outbound_items as o on o.correspondence_id = c.id
              join cases on cases.id = c.case_id
             where c.id = any(${text(sent.map((o) => o.id))}) and o.purpose = 'acknowledgement'
            on conflict do nothing`.execute(db);
      if (retry.length)
        await sql`update correspondence as c
               set status = 'pending', status_detail = v.detail, next_attempt_at = v.next_at
              from unnest(${text(retry.map((o) => o.id))}, ${text(retry.map((o) => o.nextAt))}, ${text(retry.map((o) => o.detail.slice(0, 500)))}) as v(id, next_at, detail)
             where c.id = v.id and c.status = 'sending'`.execute(db);
      if (release.length)
        await sql`update correspondence as c
               set status = 'pending', attempts = greatest(c.attempts - 1, 0), next_attempt_at = v.next_at
              from unnest(${text(release.map((o) => o.id))}, ${text(release.map((o) => o.nextAt))}) as v(id, next_at)
             where c.id = v.id and c.status = 'sending'`.execute(db);
      return moveDueKeysOfSent(
        db,
        'postgres',
        sent.map((o) => o.id),
      );
    });
    await moveHeldDueKeys(database.db, held);
    return;
  }
  // SQLite: one statement per kind for the whole group, its rows passed as one JSON array (the SQL text stays the
  // same, so the prepared statement is reused), in one short immediate transaction.
  const rows = (xs: unknown[][]) => JSON.stringify(xs);
  await database.transaction(async (trx) => {
    if (sent.length)
      await sql`update correspondence
                   set status = 'sent', at = v.at, status_detail = v.detail, next_attempt_at = null, link_token = null
                  from (select value ->> 0 as id, value ->> 1 as at, value ->> 2 as detail
                          from json_each(${rows(sent.map((o) => [o.id, o.at, o.detail.slice(0, 500)]))})) as v
                 where correspondence.id = v.id`.execute(trx);
    if (sent.length)
      await sql`insert into report_day_marks (day, case_id, version)
                  select distinct substr(cases.received_at, 1, 10), cases.id, 0
                    from correspondence as c
                    join outbound_items as o on o.correspondence_id = c.id
                    join cases on cases.id = c.case_id
                   where c.id in (select value from json_each(${JSON.stringify(sent.map((o) => o.id))}))
                     and o.purpose = 'acknowledgement'
                  on conflict do nothing`.execute(trx);
    if (retry.length)
      await sql`update correspondence
                   set status = 'pending', status_detail = v.detail, next_attempt_at = v.next_at
                  from (select value ->> 0 as id, value ->> 1 as next_at, value ->> 2 as detail
                          from json_each(${rows(retry.map((o) => [o.id, o.nextAt, o.detail.slice(0, 500)]))})) as v
                 where correspondence.id = v.id and correspondence.status = 'sending'`.execute(trx);
    if (release.length)
      await sql`update correspondence
                   set status = 'pending', attempts = max(attempts - 1, 0), next_attempt_at = v.next_at
                  from (select value ->> 0 as id, value ->> 1 as next_at
                          from json_each(${rows(release.map((o) => [o.id, o.nextAt]))})) as v
                 where correspondence.id = v.id and correspondence.status = 'sending'`.execute(trx);
    await moveDueKeysOfSent(
      trx,
      'sqlite',
      sent.map((o) => o.id),
    );
  });
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

/**
 * Outbound items of a case as the outbox sees them (status, attempts, audience), oldest first. The archive's
 * exports read the same rows with their full content (archive.repo.ts `outboundOfCase`).
 */
export async function outboxItemsOfCase(db: Kysely<DB>, caseId: string): Promise<OutboundRow[]> {
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

/** E-mails waiting in the outbox, held by a refusal of our own sending (HELD_FOR_SETUP). */
function heldQuery(db: Kysely<DB>) {
  return db
    .selectFrom('correspondence')
    .where('status', 'in', ['pending', 'sending'])
    .where('direction', '=', 'out')
    .where('channel', '=', 'email')
    .where('status_detail', 'like', `${HELD_FOR_SETUP}%`);
}

/** How many e-mails are held by a refusal of our own sending. */
export async function outboxHeldCount(db: Kysely<DB>): Promise<number> {
  const row = await heldQuery(db)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * Holds every e-mail waiting in the outbox until `until` (or until the latest hold already set, if later), with
 * `detail`: our own sending was refused, so every message would be refused the same way. They share one next
 * attempt, so that mail queued meanwhile joins the hold rather than overtaking older mail. Returns the time held to.
 */
export async function holdOutbox(database: Database, until: string, detail: string): Promise<string> {
  return database.transaction(async (trx) => {
    const latest = await heldQuery(trx)
      .where('status', '=', 'pending')
      .select((eb) => eb.fn.max('next_attempt_at').as('at'))
      .executeTakeFirst();
    const at = latest?.at && latest.at > until ? latest.at : until;
    await trx
      .updateTable('correspondence')
      .set({ next_attempt_at: at, status_detail: detail.slice(0, 500) })
      .where('status', '=', 'pending')
      .where('direction', '=', 'out')
      .where('channel', '=', 'email')
      .where('next_attempt_at', '<', at)
      .execute();
    return at;
  });
}

/**
 * The relay accepts again: the e-mails held by a refusal of our own sending are due at once, each at the time it
 * was queued, so that the outbox (which takes the earliest due first) sends them oldest first. How many.
 */
export async function releaseHeld(db: Kysely<DB>, now: string): Promise<number> {
  // Nearly always nothing is held. A read finds that out without the write lock an UPDATE takes on SQLite even when
  // it changes no row, which every outbox run that sent something would otherwise take from the intake.
  const any = await heldQuery(db).where('next_attempt_at', '>', now).select('id').limit(1).executeTakeFirst();
  if (!any) return 0;
  const r = await db
    .updateTable('correspondence')
    .set((eb) => ({ next_attempt_at: eb.ref('created_at') }))
    .where('status', '=', 'pending')
    .where('direction', '=', 'out')
    .where('channel', '=', 'email')
    .where('status_detail', 'like', `${HELD_FOR_SETUP}%`)
    .where('next_attempt_at', '>', now)
    .executeTakeFirst();
  return Number(r.numUpdatedRows ?? 0n);
}

/** What waits in the outbox (pending or being sent): how many, since when the oldest, and why it last failed. */
export async function outboxWaiting(db: Kysely<DB>): Promise<{
  waiting: number;
  oldestAt: string | null;
  lastFailure: string | null;
  /** Of those, held by a refusal of our own sending, and the oldest of these (its id names the episode). */
  held: number;
  oldestHeldId: string | null;
}> {
  const row = await db
    .selectFrom('correspondence')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.min('at').as('oldest')])
    .where('status', 'in', ['pending', 'sending'])
    .where('direction', '=', 'out')
    .executeTakeFirst();
  const oldestAt = (row?.oldest as string | null | undefined) ?? null;
  if (oldestAt === null)
    return { waiting: 0, oldestAt: null, lastFailure: null, held: 0, oldestHeldId: null };
  // The reason the oldest item was last given back (the SMTP server's reply, or the connection's error).
  const oldest = await db
    .selectFrom('correspondence')
    .select('status_detail')
    .where('status', 'in', ['pending', 'sending'])
    .where('direction', '=', 'out')
    .where('at', '=', oldestAt)
    .limit(1)
    .executeTakeFirst();
  const heldCount = await outboxHeldCount(db);
  const first =
    heldCount > 0
      ? await heldQuery(db).select('id').orderBy('created_at').orderBy('id').limit(1).executeTakeFirst()
      : undefined;
  return {
    waiting: Number(row?.n ?? 0),
    oldestAt,
    lastFailure: oldest?.status_detail ?? null,
    held: heldCount,
    oldestHeldId: first?.id ?? null,
  };
}
