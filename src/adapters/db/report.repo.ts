// The monitoring report's reads (P7; src/app/report-cases.ts cuts the period into the parts each read covers and
// rolls the rows up): the counts kept per UTC day (case-counts.repo.ts), the cases themselves for the hours local
// days and months cut off UTC days, and the open complaints past due from the cases' due index. Each read groups
// by the counted dimensions and by local month, named in SQL from the months' first instants the use case gives.
import { type ExpressionBuilder, type RawBuilder, type SqlBool, sql } from 'kysely';
import type { EventMeta } from '../../core/case/case.ts';
import type { CaseEvent } from '../../core/case/case-events.ts';
import type { ComplaintTimes } from '../../core/report/promise-figures.ts';
import { type RegulatorComplaint, suggestionDoneAt } from '../../core/report/regulator.ts';
import type { ReportFilter } from '../../core/report/report-filter.ts';
import { withAcknowledgementGiven } from './acknowledgements.repo.ts';
import { COUNT_DIMENSIONS } from './case-counts.repo.ts';
import type { Db, Engine } from './database.ts';
import { acknowledgementNotGivenPast, casesBehind, casesMatching, countsMatching } from './report-scope.ts';
import type { DB } from './schema.ts';

/** A local month of the report. */
export interface ReportMonth {
  /** YYYY-MM. */
  label: string;
  /** Its first instant (UTC). */
  from: string;
  /** The first UTC day wholly inside it (the day of `from` when `from` is a UTC midnight, else the next). */
  firstWholeDay: string;
}

/** One group of counted cases: its dimensions, local month, and sums. */
export interface ReportRow {
  kind: string;
  step: number | null;
  channel: string;
  category: string | null;
  language: string;
  outcome: string | null;
  other_reason: string | null;
  suggestion_status: string | null;
  month: string;
  n: number | string;
  acknowledged: number | string;
  acknowledged_in_time: number | string;
  answered: number | string;
  answered_in_time: number | string;
  overdue_open: number | string;
  extended: number | string;
  escalated: number | string;
  days_to_answer: number | string | null;
}

const DIMENSIONS = COUNT_DIMENSIONS;

/** A CASE expression naming the local month (YYYY-MM) of the instant in `column`. */
function monthOfInstant(column: 'received_at', months: readonly ReportMonth[]) {
  const whens = months
    .slice(1)
    .map((m, i) => sql`when ${sql.ref(column)} < ${m.from} then ${months[i]!.label}`);
  if (!whens.length) return sql<string>`${months[0]!.label}`;
  return sql<string>`case ${sql.join(whens, sql` `)} else ${months.at(-1)!.label} end`;
}

/**
 * The same for a UTC day of the counts that no month boundary cuts: it belongs to the month whose first instant
 * is at or before its midnight (a month starting within a day cuts that day, which is read from the cases).
 */
function monthOfDay(months: readonly ReportMonth[]) {
  const whens = months.slice(1).map((m, i) => sql`when day < ${m.firstWholeDay} then ${months[i]!.label}`);
  if (!whens.length) return sql<string>`${months[0]!.label}`;
  return sql<string>`case ${sql.join(whens, sql` `)} else ${months.at(-1)!.label} end`;
}

/**
 * Rows of the counts for the UTC days [fromDay, toDay) but `skip`, by month. Without "acknowledged" and
 * "acknowledged in time" (0): the counts are kept with each write of a case, and an acknowledgement is given when
 * the e-mail is sent or the letter posted (acknowledgement-given.ts), which no write of the case says. The caller
 * takes those two figures from counts that follow that rule (report-cases.ts withAcknowledgementsGiven).
 */
