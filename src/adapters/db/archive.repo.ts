// Reads for the archive's checks and exports: the streams and their recorded heads, outbound items with everything
// that was recorded to be sent, a page at a time (verification), the case a dossier or a legal hold names, and a
// case's correspondence in full (the dossier). What is checked, and what a finding means, stays with the use cases.
import { type Kysely, sql } from 'kysely';
import type { OutboundContent } from '../../core/archive/outbound-digest.ts';
import { addressForms, addressKey } from '../../core/intake/addresses.ts';
import {
  addressLookup,
  EXPORTED_CORRESPONDENCE_COLUMNS,
  type ExportedCorrespondenceRow,
  holdsAddress,
} from './complainants.repo.ts';
import { holdsInForce, type LegalHold } from './legal-holds.repo.ts';
import { correspondenceAnonymisedWith } from './retention.repo.ts';
import type { DB } from './schema.ts';

/**
 * The head every stream's row records (its count of events and the hash of its last): a page of at most `limit`
 * streams after `after` in their order. Verification reads each page inside its own snapshot (read-snapshot.ts), with
 * the events and rows it checks them against.
 */
export async function streamHeadPage(
  db: Kysely<DB>,
  after: string,
  limit: number,
): Promise<{ stream: string; version: number; headHash: string | null }[]> {
  const rows = await db
    .selectFrom('streams')
    .select(['stream', 'version', 'head_hash'])
    .where('stream', '>', after)
    .orderBy('stream')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ stream: r.stream, version: r.version, headHash: r.head_hash }));
}

/** The heads the rows of these streams record (a stream without a head row is absent). */
export async function streamHeadsOf(
  db: Kysely<DB>,
  streams: readonly string[],
): Promise<Map<string, { version: number; headHash: string | null }>> {
  const out = new Map<string, { version: number; headHash: string | null }>();
  for (let i = 0; i < streams.length; i += 400) {
    const rows = await db
      .selectFrom('streams')
      .select(['stream', 'version', 'head_hash'])
      .where('stream', 'in', streams.slice(i, i + 400))
      .execute();
    for (const r of rows) out.set(r.stream, { version: r.version, headHash: r.head_hash });
  }
  return out;
}

/**
 * The hash of the event at each of these places (`stream` and `seq`), where there is one: what a head kept outside the
 * database is checked against (core/archive/kept-heads.ts). Keyed `stream seq`.
 */
export async function eventHashesAt(
  db: Kysely<DB>,
  places: readonly { stream: string; seq: number }[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  // A hundred places per query: each is a term of one OR, and SQLite limits how deep an expression may nest.
  for (let i = 0; i < places.length; i += 100) {
    const part = places.slice(i, i + 100);
    const rows = await db
      .selectFrom('events')
      .select(['stream', 'seq', 'hash'])
      .where((eb) => eb.or(part.map((p) => eb.and([eb('stream', '=', p.stream), eb('seq', '=', p.seq)]))))
      .execute();
    for (const r of rows) out.set(`${r.stream} ${r.seq}`, r.hash);
  }
  return out;
}

/**
 * Case rows with no stream, neither a head nor an event (added by hand, or whose events were deleted with their head):
 * at most `limit` of them, after the id `after`.
 */
export async function casesWithoutStreamPage(
  db: Kysely<DB>,
  after: string,
  limit: number,
): Promise<{ id: string; reference: string }[]> {
  return db
    .selectFrom('cases as k')
    .select(['k.id', 'k.reference'])
    .where('k.id', '>', after)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('streams as s')
            .select('s.stream')
            .whereRef('s.stream', '=', sql<string>`${sql.lit('case:')} || ${sql.ref('k.id')}`),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('events as e')
            .select('e.id')
            .whereRef('e.stream', '=', sql<string>`${sql.lit('case:')} || ${sql.ref('k.id')}`),
        ),
      ),
    )
    .orderBy('k.id')
    .limit(limit)
    .execute();
}

/** Every reference counter: the prefix, the year and the highest number given out (or reserved, on PostgreSQL). */
export async function referenceCounters(
  db: Kysely<DB>,
): Promise<{ prefix: string; year: number; value: number }[]> {
  return db
    .selectFrom('counters')
    .select(['prefix', 'year', 'value'])
    .orderBy('prefix')
    .orderBy('year')
    .execute();
}

/**
 * The references `prefix-year-…` of the cases, in their order as text, at most `limit` after the reference `after`
 * (empty: from the first).
 */
export async function referencesPage(
  db: Kysely<DB>,
  prefix: string,
  year: number,
  after: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('reference')
    .where('reference', '>', after || `${prefix}-${year}-`)
    .where('reference', '<', `${prefix}-${year}-:`)
    .orderBy('reference')
    .limit(limit)
    .execute();
  return rows.map((r) => r.reference);
}

