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

/**
 * The postal address an inbound letter gave, as staff typed it (its reading), or null: none given, not a letter,
 * or its personal data anonymised since.
 */
export async function inboundLetterAddress(db: Db, correspondenceId: string): Promise<string[] | null> {
  const row = await db
    .selectFrom('correspondence')
    .select(['channel', 'direction', 'reading', 'redacted'])
    .where('id', '=', correspondenceId)
    .executeTakeFirst();
  if (row?.channel !== 'letter' || row.direction !== 'in' || row.redacted || !row.reading) return null;
  try {
    const lines = (JSON.parse(row.reading) as { complainant?: { postalAddress?: unknown } }).complainant
      ?.postalAddress;
    return Array.isArray(lines) && lines.every((l) => typeof l === 'string') ? lines : null;
  } catch {
    return null;
  }
}
