// The queue's "Needs attention" list and its count on each tab (queue-view.repo.ts NEEDS_ATTENTION: answered cases
// flagged for a person) read a partial index of those few cases: the list a queue's cases in due order, the counts
// every column they test. Neither walks the answered cases, which grow with every year. An index only: older
// instances ignore it.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_needs_attention on cases (kind, step, due_key, received_at, owner_id, department)
    where flagged = 1 and status = 'answered'`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_needs_attention').execute();
}
