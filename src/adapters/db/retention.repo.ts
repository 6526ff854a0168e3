// The writes of a retention run (P6.3, app/run-retention.ts): everything personal that one case (and, when no kept
// case refers to them, its complainant) left in the database, replaced or removed inside the caller's transaction.
// Where personal data can live, table by table (the *.tables.ts files and the migrations):
//   events.payload, streams.state            redacted (digest and hash kept: the chains still verify)
//   cases.subject                            replaced; the case's dimensions (kind, dates, outcome, …) stay
//   cases.remedy, root_cause_note, …         redacted as the answer's event is (the register's copy of it)
//   complainants.name, email, email_key, phone  nulled
//   correspondence subject, from/to, reading, text, status detail, original link,
//     the sender's Message-IDs (theirs, and ours replying to theirs)          replaced or nulled
//     (the case's own, its inbox items', its suggestion's e-mails to a department: `correspondenceAnonymisedWith`)
//   outbound_items.postal_address, attachments, references_header                  nulled / emptied
//   originals                                deleted once no correspondence or attachment refers to them
//   search_docs, case_keys                   the case's documents and keys removed (its reference kept)
//   auto_reply_counts                        the counters of its addresses removed
//   staff e-mails about the case              redacted with it (no case of their own: `staffMailAbout`); a digest
//                                             listing other people's cases too loses only this case's items
//   the histories of inbox items filed on it  redacted with it (`inboxItemsOfCase`), each sealed on its own
//   audit_log target_label, detail           redacted on entries about the case or complainant (chain kept)
//   legal_holds reason, lift_reason          replaced on lifted holds of the case or complainant
// An inbox item on no case goes on its own (its message's correspondence, its stream `inbox:<id>`, its original
// when nothing kept refers to it, the counters of its sender); its row in inbox_items holds no personal data.
// case_counts is not touched: the report figures of past periods stay as they were.
import { type Kysely, PostgresAdapter, type RawBuilder, type SqlBool, sql } from 'kysely';
import { OUTBOUND_LIST_KEY } from '../../core/archive/outbound-digest.ts';
import { ANONYMISED, redactPersonal } from '../../core/archive/retention.ts';
import {
  holdsLinesAbout,
  linesAbout,
  linesDigest,
  redactLinesAbout,
} from '../../core/archive/staff-digest-lines.ts';
import { autoReplyCounterKeysOf } from '../../core/correspondence/auto-reply-limits.ts';
import { parseAuditDetail, withAuditChain } from './audit-chain.repo.ts';
import { REGISTER_COLUMNS } from './register.repo.ts';
import type { DB } from './schema.ts';

const r = (db: Kysely<DB>) => db;
const isPostgres = (db: Kysely<DB>) => db.getExecutor().adapter instanceof PostgresAdapter;

const CHUNK = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

/**
 * Of the cases `ids`, those anonymised since they last closed. A case reopened after it was anonymised (a message
 * quoting its reference) holds new personal data: it is due again when its new period ends.
 */
export async function anonymisedAmong(db: Kysely<DB>, ids: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks(ids)) {
    const rows = await r(db)
      .selectFrom('cases')
      .select(['id', 'anonymised_at', 'closed_at'])
      .where('id', 'in', part)
      .where('anonymised_at', 'is not', null)
      .execute();
    for (const x of rows) if (anonymisedSinceClosed(x.anonymised_at, x.closed_at)) out.add(x.id);
  }
  return out;
}

function anonymisedSinceClosed(anonymisedAt: string | null, closedAt: string | null): boolean {
  return anonymisedAt !== null && (closedAt === null || closedAt <= anonymisedAt);
}

