// The search index: each case's own fields and each of its correspondence as folded text (FTS5 / tsvector),
// plus exact keys (reference, e-mail, ticket numbers, domains). Written in the transaction that changes the case.
import { type Kysely, sql } from 'kysely';
import type { CaseState } from '../../core/case/case.ts';
import { domainKey, foldText, type SearchQuery } from '../../core/search/search-query.ts';
import type { Engine } from './database.ts';
import type { DB } from './schema.ts';

/** How much of one message's text is indexed. */
const MAX_INDEXED_CHARS = 20_000;

async function upsertDoc(
  db: Kysely<DB>,
  caseId: string,
  source: string,
  text: string,
  receivedAt: string,
): Promise<void> {
  const body = foldText(text.slice(0, MAX_INDEXED_CHARS));
  await db
    .insertInto('search_docs')
    .values({ case_id: caseId, source, body, received_at: receivedAt })
    .onConflict((oc) => oc.columns(['case_id', 'source']).doUpdateSet({ body }))
    .execute();
}

/** Indexes a case's own fields and keys (on receipt, and again when they change). */
export async function indexCase(db: Kysely<DB>, state: CaseState): Promise<void> {
  const person = await db
    .selectFrom('complainants')
    .select(['name', 'email'])
    .where('id', '=', state.complainantId)
    .executeTakeFirst();
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
  const keys = [
    { kind: 'reference', value: state.reference },
    ...(person?.email ? [{ kind: 'email', value: person.email.toLowerCase() }] : []),
    ...state.fields.ticketRefs.map((value) => ({ kind: 'ticket', value })),
    ...state.fields.domains.map((d) => ({ kind: 'domain', value: domainKey(d) })),
  ];
  if (keys.length)
    await db
      .insertInto('case_keys')
      .values(keys.map((k) => ({ case_id: state.id, ...k })))
      .onConflict((oc) => oc.doNothing())
      .execute();
}

/** Indexes one piece of correspondence on its case (subject, sender and text). */
export async function indexCorrespondence(
  db: Kysely<DB>,
  caseId: string,
  correspondenceId: string,
): Promise<void> {
  const row = await db
    .selectFrom('correspondence')
    .select(['subject', 'from_address', 'from_name', 'text_body', 'at'])
    .where('id', '=', correspondenceId)
    .executeTakeFirst();
  if (!row) return;
  const text = [row.subject, row.from_name, row.from_address, row.text_body].filter(Boolean).join('\n');
  await upsertDoc(db, caseId, correspondenceId, text, row.at);
}

export interface SearchHit {
  caseId: string;
}

/**
 * Cases matching a query, newest first: every word as a prefix (all required), or any exact key.
 * Reads at most `scan` index rows, so a query matching half the archive still answers quickly.
 */
export async function searchCaseIds(
  db: Kysely<DB>,
  engine: Engine,
  query: SearchQuery,
  options: { limit: number; offset?: number },
): Promise<string[]> {
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
    const scan = Math.min(5_000, Math.max(200, wanted * 4));
    const rows =
      engine === 'sqlite'
        ? await sql<{ case_id: string }>`
            select d.case_id from search_fts f join search_docs d on d.id = f.rowid
            where search_fts match ${query.words.map((w) => `"${w}"*`).join(' ')}
            order by f.rowid desc limit ${scan}`.execute(db)
        : await sql<{ case_id: string }>`
            select case_id from search_docs
            where tsv @@ to_tsquery('simple', ${query.words.map((w) => `${w}:*`).join(' & ')})
            order by id desc limit ${scan}`.execute(db);
    for (const r of rows.rows) add(r.case_id);
  }
  return ids.slice(options.offset ?? 0, wanted);
}