export async function countedRows(
  db: Db,
  fromDay: string,
  toDay: string,
  skip: readonly string[],
  months: readonly ReportMonth[],
  filter: ReportFilter = {},
): Promise<ReportRow[]> {
  let q = db
    .selectFrom('case_counts')
    .select([
      ...DIMENSIONS,
      monthOfDay(months).as('month'),
      sql<number>`sum(n)`.as('n'),
      sql<number>`0`.as('acknowledged'),
      sql<number>`0`.as('acknowledged_in_time'),
      sql<number>`sum(answered)`.as('answered'),
      sql<number>`sum(answered_in_time)`.as('answered_in_time'),
      sql<number>`0`.as('overdue_open'),
      sql<number>`sum(extended)`.as('extended'),
      sql<number>`sum(escalated)`.as('escalated'),
      sql<number>`sum(days_to_answer)`.as('days_to_answer'),
    ])
    .where('day', '>=', fromDay)
    .where('day', '<', toDay)
    .where(countsMatching(filter));
  if (skip.length) q = q.where('day', 'not in', [...skip]);
  // A group whose cases all moved to other groups (recategorised, reclassified, merged) counts nothing.
  const rows = (await q
    .groupBy([...DIMENSIONS, 'month'])
    .having(sql`sum(n)`, '<>', 0)
    .execute()) as unknown as ReportRow[];
  // Absent values are stored as '' and step 0 (a unique key on both engines); the report names them null.
  return rows.map((r) => ({
    ...r,
    step: r.step === 0 ? null : r.step,
    category: r.category || null,
    outcome: r.outcome || null,
    other_reason: r.other_reason || null,
    suggestion_status: r.suggestion_status || null,
  }));
}

/**
 * Rows read from the cases received in the given instant ranges [from, to), by month; with `now`, the open
 * complaints past a deadline counted too (else 0: see overdueRows). Without `acknowledgements`, "acknowledged" and
 * "acknowledged in time" are 0: for a caller that takes them from counts that follow the rule (report-cases.ts
 * withAcknowledgementsGiven), reading when each acknowledgement was given, a look into the outbox for every case,
 * would be work thrown away. The report read from the cases alone (reportCasesScanning) takes them from here: it is
 * the reference those counts are checked against.
 */
export async function scannedRows(
  db: Db,
  engine: Engine,
  ranges: ReadonlyArray<readonly [string, string]>,
  months: readonly ReportMonth[],
  now: string | null,
  filter: ReportFilter = {},
  { acknowledgements = true }: { acknowledgements?: boolean } = {},
): Promise<ReportRow[]> {
  if (ranges.length === 0) return [];
  const days =
    engine === 'sqlite'
      ? sql<number>`sum(case when answered_at is not null then julianday(answered_at) - julianday(received_at) end)`
      : sql<number>`sum(case when answered_at is not null then extract(epoch from (answered_at::timestamptz - received_at::timestamptz)) / 86400 end)`;
  return (await db
    .selectFrom('cases')
    .select([
      ...DIMENSIONS,
      monthOfInstant('received_at', months).as('month'),
      sql<number>`count(*)`.as('n'),
      // Each figure counts the cases the drill-down list shows for it (report-scope.ts).
      acknowledgements
        ? sql<number>`sum(case when ${casesBehind('acknowledged', engine, '')} then 1 else 0 end)`.as(
            'acknowledged',
          )
        : sql<number>`0`.as('acknowledged'),
      acknowledgements
        ? sql<number>`sum(case when ${casesBehind('acknowledged_in_time', engine, '')} then 1 else 0 end)`.as(
            'acknowledged_in_time',
          )
        : sql<number>`0`.as('acknowledged_in_time'),
      sql<number>`sum(case when ${casesBehind('answered', engine, '')} then 1 else 0 end)`.as('answered'),
      sql<number>`sum(case when ${casesBehind('answered_in_time', engine, '')} then 1 else 0 end)`.as(
        'answered_in_time',
      ),
      now === null
        ? sql<number>`0`.as('overdue_open')
        : // Late as the queue says it (src/core/case/clock.ts): the stored due_key is the earliest open deadline,
          // the acknowledgement's until it is sent, so both ways of reading the report count the same cases.
          sql<number>`sum(case when ${casesBehind('overdue', engine, now)} then 1 else 0 end)`.as(
            'overdue_open',
          ),
      sql<number>`sum(case when ${casesBehind('extended', engine, '')} then 1 else 0 end)`.as('extended'),
      sql<number>`sum(case when ${casesBehind('escalated', engine, '')} then 1 else 0 end)`.as('escalated'),
      days.as('days_to_answer'),
    ])
    .where((eb) =>
      eb.or(ranges.map(([from, to]) => eb.and([eb('received_at', '>=', from), eb('received_at', '<', to)]))),
    )
    .where('merged_into', 'is', null)
    .where(casesMatching(filter))
    .groupBy([...DIMENSIONS, 'month'])
    .execute()) as ReportRow[];
}

