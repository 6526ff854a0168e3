// Counts for the monitoring report (P7): per UTC day of receipt and per kind, step, channel, category, language,
// outcome, reason and suggestion status (case-counts.repo.ts). Filled from the cases already there.
import { type Kysely, sql } from 'kysely';
import { COUNT_KEY, rebuildCaseCounts } from '../case-counts.repo.ts';
import type { Engine } from '../database.ts';
import type { DB } from '../schema.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  // SQLite: the rows are stored in key order (day first), so that a period's rows are read in one sweep.
  await db.schema
    .createTable('case_counts')
    .$call((t) => (engine === 'sqlite' ? t.modifyEnd(sql`without rowid`) : t))
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('step', 'integer', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('other_reason', 'text', (c) => c.notNull())
    .addColumn('suggestion_status', 'text', (c) => c.notNull())
    .addColumn('n', 'integer', (c) => c.notNull())
    .addColumn('acknowledged', 'integer', (c) => c.notNull())
    .addColumn('acknowledged_in_time', 'integer', (c) => c.notNull())
    .addColumn('answered', 'integer', (c) => c.notNull())
    .addColumn('answered_in_time', 'integer', (c) => c.notNull())
    .addColumn('extended', 'integer', (c) => c.notNull())
    .addColumn('escalated', 'integer', (c) => c.notNull())
    .addColumn('days_to_answer', engine === 'sqlite' ? 'real' : 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('case_counts_key', [...COUNT_KEY])
    .execute();
  // Against the date the rows held then (migration 202612061100 counts again against the procedure's).
  await rebuildCaseCounts(db as unknown as Kysely<DB>, engine, 'answer_by');
}
