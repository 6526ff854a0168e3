// The monitoring report reads, for each complaint of the period, when it was received, acknowledged and answered,
// its answer deadline and extensions (percentiles and kept promises need each case's own times). The index of the
// receipt date now carries those columns too, so that a year of complaints is read from the index alone instead of
// one table row per case; every query that used the old index (ranges and order of received_at) uses this one.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_received').execute();
  await db.schema
    .createIndex('cases_received')
    .on('cases')
    .columns([
      'received_at',
      'kind',
      'merged_into',
      'step',
      'acknowledged_at',
      'answered_at',
      'answer_by',
      'extensions',
      'id',
    ])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_received').execute();
  await db.schema.createIndex('cases_received').on('cases').column('received_at').execute();
}
