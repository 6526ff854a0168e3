// Retention runs (P6.3): when a case's personal data was anonymised (`cases.anonymised_at`), when a complainant's
// record was (`complainants.anonymised_at`), and which correspondence had its personal fields replaced and its
// original deleted (`correspondence.redacted`: its recorded digest stays, like an event's, and verification no
// longer compares the redacted item with it). An index finds the correspondence that still refers to an original
// before the run deletes it. Columns and an index are only added: older instances keep working. On SQLite the
// full-text index forgets deleted documents' words at once (FTS5 secure-delete).
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema.alterTable('cases').addColumn('anonymised_at', 'text').execute();
  await db.schema.alterTable('complainants').addColumn('anonymised_at', 'text').execute();
  await db.schema
    .alterTable('correspondence')
    .addColumn('redacted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('correspondence_original')
    .on('correspondence')
    .column('original_sha256')
    .execute();
  // SQLite's full-text index otherwise keeps a deleted document's words until its segments happen to merge:
  // with secure-delete, removing a document (retention) removes its words from the index at once.
  if (engine === 'sqlite')
    await sql`insert into search_fts(search_fts, rank) values ('secure-delete', 1)`.execute(db);
}