/** Of the correspondence `ids`, those whose personal fields retention replaced (verification skips their digest). */
export async function redactedCorrespondenceAmong(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Set<string>> {
  const out = new Set<string>();
  for (const part of chunks(ids)) {
    const rows = await r(db)
      .selectFrom('correspondence')
      .select('id')
      .where('id', 'in', part)
      .where('redacted', '=', 1)
      .execute();
    for (const x of rows) out.add(x.id);
  }
  return out;
}

export interface CaseForRetention {
  id: string;
  reference: string;
  status: string;
  complainantId: string;
  /** Anonymised since it last closed: nothing to do. */
  done: boolean;
}

/** The case, locked until the transaction ends on PostgreSQL (SQLite's immediate transaction already is). */
export async function lockCase(trx: Kysely<DB>, caseId: string): Promise<CaseForRetention | null> {
  const row = await r(trx)
    .selectFrom('cases')
    .select(['id', 'reference', 'status', 'complainant_id', 'anonymised_at', 'closed_at'])
    .where('id', '=', caseId)
    .$if(isPostgres(trx), (q) => q.forUpdate())
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        reference: row.reference,
        status: row.status,
        complainantId: row.complainant_id,
        done: anonymisedSinceClosed(row.anonymised_at, row.closed_at),
      }
    : null;
}

/** Replaces the personal data of every event payload of a stream and of its stored state; digests stay. */
export async function redactStream(trx: Kysely<DB>, stream: string): Promise<number> {
  const events = await trx
    .selectFrom('events')
    .select(['id', 'payload'])
    .where('stream', '=', stream)
    .where('redacted', '=', 0)
    .execute();
  for (const e of events) {
    let payload: unknown;
    try {
      payload = JSON.parse(e.payload);
    } catch {
      payload = e.payload;
    }
    await trx
      .updateTable('events')
      .set({ payload: JSON.stringify(redactPersonal(payload)), redacted: 1 })
      .where('id', '=', e.id)
      .execute();
  }
  const head = await trx
    .selectFrom('streams')
    .select('state')
    .where('stream', '=', stream)
    .executeTakeFirst();
  if (head) {
    let state: unknown;
    try {
      state = JSON.parse(head.state);
    } catch {
      state = null;
    }
    await trx
      .updateTable('streams')
      .set({ state: JSON.stringify(redactPersonal(state)) })
      .where('stream', '=', stream)
      .execute();
  }
  return events.length;
}

export interface CorrespondenceGone {
  /** Addresses it named (lower case): their automatic-mail counters go too. */
  addresses: Set<string>;
  /** Originals it referred to (the original itself, attachments of outbound items). */
  originals: Set<string>;
  items: number;
}

/** The event by which a case names mail of no case that is its own all the same (its forwards to a department). */
export const FORWARD_EVENT = 'suggestion_forwarded';

