// Monitoring (P7): how many complaints of which type came in, and whether the procedure's promises were kept.
// Complaints received in a period (local dates) are counted by month, step, channel, category, language and
// outcome, with the compliance figures of P7.2: acknowledged within the deadline, answered by the due date,
// extended, escalated from step 1 to step 2, and the time taken. Suggestions and kind `other` (abuse reports,
// domain disputes, data-protection requests, spam, automated mail) are counted apart, never as complaints
// (P7.4). The figures come from the counts kept per UTC day (case-counts.repo.ts), the few hours that local
// days and months cut off UTC days from the cases themselves, and the open complaints past due (they change with
// the clock, not with the cases) from the cases' due index; the roll-ups are done here.
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { COUNT_DIMENSIONS } from '../adapters/db/case-counts.repo.ts';
import type { AppContext } from './context.ts';

export interface ReportPeriod {
  /** First local date included (YYYY-MM-DD). */
  from: string;
  /** Last local date included (YYYY-MM-DD). */
  to: string;
}

export interface Compliance {
  received: number;
  acknowledged: number;
  acknowledgedInTime: number;
  answered: number;
  answeredInTime: number;
  /** Open complaints whose answer-by has passed. */
  overdueOpen: number;
  extended: number;
  escalated: number;
  /** Mean calendar days from receipt to answer, over the answered ones; null when none. */
  meanDaysToAnswer: number | null;
}

export interface CaseReport {
  period: ReportPeriod;
  generatedAt: string;
  complaints: Compliance & {
    byStep: Record<string, Compliance>;
    byMonth: Record<string, number>;
    byChannel: Record<string, number>;
    byCategory: Record<string, number>;
    byLanguage: Record<string, number>;
    byOutcome: Record<string, number>;
  };
  suggestions: { received: number; byStatus: Record<string, number> };
  other: { received: number; byReason: Record<string, number> };
}

