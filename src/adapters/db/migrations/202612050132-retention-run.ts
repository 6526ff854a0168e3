// Retention runs (P6.3): when a case's personal data was anonymised (`cases.anonymised_at`), when a complainant's
// record was (`complainants.anonymised_at`), and which correspondence had its personal fields replaced and its
// original deleted (`correspondence.redacted`: its recorded digest stays, like an event's, and verification no
// longer compares the redacted item with it). Columns are only added: older instances keep working.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('cases').addColumn('anonymised_at', 'text').execute();
  await db.schema.alterTable('complainants').addColumn('anonymised_at', 'text').execute();
  await db.schema
    .alterTable('correspondence')
    .addColumn('redacted', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
