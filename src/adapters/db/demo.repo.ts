// The one write of the demo loader (src/app/load-demo.ts) beside the use cases it drives: unless asked to send,
// the mail it queued to its invented example.net addresses is marked sent without going out.
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** The database handle a use case passes on (a transaction or the pool), without naming the query builder. */
export type Db = Kysely<DB>;

/** Marks pending outbound mail to example.net addresses as sent (not actually sent); returns how many. */
export async function markDemoMailSent(db: Db, detail: string): Promise<number> {
  const r = await db
    .updateTable('correspondence')
    .set({ status: 'sent', status_detail: detail, next_attempt_at: null })
    .where('direction', '=', 'out')
    .where('status', '=', 'pending')
    .where('to_address', 'like', '%@example.net')
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}
