// The report's counts per local month (report-days.repo.ts), beside its counts per local day: a year's report
// adds up a dozen months' rows instead of every day's, and reads days only for the months the period cuts.
// Filled here from the day counts; the report keeps it in step whenever it counts days again.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('report_months')
    .$call((t) => (engine === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .addColumn('facet', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('facet_value', 'text', (c) => c.notNull())
    // The local month of receipt, YYYY-MM.
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    // The same order as the day counts' key: the reads name facets and measures, then a range of months.
    .addPrimaryKeyConstraint('report_months_key', [
      'facet',
      'measure',
      'month',
      'facet_value',
      'step',
      'value',
    ])
    .execute();
  await sql`insert into report_months (facet, measure, facet_value, month, step, value, n)
    select facet, measure, facet_value, substr(day, 1, 7), step, value, sum(n) from report_days
    group by facet, measure, facet_value, substr(day, 1, 7), step, value`.execute(db);
}
