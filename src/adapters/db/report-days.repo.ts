// The monitoring report's counts per local day of receipt, so that a year's report adds up a few thousand rows
// instead of reading every case of the year and its events. Under a facet (all complaints, or those of one
// category, channel, language or outcome; suggestions by status; `other` by reason) and a step, how many cases
// had each measure at each value: received, acknowledged (in time), answered (in time), extended, escalated, the
// milliseconds to answer, and the pairs of src/core/report/promise-figures.ts (which promise an answer kept,
// business days to acknowledge and to answer, extensions and their lead, reopened) from which medians and 90th
// percentiles are read by value. The same counts are kept within each owner's cases and each department's, and
// within those without one (report_scope_days and report_scope_months, by scope and value): a report narrowed to
// one of them, or to "not set", reads its scope's rows as the report of all cases reads report_days, so that the
// cases a filter leaves out cost it nothing. A change of owner or department is a write of the case like any other.
//
// How they stay right: a write of a case (aggregates.repo.ts) marks its UTC day of receipt, in the transaction of
// its events (`markReportDay`). The report counts the local days around the marked days again before it reads
// (`refreshReportDays`), from the cases and their events with the same pure tally the per-case reading uses, and
// removes the marks it read. Counting needs the business calendar (business days, the local day of an instant),
// which the write path does not have: counting at read time keeps it out of every use case that saves a case.
// A day no write marks keeps its counts: retention, which anonymises cases without writing their events, leaves
// past figures as they were. Writers only add marks (one per stream version: no row two writers update), so
// filing mail never waits on the report. Each case is counted on the calendar version in force at its receipt
// (src/core/calendar/calendar-versions.ts): its local day and its business days. A change of the calendar is a new
// version in force from the change's instant, which changes nothing for the cases received before: only the days
// from that instant on are counted again (the number of the last version counted is kept with the counts). Counts
// made on a calendar that is not the history's (before versions existed, or by a caller that gives one calendar)
// are all counted again.
import { type Kysely, sql } from 'kysely';
import type { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import { CalendarHistory, firstEffectOf } from '../../core/calendar/calendar-versions.ts';
import { acknowledgedInTime } from '../../core/correspondence/acknowledgement-given.ts';
import {
  type ComplaintTimes,
  type DayCounter,
  dayCountersByReceipt,
  TALLY_MEASURES,
  tallyComplaint,
} from '../../core/report/promise-figures.ts';
import type { ReportFilter } from '../../core/report/report-filter.ts';
import { withAcknowledgementGiven } from './acknowledgements.repo.ts';
import type { Database, Engine } from './database.ts';
import {
  COUNTED_EVENT_TYPES,
  type CountedEvent,
  complaintTimesFrom,
  complaintTimesOf,
  countedEventColumns,
  cursorAfter,
  PIECE_CASES,
  type ReceiptCursor,
  receivedAfter,
} from './report.repo.ts';
import type { DB } from './schema.ts';
import { insertRow } from './write-buffer.ts';

/** The dimensions kept as facets of complaints. */
export const REPORT_FACETS = ['category', 'channel', 'language', 'outcome'] as const;
type Facet = (typeof REPORT_FACETS)[number];

/** What the day counts hold besides the tallies, for complaints under the facet '' (all). */
export const COMPLIANCE_MEASURES = [
  'n',
  'acknowledged',
  'acknowledged_in_time',
  'answered',
  'answered_in_time',
  'extended',
  'escalated',
  'answer_ms',
] as const;

/** The facet a filter reads, or null when the counts cannot answer it (two dimensions, owner, department). */
export function reportFacetOf(filter: ReportFilter): { facet: '' | Facet; value: string } | null {
  if (filter.owner !== undefined || filter.department !== undefined) return null;
  const set = REPORT_FACETS.filter((f) => filter[f] !== undefined);
  if (set.length > 1) return null;
  if (set.length === 0) return { facet: '', value: '' };
  // Not set (null) is counted under the value '' (countCase).
  return { facet: set[0]!, value: filter[set[0]!] === null ? '' : String(filter[set[0]!]) };
}

/** The dimensions whose values are scopes of the counts (report_scope_days): each holds every figure within it. */
export const REPORT_SCOPES = ['owner', 'department'] as const;
export type ReportScope = (typeof REPORT_SCOPES)[number];

/**
 * The scope a filter reads (one owner or one department, or those not set, with a step or not), or null when it
 * narrows no scope or narrows something else too (the cases are read then).
 */
export function reportScopeOf(filter: ReportFilter): { scope: ReportScope; value: string } | null {
  const set = REPORT_SCOPES.filter((s) => filter[s] !== undefined);
  if (set.length !== 1 || REPORT_FACETS.some((f) => filter[f] !== undefined)) return null;
  // Not set (null) is counted under the value '' (countCase).
  return { scope: set[0]!, value: filter[set[0]!] ?? '' };
}

const DAY_MS = 86_400_000;
const dayOf = (instant: string) => instant.slice(0, 10);
const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00.000Z`) + n * DAY_MS).toISOString().slice(0, 10);

/**
 * Marks the UTC day of receipt of a case whose row changed (before: null for a new case), in the caller's
 * transaction.
 */
export async function markReportDay(
  db: Kysely<DB>,
  caseId: string,
  version: number,
  before: { received_at: string } | null,
  after: { received_at: string },
): Promise<void> {
  const days = new Set([dayOf(after.received_at)]);
  if (before) days.add(dayOf(before.received_at));
  for (const day of days)
    await insertRow(
      db,
      'report_day_marks',
      { day, case_id: caseId, version },
      { tail: 'on conflict do nothing', key: `report_day_marks\u0000${day}\u0000${caseId}\u0000${version}` },
    );
}

type MonthRow = Omit<Row, 'day'> & { month: string };

/** The tables of the counts, which a counting from scratch empties. */
const COUNT_TABLES = ['report_days', 'report_months', 'report_scope_days', 'report_scope_months'] as const;

/** The scope of all cases (report_days and report_months); the others are in report_scope_days and _months. */
const ALL_CASES = '';

/** What the rows of some days add to (or, counted negative, take from) the counts of their months. */
class MonthDelta {
  readonly #rows = new Map<string, MonthRow>();
  add(r: Omit<Row, 'n'>, n: number): void {
    const month = r.day.slice(0, 7);
    const key = [r.scope, r.scope_value, r.facet, r.measure, month, r.facet_value, r.step, r.value].join(
      '\u0000',
    );
    const row = this.#rows.get(key);
    if (row) row.n += n;
    else
      this.#rows.set(key, {
        scope: r.scope,
        scope_value: r.scope_value,
        facet: r.facet,
        measure: r.measure,
        month,
        facet_value: r.facet_value,
        step: r.step,
        value: Number(r.value),
        n,
      });
  }
  /** The changes, without those that cancel out (a day counted again as it was). */
  rows(): MonthRow[] {
    return [...this.#rows.values()].filter((r) => r.n !== 0);
  }
}

/** The key of a row of the day counts. */
const keyOf = (r: Omit<Row, 'n'>) =>
  [r.scope, r.scope_value, r.facet, r.measure, r.day, r.facet_value, r.step, Number(r.value)].join('\u0000');

/**
 * The local days the cases received in a UTC day may belong to, on any calendar version (each case's local day is
 * the one of the zone in force at its receipt): from the local day of its first instant to that of its last, in
 * each version's zone. In a zone east of UTC that is the day itself and the next, in one west of it the day
 * before and the day itself; remembered per UTC day.
 */
function localDaysOfUtcDays(history: CalendarHistory): (utcDay: string) => string[] {
  const known = new Map<string, string[]>();
  return (utcDay) => {
    let out = known.get(utcDay);
    if (out) return out;
    let first: string | null = null;
    let last: string | null = null;
    for (const v of history.versions) {
      const calendar = v.calendar();
      const a = calendar.localDate(`${utcDay}T00:00:00.000Z`).toString();
      const b = calendar.localDate(`${utcDay}T23:59:59.999Z`).toString();
      if (first === null || a < first) first = a;
      if (last === null || b > last) last = b;
    }
    out = [];
    for (let d = first!; d <= last!; d = addDays(d, 1)) out.push(d);
    known.set(utcDay, out);
    return out;
  };
}

/** Consecutive days as runs [first, last]. */
function runsOf(days: Iterable<string>): Array<[string, string]> {
  const runs: Array<[string, string]> = [];
  for (const day of [...days].sort()) {
    const last = runs.at(-1);
    if (last && addDays(last[1], 1) === day) last[1] = day;
    else runs.push([day, day]);
  }
  return runs;
}

type Row = {
  /** ALL_CASES, or a scope (REPORT_SCOPES) and its value. */
  scope: string;
  scope_value: string;
  facet: string;
  measure: string;
  facet_value: string;
  day: string;
  step: string;
  value: number;
  n: number;
};

/** What the counts read of a case. */
const COUNTED_COLUMNS = [
  'id',
  'kind',
  'step',
  'category',
  'channel',
  'language',
  'outcome',
  'other_reason',
  'suggestion_status',
  'received_at',
  'acknowledged_at',
  'acknowledge_by',
  'answered_at',
  'procedure_answer_by',
  'first_answer_by',
  'extensions',
  'step2_case_id',
  'owner_id',
  'department',
] as const;

/**
 * Up to `limit` cases received in [start, endExclusive) after `cursor` in the order of receipt, that the counts
 * hold (not merged into another).
 */
function countedCasesIn(
  db: Kysely<DB>,
  start: string,
  endExclusive: string,
  cursor: ReceiptCursor | null,
  limit: number,
) {
  return db
    .selectFrom('cases')
    .select(COUNTED_COLUMNS)
    .where('received_at', '>=', start)
    .where('received_at', '<', endExclusive)
    .where(receivedAfter(cursor))
    .where('merged_into', 'is', null)
    .orderBy('received_at')
    .orderBy('id')
    .limit(limit)
    .execute();
}

type CountedCase = Awaited<ReturnType<typeof countedCasesIn>>[number];

/** Cases in the order of receipt, and the times of the complaints among them. */
interface Piece {
  cases: CountedCase[];
  times: Map<string, ComplaintTimes>;
}

function pieceOf(cases: CountedCase[], events: CountedEvent[]): Piece {
  const times = new Map<string, ComplaintTimes>();
  for (const t of complaintTimesFrom(
    cases.filter((c) => c.kind === 'complaint'),
    events,
  ))
    times.set(t.id, t);
  return { cases, times };
}

/**
 * The cases received in [start, endExclusive) a piece of `pieceCases` at a time, by their place in the order of
 * receipt (keyset), each piece's complaints' events read by their streams.
 */
async function* piecesByReceipt(
  db: Kysely<DB>,
  engine: Engine,
  start: string,
  endExclusive: string,
  pieceCases: number,
): AsyncGenerator<Piece> {
  let cursor: ReceiptCursor | null = null;
  do {
    const read = await countedCasesIn(db, start, endExclusive, cursor, pieceCases);
    cursor = cursorAfter(read, pieceCases);
    const cases = await withAcknowledgementGiven(db, read);
    const times = new Map<string, ComplaintTimes>();
    const complaints = cases.filter((c) => c.kind === 'complaint');
    if (complaints.length) for (const t of await complaintTimesOf(db, engine, complaints)) times.set(t.id, t);
    yield { cases, times };
  } while (cursor);
}

type CursorRow = CountedCase & {
  event_type: string | null;
  event_at: string | null;
  event_payload: string | null;
  event_root_cause: string | null;
};

/**
 * PostgreSQL, many cases (a rebuild): the same pieces read through a cursor over one statement that joins the cases
 * to the events of the types counted, in the order of receipt, `pieceRows` rows (a case, or one of its events) at
 * a time. Looking up each case's stream costs a random read per case, which for a year of cases is many times
 * the server's own join of the two tables; the server sorts on disk what does not fit its work memory, so that
 * neither side holds the whole run. The events are materialised apart (read by type from the run's first day on)
 * so that the planner cannot look them up case by case; and the cursor is planned to be read to its end
 * (cursor_tuple_fraction), as it is, rather than for its first rows.
 */
async function* piecesThroughCursor(
  db: Kysely<DB>,
  start: string,
  endExclusive: string,
  pieceRows: number,
): AsyncGenerator<Piece> {
  const { payload, rootCause } = countedEventColumns('postgres');
  const query = sql`with ev as materialized (
      select events.stream, events.seq, events.type, events.at, ${payload} as payload, ${rootCause} as root_cause
      from events where events.type in (${sql.join(COUNTED_EVENT_TYPES)}) and events.at >= ${start})
    select ${sql.join(COUNTED_COLUMNS.map((c) => sql.ref(`cases.${c}`)))}, ev.type as event_type,
      ev.at as event_at, ev.payload as event_payload, ev.root_cause as event_root_cause
    from cases left join ev on ev.stream = 'case:' || cases.id
    where cases.received_at >= ${start} and cases.received_at < ${endExclusive} and cases.merged_into is null
    order by cases.received_at, cases.id, ev.seq`;
  await sql`set local cursor_tuple_fraction = 1`.execute(db);
  await sql`declare report_days_cases no scroll cursor for ${query}`.execute(db);
  // The last case read, whose events may go on in the next rows.
  let open: { c: CountedCase; events: CountedEvent[] } | null = null;
  for (;;) {
    const { rows } =
      await sql<CursorRow>`fetch forward ${sql.raw(String(pieceRows))} from report_days_cases`.execute(db);
    const done = rows.length < pieceRows;
    const cases: CountedCase[] = [];
    const events: CountedEvent[] = [];
    const close = (o: NonNullable<typeof open>) => {
      cases.push(o.c);
      for (const e of o.events) events.push(e);
    };
    for (const r of rows) {
      if (open?.c.id !== r.id) {
        if (open) close(open);
        const { event_type, event_at, event_payload, event_root_cause, ...c } = r;
        open = { c, events: [] };
      }
      if (r.event_type !== null)
        open.events.push({
          case_id: r.id,
          type: r.event_type,
          at: r.event_at!,
          payload: r.event_payload ?? '',
          root_cause: r.event_root_cause,
        });
    }
    if (done && open) close(open);
    yield pieceOf(await withAcknowledgementGiven(db, cases), events);
    if (done) break;
  }
  await sql`close report_days_cases`.execute(db);
}

/** The rows counted so far of the days not yet written, by day. */
class DayRows {
  readonly #days = new Map<string, Map<string, Row>>();
  add(
    scope: Scope,
    facet: string,
    value: string,
    day: string,
    step: string,
    measure: string,
    v: number,
    n: number,
  ): void {
    if (n === 0) return;
    let rows = this.#days.get(day);
    if (!rows) {
      rows = new Map();
      this.#days.set(day, rows);
    }
    const key = [scope[0], scope[1], facet, measure, value, step, v].join('\u0000');
    const row = rows.get(key);
    if (row) row.n += n;
    else
      rows.set(key, {
        scope: scope[0],
        scope_value: scope[1],
        facet,
        measure,
        facet_value: value,
        day,
        step,
        value: v,
        n,
      });
  }
  /** The rows of the days before `day`, taken out. */
  takeBefore(day: string): Row[] {
    const out: Row[] = [];
    for (const [d, rows] of this.#days)
      if (d < day) {
        for (const r of rows.values()) out.push(r);
        this.#days.delete(d);
      }
    return out;
  }
}

/** A scope of the counts and its value: [ALL_CASES, ''] for all cases. */
type Scope = readonly [string, string];

/**
 * Adds what one case counts to the rows of its local day (its complaint times: undefined for other kinds): for all
 * cases, and within its owner's and its department's scopes (those not set under the value '', as "not set" is
 * read: reportScopeOf) the rows a report narrowed to one of them reads: all but the tallies under each facet, which
 * only a report narrowed to that facet reads.
 */
function countCase(
  rows: DayRows,
  c: CountedCase,
  day: string,
  t: ComplaintTimes | undefined,
  days: DayCounter,
): void {
  const scopes: Scope[] = [
    [ALL_CASES, ''],
    ['owner', c.owner_id ?? ''],
    ['department', c.department ?? ''],
  ];
  const everywhere = (facet: string, value: string, step: string, measure: string, v: number, n: number) => {
    for (const scope of scopes) rows.add(scope, facet, value, day, step, measure, v, n);
  };
  const step = String(c.step ?? 1);
  if (c.kind === 'suggestion') {
    everywhere('suggestion', c.suggestion_status ?? '', step, 'n', 0, 1);
    return;
  }
  if (c.kind !== 'complaint') {
    everywhere('other', c.other_reason ?? '', step, 'n', 0, 1);
    return;
  }
  // `acknowledged_at` is when the acknowledgement was given, not recorded (piecesByReceipt: an e-mail held in the
  // outbox is not given), measured against its deadline by the rule.
  const acknowledged = c.acknowledged_at !== null;
  const answered = c.answered_at !== null;
  const compliance: Record<(typeof COMPLIANCE_MEASURES)[number], number> = {
    n: 1,
    acknowledged: acknowledged ? 1 : 0,
    acknowledged_in_time: acknowledgedInTime(c.acknowledged_at, c.acknowledge_by) ? 1 : 0,
    answered: answered ? 1 : 0,
    answered_in_time:
      answered && c.procedure_answer_by !== null && c.answered_at! <= c.procedure_answer_by ? 1 : 0,
    extended: c.extensions > 0 ? 1 : 0,
    escalated: c.step === 1 && c.step2_case_id !== null ? 1 : 0,
    answer_ms: answered ? Date.parse(c.answered_at!) - Date.parse(c.received_at) : 0,
  };
  for (const m of COMPLIANCE_MEASURES) everywhere('', '', step, m, 0, compliance[m]);
  // A category or an outcome not set is counted under the value '': the report's table by category shows it as
  // "none", and a report narrowed to "not set" reads it (reportFacetOf).
  const facets: Array<[string, string]> = [
    ['category', c.category ?? ''],
    ['channel', c.channel],
    ['language', c.language],
    ['outcome', c.outcome ?? ''],
  ];
  for (const [facet, value] of facets) everywhere(facet, value, step, 'n', 0, 1);
  // Whether and when the acknowledgement was given is no fact of the case row, which the counts kept with each
  // write of a case (case-counts.repo.ts) follow: a report narrowed to a facet reads these (report-cases.ts).
  for (const [facet, value] of facets)
    for (const m of ['acknowledged', 'acknowledged_in_time'] as const)
      rows.add(scopes[0]!, facet, value, day, step, m, 0, compliance[m]);
  if (!t) return;
  for (const tally of tallyComplaint(t, days)) {
    everywhere('', '', tally.step, tally.measure, tally.value, tally.n);
    for (const [facet, value] of facets)
      rows.add(scopes[0]!, facet, value, day, tally.step, tally.measure, tally.value, tally.n);
  }
}

/**
 * PostgreSQL: whether the cases received in [start, endExclusive) are better read through a cursor than a piece at
 * a time by their streams: when they are more than a piece, and at least as many as those received after them (the
 * events the cursor reads from the run's first day on are then mostly the run's own; a few old days counted again
 * are not worth reading every later event).
 */
async function readThroughCursor(
  db: Kysely<DB>,
  start: string,
  endExclusive: string,
  pieceCases: number,
): Promise<boolean> {
  const count = async (q: { executeTakeFirstOrThrow(): Promise<{ n: number | string | bigint }> }) =>
    Number((await q.executeTakeFirstOrThrow()).n);
  const inRun = await count(
    db
      .selectFrom('cases')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('received_at', '>=', start)
      .where('received_at', '<', endExclusive),
  );
  if (inRun <= pieceCases) return false;
  // Counted up to one more than the run's, on the index of the receipt date.
  const after = await count(
    db
      .selectFrom(
        db
          .selectFrom('cases')
          .select(sql<number>`1`.as('one'))
          .where('received_at', '>=', endExclusive)
          .limit(inRun + 1)
          .as('later'),
      )
      .select((eb) => eb.fn.countAll().as('n')),
  );
  return after <= inRun;
}

/**
 * Counts the local days [first, last] again: every case received in them (each on the calendar version in force
 * at its receipt, whose time zone says its local day), under every facet it belongs to. The cases are read a piece
 * at a time in the order of receipt, with the events of each piece's complaints; the rows of a day are written
 * (`write`, with the days they cover) once no later case can fall on it, so that a day is never written in parts
 * and only a piece and a few days' rows are held at once.
 */
async function countDays(
  db: Kysely<DB>,
  engine: Engine,
  calendars: CalendarHistory,
  first: string,
  last: string,
  pieceCases: number,
  write: (from: string, to: string, rows: Row[]) => Promise<void>,
): Promise<void> {
  // A single calendar: its local days as instants. Several: every time zone's local days lie within the UTC days
  // around them, and each case is kept by its own local day below.
  const single = calendars.versions.length === 1 ? calendars.latest.calendar() : null;
  const start = single ? single.startOfDay(first) : `${addDays(first, -1)}T00:00:00.000Z`;
  const endExclusive = single ? single.startOfDay(addDays(last, 1)) : `${addDays(last, 2)}T00:00:00.000Z`;
  const daysAt = dayCountersByReceipt(calendars);
  // The earliest local day, on any version, of the cases received from a UTC day on.
  const localDays = localDaysOfUtcDays(calendars);
  const rows = new DayRows();
  const end = addDays(last, 1);
  let from = first;
  const many = engine === 'postgres' && (await readThroughCursor(db, start, endExclusive, pieceCases));
  const pieces = many
    ? piecesThroughCursor(db, start, endExclusive, pieceCases)
    : piecesByReceipt(db, engine, start, endExclusive, pieceCases);
  for await (const piece of pieces) {
    for (const c of piece.cases) {
      const days = daysAt(c.received_at);
      const day = days.localDay(c.received_at);
      if (day < first || day > last) continue;
      countCase(rows, c, day, piece.times.get(c.id), days);
    }
    // Every case still to read was received at or after the piece's last one: on no version can its local day be
    // earlier than the first local day of that instant's UTC day.
    const lastCase = piece.cases.at(-1);
    if (!lastCase) continue;
    let whole = localDays(dayOf(lastCase.received_at))[0]!;
    if (whole > end) whole = end;
    if (whole > from) {
      await write(from, addDays(whole, -1), rows.takeBefore(whole));
      from = whole;
    }
  }
  if (end > from) await write(from, last, rows.takeBefore(end));
}

/** How a counting reads the cases. */
export interface CountingOptions {
  /** Cases read at once at most (report.repo.ts PIECE_CASES when not given; tests use small pieces). */
  pieceCases?: number;
}

/**
 * Counts again the local days around the marks of receipt days in [fromDay, toDay) (local dates; all when
 * omitted), each case on the calendar version in force at its receipt, and removes the marks read. One counting
 * at a time (a lock on PostgreSQL, the immediate transaction on SQLite), so that two reports counting the same day
 * do not write it twice. A calendar given alone stands for all time.
 */
export async function refreshReportDays(
  database: Database,
  calendars: BusinessCalendar | CalendarHistory,
  fromDay?: string,
  toDay?: string,
  options: CountingOptions = {},
): Promise<number> {
  const history = calendars instanceof CalendarHistory ? calendars : CalendarHistory.single(calendars);
  const pieceCases = options.pieceCases ?? PIECE_CASES;
  if (!Number.isInteger(pieceCases) || pieceCases < 1)
    throw new RangeError(`cases read at once must be a whole number above 0 (given ${pieceCases})`);
  const latest = history.latest;
  const fingerprint = latest.calendar().fingerprint;
  // A local day lies within a day of the UTC days of the same dates.
  const lowest = fromDay === undefined ? null : addDays(fromDay, -1);
  const beyond = toDay === undefined ? null : addDays(toDay, 1);
  const anyMark = async (db: Kysely<DB>) => {
    let q = db.selectFrom('report_day_marks').select('day');
    if (lowest !== null) q = q.where('day', '>=', lowest);
    if (beyond !== null) q = q.where('day', '<', beyond);
    return (await q.limit(1).executeTakeFirst()) !== undefined;
  };
  const countedOn = (db: Kysely<DB>) =>
    db.selectFrom('report_days_zone').select(['zone', 'calendar_version']).executeTakeFirst();
  const upToDate = (s: Awaited<ReturnType<typeof countedOn>>) =>
    s !== undefined &&
    s.zone === fingerprint &&
    (s.calendar_version === null ? latest.version === 1 : Number(s.calendar_version) === latest.version);
  // Most reports find nothing to count: that is read without taking the lock.
  const [marked, state] = await Promise.all([anyMark(database.db), countedOn(database.db)]);
  if (!marked && upToDate(state)) return 0;
  return database.transaction(async (trx) => {
    if (database.engine === 'postgres')
      await sql`select pg_advisory_xact_lock(hashtext('report_days'))`.execute(trx);
    const counted = await countedOn(trx);
    if (!upToDate(counted)) {
      const since = recountFrom(history, counted);
      if (since === null) {
        for (const table of COUNT_TABLES) await trx.deleteFrom(table).execute();
        await sql`insert into report_day_marks (day, case_id, version)
          select distinct substr(received_at, 1, 10), '', 0 from cases where true on conflict do nothing`.execute(
          trx,
        );
      } else {
        // The cases received from the first new version's instant on (and their neighbours' days, as a mark's).
        const from = `${addDays(dayOf(since), -1)}T00:00:00.000Z`;
        await sql`insert into report_day_marks (day, case_id, version)
          select distinct substr(received_at, 1, 10), '', 0 from cases where received_at >= ${from}
          on conflict do nothing`.execute(trx);
      }
      await trx.deleteFrom('report_days_zone').execute();
      await trx
        .insertInto('report_days_zone')
        .values({ zone: fingerprint, calendar_version: history.recorded ? latest.version : null })
        .execute();
    }
    // Taken under the lock (another report may have counted these days meanwhile): removed now, their days
    // alone kept, so that a backlog of marks (one per write of a case) is never held in memory.
    const marks = await takeMarks(trx, database.engine, lowest, beyond);
    const days = new Set<string>();
    const localDays = localDaysOfUtcDays(history);
    for (const day of marks) for (const d of localDays(day)) days.add(d);
    // The days are counted again and compared with the rows kept: only the rows that changed are written (a day
    // counted again after a write of one case changes a few of its rows; rewriting all of them cost more than the
    // counting). The month counts move by what the changed rows gain or lose (a month is never summed again whole).
    // A run of consecutive days at a time (a whole rebuild is one run of every day that has cases), its cases read a
    // piece at a time in the order of receipt with their complaints' events (countDays), so that the memory a
    // counting takes does not grow with the number of cases.
    const monthly = new MonthDelta();
    const write = async (first: string, last: string, counted: Row[]) => {
      await replaceDays(
        trx,
        false,
        first,
        last,
        counted.filter((r) => r.scope === ALL_CASES),
        monthly,
      );
      await replaceDays(
        trx,
        true,
        first,
        last,
        counted.filter((r) => r.scope !== ALL_CASES),
        monthly,
      );
    };
    for (const [first, last] of runsOf(days))
      await countDays(trx, database.engine, history, first, last, pieceCases, write);
    const changes = monthly.rows();
    for (const scoped of [false, true]) {
      const table = scoped ? 'report_scope_months' : 'report_months';
      const rows = changes.filter((r) => (r.scope !== ALL_CASES) === scoped).map((r) => rowOf(r, scoped));
      for (let i = 0; i < rows.length; i += 500)
        await loose(trx)
          .insertInto(table)
          .values(rows.slice(i, i + 500))
          .onConflict((oc) =>
            oc
              .columns(keyColumns('month', scoped))
              .doUpdateSet({ n: sql<number>`${sql.ref(`${table}.n`)} + excluded.n` }),
          )
          .execute();
    }
    return days.size;
  });
}

/** The database without its tables' types, for the statements that write either scope's tables alike. */
const loose = (db: Kysely<DB>) => db as unknown as Kysely<Record<string, Record<string, string | number>>>;

/** The key of the day or month counts, in the order of their primary key (the scopes' start with the scope). */
function keyColumns(period: 'day' | 'month', scoped: boolean): string[] {
  const key = ['facet', 'measure', period, 'facet_value', 'step', 'value'];
  return scoped ? ['scope', 'scope_value', ...key] : key;
}

/** A row as its table holds it: all cases' without the scope. */
function rowOf<R extends { scope: string; scope_value: string }>(r: R, scoped: boolean) {
  if (scoped) return r;
  const { scope: _scope, scope_value: _value, ...rest } = r;
  return rest;
}

/**
 * Replaces the rows of the local days [first, last] of all cases (report_days) or of the scopes
 * (report_scope_days) by those counted, and adds what changed to the month counts. The days counted again are
 * compared with the rows kept: only the rows that changed are written (a day counted again after a write of one
 * case changes a few of its rows; rewriting all of them cost more than the counting). The month counts move by what
 * the changed rows gain or lose (a month is never summed again whole).
 */
async function replaceDays(
  trx: Kysely<DB>,
  scoped: boolean,
  first: string,
  last: string,
  counted: Row[],
  monthly: MonthDelta,
): Promise<void> {
  const kept = new Map<string, Row>();
  const old: Row[] = scoped
    ? // By the index of the day: whatever their scope.
      await trx
        .selectFrom('report_scope_days')
        .selectAll()
        .where('day', '>=', first)
        .where('day', '<=', last)
        .execute()
    : // Named by the whole key's first columns, so that the primary key finds the rows.
      (
        await trx
          .selectFrom('report_days')
          .selectAll()
          .where('facet', 'in', ALL_FACETS)
          .where('measure', 'in', ALL_MEASURES)
          .where('day', '>=', first)
          .where('day', '<=', last)
          .execute()
      ).map((r) => ({ ...r, scope: ALL_CASES, scope_value: '' }));
  for (const r of old) kept.set(keyOf(r), { ...r, value: Number(r.value), n: Number(r.n) });
  const changed: Row[] = [];
  for (const r of counted) {
    const key = keyOf(r);
    const was = kept.get(key);
    kept.delete(key);
    if (was?.n === r.n) continue;
    changed.push(r);
    monthly.add(r, r.n - (was?.n ?? 0));
  }
  // What is left of the rows kept counts nothing any more.
  const gone = [...kept.values()];
  for (const r of gone) monthly.add(r, -r.n);
  const table = scoped ? 'report_scope_days' : 'report_days';
  const key = keyColumns('day', scoped);
  for (let i = 0; i < gone.length; i += 100) {
    const chunk = gone.slice(i, i + 100);
    await loose(trx)
      .deleteFrom(table)
      .where((eb) => eb.or(chunk.map((r) => eb.and(key.map((k) => eb(k, '=', r[k as keyof Row]))))))
      .execute();
  }
  for (let i = 0; i < changed.length; i += 500)
    await loose(trx)
      .insertInto(table)
      .values(changed.slice(i, i + 500).map((r) => rowOf(r, scoped)))
      .onConflict((oc) => oc.columns(key).doUpdateSet({ n: sql<number>`excluded.n` }))
      .execute();
}

/**
 * Removes the marks of the UTC days in [lowest, beyond) (null: no bound) and returns their distinct days. The
 * removal comes before the counting, so the counting (later statements of the same transaction) sees every write
 * whose mark was removed; a write committed after the removal leaves its mark for the next report. PostgreSQL
 * removes and answers in one statement, only the marks committed when it starts; on SQLite the counting's
 * transaction is the only writer, so reading the days and then removing their marks is the same.
 */
async function takeMarks(
  trx: Kysely<DB>,
  engine: Database['engine'],
  lowest: string | null,
  beyond: string | null,
): Promise<string[]> {
  const inRange = sql.join(
    [
      sql`true`,
      ...(lowest === null ? [] : [sql`day >= ${lowest}`]),
      ...(beyond === null ? [] : [sql`day < ${beyond}`]),
    ],
    sql` and `,
  );
  if (engine === 'postgres') {
    const taken = await sql<{ day: string }>`with taken as (
        delete from report_day_marks where ${inRange} returning day
      ) select distinct day from taken`.execute(trx);
    return taken.rows.map((r) => r.day);
  }
  const days = await sql<{ day: string }>`select distinct day from report_day_marks where ${inRange}`.execute(
    trx,
  );
  await sql`delete from report_day_marks where ${inRange}`.execute(trx);
  return days.rows.map((r) => r.day);
}

/**
 * From which instant the counts made on `counted` must be counted again on `history` (a BEGINNING_OF_TIME-like
 * instant or later), or null when all must: counts made on a version of this history are right before the first
 * version added since; counts made before versions existed are version 1's if its fingerprint is theirs.
 */
function recountFrom(
  history: CalendarHistory,
  counted: { zone: string; calendar_version: number | null } | undefined,
): string | null {
  if (!counted || !history.recorded) return null;
  const version = counted.calendar_version === null ? 1 : Number(counted.calendar_version);
  const on = history.get(version);
  if (!on || on.calendar().fingerprint !== counted.zone) return null;
  return firstEffectOf(history.versions, version);
}

/** Counts every day again (after a bulk load; the recount the tests compare the kept counts with). */
export async function rebuildReportDays(
  database: Database,
  calendar: BusinessCalendar | CalendarHistory,
  options: CountingOptions = {},
): Promise<number> {
  await database.transaction(async (trx) => {
    for (const table of COUNT_TABLES) await trx.deleteFrom(table).execute();
    await sql`insert into report_day_marks (day, case_id, version)
      select distinct substr(received_at, 1, 10), '', 0 from cases where true on conflict do nothing`.execute(
      trx,
    );
  });
  return refreshReportDays(database, calendar, undefined, undefined, options);
}

/** One group of the day counts of a period. */
export interface DayCountRow {
  facet: string;
  facet_value: string;
  measure: string;
  step: string;
  value: number;
  /** The local month (YYYY-MM). */
  month: string;
  n: number;
}

/** What to read of the counts: facets ('' alone, with the value '') and their value (null: every value), measures. */
export interface DayCountSelection {
  facets: readonly string[];
  facetValue: string | null;
  measures: readonly string[];
}

/**
 * The counts of the local days [fromDay, toDay) of each selection, by facet, value, measure, step, value and
 * month; one step when asked; within a scope when given (one owner or department, or those not set: its rows
 * alone, the first columns of its tables' keys). The months the period holds whole are read from the month counts,
 * the days of the months it cuts from the day counts; all of it in one statement (one round trip on PostgreSQL).
 */
export async function reportDayRows(
  db: Kysely<DB>,
  fromDay: string,
  toDay: string,
  selections: readonly DayCountSelection[],
  step: 1 | 2 | undefined,
  scope: { scope: ReportScope; value: string } | null = null,
): Promise<DayCountRow[]> {
  // The first month wholly inside the period, and the month of the day after the period.
  const firstMonth = fromDay.endsWith('-01') ? fromDay.slice(0, 7) : nextMonth(fromDay.slice(0, 7));
  const endMonth = toDay.slice(0, 7);
  const within = <Q extends { where(c: string, op: '=', v: string): Q }>(q: Q) =>
    scope ? q.where('scope', '=', scope.scope).where('scope_value', '=', scope.value) : q;
  const days = (sel: DayCountSelection, from: string, to: string) => {
    let q = within(loose(db).selectFrom<string>(scope ? 'report_scope_days' : 'report_days'))
      .select([
        'facet',
        'facet_value',
        'measure',
        'step',
        'value',
        sql<string>`substr(day, 1, 7)`.as('month'),
        sql<number>`sum(n)`.as('n'),
      ])
      .where('facet', 'in', [...sel.facets])
      .where('measure', 'in', [...sel.measures])
      .where('day', '>=', from)
      .where('day', '<', to);
    if (sel.facetValue !== null) q = q.where('facet_value', '=', sel.facetValue);
    if (step !== undefined) q = q.where('step', '=', String(step));
    return q.groupBy(['facet', 'facet_value', 'measure', 'step', 'value', 'month']);
  };
  const months = (sel: DayCountSelection) => {
    let q = within(loose(db).selectFrom<string>(scope ? 'report_scope_months' : 'report_months'))
      .select([
        'facet',
        'facet_value',
        'measure',
        'step',
        'value',
        'month',
        // As the day counts' sum, so that the parts of the union have the same types.
        sql<number>`n`.as('n'),
      ])
      .where('facet', 'in', [...sel.facets])
      .where('measure', 'in', [...sel.measures])
      .where('month', '>=', firstMonth)
      .where('month', '<', endMonth)
      // A group whose days all went elsewhere keeps its row at 0; the day counts hold no such row.
      .where('n', '<>', 0);
    if (sel.facetValue !== null) q = q.where('facet_value', '=', sel.facetValue);
    if (step !== undefined) q = q.where('step', '=', String(step));
    return q;
  };
  const parts = selections.flatMap((sel) => {
    if (firstMonth >= endMonth) return [days(sel, fromDay, toDay)];
    const out = [];
    if (fromDay < `${firstMonth}-01`) out.push(days(sel, fromDay, `${firstMonth}-01`));
    out.push(months(sel));
    if (`${endMonth}-01` < toDay) out.push(days(sel, `${endMonth}-01`, toDay));
    return out;
  });
  if (parts.length === 0) return [];
  const [first, ...rest] = parts;
  const rows = await rest.reduce((q, part) => q.unionAll(part), first!).execute();
  return rows.map((r) => ({
    facet: String(r.facet),
    facet_value: String(r.facet_value),
    measure: String(r.measure),
    step: String(r.step),
    month: String(r.month),
    value: Number(r.value),
    n: Number(r.n),
  }));
}

/** The month after a month (YYYY-MM). */
function nextMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

/** The tallies' measures (src/core/report/promise-figures.ts). */
export const TALLIES: readonly string[] = TALLY_MEASURES;

const ALL_FACETS = ['', ...REPORT_FACETS, 'suggestion', 'other'];
const ALL_MEASURES = [...new Set([...COMPLIANCE_MEASURES, ...TALLY_MEASURES])];
