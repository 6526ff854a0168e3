// The stored versions of the outbound texts (template_versions) and the names of who saved them. The use case
// (src/app/manage-templates.ts) decides and checks; the queries are here. Each runs in the caller's transaction.
import type { Db } from './database.ts';
import { first, query } from './statements.ts';

export interface TemplateVersionRow {
  id: string;
  kind: string;
  language: string;
  version: number;
  subject: string;
  body: string;
  note: string | null;
  created_at: string;
  created_by: string;
}

async function all<R>(db: Db, text: string, params: readonly unknown[]): Promise<R[]> {
  return (await query<R>(db, text, params)).rows;
}

/** The highest version of a kind and language, or undefined when only the built-in text exists. */
export function latestTemplateVersion(
  db: Db,
  kind: string,
  language: string,
): Promise<{ subject: string; body: string; version: number } | undefined> {
  // Written as SQL text: every message that opens a case asks (see statements.ts).
  return first<{ subject: string; body: string; version: number }>(
    db,
    'select "subject", "body", "version" from "template_versions" where "kind" = ? and "language" = ? order by "version" desc limit 1',
    [kind, language],
  );
}

/**
 * The highest version of every kind and language that has one, in one statement: the mail intake asks once per
 * transaction for all the acknowledgements of a batch (they are in several languages), where asking per kind and
 * language was a statement per message.
 */
export function latestTemplateVersions(
  db: Db,
): Promise<Array<{ kind: string; language: string; subject: string; body: string; version: number }>> {
  return all<{ kind: string; language: string; subject: string; body: string; version: number }>(
    db,
    'select t."kind", t."language", t."subject", t."body", t."version" from "template_versions" t join (select "kind", "language", max("version") as "version" from "template_versions" group by "kind", "language") m on m."kind" = t."kind" and m."language" = t."language" and m."version" = t."version"',
    [],
  );
}

/** Every version of a kind and language, newest first. */
export function templateVersions(db: Db, kind: string, language: string): Promise<TemplateVersionRow[]> {
  return db
    .selectFrom('template_versions')
    .selectAll()
    .where('kind', '=', kind)
    .where('language', '=', language)
    .orderBy('version', 'desc')
    .execute();
}

/** The highest version number of every kind and language that has one. */
export async function latestVersionNumbers(
  db: Db,
): Promise<Array<{ kind: string; language: string; version: number }>> {
  const rows = await db
    .selectFrom('template_versions')
    .select(['kind', 'language', (eb) => eb.fn.max('version').as('version')])
    .groupBy(['kind', 'language'])
    .execute();
  return rows.map((r) => ({ kind: r.kind, language: r.language, version: Number(r.version) }));
}

/** The number the next version of a kind and language gets. */
export async function nextTemplateVersion(db: Db, kind: string, language: string): Promise<number> {
  const last = await db
    .selectFrom('template_versions')
    .select((eb) => eb.fn.max('version').as('v'))
    .where('kind', '=', kind)
    .where('language', '=', language)
    .executeTakeFirst();
  return Number(last?.v ?? 0) + 1;
}

export async function insertTemplateVersion(db: Db, row: TemplateVersionRow): Promise<void> {
  await db.insertInto('template_versions').values(row).execute();
}

/** Display names of accounts by id (accounts are never deleted, so a name is found while its row exists). */
export async function accountNames(db: Db, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
