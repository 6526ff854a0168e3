// The register of cases (one row per case: reference, dates, deadlines, outcome, remedy) is read a page at a time
// for exports of a whole year. Two of its facts lived only in the case's events: the answer deadline before the
// first extension, and what the last answer recorded besides its text (remedy, money offered, root cause). Reading
// them meant a look-up of each page's events, which cost more than reading the cases themselves. They are now kept
// on the case's row, written with it (aggregates.repo.ts, registerColumns), and filled from the events for the
// cases that exist. Columns are only added: an older instance keeps working and leaves them as they were.
//
// The filling is not done here but after this migration commits, a piece of cases at a time (migration-fills.ts):
// in the migration's transaction it held the cases table for as long as it took (most of a minute at 300,000 cases
// on PostgreSQL), and every older instance's intake and pages waited. The migration records that its fill is due;
// until it is done, the database counts as not migrated for this release (its instances are not ready).
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

// Written out here rather than imported: a migration stays what it was when it ran, whatever the code becomes.
const COLUMNS = [
  'first_answer_by',
  'remedy',
  'remedy_amount',
  'remedy_currency',
  'root_cause',
  'root_cause_note',
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const column of COLUMNS) await db.schema.alterTable('cases').addColumn(column, 'text').execute();
  // The ledger of fills due after their migration (the first migration to have one makes it; a later one makes it
  // for the databases that ran this one before it had its fill apart).
  await db.schema
    .createTable('migration_fills')
    .ifNotExists()
    .addColumn('name', 'text', (c) => c.primaryKey())
    .execute();
  // Nothing to fill on a database without cases (a new installation): no fill recorded, nothing said at start.
  await sql`insert into migration_fills (name)
    select '202612051800-register-columns' where exists (select 1 from cases)`.execute(db);
}

/**
 * Fills the columns of every case from its events (exported for the test that checks it against them), or of the
 * cases named by `ids` only (`redress migrate --refill` fills a piece of cases at a time: register-refill.ts).
 */
export async function fillRegisterColumns(
  db: Kysely<unknown>,
  engine: Engine,
  ids: readonly string[] | null = null,
): Promise<void> {
  if (ids?.length === 0) return;
  // A value of the event's payload as text: `path` is a list of keys (`rootCause`, `cause`).
  const value = (...path: string[]) =>
    engine === 'sqlite'
      ? sql.raw(`json_extract(e.payload, '$.${path.join('.')}')`)
      : sql.raw(
          `(e.payload::jsonb ${path
            .map((k, i) => `${i === path.length - 1 ? '->>' : '->'} '${k}'`)
            .join(' ')})`,
        );
  const stream = sql`'case:' || cases.id`;
  const only = ids ? sql` and cases.id in (${sql.join(ids)})` : sql``;
  // The first extension names the deadline it replaced; one told after a renewal of the promise moves nothing for
  // the figures (migration 202612061100, src/core/case/promise.ts measuredPromise).
  await sql`update cases set first_answer_by = (
      select ${value('previousAnswerBy')} from events e
      where e.stream = ${stream} and e.type = 'extended'
        and not exists (select 1 from events r
          where r.stream = e.stream and r.type = 'promise_renewed' and r.seq < e.seq)
      order by e.seq limit 1)
    where extensions > 0${only}`.execute(db);
  // The last answer holds the remedy and the root cause in force.
  await sql`update cases set (remedy, remedy_amount, remedy_currency, root_cause, root_cause_note) = (
      select ${value('remedy')}, ${value('remedyAmount', 'value')}, ${value('remedyAmount', 'currency')},
        ${value('rootCause', 'cause')}, ${value('rootCause', 'note')}
      from events e
      where e.stream = ${stream} and e.type = 'answered' order by e.seq desc limit 1)
    where answered_at is not null${only}`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`delete from migration_fills where name = '202612051800-register-columns'`.execute(db);
  for (const column of COLUMNS) await db.schema.alterTable('cases').dropColumn(column).execute();
}
