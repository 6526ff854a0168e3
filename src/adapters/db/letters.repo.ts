// The correspondence row of a prepared letter once someone has posted it (src/app/mark-letter-posted.ts records
// the case's events; the row is what the case page and the dossier show as sent). Runs in the caller's transaction.
import type { Kysely } from 'kysely';
import type { DB } from './schema.ts';

/** The database handle a use case passes on (a transaction or the pool), without naming the query builder. */
export type Db = Kysely<DB>;

/** Marks a letter posted at an instant, with who posted it in its status detail. */
export async function markLetterRowPosted(
  db: Db,
  letterId: string,
  at: string,
  detail: string,
): Promise<void> {
  await db
    .updateTable('correspondence')
    .set({ status: 'posted', at, status_detail: detail })
    .where('id', '=', letterId)
    .execute();
}
