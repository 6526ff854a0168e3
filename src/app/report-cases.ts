// Monitoring (P7): how many complaints of which type came in, and whether the procedure's promises were kept.
// Complaints received in a period (local dates) are counted by month, step, channel, category, language and
// outcome, with the compliance figures of P7.2: acknowledged within the deadline, answered by the due date,
// extended, escalated from step 1 to step 2, and the time taken. Suggestions and kind `other` (abuse reports,
// domain disputes, data-protection requests, spam, automated mail) are counted apart, never as complaints
// (P7.4). The figures come from the counts kept per UTC day (case-counts.repo.ts), the few hours that local
// days and months cut off UTC days from the cases themselves, and the open complaints past due (they change with
// the clock, not with the cases) from the cases' due index; the reads are in src/adapters/db/report.repo.ts, the cutting of the period and the roll-ups here.
import { Temporal } from 'temporal-polyfill';
import {
  complaintTimesIn,
  countedRows,
  overdueRows,
  type ReportMonth,
  type ReportRow,
  restrictionsIssuedIn,
  scannedRows,
  suggestionTimesIn,
} from '../adapters/db/report.repo.ts';
import {
  COMPLIANCE_MEASURES,
  REPORT_FACETS,
  refreshReportDays,
  reportDayRows,
  reportFacetOf,
  reportScopeOf,
  TALLIES,
} from '../adapters/db/report-days.repo.ts';
import { withinTimeLimit } from '../adapters/db/report-limit.ts';
import { type AcknowledgementCounts, AcknowledgementTally } from '../core/report/acknowledgement-counts.ts';
import {
  emptyPromiseFigures,
  figuresOfTallies,
  type PromiseFigures,
  PromiseTallies,
  type Tally,
} from '../core/report/promise-figures.ts';
import { type DepartmentFigures, suggestionsByDepartment } from '../core/report/regulator.ts';
import { type ReportFilter, readsCasesOnly } from '../core/report/report-filter.ts';
import { REPORT_TIME_LIMIT_MS } from '../core/report/time-limit.ts';
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
  /** Open complaints past a deadline: the acknowledgement's (P3.1) or the answer's (P4.1). */
  overdueOpen: number;
  extended: number;
  escalated: number;
  /** Mean calendar days from receipt to answer, over the answered ones; null when none. */
  meanDaysToAnswer: number | null;
}

export interface CaseReport {
  period: ReportPeriod;
  /** What the figures were narrowed to ({} for all cases). Restrictions concern complainants: never filtered. */
  filter: ReportFilter;
  generatedAt: string;
  complaints: Compliance & {
    byStep: Record<string, Compliance>;
    byMonth: Record<string, number>;
    byChannel: Record<string, number>;
    byCategory: Record<string, number>;
    byLanguage: Record<string, number>;
    byOutcome: Record<string, number>;
    /**
     * The figures that need each case's own times (src/core/report/promise-figures.ts): which promise each answer
     * kept, extensions and their lead time, business days to acknowledge and to answer (median, 90th percentile),
     * reopened; for steps 1 and 2 together and apart.
     */
    promises: PromiseFigures & { byStep: Record<string, PromiseFigures> };
  };
  suggestions: {
    received: number;
    byStatus: Record<string, number>;
    /** By the department it was forwarded to ("none" before), with the business days until it was done. */
    byDepartment: Record<string, DepartmentFigures>;
  };
  other: { received: number; byReason: Record<string, number> };
  /** Restrictions on complainants (P8) issued in the period, by kind. */
  restrictions: { issued: number; byKind: Record<string, number> };
}

