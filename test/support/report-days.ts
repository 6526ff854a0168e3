// The report's day counts as a test compares them: every row in key order, with numbers as numbers (PostgreSQL
// gives its bigints as text).
import type { Kysely } from 'kysely';
import type { DB } from '../../src/adapters/db/schema.ts';

/** The rows of `report_days`, all of them or those of days before `before`. */
export async function reportDayRows(db: Kysely<DB>, before?: string) {
  let q = db.selectFrom('report_days').selectAll();
  if (before) q = q.where('day', '<', before);
  const rows = await q
    .orderBy('facet')
    .orderBy('measure')
    .orderBy('facet_value')
    .orderBy('day')
    .orderBy('step')
    .orderBy('value')
    .execute();
  return rows.map((r) => ({ ...r, value: Number(r.value), n: Number(r.n) }));
}
