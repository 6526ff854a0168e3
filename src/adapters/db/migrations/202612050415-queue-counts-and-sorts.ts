// The queue page counts the open cases of every tab in one statement and may be sorted by receipt or reference.
// The counts read an index that holds every column they test (no table row per open case); a step queue sorted
// by receipt or by reference reads its own index in that order and stops after a page. Indexes only: older
// instances ignore them.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('cases_open_counts')
    .on('cases')
    .columns(['is_open', 'kind', 'step', 'owner_id', 'department'])
    .execute();
  await db.schema
    .createIndex('cases_queue_received')
    .on('cases')
    .columns(['kind', 'step', 'is_open', 'received_at'])
    .execute();
  await db.schema
    .createIndex('cases_queue_reference')
    .on('cases')
    .columns(['kind', 'step', 'is_open', 'reference'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_queue_reference').execute();
  await db.schema.dropIndex('cases_queue_received').execute();
  await db.schema.dropIndex('cases_open_counts').execute();
}
