// What the complainant's page and their export read beside the event streams (src/app/complainant-page.ts,
// src/app/export-complainant.ts, P6.3): the cases of a person's records, the name of the record theirs was merged
// into, another record found by e-mail address or case reference, and every piece of their correspondence with
// its original's size and type. A fixed number of queries whatever the number of cases. Also how every lookup of a
// complainant by address is written (addressLookup, holdsAddress, addressLookupStatement), and the groups of records
// that share an address key, for staff to merge (sharedAddressGroups).
import { type ExpressionBuilder, sql } from 'kysely';
import { addressForms, addressKey } from '../../core/intake/addresses.ts';
import { byInstantThenId } from '../../core/text/order.ts';
import type { Database, Db } from './database.ts';
import type { FillOptions } from './migration-fills.ts';
import type { DB } from './schema.ts';

export interface ComplainantCaseRow {
  id: string;
  reference: string;
  kind: string;
  step: number | null;
  /** Where a suggestion was sent: who may read the case depends on it (canRead). */
  department: string | null;
  status: string;
  subject: string;
  receivedAt: string;
  answerByDate: string | null;
  outcome: string | null;
}

/** The cases of these complainant records, newest first, at most `limit`. */
export function casesOfComplainants(
  db: Db,
  complainantIds: readonly string[],
  limit: number,
): Promise<ComplainantCaseRow[]> {
  return db
    .selectFrom('cases')
    .select([
      'id',
      'reference',
      'kind',
      'step',
      'department',
      'status',
      'subject',
      'received_at as receivedAt',
      'answer_by_date as answerByDate',
      'outcome',
    ])
    .where('complainant_id', 'in', [...complainantIds])
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}

/** A complainant record's id and name, or undefined. */
export function complainantNamed(
  db: Db,
  id: string,
): Promise<{ id: string; name: string | null } | undefined> {
  return db.selectFrom('complainants').select(['id', 'name']).where('id', '=', id).executeTakeFirst();
}

// Records without a key. During a rolling upgrade (docs/deploy.md) an instance of an older release still runs
// beside the newer ones and registers complainants without `email_key` (it does not know the column), after the
// migration's fill has run. A lookup by the key alone would not find such a record, and the person's next message
// would make a second one. So every lookup by address also asks for the records without a key whose address, as
// written, is one of the forms the address may have been written in (addresses.ts addressForms: the older code
// kept it trimmed, lower case, the domain as the person wrote it): the index on `email` serves that half, the index
// on `email_key` the other, so a lookup reads a handful of index entries however large the table. The intake gives
// such a record its key as it finds it (fillAddressKeys), in the transaction that files the message. Chosen over a
// periodic fill alone, which would leave the person's next message, until the fill comes round, to make the very
// second record it is there to prevent.

/** The keys of these addresses, and the forms a record without a key may hold them in. */
export function addressLookup(addresses: readonly (string | null | undefined)[]): {
  keys: string[];
  forms: string[];
} {
  const keys = new Set<string>();
  const forms = new Set<string>();
  for (const a of addresses) {
    const key = addressKey(a);
    if (key === null) continue;
    keys.add(key);
    for (const f of addressForms(a)) forms.add(f);
  }
  return { keys: [...keys], forms: [...forms] };
}

/**
 * "Has no key", written so that no index is used for it: the records without a key are looked up by their address
 * (the index on `email`), never by reading every record without a key (all those without an address too: letters
 * with a postal address only, anonymised records). Without statistics SQLite's planner would take either index.
 */
const NO_KEY = '("email_key" || \'\') is null';

/** The records that hold one of these addresses: by their key, or without a key by their address as written. */
export function holdsAddress(
  eb: ExpressionBuilder<DB, 'complainants'>,
  lookup: { keys: readonly string[]; forms: readonly string[] },
) {
  return eb.or([
    eb('complainants.email_key', 'in', [...lookup.keys]),
    eb.and([eb('complainants.email', 'in', [...lookup.forms]), sql<boolean>`${sql.raw(NO_KEY)}`]),
  ]);
}

/**
 * The statement the intake finds a complainant by (Aggregates.complainantIdByEmail, on the hot path, so written out
 * once as text): the oldest record of this address, by its key or, without a key, by its address as written; with
 * its key (null: it has none yet) and its address. Each half of the union is served by its own index. Null when
 * there is no address.
 */
export function addressLookupStatement(
  address: string,
): { key: string; text: string; params: string[] } | null {
  const key = addressKey(address);
  if (key === null) return null;
  const forms = addressForms(address);
  return {
    key,
    text: `select "id", "merged_into", "email_key", "email", "created_at" from "complainants" where "email_key" = ? union all select "id", "merged_into", "email_key", "email", "created_at" from "complainants" where "email" in (${forms.map(() => '?').join(', ')}) and ${NO_KEY} order by "created_at", "id" limit 1`,
    params: [key, ...forms],
  };
}

