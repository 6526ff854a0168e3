// The monitoring report narrowed to one owner (P7.1) reads that owner's cases of the period twice (the counts by
// month and dimension, and each complaint's times), and the drill-down list behind it reads them too. The day
// counts hold no owner, so these reads go to the cases: by the old owner index (owner_id, is_open, due_key) they
// read every case the owner ever had and a table row for each, scattered over the whole table. This index holds
// an owner's cases in receipt order with every column those reads use, so that a period of one owner is one
// range of the index and no table row. Only cases with an owner are in it. On PostgreSQL the columns read but
// not searched are carried (INCLUDE) rather than keyed. An index only: older instances ignore it.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

/** What the report's reads of one owner's cases test, group by and return (report.repo.ts). */
const CARRIED = [
  'kind',
  'step',
  'channel',
  'category',
  'language',
  'outcome',
  'other_reason',
  'suggestion_status',
  'acknowledged_at',
  'acknowledge_by',
  'answered_at',
  'answer_by',
  'is_open',
  'due_key',
  'extensions',
  'step2_case_id',
  'merged_into',
  'department',
  'id',
];

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const carried = sql.join(CARRIED.map((c) => sql.ref(c)));
  if (engine === 'postgres')
    await sql`create index cases_owner_report on cases (owner_id, received_at) include (${carried})
      where owner_id is not null`.execute(db);
  else
    await sql`create index cases_owner_report on cases (owner_id, received_at, ${carried})
      where owner_id is not null`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('cases_owner_report').execute();
}
