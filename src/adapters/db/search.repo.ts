// The search index: each case's own fields and each of its correspondence as folded text (FTS5 / tsvector),
// plus exact keys (reference, e-mail, ticket numbers, domains). Written in the transaction that changes the case.
import { type Kysely, sql } from 'kysely';
import type { CaseState } from '../../core/case/case.ts';
import { addressKey } from '../../core/intake/addresses.ts';
import { domainKey, type SearchQuery, words } from '../../core/search/search-query.ts';
import type { Database, Engine } from './database.ts';
import type { DB } from './schema.ts';
import { first, query } from './statements.ts';
import { insertAll, insertRow } from './write-buffer.ts';

/** How much of one message's text is indexed. */
const MAX_INDEXED_CHARS = 20_000;

async function upsertDoc(
  db: Kysely<DB>,
  caseId: string,
  source: string,
  text: string,
  receivedAt: string,
): Promise<void> {
  // Plain folded words separated by spaces: both engines then see the same tokens (PostgreSQL's parser would
  // otherwise keep e-mail addresses, host names and URLs whole, where FTS5 splits them).
  const body = words(text.slice(0, MAX_INDEXED_CHARS)).join(' ');
  await insertRow(
    db,
    'search_docs',
    { case_id: caseId, source, body, received_at: receivedAt },
    {
      tail: 'on conflict ("case_id", "source") do update set "body" = excluded."body"',
      key: `${caseId}\u0000${source}`,
      merge: takeBody,
    },
  );
}

/** A document indexed again before it was written: the new text, as the upsert would have it. */
function takeBody(pending: Record<string, unknown>, next: Record<string, unknown>): void {
  pending.body = next.body;
}

/** Indexes a case's own fields and keys (on receipt, and again when they change). */
export async function indexCase(
  db: Kysely<DB>,
  state: CaseState,
  known?: { name: string | null; email: string | null },
): Promise<void> {
  const person =
    known ??
    (await first<{ name: string | null; email: string | null }>(
      db,
      'select "name", "email" from "complainants" where "id" = ?',
      [state.complainantId],
    ));
  const text = [
    state.reference,
    state.subject,
    person?.name,
    person?.email,
    state.fields.description,
    state.fields.expectations,
    ...state.fields.ticketRefs,
    ...state.fields.domains,
    state.category,
  ]
    .filter(Boolean)
    .join('\n');
  await upsertDoc(db, state.id, 'case', text, state.receivedAt);
  // The address by the key its complainant is found by (addresses.ts addressKey), as queries look it up.
  const emailKey = addressKey(person?.email);
  const keys = [
    { kind: 'reference', value: state.reference },
    ...(emailKey ? [{ kind: 'email', value: emailKey }] : []),
    ...state.fields.ticketRefs.map((value) => ({ kind: 'ticket', value })),
    ...state.fields.domains.map((d) => ({ kind: 'domain', value: domainKey(d) })),
  ];
  await insertAll(
    db,
    'case_keys',
    keys.map((k) => ({ case_id: state.id, kind: k.kind, value: k.value })),
    'on conflict do nothing',
  );
}

/** What the index takes of a piece of correspondence. */
export interface CorrespondenceText {
  subject: string;
  from_address: string | null;
  from_name: string | null;
  text_body: string | null;
  at: string;
}

/** Indexes one piece of correspondence on its case (subject, sender and text), read back unless `known`. */
export async function indexCorrespondence(
  db: Kysely<DB>,
  caseId: string,
  correspondenceId: string,
  known?: CorrespondenceText,
): Promise<void> {
  const row =
    known ??
    (await first<CorrespondenceText>(
      db,
      'select "subject", "from_address", "from_name", "text_body", "at" from "correspondence" where "id" = ?',
      [correspondenceId],
    ));
  if (!row) return;
  const text = [row.subject, row.from_name, row.from_address, row.text_body].filter(Boolean).join('\n');
  await upsertDoc(db, caseId, correspondenceId, text, row.at);
}

export interface SearchHit {
  caseId: string;
}

/** How many of the newest documents the first pass reads (see searchCaseIds). */
export const RECENT_WINDOW = 10_000;

/**
 * Cases matching a query, newest first: every word as a prefix (all required), or any exact key.
 *
 * Full text runs in two passes so that both very common and rare words answer quickly on a large archive:
 * first the newest RECENT_WINDOW documents only (a common word fills the page there), then, if the page is not
 * full, the whole index below that window (a rarer word has short posting lists). On PostgreSQL the first pass
 * scans the window in id order (a LIMIT fence keeps the planner off the GIN index, whose prefix lookups cost
 * in proportion to every match in the archive), and SQLite matches the window's folded text directly.
 */