/**
 * Gives records found without a key (written by an older instance) their key, in the caller's transaction. Only
 * where the key is still missing: another instance may have given it meanwhile, the same.
 */
export async function fillAddressKeys(
  db: Db,
  rows: readonly { id: string; email: string | null; email_key: string | null }[],
): Promise<void> {
  for (const r of rows) {
    if (r.email_key !== null || r.email === null) continue;
    const key = addressKey(r.email);
    if (key === null) continue;
    await db
      .updateTable('complainants')
      .set({ email_key: key })
      .where('id', '=', r.id)
      .where('email_key', 'is', null)
      .execute();
  }
}

/**
 * The oldest record not merged into another that holds this e-mail address, however its domain is written
 * (compared by addressKey; a record without a key by its address as written), or null; `except`: other than this
 * record (the one a merge keeps).
 */
export async function complainantIdByEmail(db: Db, email: string, except?: string): Promise<string | null> {
  const lookup = addressLookup([email]);
  if (!lookup.keys.length) return null;
  let q = db
    .selectFrom('complainants')
    .select('id')
    .where((eb) => holdsAddress(eb, lookup))
    .where('merged_into', 'is', null);
  if (except) q = q.where('id', '!=', except);
  const row = await q.orderBy('created_at').orderBy('id').executeTakeFirst();
  return row?.id ?? null;
}

/**
 * The other records not merged into another that hold this record's address however it is written (addressKey;
 * a record without a key by its address as written), oldest first: the same person registered twice before
 * addresses were compared by their key, or by an older instance during an upgrade, for staff to merge.
 */
export function otherRecordsWithAddress(
  db: Db,
  id: string,
  email: string | null,
): Promise<{ id: string; name: string | null }[]> {
  const lookup = addressLookup([email]);
  if (!lookup.keys.length) return Promise.resolve([]);
  return db
    .selectFrom('complainants')
    .select(['id', 'name'])
    .where((eb) => holdsAddress(eb, lookup))
    .where('merged_into', 'is', null)
    .where('id', '!=', id)
    .orderBy('created_at')
    .orderBy('id')
    .limit(20)
    .execute();
}

/** The complainant record of the case with this reference (compared as given), or null. */
export async function complainantIdOfReference(db: Db, reference: string): Promise<string | null> {
  const row = await db
    .selectFrom('cases')
    .select('complainant_id')
    .where('reference', '=', reference)
    .executeTakeFirst();
  return row?.complainant_id ?? null;
}

export interface ExportedCorrespondenceRow {
  id: string;
  case_id: string | null;
  direction: string;
  channel: string;
  subject: string;
  from_address: string | null;
  to_address: string | null;
  at: string;
  original_sha256: string | null;
  size: number | null;
  content_type: string | null;
}

/**
 * The columns of an exported correspondence row (ExportedCorrespondenceRow), joined with its original. Not its
 * text: an export lists every piece first and reads the texts a few at a time as it writes them
 * (correspondenceTexts), since a person may have thousands of messages of up to 200,000 characters each.
 */
export const EXPORTED_CORRESPONDENCE_COLUMNS = [
  'correspondence.id',
  'correspondence.case_id',
  'correspondence.direction',
  'correspondence.channel',
  'correspondence.subject',
  'correspondence.from_address',
  'correspondence.to_address',
  'correspondence.at',
  'correspondence.original_sha256',
  'originals.size',
  'originals.content_type',
] as const;

/** Ids per statement: well under either engine's limit of bound values. */
const CHUNK = 500;

/** Every piece of correspondence of these cases in time order, with its original's size and type. */
export async function correspondenceOfCases(
  db: Db,
  caseIds: readonly string[],
): Promise<ExportedCorrespondenceRow[]> {
  const out: ExportedCorrespondenceRow[] = [];
  for (let i = 0; i < caseIds.length; i += CHUNK)
    out.push(
      ...(await db
        .selectFrom('correspondence')
        .leftJoin('originals', 'originals.sha256', 'correspondence.original_sha256')
        .select(EXPORTED_CORRESPONDENCE_COLUMNS)
        .where('correspondence.case_id', 'in', caseIds.slice(i, i + CHUNK))
        .execute()),
    );
  return out.sort(byInstantThenId((r) => r.at));
}

/** The texts of these pieces of correspondence, by id (read a few at a time by an export). */
export async function correspondenceTexts(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('correspondence')
      .select(['id', 'text_body'])
      .where('id', 'in', ids.slice(i, i + CHUNK))
      .execute();
    for (const r of rows) out.set(r.id, r.text_body);
  }
  return out;
}

