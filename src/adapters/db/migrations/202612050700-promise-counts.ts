// The counts behind the figures that need each complaint's own times (promise-counts.repo.ts), and the marks of
// the days to count again. Counting needs the organisation's business calendar, which a migration does not have:
// every day that has complaints is marked here, and the first report over a period counts its days.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  // SQLite: rows stored in key order (facet, then day), so that a period's rows of one facet are one sweep.
  await db.schema
    .createTable('promise_counts')
    .$call((t) => (engine === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .addColumn('facet', 'text', (c) => c.notNull())
    .addColumn('facet_value', 'text', (c) => c.notNull())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('measure', 'text', (c) => c.notNull())
    .addColumn('value', 'integer', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('promise_counts_key', [
      'facet',
      'facet_value',
      'day',
      'step',
      'measure',
      'value',
    ])
    .execute();
  // Counting a day again replaces all its rows.
  await db.schema.createIndex('promise_counts_day').on('promise_counts').column('day').execute();
  await db.schema
    .createTable('promise_count_marks')
    .$call((t) => (engine === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('case_id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('promise_count_marks_key', ['day', 'case_id', 'version'])
    .execute();
  await sql`insert into promise_count_marks (day, case_id, version)
    select distinct substr(received_at, 1, 10), '', 0 from cases where kind = 'complaint'`.execute(db);
}
