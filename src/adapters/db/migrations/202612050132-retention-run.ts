// Retention runs (P6.3): when a case's personal data was anonymised (`cases.anonymised_at`), when a complainant's
// record was (`complainants.anonymised_at`), and which correspondence had its personal fields replaced and its
// original deleted (`correspondence.redacted`: its recorded digest stays, like an event's, and verification no
// longer compares the redacted item with it). An index finds the correspondence that still refers to an original
// before the run deletes it. Columns and an index are only added: older instances keep working.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
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
}
