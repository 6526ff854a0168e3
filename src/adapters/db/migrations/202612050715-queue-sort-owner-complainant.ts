// A queue sorted by owner or by complainant reads an index in that order and stops after a page, instead of
// sorting every open case of the queue. The ORDER BY puts a missing owner or name last in both directions on both
// engines (queue-view.repo.ts `queueOrder`), with a 0/1 expression before the column: the indexes hold that very
// expression, one index per direction (the flag always ascending, the value ascending or descending). The
// complainant's order lives on the complainants table: the page walks complainants by name and finds each one's
// open cases of the queue by an index that holds the queue's columns (no table row read for a complainant whose
// cases are all closed, which is most of them). Indexes only: older instances ignore them.
import { type Kysely, sql } from 'kysely';

const OWNER_MISSING = sql`(case when owner_id is null then 1 else 0 end)`;
const NAME_MISSING = sql`(case when name is null then 1 else 0 end)`;
const EMAIL_MISSING = sql`(case when email is null then 1 else 0 end)`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_queue_owner on cases
    (kind, step, is_open, ${OWNER_MISSING}, owner_id, due_key, id)`.execute(db);
  await sql`create index cases_queue_owner_desc on cases
    (kind, step, is_open, ${OWNER_MISSING}, owner_id desc, due_key desc, id desc)`.execute(db);
  await sql`create index complainants_sort_name on complainants
    (${NAME_MISSING}, name, ${EMAIL_MISSING}, email)`.execute(db);
  await sql`create index complainants_sort_name_desc on complainants
    (${NAME_MISSING}, name desc, ${EMAIL_MISSING}, email desc)`.execute(db);
  await db.schema
    .createIndex('cases_complainant_queue')
    .on('cases')
    .columns(['complainant_id', 'kind', 'step', 'is_open'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'cases_complainant_queue',
    'complainants_sort_name_desc',
    'complainants_sort_name',
    'cases_queue_owner_desc',
    'cases_queue_owner',
  ])
    await db.schema.dropIndex(name).execute();
}
