// Lists of cases that use cases walk one by one (each case is then loaded, decided on by the rule of src/core and
// saved as events): the open cases of an owner, the cases of a complainant, the answered cases that may have gone
// quiet, and whether the complainant wrote again. The use cases in src/app choose what to do with each; only the
// reads are here. Each runs in the caller's transaction or on the pool, as given.
import type { Db } from './database.ts';

/**
 * Ids of the open cases owned by an account, at most `limit`, in id order; `after`: only those after this id, so
 * that a caller walks them all a batch at a time.
 */
export async function openCaseIdsOwnedBy(
  db: Db,
  ownerId: string,
  limit: number,
  after: string | null = null,
): Promise<string[]> {
  let q = db.selectFrom('cases').select('id').where('owner_id', '=', ownerId).where('is_open', '=', 1);
  if (after !== null) q = q.where('id', '>', after);
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => r.id);
}

/** How many open cases an account owns. */
export async function countOpenCasesOwnedBy(db: Db, ownerId: string): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('owner_id', '=', ownerId)
    .where('is_open', '=', 1)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Ids of every case of a complainant record, in no particular order. */
export async function caseIdsOfComplainant(db: Db, complainantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('complainant_id', '=', complainantId)
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of the cases of a complainant record that are not closed. */
export async function unclosedCaseIdsOfComplainant(db: Db, complainantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('complainant_id', '=', complainantId)
    .where('status', '!=', 'closed')
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of every case of these complainant records (a person and the records merged into theirs), oldest first. */
export async function caseIdsOfComplainants(db: Db, complainantIds: readonly string[]): Promise<string[]> {
  if (complainantIds.length === 0) return [];
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('complainant_id', 'in', [...complainantIds])
    .orderBy('received_at')
    .execute();
  return rows.map((r) => r.id);
}

/** The cases of these complainant records, oldest receipt first, by id and reference. */
export async function casesOfComplainants(
  db: Db,
  complainantIds: readonly string[],
): Promise<Array<{ id: string; reference: string }>> {
  if (complainantIds.length === 0) return [];
  return db
    .selectFrom('cases')
    .select(['id', 'reference'])
    .where('complainant_id', 'in', [...complainantIds])
    .orderBy('received_at')
    .execute();
}

/** Answered cases answered at or before an instant, oldest answer first, at most `limit`. */
export function answeredCasesUpTo(
  db: Db,
  answeredBy: string,
  limit: number,
): Promise<Array<{ id: string; answered_at: string | null }>> {
  return db
    .selectFrom('cases')
    .select(['id', 'answered_at'])
    .where('status', '=', 'answered')
    .where('answered_at', '<=', answeredBy)
    .orderBy('answered_at')
    .limit(limit)
    .execute();
}

/** Whether any inbound correspondence was filed on a case after an instant. */
export async function wroteInAfter(db: Db, caseId: string, after: string): Promise<boolean> {
  const row = await db
    .selectFrom('correspondence')
    .select('id')
    .where('case_id', '=', caseId)
    .where('direction', '=', 'in')
    .where('at', '>', after)
    .executeTakeFirst();
  return row !== undefined;
}

/** How many cases the database holds (merged ones included). */
export async function caseCount(db: Db): Promise<number> {
  const row = await db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * How many open suggestions (not closed, not merged) each department holds, by the department as recorded on the
 * case. Read through the partial index on `department` (only forwarded suggestions carry one).
 */
export async function openSuggestionsByDepartment(
  db: Db,
): Promise<Array<{ department: string; count: number }>> {
  const rows = await db
    .selectFrom('cases')
    .select((eb) => ['department', eb.fn.countAll<number>().as('n')])
    .where('department', 'is not', null)
    .where('kind', '=', 'suggestion')
    .where('status', '!=', 'closed')
    .where('merged_into', 'is', null)
    .groupBy('department')
    .execute();
  return rows.map((r) => ({ department: r.department!, count: Number(r.n) }));
}