/** The figures of a step with no complaint in the period (a fresh object: the report fills it in). */
export const emptyCompliance = (): Compliance => ({
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

export interface ReportOptions {
  /** How long the report's reads may take, in milliseconds (default REPORT_TIME_LIMIT_MS). */
  timeLimitMs?: number;
}

/**
 * The report of a period: a ReportTimeLimit when its reads take longer than the time limit. The days a write
 * marked are counted again first, outside the limit: that count must be able to finish, or every later report
 * would start it again.
 */
export async function reportCases(
  ctx: AppContext,
  period: ReportPeriod,
  filter: ReportFilter = {},
  options: ReportOptions = {},
): Promise<CaseReport> {
  if (reportScopeOf(filter) !== null || (!readsCasesOnly(filter) && reportFacetOf(filter) !== null))
    await refreshReportDays(ctx.database, ctx.calendars, period.from, nextDay(period.to));
  return withinTimeLimit(ctx.database, options.timeLimitMs ?? REPORT_TIME_LIMIT_MS, (database) =>
    readReport(Object.create(ctx, { database: { value: database } }) as AppContext, period, filter),
  );
}

async function readReport(ctx: AppContext, period: ReportPeriod, filter: ReportFilter): Promise<CaseReport> {
  // One owner or one department (or those not set), with a step or not: the counts within that scope.
  const scope = reportScopeOf(filter);
  if (scope) return reportFromDays(ctx, period, filter, scope);
  // An owner or a department with another dimension: the counts hold no such pair, the cases are read (the same
  // figures).
  if (readsCasesOnly(filter)) return reportCasesScanning(ctx, period, filter);
  const facet = reportFacetOf(filter);
  // Without a filter, or a step only, every figure but those that change with the clock is in the counts per
  // local day (report-days.repo.ts).
  if (facet?.facet === '') return reportFromDays(ctx, period, filter);
  const now = ctx.clock.now();
  const { start, endExclusive, months } = bounds(ctx, period);
  // The UTC days inside the period are read from the counts, each in the local month of its midnight; what the
  // counts cannot say is read from the cases, in whichever way reads fewer hours of them. The period's first hours
  // before a UTC midnight are read from the cases. A UTC day that a local month starts in is counted whole in the
  // month before, and its hours from the month's first instant on are read from the cases and moved to the new
  // month. The last UTC day is read from the cases up to the period's end, or, when the hours after the end are
  // fewer, counted whole and those hours read from the cases and taken off.
  const firstDay = isMidnight(start) ? start.slice(0, 10) : nextDay(start.slice(0, 10));
  const endDay = endExclusive.slice(0, 10);
  const scanned: Array<[string, string]> = [];
  // Hours of the cases that the day counts put in a month they do not belong to: those of the UTC days a month
  // starts in, from its first instant on (the counts put them in the month before), and those after the period's
  // end on its last UTC day when that day is counted whole (in the period's last month).
  const moved: Array<[string, string]> = [];
  let afterPeriod: [string, string] | null = null;
  let countedEnd = endDay;
  if (firstDay >= endDay) scanned.push([start, endExclusive]);
  else {
    if (start < midnightOf(firstDay)) scanned.push([start, midnightOf(firstDay)]);
    const afterEnd = Date.parse(midnightOf(nextDay(endDay))) - Date.parse(endExclusive);
    const beforeEnd = Date.parse(endExclusive) - Date.parse(midnightOf(endDay));
    if (beforeEnd > 0 && afterEnd < beforeEnd) {
      countedEnd = nextDay(endDay);
      afterPeriod = [endExclusive, midnightOf(countedEnd)];
    } else if (beforeEnd > 0) scanned.push([midnightOf(endDay), endExclusive]);
    for (const m of months.slice(1)) {
      if (isMidnight(m.from)) continue;
      const day = m.from.slice(0, 10);
      if (day < firstDay || day >= countedEnd) continue;
      scanned.push([m.from, midnightOf(nextDay(day))]);
      moved.push([m.from, midnightOf(nextDay(day))]);
    }
  }
  const monthBefore = new Map(months.slice(1).map((m, i) => [m.label, months[i]!.label]));
  const lastMonth = months.at(-1)!.label;
  const { db, engine } = ctx.database;
  // The reads are independent; on PostgreSQL they still go one after another, on the connection of the report's
  // transaction (report-limit.ts: the time limit is the transaction's).
  // The cut hours are read without "acknowledged" and "acknowledged in time", as the counts give none: both are
  // replaced by those of the rule below (withAcknowledgementsGiven), whatever the rows say.
  const cut = { acknowledgements: false };
  const [counted, scannedPart, movedPart, afterPart, overdue, perCase] = await Promise.all([
    firstDay < countedEnd ? countedRows(db, firstDay, countedEnd, [], months, filter) : [],
    scannedRows(db, engine, scanned, months, null, filter, cut),
    scannedRows(db, engine, moved, months, null, filter, cut),
    afterPeriod ? scannedRows(db, engine, [afterPeriod], months, null, filter, cut) : [],
    overdueRows(db, engine, start, endExclusive, months, now, filter),
    caseFigures(ctx, period, start, endExclusive, filter, true),
  ]);
  // Taken off the month the counts put them in: for the hours moved, the month before the one they are read in.
  const takenOff = [
    ...movedPart.map((r) => negated(r, monthBefore.get(r.month)!)),
    ...afterPart.map((r) => negated(r, lastMonth)),
  ];
  const report = rollUp([...counted, ...scannedPart, ...takenOff, ...overdue], period, now, filter);
  await withAcknowledgementsGiven(ctx, report, period, filter, perCase.acknowledgements);
  return withCaseFigures(withoutEmptyGroups(report), perCase);
}

/**
 * The report narrowed to one dimension or more takes its figures of acknowledgements from counts that follow the
 * rule (acknowledgement-given.ts: an acknowledgement e-mail is given when it is sent, which no write of the case
 * says), never from the counts kept with each write of a case (countedRows gives none). One dimension: the counts
 * per local day under that facet, which are counted again when the outbox sends an acknowledgement (it marks the
 * day: outbox.repo.ts recordOutcomes; they were counted again before: reportCases). Two or more: no count kept ahead
 * holds them together, and the complaints of the period were read one by one for the promise figures already
 * (promisesFromCases): the counts of that same reading (`fromCases`).
 */
async function withAcknowledgementsGiven(
  ctx: AppContext,
  report: CaseReport,
  period: ReportPeriod,
  filter: ReportFilter,
  fromCases: ReadonlyMap<string, AcknowledgementCounts> | null,
): Promise<void> {
  const facet = reportFacetOf(filter);
  if (facet?.facet === '') return;
  if (facet === null && fromCases === null)
    throw new Error('the acknowledgements of a report on several dimensions are counted from its cases');
  const rows = facet
    ? await reportDayRows(
        ctx.database.db,
        period.from,
        nextDay(period.to),
        [
          {
            facets: [facet.facet],
            facetValue: facet.value,
            measures: ['acknowledged', 'acknowledged_in_time'],
          },
        ],
        filter.step,
      )
    : [...fromCases!].flatMap(([step, counts]) => [
        { step, measure: 'acknowledged', n: counts.acknowledged },
        { step, measure: 'acknowledged_in_time', n: counts.acknowledgedInTime },
      ]);
  const c = report.complaints;
  for (const target of [c, ...Object.values(c.byStep)]) {
    target.acknowledged = 0;
    target.acknowledgedInTime = 0;
  }
  for (const r of rows) {
    const step = c.byStep[r.step];
    for (const target of step ? [c, step] : [c])
      if (r.measure === 'acknowledged') target.acknowledged += Number(r.n);
      else target.acknowledgedInTime += Number(r.n);
  }
}

/** A group of cases counted against a month instead of for it. */
function negated(r: ReportRow, month: string): ReportRow {
  const minus = (x: number | string | null) => (x === null ? null : -Number(x));
  return {
    ...r,
    month,
    n: -Number(r.n),
    acknowledged: -Number(r.acknowledged),
    acknowledged_in_time: -Number(r.acknowledged_in_time),
    answered: -Number(r.answered),
    answered_in_time: -Number(r.answered_in_time),
    overdue_open: -Number(r.overdue_open),
    extended: -Number(r.extended),
    escalated: -Number(r.escalated),
    days_to_answer: minus(r.days_to_answer),
  };
}

/**
 * The groups that count no case once the cases taken off a month are: a case counted in one month and taken off it
 * leaves its month, step, channel… at 0, where reading the cases alone shows no such group.
 */
function withoutEmptyGroups(report: CaseReport): CaseReport {
  const prune = (m: Record<string, number>) => {
    for (const [k, n] of Object.entries(m)) if (n === 0) delete m[k];
  };
  const c = report.complaints;
  for (const m of [c.byMonth, c.byChannel, c.byCategory, c.byLanguage, c.byOutcome]) prune(m);
  for (const [step, figures] of Object.entries(c.byStep)) if (figures.received === 0) delete c.byStep[step];
  prune(report.suggestions.byStatus);
  prune(report.other.byReason);
  return report;
}

/**
 * The report without a filter or with a step only, or narrowed to a scope (one owner or department, or those not
 * set: within the scope's counts): the counts per local day, and the open ones past due.
 */
async function reportFromDays(
  ctx: AppContext,
  period: ReportPeriod,
  filter: ReportFilter,
  scope: ReturnType<typeof reportScopeOf> = null,
): Promise<CaseReport> {
  const now = ctx.clock.now();
  const { start, endExclusive, months } = bounds(ctx, period);
  const fromDay = period.from;
  const toDay = nextDay(period.to);
  // The marked days were counted again before (reportCases).
  const { db, engine } = ctx.database;
  const [counts, perCase, overdue] = await Promise.all([
    reportDayRows(
      db,
      fromDay,
      toDay,
      [
        { facets: [''], facetValue: '', measures: [...COMPLIANCE_MEASURES, ...TALLIES] },
        { facets: [...REPORT_FACETS, 'suggestion', 'other'], facetValue: null, measures: ['n'] },
      ],
      filter.step,
      scope,
    ),
    caseFigures(ctx, period, start, endExclusive, filter, 'suggestions'),
    overdueRows(db, engine, start, endExclusive, months, now, filter),
  ]);
  const report = rollUp(overdue, period, now, filter);
  const c = report.complaints;
  const ms = new Map<Compliance, number>();
  const bump = (m: Record<string, number>, key: string, n: number) => {
    m[key] = (m[key] ?? 0) + n;
  };
  const tallies: Tally[] = [];
  const all = counts.filter((r) => r.facet === '');
  const facets = counts.filter((r) => r.facet !== '');
  for (const r of all) {
    if ((TALLIES as readonly string[]).includes(r.measure)) {
      tallies.push({ step: r.step, measure: r.measure as Tally['measure'], value: r.value, n: r.n });
      continue;
    }
    c.byStep[r.step] ??= emptyCompliance();
    for (const target of [c, c.byStep[r.step]!]) {
      switch (r.measure) {
        case 'n':
          target.received += r.n;
          break;
        case 'acknowledged':
          target.acknowledged += r.n;
          break;
        case 'acknowledged_in_time':
          target.acknowledgedInTime += r.n;
          break;
        case 'answered':
          target.answered += r.n;
          break;
        case 'answered_in_time':
          target.answeredInTime += r.n;
          break;
        case 'extended':
          target.extended += r.n;
          break;
        case 'escalated':
          target.escalated += r.n;
          break;
        case 'answer_ms':
          ms.set(target, (ms.get(target) ?? 0) + r.n);
          break;
      }
    }
    if (r.measure === 'n') bump(c.byMonth, r.month, r.n);
  }
  for (const target of [c, ...Object.values(c.byStep)])
    target.meanDaysToAnswer = target.answered
      ? Math.round(((ms.get(target) ?? 0) / DAY_MS / target.answered) * 10) / 10
      : null;
  for (const r of facets) {
    const key = r.facet_value || 'none';
    if (r.facet === 'suggestion') {
      report.suggestions.received += r.n;
      bump(report.suggestions.byStatus, key, r.n);
    } else if (r.facet === 'other') {
      report.other.received += r.n;
      bump(report.other.byReason, key, r.n);
    } else if (r.facet === 'category') bump(c.byCategory, key, r.n);
    else if (r.facet === 'channel') bump(c.byChannel, key, r.n);
    else if (r.facet === 'language') bump(c.byLanguage, key, r.n);
    // The table by outcome is of the answered complaints (rollUp): those without one are not in it.
    else if (r.facet === 'outcome' && r.facet_value !== '') bump(c.byOutcome, key, r.n);
  }
  return withCaseFigures(report, { ...perCase, promises: figuresOfTallies(tallies) });
}

const DAY_MS = 86_400_000;

/**
 * The promise figures of complaints received in the period with a filter on one dimension: from the counts per
 * local day under that facet (counted again first where a write marked them); from the cases when the counts
 * cannot answer the filter, with the acknowledgements counted in the same reading (null otherwise).
 */
async function promisesOf(
  ctx: AppContext,
  period: ReportPeriod,
  start: string,
  endExclusive: string,
  filter: ReportFilter,
) {
  const { db } = ctx.database;
  const facet = reportFacetOf(filter);
  if (facet === null) return promisesFromCases(ctx, start, endExclusive, filter);
  const fromDay = period.from;
  const toDay = nextDay(period.to);
  const rows = await reportDayRows(
    db,
    fromDay,
    toDay,
    [{ facets: [facet.facet], facetValue: facet.value, measures: TALLIES }],
    filter.step,
  );
  return {
    promises: figuresOfTallies(
      rows.map((r) => ({ step: r.step, measure: r.measure as Tally['measure'], value: r.value, n: r.n })),
    ),
    acknowledgements: null,
  };
}

/**
 * The promise figures of the complaints received in [start, endExclusive) under a filter, read from the cases: a
 * piece of them at a time, each folded into counts by value before the next is read. The acknowledgements given
 * (in time) are counted by step in the same reading, each complaint's as the rule says it (complaintTimesIn).
 */
async function promisesFromCases(ctx: AppContext, start: string, endExclusive: string, filter: ReportFilter) {
  const tallies = new PromiseTallies(ctx.calendars);
  const acknowledgements = new AcknowledgementTally();
  for await (const piece of complaintTimesIn(
    ctx.database.db,
    ctx.database.engine,
    start,
    endExclusive,
    filter,
  ))
    for (const c of piece) {
      tallies.add(c);
      acknowledgements.add(c);
    }
  return { promises: tallies.figures(), acknowledgements: acknowledgements.byStep };
}

/**
 * Adds the figures read case by case (the same for both readings of the report): the business days are counted
 * on the organisation's business calendar in force at each case's receipt.
 */
async function caseFigures(
  ctx: AppContext,
  period: ReportPeriod,
  start: string,
  endExclusive: string,
  filter: ReportFilter,
  promisesFrom: boolean | 'suggestions',
) {
  const { db } = ctx.database;
  const [{ promises, acknowledgements }, suggestions, restrictions] = await Promise.all([
    promisesFrom === 'suggestions'
      ? { promises: emptyPromiseFigures(), acknowledgements: null }
      : promisesFrom
        ? promisesOf(ctx, period, start, endExclusive, filter)
        : promisesFromCases(ctx, start, endExclusive, filter),
    suggestionTimesIn(db, start, endExclusive, filter),
    restrictionsIssuedIn(db, start, endExclusive),
  ]);
  return {
    promises: promises as PromiseFigures & { byStep: Record<string, PromiseFigures> },
    /** The acknowledgements counted from the complaints read one by one, by step (null: not read so). */
    acknowledgements: acknowledgements as ReadonlyMap<string, AcknowledgementCounts> | null,
    byDepartment: suggestionsByDepartment(suggestions, ctx.calendars),
    restrictions,
  };
}

function withCaseFigures(report: CaseReport, figures: Awaited<ReturnType<typeof caseFigures>>): CaseReport {
  report.complaints.promises = figures.promises;
  report.suggestions.byDepartment = figures.byDepartment;
  report.restrictions = figures.restrictions;
  return report;
}

/**
 * The same report read from the cases alone, as the counts would give it: the reference the counts are checked
 * against (tests; after a bulk load).
 */
export async function reportCasesScanning(
  ctx: AppContext,
  period: ReportPeriod,
  filter: ReportFilter = {},
): Promise<CaseReport> {
  const now = ctx.clock.now();
  const { start, endExclusive, months } = bounds(ctx, period);
  const { db, engine } = ctx.database;
  const [rows, perCase] = await Promise.all([
    scannedRows(db, engine, [[start, endExclusive]], months, now, filter),
    caseFigures(ctx, period, start, endExclusive, filter, false),
  ]);
  return withCaseFigures(rollUp(rows, period, now, filter), perCase);
}

/** The first instant of a period and the first instant after it (local dates on the business calendar). */
export function periodInstants(
  ctx: AppContext,
  period: ReportPeriod,
): { start: string; endExclusive: string } {
  const { start, endExclusive } = bounds(ctx, period);
  return { start, endExclusive };
}

/** The period as instants, and its local months (the first may start before the period does). */
function bounds(ctx: AppContext, period: ReportPeriod) {
  if (period.to < period.from)
    throw new RangeError(`the report's period ends (${period.to}) before it starts (${period.from})`);
  const start = ctx.calendars.startOfDay(period.from);
  const endExclusive = ctx.calendars.startOfDay(Temporal.PlainDate.from(period.to).add({ days: 1 }));
  const months: ReportMonth[] = [];
  let month = Temporal.PlainDate.from(period.from).with({ day: 1 });
  const last = Temporal.PlainDate.from(period.to);
  while (Temporal.PlainDate.compare(month, last) <= 0) {
    const from = ctx.calendars.startOfDay(month);
    // A UTC day of the counts belongs to the month whose first instant is at or before its midnight; a month
    // starting within a UTC day cuts that day, which is read from the cases.
    const firstWholeDay = isMidnight(from) ? from.slice(0, 10) : nextDay(from.slice(0, 10));
    months.push({ label: month.toString().slice(0, 7), from, firstWholeDay });
    month = month.add({ months: 1 });
  }
  return { start, endExclusive, months };
}

const isMidnight = (instant: string) => instant.endsWith('T00:00:00.000Z');
const midnightOf = (day: string) => `${day}T00:00:00.000Z`;
const nextDay = (day: string) => Temporal.PlainDate.from(day).add({ days: 1 }).toString();

function rollUp(rows: ReportRow[], period: ReportPeriod, now: string, filter: ReportFilter): CaseReport {
  const report: CaseReport = {
    period,
    filter,
    generatedAt: now,
    complaints: {
      ...emptyCompliance(),
      byStep: {},
      byMonth: {},
      byChannel: {},
      byCategory: {},
      byLanguage: {},
      byOutcome: {},
      promises: { ...emptyPromiseFigures(), byStep: {} },
    },
    suggestions: { received: 0, byStatus: {}, byDepartment: {} },
    other: { received: 0, byReason: {} },
    restrictions: { issued: 0, byKind: {} },
  };
  const daySums = new Map<Compliance, number>();
  const add = (c: Compliance, r: ReportRow) => {
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
