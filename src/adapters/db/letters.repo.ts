// The correspondence row of a prepared letter once someone has posted it (src/app/mark-letter-posted.ts records
// the case's events; the row is what the case page and the dossier show as sent). Runs in the caller's transaction.
import type { Db } from './database.ts';

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
