// The report narrowed to one owner or one department, or to the cases without one ("not set"), read every case of
// the period and its events, since the counts per local day (report-days.repo.ts) held neither dimension. These
// tables keep the same counts within each owner's and each department's cases (and within those without one), so
// that such a report adds up its scope's rows as the report of all cases does. They are filled as report_days is:
// every day with cases is marked here, and the next report counts the days of its period again (the rows of
// report_days stay as they are; only the new tables gain rows). Tables only: older instances ignore them.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  // SQLite: rows stored in key order, so that a scope's period is one range.
  await db.schema
    .createTable('report_scope_days')
    .$call((t) => (engine === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_value', 'text', (c) => c.notNull())
    .addColumn('facet', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('facet_value', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    // A report reads one scope and value over a range of days, all of its facets and measures.
    .addPrimaryKeyConstraint('report_scope_days_key', [
      'scope',
      'scope_value',
      'day',
      'facet',
      'measure',
      'facet_value',
      'step',
      'value',
    ])
    .execute();
  // A counting again reads the rows of a run of days, whatever their scope.
  await db.schema.createIndex('report_scope_days_day').on('report_scope_days').column('day').execute();
  await db.schema
    .createTable('report_scope_months')
    .$call((t) => (engine === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('scope_value', 'text', (c) => c.notNull())
    .addColumn('facet', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('facet_value', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('n', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('report_scope_months_key', [
      'scope',
      'scope_value',
      'month',
      'facet',
      'measure',
      'facet_value',
      'step',
      'value',
    ])
    .execute();
  await sql`insert into report_day_marks (day, case_id, version)
    select distinct substr(received_at, 1, 10), '', 0 from cases where true on conflict do nothing`.execute(
    db,
  );
}

/** Undoes `up` (a test simulates an older release with it); the days it marked stay marked, which is harmless. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('report_scope_months').ifExists().execute();
  await db.schema.dropTable('report_scope_days').ifExists().execute();
}
