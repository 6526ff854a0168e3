// Saved snippets for free replies (migration 202612050330): listed per language for the case page, managed by
// administrators. A retired snippet stays in the table (who retired it and when) and is no longer offered.
import type { Kysely } from 'kysely';
import type { Engine } from './database.ts';
import type { DB } from './schema.ts';

export interface SnippetRow {
  id: string;
  language: string;
  title: string;
  body: string;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  retiredAt: string | null;
  retiredBy: string | null;
}

const COLUMNS = [
  'id',
  'language',
  'title',
  'body',
  'created_at as createdAt',
  'created_by as createdBy',
  'updated_at as updatedAt',
  'updated_by as updatedBy',
  'retired_at as retiredAt',
  'retired_by as retiredBy',
] as const;

/** Every snippet, in use first, then by language and title (the administrators' page). */
export async function listSnippets(db: Kysely<DB>): Promise<SnippetRow[]> {
  const rows = await db.selectFrom('reply_snippets').select(COLUMNS).execute();
  return rows.sort(
    (a, b) =>
      Number(a.retiredAt !== null) - Number(b.retiredAt !== null) ||
      a.language.localeCompare(b.language) ||
      a.title.localeCompare(b.title),
  );
}

/** The snippets in use in one language, by title (what the reply form offers). */
export function snippetsIn(db: Kysely<DB>, language: string): Promise<SnippetRow[]> {
  return db
    .selectFrom('reply_snippets')
    .select(COLUMNS)
    .where('language', '=', language)
    .where('retired_at', 'is', null)
    .orderBy('title')
    .limit(200)
    .execute();
}

/**
 * One snippet. `lock` (PostgreSQL, in a transaction that will change it): its row is locked until the transaction
 * ends, so that two saves at once are one after the other and the second sees what the first wrote (SQLite writes
 * one transaction at a time anyway).
 */
export async function snippetById(
  db: Kysely<DB>,
  id: string,
  lock: { engine: Engine } | null = null,
): Promise<SnippetRow | null> {
  const q = db.selectFrom('reply_snippets').select(COLUMNS).where('id', '=', id);
  return (await (lock?.engine === 'postgres' ? q.forUpdate() : q).executeTakeFirst()) ?? null;
}

export async function insertSnippet(
  db: Kysely<DB>,
  s: { id: string; language: string; title: string; body: string; at: string; by: string },
): Promise<void> {
  await db
    .insertInto('reply_snippets')
    .values({
      id: s.id,
      language: s.language,
      title: s.title,
      body: s.body,
      created_at: s.at,
      created_by: s.by,
      updated_at: s.at,
      updated_by: s.by,
      retired_at: null,
      retired_by: null,
    })
    .execute();
}

export async function updateSnippet(
  db: Kysely<DB>,
  id: string,
  s: { language: string; title: string; body: string; at: string; by: string },
): Promise<void> {
  await db
    .updateTable('reply_snippets')
    .set({ language: s.language, title: s.title, body: s.body, updated_at: s.at, updated_by: s.by })
    .where('id', '=', id)
    .execute();
}

export async function retireSnippet(db: Kysely<DB>, id: string, at: string, by: string): Promise<void> {
  await db
    .updateTable('reply_snippets')
    .set({ retired_at: at, retired_by: by })
    .where('id', '=', id)
    .where('retired_at', 'is', null)
    .execute();
}
