// The queue's order key counts the acknowledgement deadline too (src/core/case/clock.ts `dueKey`): an open
// complaint not yet acknowledged is due by its acknowledge-by when that comes first. Backfills the rows written
// before, with the same rule in SQL; nothing is dropped or renamed.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`update cases set due_key = acknowledge_by
    where kind = 'complaint' and status in ('received', 'acknowledged') and acknowledged_at is null
      and acknowledge_by is not null and acknowledge_by < due_key`.execute(db);
}