/**
 * The cases the report counts as "open and overdue" at `now` (its rows of kind complaint: rollUp in
 * src/app/report-cases.ts), one condition for the report (overdueRows) and for /metrics (countOpenAndOverdue): as
 * the drill-down list says it (report-scope.ts casesBehind 'overdue'), open and past the earliest deadline told
 * (the acknowledgement's until it is given, then the answer's: the stored due key, due-key.repo.ts), or past the
 * acknowledgement's deadline with the acknowledgement recorded but not given (acknowledgementNotGivenPast, for keys
 * an older release wrote from the record), or past the procedure's answer
 * date, which a renewed promise and an extension told after it do not move (`procedure_answer_by`, the row's
 * copy of src/core/case/promise.ts measuredPromise).
 */
export function openAndOverdue(engine: Engine, now: string) {
  return (eb: ExpressionBuilder<DB, 'cases'>) =>
    eb.and([
      // `is_open = 1` written as a literal, so that the engines may read the partial index of open cases
      // (cases_open_report).
      sql<SqlBool>`cases.is_open = 1`,
      // SQLite, whose statistics say only that half the cases have each value of is_open, would otherwise read
      // the open cases past due on the index of the due key (cases_due) and then a table row for each, rather
      // than the partial index alone: `+due_key` (the same value) keeps that index off the due key.
      eb.or([
        eb(engine === 'sqlite' ? sql`+due_key` : sql.ref('due_key'), '<', now),
        eb.and([eb('kind', '=', 'complaint'), eb('procedure_answer_by', '<', now)]),
        acknowledgementNotGivenPast(now),
      ]),
      eb('merged_into', 'is', null),
    ]);
}

/** The open complaints received in [start, endExclusive) past a deadline (acknowledgement or answer), by month (index cases_open_report). */
export async function overdueRows(
  db: Db,
  engine: Engine,
  start: string,
  endExclusive: string,
  months: readonly ReportMonth[],
  now: string,
  filter: ReportFilter = {},
): Promise<ReportRow[]> {
  const rows = await db
    .selectFrom('cases')
    .select([
      ...DIMENSIONS,
      monthOfInstant('received_at', months).as('month'),
      sql<number>`count(*)`.as('overdue'),
    ])
    .where(openAndOverdue(engine, now))
    .where('received_at', '>=', start)
    .where('received_at', '<', endExclusive)
    .where(casesMatching(filter))
    .groupBy([...DIMENSIONS, 'month'])
    .execute();
  return rows.map((r) => ({
    ...r,
    n: 0,
    acknowledged: 0,
    acknowledged_in_time: 0,
    answered: 0,
    answered_in_time: 0,
    overdue_open: Number(r.overdue),
    extended: 0,
    escalated: 0,
    days_to_answer: null,
  }));
}

/**
 * How many complaints, whenever received, the report counts as open and overdue at `now` (openAndOverdue): the
 * figure of /metrics that a dashboard sets beside the report's. Read at most every few seconds: the open
 * complaints through their index (cases_open_counts, on both engines), never the archive.
 */
export function openAndOverdueCount(db: Db, engine: Engine, now: string) {
  return db
    .selectFrom('cases')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('kind', '=', 'complaint')
    .where(openAndOverdue(engine, now));
}

export async function countOpenAndOverdue(db: Db, engine: Engine, now: string): Promise<number> {
  const row = await openAndOverdueCount(db, engine, now).executeTakeFirst();
  return Number(row?.n ?? 0);
}

// ---------------------------------------------------------------------------------------------------------------
// Per-case reads: the figures that need each case's own times (percentiles, which promise an answer kept, the
// extensions and when they were sent) read the period's cases a piece at a time in the order of receipt, and the
// few events that matter of each piece's complaints by their streams.

/**
 * How many cases a piece holds at most: a period's cases and their events are never all in memory at once (a year
 * may hold millions), and a piece is large enough that a year takes few reads.
 */
export const PIECE_CASES = 10_000;

/** Where the next piece starts: after this case in the order of receipt. */
export interface ReceiptCursor {
  receivedAt: string;
  id: string;
}

/**
 * The cases received after `cursor` in the order of receipt (received_at, then id). The plain bound first, so that
 * each piece starts on the index of the receipt date where the last one ended (the OR alone would make every piece
 * read the period from its start).
 */
export function receivedAfter(cursor: ReceiptCursor | null): RawBuilder<SqlBool> {
  if (!cursor) return sql<SqlBool>`1 = 1`;
  return sql<SqlBool>`(cases.received_at >= ${cursor.receivedAt} and (cases.received_at > ${cursor.receivedAt}
    or (cases.received_at = ${cursor.receivedAt} and cases.id > ${cursor.id})))`;
}