/**
 * Of the inbound correspondence on these cases, what came from someone else: messages that waited in the triage
 * inbox (a stranger quoting a reference, a reply from another address) and that staff filed on the case, whose
 * sender is none of `addresses` (the person's, lower case). Their text, address and original are that other
 * person's: a copy of the person's data does not hand them over (P6.3). A message from no address stays theirs.
 */
export async function inboundFromOthersOnCases(
  db: Db,
  caseIds: readonly string[],
  addresses: readonly string[],
): Promise<Set<string>> {
  const mine = new Set(addresses.flatMap(addressForms));
  const out = new Set<string>();
  for (let i = 0; i < caseIds.length; i += CHUNK) {
    const rows = await db
      .selectFrom('correspondence as c')
      .innerJoin('inbox_items as i', (j) =>
        j.onRef('i.correspondence_id', '=', 'c.id').onRef('i.case_id', '=', 'c.case_id'),
      )
      .select(['c.id', 'c.sender_address', 'c.from_address'])
      .where('c.case_id', 'in', caseIds.slice(i, i + CHUNK))
      .where('c.direction', '=', 'in')
      .execute();
    for (const r of rows) {
      const sender = r.sender_address ?? r.from_address;
      if (sender && !addressForms(sender).some((f) => mine.has(f))) out.add(r.id);
    }
  }
  return out;
}

/**
 * Messages the person sent (from any of `addresses`) that staff filed on a case not theirs (`ownCaseIds`): theirs
 * all the same, in time order, with their original's size and type.
 */
export async function inboundOnOthersCases(
  db: Db,
  addresses: readonly string[],
  ownCaseIds: readonly string[],
): Promise<ExportedCorrespondenceRow[]> {
  const forms = [...new Set(addresses.flatMap(addressForms))];
  const own = new Set(ownCaseIds);
  const out: ExportedCorrespondenceRow[] = [];
  for (let i = 0; i < forms.length; i += CHUNK) {
    const part = forms.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('correspondence')
      .leftJoin('originals', 'originals.sha256', 'correspondence.original_sha256')
      .select(EXPORTED_CORRESPONDENCE_COLUMNS)
      .where('correspondence.direction', '=', 'in')
      .where('correspondence.case_id', 'is not', null)
      .where((eb) =>
        eb.or([
          eb('correspondence.sender_address', 'in', part),
          eb(eb.fn('lower', ['correspondence.from_address']), 'in', part),
        ]),
      )
      .execute();
    for (const r of rows)
      if (r.case_id && !own.has(r.case_id) && !out.some((o) => o.id === r.id)) out.push(r);
  }
  return out.sort(byInstantThenId((r) => r.at));
}

/** The rows per transaction when existing rows get their address key. */
const KEY_PIECE = { sqlite: 5000, postgres: 2000 } as const;

/**
 * The fill of migration 202612061900: the `email_key` (addressKey of its address) of every complainant record
 * the migration could not give one, and the case search's exact e-mail keys rewritten to the same key. A fill cut
 * short is simply run again: it goes on with the records still without a key, and a key's key is itself. It merges nothing: records whose addresses now share a key stay apart, for
 * staff to merge (sharedAddressKeys lists them).
 */
export async function fillComplainantAddressKeys(
  database: Database,
  options: FillOptions = {},
): Promise<number> {
  const piece = options.piece ?? KEY_PIECE[database.engine];
  let read = 0;
  let after = '';
  for (;;) {
    // The migration gave every address of printable ASCII its key (itself): the others are left.
    const rows = await database.db
      .selectFrom('complainants')
      .select(['id', 'email'])
      .where('email', 'is not', null)
      .where('email_key', 'is', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(piece)
      .execute();
    if (!rows.length) break;
    await database.transaction(async (trx) => {
      for (const r of rows)
        await trx
          .updateTable('complainants')
          .set({ email_key: addressKey(r.email) })
          .where('id', '=', r.id)
          .execute();
    });
    read += rows.length;
    after = rows[rows.length - 1]!.id;
    await options.afterPiece?.(read);
    if (rows.length < piece) break;
  }
  // The case search's e-mail keys, walked by (case, value): a key rewritten may be met again, and is then its own.
  let afterCase = '';
  let afterValue = '';
  for (;;) {
    const rows = await database.db
      .selectFrom('case_keys')
      .select(['case_id', 'value'])
      .where('kind', '=', 'email')
      .where((eb) =>
        eb.or([
          eb('case_id', '>', afterCase),
          eb.and([eb('case_id', '=', afterCase), eb('value', '>', afterValue)]),
        ]),
      )
      .orderBy('case_id')
      .orderBy('value')
      .limit(piece)
      .execute();
    if (!rows.length) break;
    const changed = rows.flatMap((r) => {
      const key = addressKey(r.value);
      return key !== null && key !== r.value ? [{ ...r, key }] : [];
    });
    if (changed.length)
      await database.transaction(async (trx) => {
        for (const r of changed) {
          await trx
            .insertInto('case_keys')
            .values({ case_id: r.case_id, kind: 'email', value: r.key })
            .onConflict((oc) => oc.doNothing())
            .execute();
          await trx
            .deleteFrom('case_keys')
            .where('case_id', '=', r.case_id)
            .where('kind', '=', 'email')
            .where('value', '=', r.value)
            .execute();
        }
      });
    read += rows.length;
    afterCase = rows[rows.length - 1]!.case_id;
    afterValue = rows[rows.length - 1]!.value;
    await options.afterPiece?.(read);
    if (rows.length < piece) break;
  }
  return read;
}

/**
 * Records not merged into another that share an address key with another such record, grouped by key (oldest
 * first): the same person registered twice before addresses were compared by their key (the domain written once
 * in Unicode, once in ASCII). Nothing merges them by itself: staff merge them on the complainant page.
 */
export async function sharedAddressKeys(db: Db): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('complainants')
    .select(['id', 'email_key'])
    .where('merged_into', 'is', null)
    .where('email_key', 'in', (eb) =>
      eb
        .selectFrom('complainants')
        .select('email_key')
        .where('merged_into', 'is', null)
        .where('email_key', 'is not', null)
        .groupBy('email_key')
        .having((h) => h.fn.countAll(), '>', 1),
    )
    .orderBy('email_key')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.email_key!, [...(out.get(r.email_key!) ?? []), r.id]);
  return out;
}

