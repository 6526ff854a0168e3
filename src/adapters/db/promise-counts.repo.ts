// The figures of the monitoring report that need each complaint's own times (src/core/report/promise-figures.ts:
// which promise an answer kept, business days to acknowledge and to answer, extensions and their lead, reopened),
// kept as counts per UTC day of receipt, so that a year's report adds up a few thousand rows instead of reading
// every complaint of the year and its events.
//
// How they stay right: a write of a complaint (aggregates.repo.ts) marks its day of receipt, in the transaction
// of its events (`markPromiseDay`). The report counts the marked days of its period again before it reads
// (`refreshPromiseCounts`), from the cases and their events with the same pure tally the per-case reading uses,
// and removes the marks it has read. The counting needs the business calendar, which the write path does not
// have: counting at read time keeps the calendar out of every use case that saves a case. A day no write marks
// keeps its counts: retention, which anonymises cases without writing their events, leaves past figures as they
// were. Concurrent writers only add marks (one per stream version: no row two writers update), so filing mail
// never waits on the report.
import { type Kysely, sql } from 'kysely';
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import {
  type ComplaintTimes,
  type Tally,
  type TallyMeasure,
  tallyComplaint,
  workingDayCounter,
} from '../../core/report/promise-figures.ts';
import type { ReportFilter } from '../../core/report/report-filter.ts';
import type { Database } from './database.ts';
import { complaintTimesIn } from './report.repo.ts';
import type { DB } from './schema.ts';
import { insertRow } from './write-buffer.ts';

/** The dimensions kept as facets (a filter on one of them, with or without a step, reads the counts). */
export const PROMISE_FACETS = ['category', 'channel', 'language', 'outcome'] as const;
type Facet = (typeof PROMISE_FACETS)[number];

/** The facet a filter reads, or null when the counts cannot answer it (two dimensions, owner, department). */
export function promiseFacetOf(filter: ReportFilter): { facet: '' | Facet; value: string } | null {
  if (filter.owner !== undefined || filter.department !== undefined) return null;
  const set = PROMISE_FACETS.filter((f) => filter[f] !== undefined);
  if (set.length > 1) return null;
  if (set.length === 0) return { facet: '', value: '' };
  return { facet: set[0]!, value: String(filter[set[0]!]) };
}

const dayOf = (instant: string) => instant.slice(0, 10);
const midnightOf = (day: string) => `${day}T00:00:00.000Z`;
const nextDay = (day: string) =>
  new Date(Date.parse(midnightOf(day)) + 86_400_000).toISOString().slice(0, 10);

/**
 * Marks the day of receipt of a case whose row changed (before: null for a new case), in the caller's
 * transaction. Only complaints count; a case that stops or starts being one is marked too.
 */
export async function markPromiseDay(
  db: Kysely<DB>,
  caseId: string,
  version: number,
  before: { kind: string; received_at: string } | null,
  after: { kind: string; received_at: string },
): Promise<void> {
  const days = new Set<string>();
  if (before?.kind === 'complaint') days.add(dayOf(before.received_at));
  if (after.kind === 'complaint') days.add(dayOf(after.received_at));
  for (const day of days)
    await insertRow(
      db,
      'promise_count_marks',
      { day, case_id: caseId, version },
      {
        tail: 'on conflict do nothing',
        key: `promise_count_marks\u0000${day}\u0000${caseId}\u0000${version}`,
      },
    );
}