/** The outbound items a `suggestion_forwarded` event's payload (as stored) names; none when it names none. */
export function forwardMailsNamedIn(payload: string): string[] {
  let p: unknown;
  try {
    p = JSON.parse(payload);
  } catch {
    return [];
  }
  if (p === null || typeof p !== 'object') return [];
  const list = (p as Record<string, unknown>)[OUTBOUND_LIST_KEY];
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/**
 * Which correspondence rows are a case's, for its anonymisation: a condition on the correspondence table under
 * `alias`. The rows on the case, the messages of inbox items filed on it, and the e-mails its suggestion was
 * forwarded to a department with: those belong to no case (department mail is not correspondence with the
 * complainant) but hold the suggestion's text, the case's reference and the department's address; the case's
 * `suggestion_forwarded` events name them (their ids survive redaction: ids are kept). Forwards written by a
 * release before the event named them are named by nothing, and stay as they are. Retention redacts these rows
 * (`redactCorrespondenceOfCase`), the anonymisation's seal covers them (redaction-seal.repo.ts), and verify accepts
 * a redacted one only under that anonymisation.
 */
export async function correspondenceAnonymisedWith(
  db: Kysely<DB>,
  caseId: string,
  alias = 'correspondence',
): Promise<RawBuilder<SqlBool>> {
  const forwards = await r(db)
    .selectFrom('events')
    .select('payload')
    .where('stream', '=', `case:${caseId}`)
    .where('type', '=', FORWARD_EVENT)
    .execute();
  const named = [...new Set(forwards.flatMap((e) => forwardMailsNamedIn(e.payload)))];
  const id = sql.ref(`${alias}.id`);
  const onCase = sql.ref(`${alias}.case_id`);
  return sql<SqlBool>`(${onCase} = ${caseId}
    or ${id} in (select i.correspondence_id from inbox_items i where i.case_id = ${caseId})${
      named.length ? sql` or (${onCase} is null and ${id} in (${sql.join(named)}))` : sql``
    })`;
}

/**
 * The inbox items filed on a case or opened as it: their messages are the case's correspondence now, and their own
 * histories (`inbox:<id>`) hold what the mail door noted, the sender's address among it.
 */
export async function inboxItemsOfCase(trx: Kysely<DB>, caseId: string): Promise<string[]> {
  const rows = await r(trx)
    .selectFrom('inbox_items')
    .select('id')
    .where('case_id', '=', caseId)
    .orderBy('id')
    .execute();
  return rows.map((x) => x.id);
}

/** The key under which a case's anonymisation records the staff e-mails it redacted whole (`staffMailAbout`). */
export const STAFF_MAIL_KEY = 'staffMail';
/**
 * The key under which a case's anonymisation records the digests whose items about it it redacted, each with what
 * those items held before (`linesDigest`): `{ id, before }`. The seals of the other cases a digest lists read it.
 */
export const STAFF_LINES_KEY = 'staffMailLines';

export interface StaffMailOfCase {
  /** About this case alone (a new reply, an assignment, a deadline passed, a test of a template on it). */
  whole: string[];
  /** Digests that list it with other cases, whose items about it still hold more than their marker. */
  shared: string[];
}

/**
 * The e-mails Redress wrote to staff about a case and not yet redacted: a new reply (with the sender's name), the
 * case assigned, a deadline passed, the day's digest, a restriction due for review. They belong to no case, yet
 * quote the complainant's name, address or subject. Each names the cases it is about in `staff_mail_cases`
 * (whatever its text says), which is how they are found, by the index on the case. One about this case alone goes
 * whole; a digest that lists other people's cases too loses only this case's items (staff-digest-lines.ts). The
 * case's anonymisation names them in its audit entry (`STAFF_MAIL_KEY`, `STAFF_LINES_KEY`), so that its seal
 * covers them once their text is gone (redaction-seal.repo.ts).
 */
export async function staffMailAbout(
  trx: Kysely<DB>,
  caseId: string,
  reference: string,
): Promise<StaffMailOfCase> {
  const rows = await r(trx)
    .selectFrom('staff_mail_cases as s')
    .innerJoin('correspondence as c', 'c.id', 's.correspondence_id')
    .select((eb) => [
      'c.id',
      'c.redacted',
      'c.text_body',
      eb
        .selectFrom('staff_mail_cases as t')
        .select((x) => x.fn.countAll().as('n'))
        .whereRef('t.correspondence_id', '=', 's.correspondence_id')
        .as('cases'),
    ])
    .where('s.case_id', '=', caseId)
    .orderBy('c.id')
    .execute();
  const out: StaffMailOfCase = { whole: [], shared: [] };
  for (const x of rows)
    if (Number(x.cases) <= 1) {
      if (x.redacted === 0) out.whole.push(x.id);
    } else if (x.text_body !== null && holdsLinesAbout(x.text_body, reference)) out.shared.push(x.id);
  return out;
}

/** The link to a case's page, as every staff e-mail about a case writes it (app/outbound-mail.ts `caseUrl`). */
const CASE_LINK = /\/cases\/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/gi;

/**
 * Gives staff e-mails that name no case in `staff_mail_cases` the cases their text links to, as the upgrade that
 * made the table did for the mail existing then (migration 202612071600). An instance of the older release still
 * running after that migration writes staff mail without those rows, and `staffMailAbout` would never find it: so
 * each retention run and erasure request calls this before it redacts anything. Only mail not yet redacted whose
 * text holds a link is read (a mail without one names no case that anything could find), and a link to no known
 * case is skipped. Returns how many e-mails were given their cases.
 */
export async function linkStaffMailByItsLinks(db: Kysely<DB>): Promise<number> {
  let linked = 0;
  for (let after = ''; ; ) {
    const page = await r(db)
      .selectFrom('correspondence as c')
      .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
      .select(['c.id', 'c.text_body'])
      .where('o.audience', '=', 'staff')
      .where('c.case_id', 'is', null)
      .where('c.redacted', '=', 0)
      .where('c.text_body', 'like', '%/cases/%')
      .where('c.id', '>', after)
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('staff_mail_cases as s')
              .select('s.case_id')
              .whereRef('s.correspondence_id', '=', 'c.id'),
          ),
        ),
      )
      .orderBy('c.id')
      .limit(CHUNK)
      .execute();
    const rows = page.flatMap((m) =>
      [...new Set([...(m.text_body ?? '').matchAll(CASE_LINK)].map((x) => x[1]!.toLowerCase()))].map(
        (caseId) => ({ correspondence_id: m.id, case_id: caseId }),
      ),
    );
    const ids = [...new Set(rows.map((x) => x.case_id))];
    const known = new Set(
      ids.length
        ? (await r(db).selectFrom('cases').select('id').where('id', 'in', ids).execute()).map((x) => x.id)
        : [],
    );
    const values = rows.filter((x) => known.has(x.case_id));
    if (values.length) {
      // Two instances may repair the same mail at once: the second finds the rows there.
      await r(db)
        .insertInto('staff_mail_cases')
        .values(values)
        .onConflict((oc) => oc.columns(['correspondence_id', 'case_id']).doNothing())
        .execute();
      linked += new Set(values.map((x) => x.correspondence_id)).size;
    }
    if (page.length < CHUNK) break;
    after = page[page.length - 1]!.id;
  }
  return linked;
}

