// A complainant's cases were found by two indexes that begin with the same column: cases_complainant
// (complainant_id, received_at) and cases_complainant_queue (complainant_id, kind, step, is_open). Every case
// written pays for both, in the insert and in the pages its commit writes. The second serves every look-up by
// complainant as well: a complainant has few cases, so those read newest first are sorted after the look-up.
// Older instances read no index by name: their queries use the one that is left.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_complainant').ifExists().execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('cases_complainant')
    .on('cases')
    .columns(['complainant_id', 'received_at'])
    .execute();
}
