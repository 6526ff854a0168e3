// The report's counts per local day of receipt (report-days.repo.ts) replace the promise counts per UTC day that
// the migration before this one created in the same release (no instance read them): keyed by the local day,
// a period of local dates is whole rows, with no hours cut off to read from the cases. The time zone the days
// were counted in is kept beside them; every day with cases is marked, and the first report counts them.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema.dropTable('promise_counts').ifExists().execute();
  await db.schema.dropTable('promise_count_marks').ifExists().execute();
  // SQLite: rows stored in key order, so that one facet's measure over a period is one sweep.
  await db.schema
    .createTable('report_days')
    .$call((t) => (engine === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .addColumn('facet', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('facet_value', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    // A count, or a sum of milliseconds (time to answer): 64 bits on both engines.
    .addColumn('n', 'bigint', (c) => c.notNull())
    // Every read and the replacing of a day name the facets and measures, then a range or list of days: one key
    // serves them all. (A second index on the day alone tempted SQLite's planner into reading a year's rows of
    // every facet for a report that needs one.)
    .addPrimaryKeyConstraint('report_days_key', ['facet', 'measure', 'day', 'facet_value', 'step', 'value'])
    .execute();
  await db.schema
    .createTable('report_day_marks')
    .$call((t) => (engine === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_day_marks_key', ['day', 'case_id', 'version'])
    .execute();
  await db.schema
    .createTable('report_days_zone')
    .addColumn('zone', 'text', (c) => c.notNull().primaryKey())
    .execute();
  await sql`insert into report_day_marks (day, case_id, version)
    select distinct substr(received_at, 1, 10), '', 0 from cases`.execute(db);
}
