// How many rows some tables hold, for tests that check a refused command left nothing behind: counted before and
// after, the two must be equal.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/adapters/db/schema.ts';

/** The tables a case, its messages, what they queue and the files they keep are written to, by a short name. */
export const CASE_TABLES = {
  cases: 'cases',
  events: 'events',
  correspondence: 'correspondence',
  outbound: 'outbound_items',
  originals: 'originals',
  chunks: 'original_chunks',
} as const;

/** How many rows each of `tables` holds, under the name it is given there; counted one after the other. */
export async function rowCounts<K extends string>(
  db: Kysely<DB>,
  tables: Readonly<Record<K, keyof DB>>,
): Promise<Record<K, number>> {
  const counts = {} as Record<K, number>;
  for (const [name, table] of Object.entries(tables) as Array<[K, keyof DB]>)
    counts[name] = Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return counts;
}