/**
 * Replaces the items about the case `reference` in the digests `ids` by their marker, the other cases' items kept;
 * marks each row redacted (its text is no longer what was sealed when it was written). Returns, per digest, what
 * those items held before, for the anonymisation's entry.
 */
export async function redactStaffMailLines(
  trx: Kysely<DB>,
  ids: readonly string[],
  reference: string,
): Promise<{ id: string; before: string }[]> {
  const out: { id: string; before: string }[] = [];
  for (const id of ids) {
    const row = await r(trx)
      .selectFrom('correspondence')
      .select('text_body')
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row?.text_body) continue;
    out.push({ id, before: linesDigest(linesAbout(row.text_body, reference)) });
    await r(trx)
      .updateTable('correspondence')
      .set({ text_body: redactLinesAbout(row.text_body, reference), redacted: 1 })
      .where('id', '=', id)
      .execute();
  }
  return out;
}

/** The staff e-mails an anonymisation's audit entry names (as stored, its detail parsed); none when it names none. */
export function staffMailNamedIn(detail: unknown): string[] {
  if (detail === null || typeof detail !== 'object') return [];
  const list = (detail as Record<string, unknown>)[STAFF_MAIL_KEY];
  return Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string' && x !== '') : [];
}

/** The digests whose items an anonymisation's audit entry says it redacted, with what they held before. */
export function staffLinesNamedIn(detail: unknown): { id: string; before: string }[] {
  if (detail === null || typeof detail !== 'object') return [];
  const list = (detail as Record<string, unknown>)[STAFF_LINES_KEY];
  if (!Array.isArray(list)) return [];
  return list.flatMap((x: unknown) => {
    const o = x as { id?: unknown; before?: unknown } | null;
    return o && typeof o.id === 'string' && typeof o.before === 'string'
      ? [{ id: o.id, before: o.before }]
      : [];
  });
}

/**
 * The correspondence of a case (`correspondenceAnonymisedWith`: with its inbox items' messages and its suggestion's
 * e-mails to a department), redacted by `redactCorrespondence`. Mail still waiting to go is not sent any more.
 */
export async function redactCorrespondenceOfCase(
  trx: Kysely<DB>,
  caseId: string,
): Promise<CorrespondenceGone> {
  const rows = await r(trx)
    .selectFrom('correspondence')
    .select('id')
    .where(await correspondenceAnonymisedWith(trx, caseId))
    .execute();
  return redactCorrespondence(
    trx,
    rows.map((x) => x.id),
  );
}

/**
 * The correspondence of an inbox item on no case (its message, and anything else recorded for the item alone),
 * redacted by `redactCorrespondence`. Rows on a case are left to that case's retention.
 */
export async function redactCorrespondenceOfInboxItem(
  trx: Kysely<DB>,
  item: { id: string; correspondenceId: string },
): Promise<CorrespondenceGone> {
  const rows = await r(trx)
    .selectFrom('correspondence')
    .select('id')
    .where('case_id', 'is', null)
    .where((eb) => eb.or([eb('id', '=', item.correspondenceId), eb('inbox_item_id', '=', item.id)]))
    .execute();
  return redactCorrespondence(
    trx,
    rows.map((x) => x.id),
  );
}