/** The cursor after the last case of a piece, or null when the piece was the last (fewer cases than asked). */
export function cursorAfter(
  piece: ReadonlyArray<{ id: string; received_at: string }>,
  limit: number,
): ReceiptCursor | null {
  const last = piece.at(-1);
  return last && piece.length >= limit ? { receivedAt: last.received_at, id: last.id } : null;
}

/** What a complaint's row gives the figures (its events give the rest: see complaintTimesOf). */
export interface ComplaintRow {
  id: string;
  kind: string;
  step: number | null;
  received_at: string;
  acknowledged_at: string | null;
  acknowledge_by: string | null;
  answered_at: string | null;
  /** The procedure's answer date and the one first promised (the figures' dates: promise.ts measuredPromise). */
  procedure_answer_by: string | null;
  first_answer_by: string | null;
  extensions: number;
  category: string | null;
  channel: string;
  language: string;
  outcome: string | null;
}

/**
 * A complaint's times, with its id, its acknowledgement's deadline (the report's "acknowledged in time":
 * core/report/acknowledgement-counts.ts) and the dimensions the promise counts are kept by (report-days.repo.ts).
 */
export type ComplaintTimesOfCase = ComplaintTimes & {
  id: string;
  acknowledgeBy: string | null;
  category: string | null;
  channel: string;
  language: string;
  outcome: string | null;
};

/**
 * The complaints received in [start, endExclusive), a piece of at most `pieceSize` cases at a time in the order
 * of receipt, with their extensions and whether they were reopened.
 */
export async function* complaintTimesIn(
  db: Db,
  engine: Engine,
  start: string,
  endExclusive: string,
  filter: ReportFilter = {},
  pieceSize = PIECE_CASES,
): AsyncGenerator<ComplaintTimesOfCase[]> {
  let cursor: ReceiptCursor | null = null;
  do {
    // The kind is tested here rather than in SQL: with `kind = ?` in the query, a database without statistics
    // would take the queue's index (kind first) and read a table row per case instead of the receipt date's index,
    // which holds every column read here but the dimensions.
    const piece: ComplaintRow[] = await db
      .selectFrom('cases')
      .select([
        'id',
        'kind',
        'step',
        'received_at',
        'acknowledged_at',
        'acknowledge_by',
        'answered_at',
        'procedure_answer_by',
        'first_answer_by',
        'extensions',
        'category',
        'channel',
        'language',
        'outcome',
      ])
      .where('received_at', '>=', start)
      .where('received_at', '<', endExclusive)
      .where(receivedAfter(cursor))
      .where('merged_into', 'is', null)
      .where(casesMatching(filter))
      .orderBy('received_at')
      .orderBy('id')
      .limit(pieceSize)
      .execute();
    cursor = cursorAfter(piece, pieceSize);
    // Acknowledged when the acknowledgement was given, not recorded (acknowledgement-given.ts).
    const complaints = await withAcknowledgementGiven(
      db,
      piece.filter((c) => c.kind === 'complaint'),
    );
    if (complaints.length) yield await complaintTimesOf(db, engine, complaints);
  } while (cursor);
}

function chunks<T>(xs: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** The types of the events the figures read (see complaintTimesFrom). */
export const COUNTED_EVENT_TYPES = ['extended', 'reopened', 'answered', 'promise_renewed'];

/**
 * What the figures read of an event of `events`: its type and time, its payload but an answer's (which holds its
 * text: only its root cause is read, in SQL; the other events' payloads are small), and an answer's root cause.
 */
export function countedEventColumns(engine: Engine) {
  return {
    payload: sql<string>`case when events.type = 'answered' then '' else events.payload end`,
    rootCause:
      engine === 'sqlite'
        ? sql<
            string | null
          >`case when events.type = 'answered' then json_extract(events.payload, '$.rootCause.cause') end`
        : sql<
            string | null
          >`case when events.type = 'answered' then (events.payload::jsonb -> 'rootCause' ->> 'cause') end`,
  };
}

/** An event a complaint's figures read. */
export interface CountedEvent {
  case_id: string;
  type: string;
  at: string;
  payload: string;
  root_cause: string | null;
}

/**
 * The times of the given complaints (a piece of a period): their rows, and the events that matter read by their
 * streams on the events' key, so that a piece reads its own events and no other's.
 */
export async function complaintTimesOf(
  db: Db,
  engine: Engine,
  complaints: readonly ComplaintRow[],
): Promise<ComplaintTimesOfCase[]> {
  const { payload, rootCause } = countedEventColumns(engine);
  const streams = complaints.map((c) => `case:${c.id}`);
  const read = (where: RawBuilder<SqlBool>) =>
    db
      .selectFrom('events')
      .select([
        sql<string>`substr(events.stream, 6)`.as('case_id'),
        'events.type',
        'events.at',
        'events.stream',
        'events.seq',
        payload.as('payload'),
        rootCause.as('root_cause'),
      ])
      .where(where)
      .where('events.type', 'in', COUNTED_EVENT_TYPES)
      .execute();
  // In lists of a few hundred streams (below SQLite's limit on parameters; on PostgreSQL one array of a whole
  // piece's streams was read more slowly than the same streams in such lists).
  const events = (
    await Promise.all(
      chunks(streams, 500).map((list) => read(sql<SqlBool>`events.stream in (${sql.join(list)})`)),
    )
  )
    .flat()
    .sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : a.seq - b.seq));
  return complaintTimesFrom(complaints, events);
}