export async function searchCaseIds(
  db: Kysely<DB>,
  engine: Engine,
  query: SearchQuery,
  options: { limit: number; offset?: number; window?: number },
): Promise<string[]> {
  const window = options.window ?? RECENT_WINDOW;
  const wanted = options.limit + (options.offset ?? 0);
  const ids: string[] = [];
  const seen = new Set<string>();
  const add = (id: string) => {
    if (!seen.has(id)) {
      seen.add(id);
      ids.push(id);
    }
  };
  if (query.keys.length) {
    const rows = await db
      .selectFrom('case_keys')
      .select('case_id')
      .where((eb) =>
        eb.or(query.keys.map((k) => eb.and([eb('kind', '=', k.kind), eb('value', '=', k.value)]))),
      )
      .limit(wanted)
      .execute();
    for (const r of rows) add(r.case_id);
  }
  if (query.words.length && ids.length < wanted) {
    const scan = Math.min(5_000, Math.max(100, wanted * 4));
    const newest = await db
      .selectFrom('search_docs')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    const newestId = Number(newest?.id ?? 0);
    let boundary = Math.max(0, newestId - window);
    // SQLite: documents above what the background indexer has reached are not in the full-text index yet;
    // the first pass reads them too.
    if (engine === 'sqlite') boundary = Math.min(boundary, await indexedUpTo(db));
    for (const r of await fullText(db, engine, query.words, {
      above: boundary,
      window: newestId - boundary,
      scan,
    }))
      add(r);
    if (ids.length < wanted && boundary > 0)
      for (const r of await fullText(db, engine, query.words, { atMost: boundary, scan })) add(r);
  }
  return ids.slice(options.offset ?? 0, wanted);
}

/** A found case as the search page lists it. */
export interface CaseSummary {
  id: string;
  reference: string;
  kind: string;
  step: number | null;
  status: string;
  subject: string;
  complainantName: string | null;
  complainantEmail: string | null;
  receivedAt: string;
  answerBy: string | null;
  answerByDate: string | null;
}

/** The listed fields of these cases, in the order of `ids` (an id without a case is left out). */
export async function caseSummaries(db: Kysely<DB>, ids: readonly string[]): Promise<CaseSummary[]> {
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('cases')
    .leftJoin('complainants', 'complainants.id', 'cases.complainant_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.kind',
      'cases.step',
      'cases.status',
      'cases.subject',
      'complainants.name as complainantName',
      'complainants.email as complainantEmail',
      'cases.received_at as receivedAt',
      'cases.answer_by as answerBy',
      'cases.answer_by_date as answerByDate',
    ])
    .where('cases.id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}

/** SQLite: the highest search document id in the full-text index (all below it are in it too). */
async function indexedUpTo(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('search_progress')
    .select('indexed_up_to')
    .where('name', '=', 'fts')
    .executeTakeFirst();
  return Number(row?.indexed_up_to ?? 0);
}

/**
 * SQLite: adds the search documents written since the last call to the full-text index, in id order, at most
 * `limit` of them in one transaction, and records how far it got. Returns how many it indexed. One call indexes
 * a batch as one FTS5 segment, instead of one segment per commit of the mail intake.
 */
export async function indexSearchDocs(database: Database, limit = 2_000): Promise<number> {
  if (database.engine !== 'sqlite') return 0;
  return database.transaction(async (trx) => {
    const from = await indexedUpTo(trx);
    const last = await first<{ id: number | null; n: number }>(
      trx,
      'select max("id") as "id", count(*) as "n" from (select "id" from "search_docs" where "id" > ? order by "id" limit ?)',
      [from, limit],
    );
    if (!last?.id) return 0;
    await query(
      trx,
      'insert into "search_fts" ("rowid", "body") select "id", "body" from "search_docs" where "id" > ? and "id" <= ? order by "id"',
      [from, last.id],
    );
    await query(trx, 'update "search_progress" set "indexed_up_to" = ? where "name" = \'fts\'', [last.id]);
    return last.n;
  });
}

async function fullText(
  db: Kysely<DB>,
  engine: Engine,
  words: string[],
  range: { above?: number; atMost?: number; window?: number; scan: number },
): Promise<string[]> {
  if (engine === 'sqlite') {
    if (range.above !== undefined) {
      // The newest documents are read in id order and matched as text: every word a prefix of a word of the
      // body (bodies are folded words separated by single spaces). FTS5 would merge each prefix's posting lists
      // over the whole archive first, which costs most for the commonest words.
      const conditions = sql.join(
        words.map((w) => sql`instr(' ' || body, ${` ${w}`}) > 0`),
        sql` and `,
      );
      const rows = await sql<{ case_id: string }>`
        select case_id from (
          select id, case_id, body from search_docs where id > ${range.above} order by id desc limit ${range.window ?? RECENT_WINDOW}
        ) where ${conditions} limit ${range.scan}`.execute(db);
      return rows.rows.map((r) => r.case_id);
    }
    const match = words.map((w) => `"${w}"*`).join(' ');
    const rows = await sql<{ case_id: string }>`
      select d.case_id from search_fts f join search_docs d on d.id = f.rowid
      where search_fts match ${match} and f.rowid <= ${range.atMost ?? Number.MAX_SAFE_INTEGER}
      order by f.rowid desc limit ${range.scan}`.execute(db);
    return rows.rows.map((r) => r.case_id);
  }
  const tsquery = words.map((w) => `${w}:*`).join(' & ');
  const rows =
    range.above !== undefined
      ? await sql<{ case_id: string }>`
          select case_id from (
            select id, case_id, tsv from search_docs where id > ${range.above} order by id desc limit ${range.window ?? RECENT_WINDOW}
          ) recent
          where tsv @@ to_tsquery('simple', ${tsquery}) order by id desc limit ${range.scan}`.execute(db)
      : // OFFSET 0 keeps the match inside (the GIN index); ordering outside stops a backward scan of the archive.
        await sql<{ case_id: string }>`
          select case_id from (
            select id, case_id from search_docs
            where tsv @@ to_tsquery('simple', ${tsquery}) and id <= ${range.atMost ?? 0} offset 0
          ) matched
          order by id desc limit ${range.scan}`.execute(db);
  return rows.rows.map((r) => r.case_id);
}
