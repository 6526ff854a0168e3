// A partial index of the records a restriction is in force on: a case opened for a record of no restriction of its
// own asks whether a record of the same mailbox is restricted (restricted-records.repo.ts), and without the index
// that question reads every record. An index only: older instances ignore it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('complainants_restricted')
    .on('complainants')
    .column('id')
    .where(sql.ref('restricted'), '=', sql.lit(1))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('complainants_restricted').execute();
}
