// Queue keys: `is_open` (received or acknowledged) and `due_key` (answer-by, or the far future for cases without
// a clock), so every queue reads in index order on both engines (SQLite and PostgreSQL sort NULLs differently).
import { type Kysely, sql } from 'kysely';

const NO_DUE = '9999-12-31T23:59:59.999Z';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('cases')
    .addColumn('is_open', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('cases')
    .addColumn('due_key', 'text', (c) => c.notNull().defaultTo(NO_DUE))
    .execute();
  await sql`update cases set is_open = case when status in ('received', 'acknowledged') then 1 else 0 end,
    due_key = coalesce(answer_by, ${NO_DUE})`.execute(db);
  await db.schema.dropIndex('cases_queue').execute();
  await db.schema.dropIndex('cases_owner').execute();
  await db.schema
    .createIndex('cases_queue')
    .on('cases')
    .columns(['kind', 'step', 'is_open', 'due_key', 'received_at'])
    .execute();
  await db.schema
    .createIndex('cases_queue_status')
    .on('cases')
    .columns(['kind', 'step', 'status', 'due_key'])
    .execute();
  await db.schema
    .createIndex('cases_owner')
    .on('cases')
    .columns(['owner_id', 'is_open', 'due_key'])
    .execute();
  await db.schema
    .createIndex('cases_due')
    .on('cases')
    .columns(['is_open', 'due_key', 'received_at'])
    .execute();
  await db.schema.createIndex('cases_due_all').on('cases').columns(['due_key', 'received_at']).execute();
}
