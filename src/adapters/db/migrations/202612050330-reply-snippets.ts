// Saved snippets for free replies: short texts per language that administrators keep and staff insert into a reply.
// Retiring keeps the row (who, when), so the audit log's entries still name something. A new table only.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('reply_snippets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('retired_at', 'text')
    .addColumn('retired_by', 'text')
    .execute();
  await db.schema
    .createIndex('reply_snippets_language')
    .on('reply_snippets')
    .columns(['language', 'retired_at'])
    .execute();
}