interface Row {
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

const emptyCompliance = (): Compliance => ({
  received: 0,
  acknowledged: 0,
  acknowledgedInTime: 0,
  answered: 0,
  answeredInTime: 0,
  overdueOpen: 0,
  extended: 0,
  escalated: 0,
  meanDaysToAnswer: null,
});

export async function reportCases(ctx: AppContext, period: ReportPeriod): Promise<CaseReport> {
  const now = ctx.clock.now();
  const { start, endExclusive, months } = bounds(ctx, period);
  // The UTC days wholly inside the period that no local month boundary cuts are read from the counts; the rest
  // of the period (its first and last hours, the days a month starts in, outside UTC) from the cases.
  const firstDay = isMidnight(start) ? start.slice(0, 10) : nextDay(start.slice(0, 10));
  const endDay = endExclusive.slice(0, 10);
  const cut = new Set<string>();
  for (const m of months.slice(1)) if (!isMidnight(m.from)) cut.add(m.from.slice(0, 10));
  const scanned: Array<[string, string]> = [];
  if (firstDay >= endDay) scanned.push([start, endExclusive]);
  else {
    if (start < midnightOf(firstDay)) scanned.push([start, midnightOf(firstDay)]);
    for (const day of [...cut].sort())
      if (day >= firstDay && day < endDay) scanned.push([midnightOf(day), midnightOf(nextDay(day))]);
    if (midnightOf(endDay) < endExclusive) scanned.push([midnightOf(endDay), endExclusive]);
  }
  const rows = [
    ...(firstDay < endDay ? await countedRows(ctx, firstDay, endDay, [...cut], months) : []),
    ...(await scannedRows(ctx, scanned, months, null)),
    ...(await overdueRows(ctx, start, endExclusive, months, now)),
  ];
  return rollUp(rows, period, now);
}

/**
 * The same report read from the cases alone, as the counts would give it: the reference the counts are checked
 * against (tests; after a bulk load).
 */
export async function reportCasesScanning(ctx: AppContext, period: ReportPeriod): Promise<CaseReport> {
  const now = ctx.clock.now();
  const { start, endExclusive, months } = bounds(ctx, period);
  return rollUp(await scannedRows(ctx, [[start, endExclusive]], months, now), period, now);
}

interface MonthStart {
  label: string;
  /** Its first instant (UTC). */
  from: string;
}

/** The period as instants, and its local months (the first may start before the period does). */
function bounds(ctx: AppContext, period: ReportPeriod) {
  if (period.to < period.from)
    throw new RangeError(`the report's period ends (${period.to}) before it starts (${period.from})`);
  const start = ctx.calendar.startOfDay(period.from);
  const endExclusive = ctx.calendar.startOfDay(Temporal.PlainDate.from(period.to).add({ days: 1 }));
  const months: MonthStart[] = [];
  let month = Temporal.PlainDate.from(period.from).with({ day: 1 });
  const last = Temporal.PlainDate.from(period.to);
  while (Temporal.PlainDate.compare(month, last) <= 0) {
    months.push({ label: month.toString().slice(0, 7), from: ctx.calendar.startOfDay(month) });
    month = month.add({ months: 1 });
  }
  return { start, endExclusive, months };
}

const isMidnight = (instant: string) => instant.endsWith('T00:00:00.000Z');
const midnightOf = (day: string) => `${day}T00:00:00.000Z`;
const nextDay = (day: string) => Temporal.PlainDate.from(day).add({ days: 1 }).toString();

/** A CASE expression naming the local month (YYYY-MM) of the instant in `column`. */
function monthOfInstant(column: 'received_at', months: readonly MonthStart[]) {
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
function monthOfDay(months: readonly MonthStart[]) {
  const whens = months.slice(1).map((m, i) => {
    const firstWholeDay = isMidnight(m.from) ? m.from.slice(0, 10) : nextDay(m.from.slice(0, 10));
    return sql`when day < ${firstWholeDay} then ${months[i]!.label}`;
  });
  if (!whens.length) return sql<string>`${months[0]!.label}`;
  return sql<string>`case ${sql.join(whens, sql` `)} else ${months.at(-1)!.label} end`;
}

const DIMENSIONS = COUNT_DIMENSIONS;

/** Rows of the counts for the UTC days [fromDay, toDay) but `skip`, by month. */
async function countedRows(
  ctx: AppContext,
  fromDay: string,
  toDay: string,
  skip: string[],
  months: readonly MonthStart[],
): Promise<Row[]> {
  let q = ctx.database.db
    .selectFrom('case_counts')
    .select([
      ...DIMENSIONS,
      monthOfDay(months).as('month'),
      sql<number>`sum(n)`.as('n'),
      sql<number>`sum(acknowledged)`.as('acknowledged'),
      sql<number>`sum(acknowledged_in_time)`.as('acknowledged_in_time'),
      sql<number>`sum(answered)`.as('answered'),
      sql<number>`sum(answered_in_time)`.as('answered_in_time'),
      sql<number>`0`.as('overdue_open'),
      sql<number>`sum(extended)`.as('extended'),
      sql<number>`sum(escalated)`.as('escalated'),
      sql<number>`sum(days_to_answer)`.as('days_to_answer'),
    ])
    .where('day', '>=', fromDay)
    .where('day', '<', toDay);
  if (skip.length) q = q.where('day', 'not in', skip);
  // A group whose cases all moved to other groups (recategorised, reclassified, merged) counts nothing.
  const rows = (await q
    .groupBy([...DIMENSIONS, 'month'])
    .having(sql`sum(n)`, '<>', 0)
    .execute()) as unknown as Row[];
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
 * complaints past their answer-by counted too (else 0: see overdueRows).
 */
async function scannedRows(
  ctx: AppContext,
  ranges: ReadonlyArray<[string, string]>,
  months: readonly MonthStart[],
  now: string | null,
): Promise<Row[]> {
  if (ranges.length === 0) return [];
  const { db, engine } = ctx.database;
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
      sql<number>`sum(case when acknowledged_at is not null then 1 else 0 end)`.as('acknowledged'),
      sql<number>`sum(case when acknowledged_at is not null and acknowledged_at <= acknowledge_by then 1 else 0 end)`.as(
        'acknowledged_in_time',
      ),
      sql<number>`sum(case when answered_at is not null then 1 else 0 end)`.as('answered'),
      sql<number>`sum(case when answered_at is not null and answered_at <= answer_by then 1 else 0 end)`.as(
        'answered_in_time',
      ),
      now === null
        ? sql<number>`0`.as('overdue_open')
        : sql<number>`sum(case when is_open = 1 and answer_by < ${now} then 1 else 0 end)`.as('overdue_open'),
      sql<number>`sum(case when extensions > 0 then 1 else 0 end)`.as('extended'),
      sql<number>`sum(case when step = 1 and step2_case_id is not null then 1 else 0 end)`.as('escalated'),
      days.as('days_to_answer'),
    ])
    .where((eb) =>
      eb.or(ranges.map(([from, to]) => eb.and([eb('received_at', '>=', from), eb('received_at', '<', to)]))),
    )
    .where('merged_into', 'is', null)
    .groupBy([...DIMENSIONS, 'month'])
    .execute()) as Row[];
}