/** The times of complaints from their rows and their events (each complaint's in the order of its stream). */
export function complaintTimesFrom(
  complaints: readonly ComplaintRow[],
  events: Iterable<CountedEvent>,
): ComplaintTimesOfCase[] {
  const extensions = new Map<
    string,
    Array<{ at: string; previousAnswerBy: string; previousAnswerByDate: string }>
  >();
  const reopened = new Set<string>();
  // The last answer's root cause (an answer given again after a reopening says it anew).
  const rootCauses = new Map<string, string | null>();
  // The first renewal of each promise renewed: the extensions told since are measured against the date it replaced.
  const renewals = new Map<string, { at: string; from: { answerBy: string; answerByDate: string } }>();
  for (const e of events) {
    if (e.type === 'answered') {
      rootCauses.set(e.case_id, e.root_cause ?? null);
      continue;
    }
    if (e.type === 'reopened') {
      reopened.add(e.case_id);
      continue;
    }
    const p = parsePayload(e.payload);
    if (e.type === 'promise_renewed') {
      const from = p.from as Record<string, unknown> | undefined;
      if (
        !renewals.has(e.case_id) &&
        typeof from?.answerBy === 'string' &&
        typeof from.answerByDate === 'string'
      )
        renewals.set(e.case_id, {
          at: e.at,
          from: { answerBy: from.answerBy, answerByDate: from.answerByDate },
        });
      continue;
    }
    if (typeof p.previousAnswerBy !== 'string' || typeof p.previousAnswerByDate !== 'string') continue;
    const list = extensions.get(e.case_id) ?? [];
    list.push({
      at: e.at,
      previousAnswerBy: p.previousAnswerBy,
      previousAnswerByDate: p.previousAnswerByDate,
    });
    extensions.set(e.case_id, list);
  }
  return complaints.map((c) => ({
    id: c.id,
    step: c.step,
    receivedAt: c.received_at,
    acknowledgedAt: c.acknowledged_at,
    acknowledgeBy: c.acknowledge_by,
    answeredAt: c.answered_at,
    answerBy: c.procedure_answer_by,
    firstAnswerBy: c.first_answer_by,
    extensions: extensions.get(c.id) ?? [],
    firstRenewal: renewals.get(c.id) ?? null,
    reopened: reopened.has(c.id),
    rootCause: rootCauses.get(c.id) ?? null,
    category: c.category,
    channel: c.channel,
    language: c.language,
    outcome: c.outcome,
  }));
}