/**
 * Of the numbers from `from` to `to`, those neither given to a case nor waiting in the pool of reserved numbers
 * (PostgreSQL): read the pool first, then the cases, so that a case committed meanwhile, which takes its number out
 * of the pool in the same commit, is seen in the second read if it is gone from the first.
 */
export async function numbersNotGiven(
  db: Kysely<DB>,
  engine: 'sqlite' | 'postgres',
  prefix: string,
  year: number,
  from: number,
  to: number,
): Promise<number[]> {
  const pooled = new Set<number>();
  if (engine === 'postgres') {
    const rows = await sql<{
      value: number;
    }>`select "value" from "reference_pool" where "prefix" = ${prefix} and "year" = ${year} and "value" between ${from} and ${to}`.execute(
      db,
    );
    for (const r of rows.rows) pooled.add(Number(r.value));
  }
  const given = new Set<string>(
    (
      await db
        .selectFrom('cases')
        .select('reference')
        .where('reference', '>=', `${prefix}-${year}-${String(from).padStart(6, '0')}`)
        .where('reference', '<=', `${prefix}-${year}-${String(to).padStart(6, '0')}`)
        .execute()
    ).map((r) => r.reference),
  );
  const out: number[] = [];
  for (let n = from; n <= to; n++)
    if (!pooled.has(n) && !given.has(`${prefix}-${year}-${String(n).padStart(6, '0')}`)) out.push(n);
  return out;
}

/**
 * Streams that hold events but have no head row: a page of at most `limit` after `after` in their order. Read apart
 * from the heads: a stream whose head row was deleted still has its events, and verification must find them.
 */
export async function streamsWithoutHeadPage(
  db: Kysely<DB>,
  after: string,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('events as e')
    .select('e.stream')
    .distinct()
    .where('e.stream', '>', after)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('streams as s').select('s.stream').whereRef('s.stream', '=', 'e.stream'))),
    )
    .orderBy('e.stream')
    .limit(limit)
    .execute();
  return rows.map((r) => r.stream);
}

/** The id of the case with this reference, or with this id, or null. */
export async function caseIdOfReferenceOrId(db: Kysely<DB>, refOrId: string): Promise<string | null> {
  const row = await db
    .selectFrom('cases')
    .select('id')
    .where((eb) => eb.or([eb('reference', '=', refOrId), eb('id', '=', refOrId)]))
    .executeTakeFirst();
  return row?.id ?? null;
}

export interface RecordedOutbound extends OutboundContent {
  id: string;
  caseId: string | null;
  status: string;
  at: string;
  purpose: string;
  contentSha256: string | null;
  /**
   * Retention replaced its personal fields (its case was anonymised): what it holds is what redaction wrote, no
   * longer what its digest was taken of.
   */
  redacted: boolean;
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
      'c.redacted',
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
    redacted: Number(r.redacted) === 1,
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

/** One outbound item as verify reads it (null: no such item). */
export async function recordedOutboundById(db: Kysely<DB>, id: string): Promise<RecordedOutbound | null> {
  const row = await outboundQuery(db).where('c.id', '=', id).executeTakeFirst();
  return row ? toRecorded(row) : null;
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

export interface RetentionCaseRow {
  id: string;
  reference: string;
  status: string;
  closedAt: string | null;
  complainantId: string;
  links: string[];
}

const CHUNK = 500;
function chunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += CHUNK) out.push(items.slice(i, i + CHUNK));
  return out;
}

function retentionSelect(db: Kysely<DB>) {
  return db
    .selectFrom('cases')
    .select([
      'id',
      'reference',
      'status',
      'closed_at',
      'complainant_id',
      'step1_case_id',
      'step2_case_id',
      'merged_into',
    ]);
}

function toRetentionRow(r: {
  id: string;
  reference: string;
  status: string;
  closed_at: string | null;
  complainant_id: string;
  step1_case_id: string | null;
  step2_case_id: string | null;
  merged_into: string | null;
}): RetentionCaseRow {
  return {
    id: r.id,
    reference: r.reference,
    status: r.status,
    closedAt: r.closed_at,
    complainantId: r.complainant_id,
    links: [r.step1_case_id, r.step2_case_id, r.merged_into].filter((x): x is string => !!x),
  };
}

/** Closed cases that closed before `before` (an instant): the candidates of a retention run. */
export async function closedCasesBefore(db: Kysely<DB>, before: string): Promise<RetentionCaseRow[]> {
  const rows = await retentionSelect(db)
    .where('status', '=', 'closed')
    .where('closed_at', 'is not', null)
    .where('closed_at', '<', before)
    .execute();
  return rows.map(toRetentionRow);
}

