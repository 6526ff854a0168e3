// What the queue page shows beside its rows (src/app/list-queue.ts): the number of open cases behind each tab,
// read in one statement from an index that holds every column it tests, the columns a queue may be sorted by, and
// the first words of the complaint's description for rows whose subject is only the step marker.
import { type Kysely, sql } from 'kysely';
import { caseStream } from './aggregates.repo.ts';
import type { DB } from './schema.ts';

/**
 * The columns a queue may be sorted by, and the expression each sorts on. A request names a key of this map or
 * gets the default order; nothing from the request is ever put into the SQL. Every order ends with the case id,
 * so that cases which tie keep the same order from one page to the next.
 */
export const QUEUE_SORT_KEYS = ['due', 'reference', 'received', 'step', 'owner', 'complainant'] as const;
export type QueueSortKey = (typeof QUEUE_SORT_KEYS)[number];
const QUEUE_SORT_COLUMNS: Record<QueueSortKey, readonly string[]> = {
  due: ['cases.due_key', 'cases.received_at'],
  reference: ['cases.reference'],
  received: ['cases.received_at'],
  step: ['cases.step?', 'cases.due_key'],
  owner: ['cases.owner_id?', 'cases.due_key'],
  complainant: ['complainants.name?', 'complainants.email?'],
};

export interface QueueSort {
  key: QueueSortKey;
  dir: 'asc' | 'desc';
}

/**
 * The ORDER BY of a queue. A missing value (a case without owner, a complainant without a name) sorts after the
 * others in both directions of both engines: SQLite and PostgreSQL put NULLs at opposite ends.
 */
export function queueOrder(sort: QueueSort) {
  // Columns that are never null are sorted on as they are, so that an index in that order is read as it is.
  const parts = QUEUE_SORT_COLUMNS[sort.key].flatMap((column) => {
    const ref = sql.ref(column.replace('?', ''));
    const ordered = sql`${ref} ${sql.raw(sort.dir === 'desc' ? 'desc' : 'asc')}`;
    return column.endsWith('?') ? [sql`case when ${ref} is null then 1 else 0 end`, ordered] : [ordered];
  });
  return sql.join([...parts, sql`${sql.ref('cases.id')} ${sql.raw(sort.dir === 'desc' ? 'desc' : 'asc')}`]);
}

export interface QueueCountsQuery {
  /** Whose cases `mine` counts. */
  userId: string | null;
  /** A department member's departments, whose suggestions their tab counts (names compared without case); null: all. */
  departments: readonly string[] | null;
}

type QueueTab = 'step1' | 'step2' | 'suggestions' | 'mine' | 'all';
export type QueueCounts = Record<QueueTab, number> & {
  /** Behind each tab, the answered cases flagged for a person (NEEDS_ATTENTION), which the open cases leave out. */
  attention: Record<QueueTab, number>;
};

/**
 * The rule of core/case/attention.ts (needsAttention) in SQL: an answered case flagged for a person. The queue's
 * "Needs attention" list and its counts both read it, written as the partial index's own condition
 * (cases_needs_attention), which the engines need to read that index.
 */
export const NEEDS_ATTENTION = sql<boolean>`cases.flagged = 1 and cases.status = 'answered'`;

/** The open cases of every queue at once: one pass over the open cases of the counts index, not one per tab. */
export async function queueCounts(db: Kysely<DB>, q: QueueCountsQuery): Promise<QueueCounts> {
  const names = q.departments?.map((d) => d.toLowerCase());
  const suggestion = names
    ? sql`kind = 'suggestion' and lower(department) in (${sql.join(names.length ? names : ['\u0000none'])})`
    : sql`kind = 'suggestion'`;
  // The same sums over the open cases and over those that need attention, each from its own index.
  const sums = (where: ReturnType<typeof sql>) =>
    sql<Record<QueueTab, number | string | null>>`select
      sum(case when kind = 'complaint' and step = 1 then 1 else 0 end) as step1,
      sum(case when kind = 'complaint' and step = 2 then 1 else 0 end) as step2,
      sum(case when ${suggestion} then 1 else 0 end) as suggestions,
      sum(case when owner_id = ${q.userId ?? ''} then 1 else 0 end) as mine,
      count(*) as "all"
    from cases where ${where}`
      .execute(db)
      .then((r) => r.rows[0]);
  const [open, attention] = await Promise.all([sums(sql`is_open = 1`), sums(NEEDS_ATTENTION)]);
  const n = (v: number | string | null | undefined) => Number(v ?? 0);
  const tabs = (row: Record<QueueTab, number | string | null> | undefined): Record<QueueTab, number> => ({
    step1: n(row?.step1),
    step2: n(row?.step2),
    suggestions: n(row?.suggestions),
    mine: n(row?.mine),
    all: n(row?.all),
  });
  return { ...tabs(open), attention: tabs(attention) };
}

/**
 * The names of the owners of a queue's rows, and which of them can no longer work a case (a disabled account), for
 * the row to say so: such a case looks owned but waits for nobody.
 */
export async function ownersOf(
  db: Kysely<DB>,
  ids: readonly string[],
): Promise<{ names: Map<string, string>; disabled: Set<string> }> {
  const names = new Map<string, string>();
  const disabled = new Set<string>();
  if (ids.length === 0) return { names, disabled };
  const rows = await db
    .selectFrom('users')
    .select(['id', 'name', 'status'])
    .where('id', 'in', [...new Set(ids)])
    .execute();
  for (const r of rows) {
    names.set(r.id, r.name);
    if (r.status === 'disabled') disabled.add(r.id);
  }
  return { names, disabled };
}

/** The description each case was received with (its first event), for the given cases; absent when none. */
export async function receivedDescriptions(
  db: Kysely<DB>,
  caseIds: readonly string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (caseIds.length === 0) return out;
  const rows = await db
    .selectFrom('events')
    .select(['stream', 'payload'])
    .where(
      'stream',
      'in',
      caseIds.map((id) => caseStream(id)),
    )
    .where('seq', '=', 1)
    .where('type', '=', 'case_received')
    .execute();
  const idOf = new Map(caseIds.map((id) => [caseStream(id), id]));
  for (const r of rows) {
    try {
      const payload = JSON.parse(r.payload) as { fields?: { description?: unknown } };
      const description = payload.fields?.description;
      if (typeof description === 'string' && description.trim() !== '')
        out.set(idOf.get(r.stream) ?? r.stream, description);
    } catch {
      // A payload replaced by retention is no longer the received event's: nothing to show.
    }
  }
  return out;
}