/**
 * Redacts the correspondence rows `ids`: texts, addresses and readings replaced, the link to the original dropped
 * (the original is deleted by `deleteOrphanOriginals` once nothing refers to it), outbound items' postal address
 * and attachment list emptied, search entries removed. Mail still waiting to go is marked failed, so the outbox
 * leaves it. Returns the addresses and originals the rows named, for the caller to purge.
 */
export async function redactCorrespondence(
  trx: Kysely<DB>,
  ids: readonly string[],
): Promise<CorrespondenceGone> {
  const gone: CorrespondenceGone = { addresses: new Set(), originals: new Set(), items: 0 };
  for (const part of chunks([...new Set(ids)])) {
    const rows = await r(trx)
      .selectFrom('correspondence')
      .leftJoin('outbound_items as o', 'o.correspondence_id', 'correspondence.id')
      .select([
        'correspondence.id',
        'correspondence.from_address',
        'correspondence.to_address',
        'correspondence.original_sha256',
        'o.attachments',
      ])
      .where('correspondence.id', 'in', part)
      .execute();
    gone.items += rows.length;
    for (const c of rows) {
      for (const a of [c.from_address, c.to_address]) if (a) gone.addresses.add(a.trim().toLowerCase());
      if (c.original_sha256) gone.originals.add(c.original_sha256);
      if (c.attachments) {
        try {
          for (const a of JSON.parse(c.attachments) as { sha256?: unknown }[])
            if (typeof a?.sha256 === 'string') gone.originals.add(a.sha256);
        } catch {
          // An attachment list that no longer parses names nothing to delete.
        }
      }
    }
    await r(trx)
      .updateTable('correspondence')
      .set({
        subject: ANONYMISED,
        from_address: null,
        from_name: null,
        sender_address: null,
        to_address: null,
        reading: null,
        text_body: null,
        status_detail: null,
        original_sha256: null,
        // The person's mail server names itself in the Message-IDs it writes (`<…@mail.their-domain.de>`): theirs
        // go, on their messages and where our replies refer to them. Our own messages keep their Message-ID, by
        // which a later reply still finds its case.
        in_reply_to: null,
        carried_message_id: null,
        redacted: 1,
      })
      .where('id', 'in', part)
      .execute();
    await r(trx)
      .updateTable('correspondence')
      .set({ message_id: null })
      .where('id', 'in', part)
      .where('direction', '=', 'in')
      .execute();
    // Mail written but not sent has nowhere to go now; it is marked failed so the outbox leaves it.
    await trx
      .updateTable('correspondence')
      .set({ status: 'failed', next_attempt_at: null })
      .where('id', 'in', part)
      .where('status', '=', 'pending')
      .execute();
    await trx
      .updateTable('outbound_items')
      .set({ postal_address: null, attachments: '[]', references_header: null })
      .where('correspondence_id', 'in', part)
      .execute();
    await trx.deleteFrom('search_docs').where('source', 'in', part).execute();
  }
  return gone;
}

export interface InboxItemForRetention {
  id: string;
  correspondenceId: string;
  status: string;
  caseId: string | null;
  /** The sender's address, lower case, or null. */
  fromAddress: string | null;
  /** Its message was redacted already: nothing to do. */
  done: boolean;
}

/** The inbox item with its message's sender, locked until the transaction ends on PostgreSQL. */
export async function lockInboxItem(trx: Kysely<DB>, itemId: string): Promise<InboxItemForRetention | null> {
  const row = await r(trx)
    .selectFrom('inbox_items as i')
    .leftJoin('correspondence as c', 'c.id', 'i.correspondence_id')
    .select(['i.id', 'i.correspondence_id', 'i.status', 'i.case_id', 'c.from_address', 'c.redacted'])
    .where('i.id', '=', itemId)
    .$if(isPostgres(trx), (q) => q.forUpdate('i'))
    .executeTakeFirst();
  return row
    ? {
        id: row.id,
        correspondenceId: row.correspondence_id,
        status: row.status,
        caseId: row.case_id,
        fromAddress: row.from_address ? row.from_address.trim().toLowerCase() : null,
        done: row.redacted === 1,
      }
    : null;
}

/**
 * Deletes those of the originals `shas` that no correspondence and no outbound attachment refers to any more
 * (an original shared with a kept case, or with an inbox item, stays). Returns how many were deleted. The
 * attachment lists are read in one pass per call (they are JSON text, not indexed).
 */