/** The cases linked to `ids` either way (step 1 / step 2, merged into), in chunks. */
export async function casesLinkedTo(db: Kysely<DB>, ids: readonly string[]): Promise<RetentionCaseRow[]> {
  const out: RetentionCaseRow[] = [];
  for (const part of chunks(ids)) {
    const rows = await retentionSelect(db)
      .where((eb) =>
        eb.or([
          eb('id', 'in', part),
          eb('step1_case_id', 'in', part),
          eb('step2_case_id', 'in', part),
          eb('merged_into', 'in', part),
        ]),
      )
      .execute();
    out.push(...rows.map(toRetentionRow));
  }
  return out;
}

/**
 * The correspondence anonymising each of the cases `ids` would redact (their originals): the rows retention chooses
 * (`correspondenceAnonymisedWith`: the case's own, its inbox items' messages, its suggestion's e-mails to a
 * department), so that a dry run counts what a run does. A case at a time: the choice reads the case's events.
 */
export async function correspondenceOfCases(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<{ caseId: string; originalSha256: string | null }[]> {
  const out: { caseId: string; originalSha256: string | null }[] = [];
  for (const caseId of ids) {
    const rows = await db
      .selectFrom('correspondence')
      .select('original_sha256')
      .where(await correspondenceAnonymisedWith(db, caseId))
      .execute();
    for (const r of rows) out.push({ caseId, originalSha256: r.original_sha256 });
  }
  return out;
}

/** Of the originals `shas`, those that correspondence outside the cases `leaving` still refers to. */
export async function originalsHeldElsewhere(
  db: Kysely<DB>,
  shas: readonly string[],
  leaving: ReadonlySet<string>,
): Promise<Set<string>> {
  const held = new Set<string>();
  for (const part of chunks(shas)) {
    const rows = await db
      .selectFrom('correspondence')
      .select(['original_sha256', 'case_id'])
      .where('original_sha256', 'in', part)
      .execute();
    for (const r of rows) if (r.case_id === null || !leaving.has(r.case_id)) held.add(r.original_sha256!);
  }
  return held;
}

/** Of the complainants `ids`, those with a case outside `leaving`. */
export async function complainantsWithOtherCases(
  db: Kysely<DB>,
  ids: readonly string[],
  leaving: ReadonlySet<string>,
): Promise<Set<string>> {
  const kept = new Set<string>();
  for (const part of chunks(ids)) {
    const rows = await db
      .selectFrom('cases')
      .select(['id', 'complainant_id'])
      .where('complainant_id', 'in', part)
      .execute();
    for (const r of rows) if (!leaving.has(r.id)) kept.add(r.complainant_id);
  }
  return kept;
}

export interface InboxItemOnNoCase {
  id: string;
  correspondenceId: string;
  status: string;
  reason: string;
  kind: string;
  receivedAt: string;
  handledAt: string | null;
  /** The sender's address, lower case, or null. */
  fromAddress: string | null;
  originalSha256: string | null;
}

function inboxOnNoCase(db: Kysely<DB>) {
  return db
    .selectFrom('inbox_items as i')
    .innerJoin('correspondence as c', 'c.id', 'i.correspondence_id')
    .select([
      'i.id',
      'i.correspondence_id',
      'i.status',
      'i.reason',
      'i.kind',
      'i.received_at',
      'i.handled_at',
      'c.from_address',
      'c.original_sha256',
    ])
    .where('i.case_id', 'is', null)
    .where('c.redacted', '=', 0);
}

function toInboxRow(r: {
  id: string;
  correspondence_id: string;
  status: string;
  reason: string;
  kind: string;
  received_at: string;
  handled_at: string | null;
  from_address: string | null;
  original_sha256: string | null;
}): InboxItemOnNoCase {
  return {
    id: r.id,
    correspondenceId: r.correspondence_id,
    status: r.status,
    reason: r.reason,
    kind: r.kind,
    receivedAt: r.received_at,
    handledAt: r.handled_at,
    fromAddress: r.from_address ? r.from_address.trim().toLowerCase() : null,
    originalSha256: r.original_sha256,
  };
}

/**
 * Inbox items on no case, handled (not `open`) before `before` (an instant), whose message is not redacted yet:
 * the inbox candidates of a retention run, oldest handled first, at most `limit`.
 */
export async function handledInboxItemsBefore(
  db: Kysely<DB>,
  before: string,
  limit = 100_000,
): Promise<InboxItemOnNoCase[]> {
  const rows = await inboxOnNoCase(db)
    .where('i.status', '!=', 'open')
    .where('i.handled_at', 'is not', null)
    .where('i.handled_at', '<', before)
    .orderBy('i.handled_at')
    .orderBy('i.id')
    .limit(limit)
    .execute();
  return rows.map(toInboxRow);
}

/**
 * Inbox items on no case whose message came from one of `addresses` (compared in lower case, with the domain in
 * either of its forms: addresses.ts addressForms), oldest first.
 */
export async function inboxItemsFromAddresses(
  db: Kysely<DB>,
  addresses: readonly string[],
): Promise<InboxItemOnNoCase[]> {
  const wanted = [...new Set(addresses.flatMap(addressForms))];
  const out: InboxItemOnNoCase[] = [];
  for (const part of chunks(wanted)) {
    const rows = await inboxOnNoCase(db)
      .where((eb) => eb(eb.fn('lower', ['c.from_address']), 'in', part))
      .execute();
    out.push(...rows.map(toInboxRow));
  }
  return out.sort((a, b) => (a.receivedAt < b.receivedAt ? -1 : a.receivedAt > b.receivedAt ? 1 : 0));
}

/**
 * The complainant records that hold each of `addresses` (by each address as given; compared by addresses.ts
 * addressKey, so however its domain and letter case are written), with the records they were merged into: a legal
 * hold on any of them is a hold on the person who wrote from that address.
 */
export async function complainantsOfAddresses(
  db: Kysely<DB>,
  addresses: readonly string[],
): Promise<Map<string, string[]>> {
  const byKey = new Map<string, string[]>();
  for (const a of new Set(addresses)) {
    const key = addressKey(a);
    if (key !== null) byKey.set(key, [...(byKey.get(key) ?? []), a]);
  }
  const found = new Map<string, string[]>();
  for (const part of chunks([...byKey.keys()])) {
    // A record an older instance registered without a key is found by its address as written (complainants.repo.ts).
    const rows = await db
      .selectFrom('complainants')
      .select(['id', 'email_key', 'email', 'merged_into'])
      .where((eb) => holdsAddress(eb, addressLookup(part)))
      .execute();
    for (const r of rows) {
      const key = r.email_key ?? addressKey(r.email);
      if (key === null) continue;
      const ids = found.get(key) ?? [];
      ids.push(r.id);
      if (r.merged_into) ids.push(r.merged_into);
      found.set(key, ids);
    }
  }
  const out = new Map<string, string[]>();
  for (const [key, ids] of found) for (const a of byKey.get(key) ?? []) out.set(a, ids);
  return out;
}

/**
 * The legal hold in force on the complainant who holds each address (lower case), if any: an inbox item from that
 * address is kept as their cases are.
 */
export async function holdsOnSenders(
  db: Kysely<DB>,
  addresses: readonly (string | null)[],
): Promise<Map<string, LegalHold>> {
  const owners = await complainantsOfAddresses(
    db,
    addresses.filter((a): a is string => !!a),
  );
  const held = new Map<string, LegalHold>();
  for (const h of await holdsInForce(db, 'complainant', [...new Set([...owners.values()].flat())]))
    if (!held.has(h.targetId)) held.set(h.targetId, h);
  const out = new Map<string, LegalHold>();
  for (const [address, ids] of owners) {
    const h = ids.map((id) => held.get(id)).find((x) => x);
    if (h) out.set(address, h);
  }
  return out;
}

/** The correspondence rows `ids`, as a complainant's export lists them (with their original's size and type). */
export async function correspondenceByIds(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<ExportedCorrespondenceRow[]> {
  const out: ExportedCorrespondenceRow[] = [];
  for (const part of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('correspondence')
      .leftJoin('originals', 'originals.sha256', 'correspondence.original_sha256')
      .select(EXPORTED_CORRESPONDENCE_COLUMNS)
      .where('correspondence.id', 'in', part)
      .execute();
    out.push(...rows);
  }
  return out.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

/** The stored state of each of `streams` that has a head row (JSON as stored). */
export async function storedStates(db: Kysely<DB>, streams: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const part of chunks(streams)) {
    const rows = await db
      .selectFrom('streams')
      .select(['stream', 'state'])
      .where('stream', 'in', part)
      .execute();
    for (const r of rows) out.set(r.stream, r.state);
  }
  return out;
}

/** The `cases` rows of `ids`, every column as stored. */
export async function caseRowsByIds(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<Map<string, Record<string, unknown>>> {
  const out = new Map<string, Record<string, unknown>>();
  for (const part of chunks(ids)) {
    const rows = await db.selectFrom('cases').selectAll().where('id', 'in', part).execute();
    for (const r of rows) out.set(r.id, r as Record<string, unknown>);
  }
  return out;
}
