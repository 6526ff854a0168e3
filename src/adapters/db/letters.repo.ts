// The correspondence row of a prepared letter once someone has posted it (src/app/mark-letter-posted.ts records
// the case's events; the row is what the case page and the dossier show as sent). Runs in the caller's transaction.
import { postalAddressesOf } from './complainant-addresses.repo.ts';
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

/**
 * The records (not merged into another, not anonymised) named exactly `name`, other than `except`, with their postal
 * address and whether a restriction is in force on them: at most 20, oldest first.
 */
export async function recordsNamed(
  db: Db,
  name: string,
  except: string,
): Promise<{ id: string; name: string | null; postalAddress: string[] | null; restricted: boolean }[]> {
  const rows = await db
    .selectFrom('complainants')
    .select(['id', 'name', 'restricted'])
    .where('name', '=', name)
    .where('merged_into', 'is', null)
    .where('anonymised_at', 'is', null)
    .where('id', '!=', except)
    .orderBy('created_at')
    .orderBy('id')
    .limit(20)
    .execute();
  const addresses = await postalAddressesOf(
    db,
    rows.map((r) => r.id),
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    postalAddress: addresses.get(r.id) ?? null,
    restricted: r.restricted === 1,
  }));
}