export async function deleteOrphanOriginals(trx: Kysely<DB>, shas: Iterable<string>): Promise<number> {
  const used = new Set<string>();
  const all = [...new Set(shas)];
  for (const part of chunks(all)) {
    const rows = await trx
      .selectFrom('correspondence')
      .select('original_sha256')
      .where('original_sha256', 'in', part)
      .execute();
    for (const x of rows) if (x.original_sha256) used.add(x.original_sha256);
  }
  let left = all.filter((sha) => !used.has(sha));
  for (const part of chunks(left)) {
    const rows = await trx
      .selectFrom('outbound_items')
      .select('attachments')
      .where('attachments', '!=', '[]')
      .where((eb) => eb.or(part.map((sha) => eb('attachments', 'like', `%${sha}%`))))
      .execute();
    for (const x of rows) for (const sha of part) if (x.attachments.includes(sha)) used.add(sha);
  }
  left = left.filter((sha) => !used.has(sha));
  let deleted = 0;
  for (const part of chunks(left)) {
    const d = await trx.deleteFrom('originals').where('sha256', 'in', part).executeTakeFirst();
    // The bytes of a large original are in its chunks (originals.repo.ts).
    await trx.deleteFrom('original_chunks').where('sha256', 'in', part).execute();
    deleted += Number(d.numDeletedRows);
  }
  return deleted;
}

/**
 * The case's subject replaced, the register's copy of its events redacted as the events are, its search documents
 * and keys removed (the reference stays findable), marked.
 */
export async function markCaseAnonymised(trx: Kysely<DB>, caseId: string, at: string): Promise<void> {
  const kept = await r(trx)
    .selectFrom('cases')
    .select(REGISTER_COLUMNS)
    .where('id', '=', caseId)
    .executeTakeFirst();
  await r(trx)
    .updateTable('cases')
    .set({
      ...(kept ? (redactPersonal(kept) as typeof kept) : {}),
      subject: ANONYMISED,
      anonymised_at: at,
    })
    .where('id', '=', caseId)
    .execute();
  await trx.deleteFrom('search_docs').where('case_id', '=', caseId).execute();
  await trx.deleteFrom('case_keys').where('case_id', '=', caseId).where('kind', '!=', 'reference').execute();
}

/** Removes the automatic-mail counters of these addresses. */
export async function purgeCounters(trx: Kysely<DB>, addresses: Iterable<string>): Promise<void> {
  // The counters are keyed by the address with its role and hour (`to:…`, `from@09:…`): every key it can have.
  const keys = [...new Set([...addresses].filter(Boolean).flatMap(autoReplyCounterKeysOf))];
  for (const part of chunks(keys))
    await trx.deleteFrom('auto_reply_counts').where('sender', 'in', part).execute();
}

/** Redacts the personal fields of the audit entries about a target (its label and particulars; the chain stays). */
export async function redactAuditAbout(trx: Kysely<DB>, targetType: string, targetId: string): Promise<void> {
  const chain = withAuditChain(trx);
  const rows = await chain
    .selectFrom('audit_log')
    .select(['id', 'target_label', 'detail'])
    .where('target_type', '=', targetType)
    .where('target_id', '=', targetId)
    .where('redacted', '=', 0)
    .execute();
  for (const row of rows) {
    const label = row.target_label === null ? null : (redactPersonal(row.target_label) as string);
    const detail = parseAuditDetail(row.detail);
    await chain
      .updateTable('audit_log')
      .set({
        target_label: label,
        detail: detail === null ? null : JSON.stringify(redactPersonal(detail)),
        redacted: 1,
      })
      .where('id', '=', row.id)
      .execute();
  }
}

/** Replaces the reasons of the lifted legal holds on a target (holds in force stop retention before this). */
export async function redactLiftedHolds(trx: Kysely<DB>, scope: string, targetId: string): Promise<void> {
  await r(trx)
    .updateTable('legal_holds')
    .set({ reason: ANONYMISED, lift_reason: ANONYMISED })
    .where('scope', '=', scope)
    .where('target_id', '=', targetId)
    .where('lifted_at', 'is not', null)
    .execute();
}