/** Consecutive days as runs [first, last]. */
function runsOf(days: readonly string[]): Array<[string, string]> {
  const runs: Array<[string, string]> = [];
  for (const day of [...days].sort()) {
    const last = runs.at(-1);
    if (last && nextDay(last[1]) === day) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

type CountedComplaint = ComplaintTimes & {
  category: string | null;
  channel: string;
  language: string;
  outcome: string | null;
};

/** The rows of one day's complaints: their tallies, under every facet each complaint belongs to. */
function rowsOf(complaints: readonly CountedComplaint[], calendar: BusinessCalendar) {
  const days = workingDayCounter(calendar);
  const rows = new Map<
    string,
    {
      facet: string;
      facet_value: string;
      day: string;
      step: string;
      measure: string;
      value: number;
      n: number;
    }
  >();
  for (const c of complaints) {
    const day = dayOf(c.receivedAt);
    const facets: Array<[string, string]> = [['', '']];
    for (const f of PROMISE_FACETS) if (c[f] !== null) facets.push([f, c[f]!]);
    for (const t of tallyComplaint(c, days))
      for (const [facet, value] of facets) {
        const key = [facet, value, day, t.step, t.measure, t.value].join('\u0000');
        const row = rows.get(key);
        if (row) row.n += t.n;
        else
          rows.set(key, {
            facet,
            facet_value: value,
            day,
            step: t.step,
            measure: t.measure,
            value: t.value,
            n: t.n,
          });
      }
  }
  return [...rows.values()];
}

/**
 * Counts again the marked days in [fromDay, toDay) (UTC dates; all days when omitted) on the given calendar, and
 * removes the marks read. One counting at a time (a lock on PostgreSQL, the immediate transaction on SQLite), so
 * that two reports counting the same day do not write it twice.
 */
export async function refreshPromiseCounts(
  database: Database,
  calendar: BusinessCalendar,
  fromDay?: string,
  toDay?: string,
): Promise<number> {
  const readMarks = (db: Kysely<DB>) => {
    let q = db.selectFrom('promise_count_marks').select(['day', 'case_id', 'version']);
    if (fromDay !== undefined) q = q.where('day', '>=', fromDay);
    if (toDay !== undefined) q = q.where('day', '<', toDay);
    return q.execute();
  };
  // Most reports find nothing to count: that is read without taking the lock.
  if ((await readMarks(database.db)).length === 0) return 0;
  return database.transaction(async (trx) => {
    if (database.engine === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext('promise_counts'))`.execute(trx);
    // Read again under the lock: another report may have counted these days meanwhile.
    const marks = await readMarks(trx);
    const days = [...new Set(marks.map((m) => m.day))];
    for (let i = 0; i < days.length; i += 500)
      await trx
        .deleteFrom('promise_counts')
        .where('day', 'in', days.slice(i, i + 500))
        .execute();
    for (const [first, last] of runsOf(days)) {
      const complaints = (await complaintTimesIn(
        trx,
        midnightOf(first),
        midnightOf(nextDay(last)),
      )) as CountedComplaint[];
      const rows = rowsOf(complaints, calendar);
      for (let i = 0; i < rows.length; i += 500)
        await trx
          .insertInto('promise_counts')
          .values(rows.slice(i, i + 500))
          .execute();
    }
    // The marks read, and only those: a write that came after them left its own mark for the next report.
    for (let i = 0; i < marks.length; i += 300) {
      const chunk = marks.slice(i, i + 300);
      await trx
        .deleteFrom('promise_count_marks')
        .where((eb) =>
          eb.or(
            chunk.map((m) =>
              eb.and([eb('day', '=', m.day), eb('case_id', '=', m.case_id), eb('version', '=', m.version)]),
            ),
          ),
        )
        .execute();
    }
    return days.length;
  });
}

/** Counts every day again (after a bulk load, or to check the counts: the recount). */
export async function rebuildPromiseCounts(database: Database, calendar: BusinessCalendar): Promise<number> {
  await database.transaction(async (trx) => {
    await trx.deleteFrom('promise_counts').execute();
    await sql`insert into promise_count_marks (day, case_id, version)
      select distinct substr(received_at, 1, 10), '', 0 from cases where kind = 'complaint'
      on conflict do nothing`.execute(trx);
  });
  return refreshPromiseCounts(database, calendar);
}

/** The counts of the UTC days [fromDay, toDay) under one facet, by step, measure and value. */
export async function promiseTallies(
  db: Kysely<DB>,
  fromDay: string,
  toDay: string,
  facet: { facet: string; value: string },
  step: 1 | 2 | undefined,
): Promise<Tally[]> {
  let q = db
    .selectFrom('promise_counts')
    .select(['step', 'measure', 'value', sql<number>`sum(n)`.as('n')])
    .where('facet', '=', facet.facet)
    .where('facet_value', '=', facet.value)
    .where('day', '>=', fromDay)
    .where('day', '<', toDay);
  if (step !== undefined) q = q.where('step', '=', String(step));
  const rows = await q.groupBy(['step', 'measure', 'value']).execute();
  return rows.map((r) => ({
    step: r.step,
    measure: r.measure as TallyMeasure,
    value: Number(r.value),
    n: Number(r.n),
  }));
}
