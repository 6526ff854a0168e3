// Merging duplicates: a merged case or complainant record points to the one it was merged into.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('merged_into', 'text').execute();
  await db.schema.alterTable('complainants').addColumn('merged_into', 'text').execute();
}
