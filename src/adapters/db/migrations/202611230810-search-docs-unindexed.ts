// No query reads search documents by their date of receipt (search pages by id, newest first), so the index on
// it only cost a write for every document filed: dropped.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('search_docs_received').ifExists().execute();
}