/** A record of a group that shares an address key (sharedAddressGroups). */
export interface SharedAddressRecord {
  id: string;
  name: string | null;
  /** The address as the record holds it (the person wrote it so). */
  email: string | null;
  createdAt: string;
  /** Its cases (those of records merged into it included: they moved to it). */
  cases: number;
}

/** The records of one group at most (a page shows them all; no door makes more than one record of a key today). */
const GROUP_RECORDS = 50;

/** The page's keys held by more than one record not merged, with the number of such keys in all. */
export function sharedKeysQuery(db: Db, page: { offset: number; limit: number }) {
  return db
    .selectFrom('complainants')
    .select((eb) => ['email_key', eb.fn.countAll<number | string>().over().as('total')])
    .where('merged_into', 'is', null)
    .where('email_key', 'is not', null)
    .groupBy('email_key')
    .having((eb) => eb.fn.countAll(), '>', 1)
    .orderBy('email_key')
    .limit(page.limit)
    .offset(page.offset);
}

/**
 * One page of the groups of records not merged into another that share an address key (the staff page of records
 * to merge): the groups ordered by key, each with its records oldest first and the number of their cases, and the
 * number of groups in all. The grouping reads the index of the keys of records not merged (migration
 * 202612062300), whose count of groups comes with it (a window over the groups), so a page costs one read of that
 * index whatever the page; the records are then looked up by the page's keys.
 */
export async function sharedAddressGroups(
  db: Db,
  page: { offset: number; limit: number },
): Promise<{ groups: SharedAddressRecord[][]; total: number }> {
  const keys = await sharedKeysQuery(db, page).execute();
  // Past the last page no row tells the count: asked again from the first page (a link kept from a longer list).
  const total = keys.length
    ? Number(keys[0]!.total)
    : page.offset > 0
      ? (await sharedAddressGroups(db, { offset: 0, limit: 1 })).total
      : 0;
  if (!keys.length) return { groups: [], total };
  const wanted = keys.map((k) => k.email_key!);
  const records = await db
    .selectFrom('complainants')
    .select(['id', 'name', 'email', 'email_key', 'created_at as createdAt'])
    .where('email_key', 'in', wanted)
    .where('merged_into', 'is', null)
    .orderBy('email_key')
    .orderBy('created_at')
    .orderBy('id')
    .limit(wanted.length * GROUP_RECORDS)
    .execute();
  const counts = new Map<string, number>();
  if (records.length)
    for (const r of await db
      .selectFrom('cases')
      .select((eb) => ['complainant_id', eb.fn.countAll<number | string>().as('n')])
      .where(
        'complainant_id',
        'in',
        records.map((r) => r.id),
      )
      .groupBy('complainant_id')
      .execute())
      counts.set(r.complainant_id, Number(r.n));
  const byKey = new Map<string, SharedAddressRecord[]>(wanted.map((k) => [k, []]));
  for (const r of records) {
    const group = byKey.get(r.email_key!)!;
    if (group.length < GROUP_RECORDS)
      group.push({
        id: r.id,
        name: r.name,
        email: r.email,
        createdAt: r.createdAt,
        cases: counts.get(r.id) ?? 0,
      });
  }
  return { groups: [...byKey.values()].filter((g) => g.length > 1), total };
}