function parsePayload(payload: string): Record<string, unknown> {
  try {
    const p: unknown = JSON.parse(payload);
    return p && typeof p === 'object' ? (p as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * The cases received in [start, endExclusive) that the regulator's return reads, as they stood at `endExclusive`
 * (regulator.ts regulatorComplaintAsOf). A row whose case has not changed since then (`updated_at`, the instant of
 * its last event, before it) is what the case was at the end: its complaints come back as the return counts them.
 * A case changed since may have been another thing then (answered since, closed, reclassified, categorised, merged
 * into another): whatever its kind now, only its id comes back, for the caller to replay its events up to the end.
 * No filter is applied here: a filter of the return selects by the values at the end too, which the rows of cases
 * changed since no longer hold, so the return filters what comes back (regulator.ts regulatorReturn).
 */
export async function regulatorCasesIn(
  db: Db,
  start: string,
  endExclusive: string,
): Promise<{ complaints: RegulatorComplaint[]; changedSince: string[] }> {
  const rows = await db
    .selectFrom('cases')
    .select([
      'id',
      'kind',
      'merged_into',
      'updated_at',
      'status',
      'received_at',
      'answered_at',
      'procedure_answer_by',
      'outcome',
      'category',
      'step',
      'channel',
      'language',
      'owner_id',
      'department',
    ])
    .where('received_at', '>=', start)
    .where('received_at', '<', endExclusive)
    .where((eb) =>
      eb.or([
        eb('updated_at', '>=', endExclusive),
        eb.and([eb('kind', '=', 'complaint'), eb('merged_into', 'is', null)]),
      ]),
    )
    .execute();
  const complaints: RegulatorComplaint[] = [];
  const changedSince: string[] = [];
  for (const r of rows) {
    if (r.updated_at >= endExclusive) changedSince.push(r.id);
    else
      complaints.push({
        receivedAt: r.received_at,
        answeredAt: r.answered_at,
        // The procedure's date, not a renewed one (promise.ts measuredPromise).
        answerBy: r.procedure_answer_by ?? null,
        outcome: r.outcome,
        category: r.category,
        status: r.status,
        values: {
          category: r.category,
          step: r.step,
          channel: r.channel,
          language: r.language,
          outcome: r.outcome,
          owner: r.owner_id,
          department: r.department,
        },
      });
  }
  return { complaints, changedSince };
}

/** The whole histories of the given cases (each in the order of its stream), as the case's rules replay them. */
export async function caseHistories(
  db: Db,
  ids: readonly string[],
): Promise<Array<Array<{ event: CaseEvent; meta: EventMeta }>>> {
  const byStream = new Map<string, Array<{ event: CaseEvent; meta: EventMeta }>>();
  for (const list of chunks(ids, 500)) {
    const rows = await db
      .selectFrom('events')
      .select(['stream', 'seq', 'type', 'at', 'actor', 'payload'])
      .where(
        'stream',
        'in',
        list.map((id) => `case:${id}`),
      )
      .orderBy('stream')
      .orderBy('seq')
      .execute();
    for (const r of rows) {
      const history = byStream.get(r.stream) ?? [];
      byStream.set(r.stream, history);
      history.push({
        event: { type: r.type, payload: JSON.parse(r.payload) } as CaseEvent,
        meta: { at: r.at, actor: r.actor },
      });
    }
  }
  return [...byStream.values()];
}

/**
 * The suggestions received in [start, endExclusive): department and when the department reported it done (its last
 * "done" not followed by a reopening: regulator.ts suggestionDoneAt).
 */
export async function suggestionTimesIn(
  db: Db,
  start: string,
  endExclusive: string,
  filter: ReportFilter = {},
) {
  const last = (eb: ExpressionBuilder<DB, 'cases'>, type: string) =>
    eb
      .selectFrom('events')
      .where('events.stream', '=', sql<string>`'case:' || cases.id`)
      .where('events.type', '=', type)
      .orderBy('events.seq', 'desc')
      .limit(1);
  const rows = await db
    .selectFrom('cases')
    .select((eb) => [
      'cases.department',
      'cases.received_at',
      last(eb, 'suggestion_done').select('events.at').as('done_at'),
      last(eb, 'suggestion_done').select('events.seq').as('done_seq'),
      last(eb, 'reopened').select('events.seq').as('reopened_seq'),
    ])
    .where('cases.received_at', '>=', start)
    .where('cases.received_at', '<', endExclusive)
    .where('cases.kind', '=', 'suggestion')
    .where('cases.merged_into', 'is', null)
    .where(casesMatching(filter))
    .execute();
  return rows.map((r) => ({
    department: r.department,
    receivedAt: r.received_at,
    doneAt: suggestionDoneAt(
      r.done_at && r.done_seq !== null ? { at: r.done_at, seq: Number(r.done_seq) } : null,
      r.reopened_seq === null ? null : Number(r.reopened_seq),
    ),
  }));
}

/** Restrictions on complainants (P8) issued in [start, endExclusive), by kind. */
export async function restrictionsIssuedIn(db: Db, start: string, endExclusive: string) {
  const rows = await db
    .selectFrom('events')
    .select('payload')
    .where('type', '=', 'restricted')
    .where('at', '>=', start)
    .where('at', '<', endExclusive)
    .execute();
  const byKind: Record<string, number> = {};
  for (const r of rows) {
    const kind = parsePayload(r.payload).kind;
    const key = typeof kind === 'string' ? kind : 'unknown';
    byKind[key] = (byKind[key] ?? 0) + 1;
  }
  return { issued: rows.length, byKind };
}