/** The open complaints of the period whose answer-by has passed, by month (index cases_due). */
async function overdueRows(
  ctx: AppContext,
  start: string,
  endExclusive: string,
  months: readonly MonthStart[],
  now: string,
): Promise<Row[]> {
  const rows = await ctx.database.db
    .selectFrom('cases')
    .select([
      ...DIMENSIONS,
      monthOfInstant('received_at', months).as('month'),
      sql<number>`count(*)`.as('overdue'),
    ])
    .where('is_open', '=', 1)
    .where('due_key', '<', now)
    .where('received_at', '>=', start)
    .where('received_at', '<', endExclusive)
    .where('merged_into', 'is', null)
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

function rollUp(rows: Row[], period: ReportPeriod, now: string): CaseReport {
  const report: CaseReport = {
    period,
    generatedAt: now,
    complaints: {
      ...emptyCompliance(),
      byStep: {},
      byMonth: {},
      byChannel: {},
      byCategory: {},
      byLanguage: {},
      byOutcome: {},
    },
    suggestions: { received: 0, byStatus: {} },
    other: { received: 0, byReason: {} },
  };
  const daySums = new Map<Compliance, number>();
  const add = (c: Compliance, r: Row) => {
    c.received += Number(r.n);
    c.acknowledged += Number(r.acknowledged);
    c.acknowledgedInTime += Number(r.acknowledged_in_time);
    c.answered += Number(r.answered);
    c.answeredInTime += Number(r.answered_in_time);
    c.overdueOpen += Number(r.overdue_open);
    c.extended += Number(r.extended);
    c.escalated += Number(r.escalated);
    daySums.set(c, (daySums.get(c) ?? 0) + Number(r.days_to_answer ?? 0));
  };
  const bump = (m: Record<string, number>, key: string | null, n: number) => {
    const k = key ?? 'none';
    m[k] = (m[k] ?? 0) + n;
  };
  const c = report.complaints;
  for (const r of rows) {
    const n = Number(r.n);
    if (r.kind === 'suggestion') {
      report.suggestions.received += n;
      bump(report.suggestions.byStatus, r.suggestion_status, n);
      continue;
    }
    if (r.kind !== 'complaint') {
      report.other.received += n;
      bump(report.other.byReason, r.other_reason, n);
      continue;
    }
    add(c, r);
    const step = String(r.step ?? 1);
    c.byStep[step] ??= emptyCompliance();
    add(c.byStep[step], r);
    bump(c.byMonth, r.month, n);
    bump(c.byChannel, r.channel, n);
    bump(c.byCategory, r.category, n);
    bump(c.byLanguage, r.language, n);
    if (r.outcome) bump(c.byOutcome, r.outcome, n);
  }
  for (const [compliance, sum] of daySums)
    compliance.meanDaysToAnswer = compliance.answered
      ? Math.round((sum / compliance.answered) * 10) / 10
      : null;
  return report;
}
