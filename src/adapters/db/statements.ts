// Hot-path statements without Kysely's query builder. Building and compiling a query with Kysely costs tens of
// microseconds (an immutable node tree, then a visitor), which is more than SQLite takes to run most of the
// statements that file one e-mail (about thirty of them). The statements on that path are written here once as
// SQL text, turned into each engine's placeholders once, and run through the same Kysely connection and
// transaction as everything else (`executeQuery`), so nothing else changes: same driver, same statement cache,
// same errors. Everywhere else, Kysely's builder stays the rule: it is checked against the schema by tsc.
//
// The SQL text of this module is ANSI: double-quoted identifiers, `?` placeholders (numbered `$1…` for
// PostgreSQL), `on conflict` upserts and `returning`, which SQLite and PostgreSQL both understand.
import {
  CompiledQuery,
  type Insertable,
  PostgresAdapter,
  type QueryResult,
  type Selectable,
  type Updateable,
} from 'kysely';
import type { Db } from './database.ts';
import type { DB } from './schema.ts';

type Row = Record<string, unknown>;

const postgresTexts = new Map<string, string>();

/** Is `db` (a Kysely instance or a transaction of one) on PostgreSQL? */
function isPostgres(db: Db): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/** The text for the engine behind `db`: `?` placeholders become `$1`, `$2` … on PostgreSQL (computed once). */
function textFor(db: Db, text: string): string {
  if (!isPostgres(db)) return text;
  let numbered = postgresTexts.get(text);
  if (numbered === undefined) {
    let n = 0;
    numbered = text.replace(/\?/g, () => `$${++n}`);
    postgresTexts.set(text, numbered);
  }
  return numbered;
}

/**
 * A counting upsert (`… on conflict … do update set n = n + 1`) and the row's new value. PostgreSQL: one
 * statement with RETURNING, one round trip. SQLite: the upsert, then `select` (with the same parameters),
 * which SQLite runs about ten times faster than the upsert with RETURNING.
 */
export async function upsertAndRead<R>(
  db: Db,
  upsert: string,
  returning: string,
  select: string,
  params: readonly unknown[],
): Promise<R | undefined> {
  if (isPostgres(db)) return first<R>(db, `${upsert} returning ${returning}`, params);
  await query(db, upsert, params);
  return first<R>(db, select, params);
}

/** Runs one statement written with `?` placeholders (no `?` may appear in the text otherwise). */
export function query<R = Row>(db: Db, text: string, params: readonly unknown[]): Promise<QueryResult<R>> {
  return db.executeQuery<R>(CompiledQuery.raw(textFor(db, text), params as unknown[]));
}

/** The first row of a query, or undefined. */
export async function first<R = Row>(
  db: Db,
  text: string,
  params: readonly unknown[],
): Promise<R | undefined> {
  return (await query<R>(db, text, params)).rows[0];
}

/** Insert statements by table, row count and tail; each with the columns it was written for. */
const insertTexts = new Map<string, Array<{ columns: readonly string[]; text: string }>>();

/** Are these the row's defined keys, in order? (Checked without building a list: every insert asks.) */
function hasColumns(row: Row, columns: readonly string[]): boolean {
  let i = 0;
  for (const key in row) {
    if (row[key] === undefined) continue;
    if (columns[i++] !== key) return false;
  }
  return i === columns.length;
}

/**
 * Inserts rows into a table: the columns are the keys of the first row, in order (columns whose value is
 * undefined are left out, as Kysely does); every row must have the same keys. `tail` is appended as is (an
 * `on conflict …` clause, without placeholders).
 */
export function insertRows<T extends keyof DB & string>(
  db: Db,
  table: T,
  rows: ReadonlyArray<Insertable<DB[T]>>,
  tail = '',
): Promise<QueryResult<Row>> {
  const values = rows as ReadonlyArray<Row>;
  const first = values[0]!;
  const key = `${table}\u0000${rows.length}\u0000${tail}`;
  let known = insertTexts.get(key);
  let entry = known?.find((e) => hasColumns(first, e.columns));
  if (!entry) {
    const columns = Object.keys(first).filter((c) => first[c] !== undefined);
    const tuple = `(${columns.map(() => '?').join(', ')})`;
    const text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${rows.map(() => tuple).join(', ')}${tail ? ` ${tail}` : ''}`;
    entry = { columns, text };
    if (!known) {
      known = [];
      insertTexts.set(key, known);
    }
    known.push(entry);
  }
  const { columns } = entry;
  const params: unknown[] = [];
  for (const row of values) for (const c of columns) params.push(row[c]);
  return query(db, entry.text, params);
}

const updateTexts = new Map<string, string>();

/**
 * Updates the row(s) of a table matching every column of `where` with the values of `set` (undefined values
 * left out). Resolves with the number of rows changed.
 */
export async function updateRows<T extends keyof DB & string>(
  db: Db,
  table: T,
  changes: Updateable<DB[T]>,
  match: Partial<Selectable<DB[T]>>,
): Promise<number> {
  const set = changes as Row;
  const where = match as Row;
  const columns = Object.keys(set).filter((c) => set[c] !== undefined);
  const keys = Object.keys(where);
  const key = `${table}\u0000${columns.join(',')}\u0000${keys.join(',')}`;
  let text = updateTexts.get(key);
  if (text === undefined) {
    text = `update "${table}" set ${columns.map((c) => `"${c}" = ?`).join(', ')} where ${keys.map((c) => `"${c}" = ?`).join(' and ')}`;
    updateTexts.set(key, text);
  }
  const params: unknown[] = columns.map((c) => set[c]);
  for (const c of keys) params.push(where[c]);
  const result = await query(db, text, params);
  return Number(result.numAffectedRows ?? 0n);
}