/**
 * Whether the complainant's record is erased: anonymised, and no case of it kept since (a case reopened after its
 * anonymisation refers to the record again, which then holds what that case brings).
 */
export async function recordErased(db: Kysely<DB>, complainantId: string): Promise<boolean> {
  const row = await r(db)
    .selectFrom('complainants')
    .select('anonymised_at')
    .where('id', '=', complainantId)
    .executeTakeFirst();
  return !!row?.anonymised_at && !(await complainantHasKeptCase(db, complainantId));
}

/** Whether a case of the complainant is kept: not anonymised, or reopened since (it refers to the record). */
export async function complainantHasKeptCase(trx: Kysely<DB>, complainantId: string): Promise<boolean> {
  const row = await r(trx)
    .selectFrom('cases')
    .select('id')
    .where('complainant_id', '=', complainantId)
    .where((eb) =>
      eb.or([
        eb('anonymised_at', 'is', null),
        eb('status', '!=', 'closed'),
        eb('closed_at', '>', eb.ref('anonymised_at')),
      ]),
    )
    .limit(1)
    .executeTakeFirst();
  return !!row;
}

/**
 * The complainant's record and the records merged into it, with their e-mail: anonymised ones too, since a case
 * reopened after retention may have brought new details (redacting again changes only what is new). Records merged
 * into a record that was merged later are the person's too, however many merges ago: followed a step at a time.
 */
export async function complainantRecords(
  trx: Kysely<DB>,
  complainantId: string,
): Promise<{ id: string; email: string | null }[]> {
  const out = await r(trx)
    .selectFrom('complainants')
    .select(['id', 'email'])
    .where('id', '=', complainantId)
    .execute();
  const seen = new Set(out.map((x) => x.id));
  for (let next = [...seen]; next.length; ) {
    const found: { id: string; email: string | null }[] = [];
    for (const part of chunks(next))
      for (const x of await r(trx)
        .selectFrom('complainants')
        .select(['id', 'email'])
        .where('merged_into', 'in', part)
        .execute())
        if (!seen.has(x.id)) {
          seen.add(x.id);
          found.push(x);
        }
    out.push(...found);
    next = found.map((x) => x.id);
  }
  return out;
}

export async function markComplainantAnonymised(trx: Kysely<DB>, id: string, at: string): Promise<void> {
  await r(trx)
    .updateTable('complainants')
    .set({ name: null, email: null, email_key: null, phone: null, anonymised_at: at })
    .where('id', '=', id)
    .execute();
}

/**
 * Complainants left behind: every case of theirs is anonymised but the record is not (a hold on the complainant
 * was lifted after their cases went, or a run stopped between). At most `limit`.
 */
export async function complainantsWithOnlyAnonymisedCases(db: Kysely<DB>, limit = 1000): Promise<string[]> {
  const rows = await r(db)
    .selectFrom('complainants as p')
    .select('p.id')
    .where('p.anonymised_at', 'is', null)
    .where('p.merged_into', 'is', null)
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('cases as c').select('c.id').whereRef('c.complainant_id', '=', 'p.id')),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('cases as c')
            .select('c.id')
            .whereRef('c.complainant_id', '=', 'p.id')
            .where((eb) =>
              eb.or([
                eb('c.anonymised_at', 'is', null),
                eb('c.status', '!=', 'closed'),
                eb('c.closed_at', '>', eb.ref('c.anonymised_at')),
              ]),
            ),
        ),
      ),
    )
    .limit(limit)
    .execute();
  return rows.map((x) => x.id);
}

/**
 * SQLite keeps deleted text in free pages until they are reused: `secure_delete` zeroes what the run deletes (the
 * full-text index forgets deleted words at once: migration 202612050132). PostgreSQL: VACUUM (README).
 */
export async function secureDelete<T>(db: Kysely<DB>, fn: () => Promise<T>): Promise<T> {
  if (isPostgres(db)) return fn();
  const before = await sql<{ secure_delete: number }>`pragma secure_delete`.execute(db);
  const was = Number(before.rows[0]?.secure_delete ?? 0);
  await sql`pragma secure_delete = on`.execute(db);
  try {
    return await fn();
  } finally {
    await sql.raw(`pragma secure_delete = ${was ? 'on' : 'off'}`).execute(db);
  }
}
