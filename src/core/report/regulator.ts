// The half-year return in the buckets complaint regulators ask for: complaints received, answered within three
// business days, answered later but by the date promised (extensions included), answered after it, still open,
// and the share upheld (fully or in part) of those answered; the same by category. Also the suggestions of a
// period by department with their handling time. Pure: the cases and the business calendar come in.
//
// A return is filed once and must not change afterwards: it counts each complaint as it stood at the end of the
// half year (regulatorComplaintAsOf), not as it stands when the return is run. A complaint of June answered in
// August is open in the return of January to June, whether that return is run in July or a year later.
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import type { CalendarHistory } from '../calendar/calendar-versions.ts';
import { type CaseState, type EventMeta, replayCase } from '../case/case.ts';
import type { CaseEvent } from '../case/case-events.ts';
import { owesAnswer } from '../case/clock.ts';
import { measuredPromise } from '../case/promise.ts';
import { dayCountersByReceipt, type Spread, spreadOf } from './promise-figures.ts';
import { type FilterValues, matchesReportFilter, type ReportFilter } from './report-filter.ts';

/** A half year: 2026-H1 is January to June, 2026-H2 July to December. */
export function halfYearPeriod(half: string): { from: string; to: string } | null {
  const m = /^(\d{4})-H([12])$/.exec(half);
  if (!m) return null;
  return m[2] === '1'
    ? { from: `${m[1]}-01-01`, to: `${m[1]}-06-30` }
    : { from: `${m[1]}-07-01`, to: `${m[1]}-12-31` };
}

export interface RegulatorComplaint {
  receivedAt: string;
  answeredAt: string | null;
  /** The procedure's answer date (promise.ts measuredPromise), which the buckets measure against. */
  answerBy: string | null;
  outcome: string | null;
  category: string | null;
  /**
   * The case's status (received, acknowledged, answered, closed): a complaint closed without an answer (withdrawn,
   * not a complaint after all) is received but no longer owes an answer, so it is not counted open (clock.ts
   * owesAnswer, the rule of the report's "open and overdue" and of the register).
   */
  status: string;
  /**
   * What a filter of the return reads (report-filter.ts matchesReportFilter), as it stood at the end of the half
   * year like the buckets: a complaint categorised, answered or given to someone after the end is selected as it
   * was then, so that a filtered return stays the same too.
   */
  values: FilterValues;
}

/** A complaint as the return counts it, from its state; null for a case that is no complaint or was merged. */
export function regulatorComplaintOf(s: CaseState): RegulatorComplaint | null {
  if (s.kind !== 'complaint' || s.mergedInto) return null;
  return {
    receivedAt: s.receivedAt,
    answeredAt: s.answeredAt,
    answerBy: measuredPromise(s).answerBy ?? null,
    outcome: s.outcome,
    category: s.category,
    status: s.status,
    values: {
      category: s.category,
      step: s.step,
      channel: s.channel,
      language: s.language,
      outcome: s.outcome,
      owner: s.ownerId,
      department: s.department,
    },
  };
}

/**
 * A case as it stood at `until` (exclusive: the first instant after the period), from its history: the state the
 * events recorded before then give (case.ts replayCase), whatever happened since (an answer, a closure, a
 * reclassification, a category set, a merge). The receipt always counts: a letter that arrived within the period
 * but was registered after its end is still a complaint of the period, open at its end. Null when the case was no
 * complaint then, or had been merged into another.
 */
export function regulatorComplaintAsOf(
  history: ReadonlyArray<{ event: CaseEvent; meta: EventMeta }>,
  until: string,
): RegulatorComplaint | null {
  const [receipt, ...rest] = history;
  if (!receipt) return null;
  const state = replayCase('', [receipt, ...rest.filter((e) => e.meta.at < until)]);
  return state ? regulatorComplaintOf(state) : null;
}

export interface RegulatorBucket {
  received: number;
  answeredWithin3BusinessDays: number;
  /** After three business days, by the procedure's answer date (extensions told within the period included). */
  answeredWithinPromisedDate: number;
  answeredAfterPromisedDate: number;
  /** Still owed an answer at the end of the half year (clock.ts owesAnswer). */
  open: number;
  upheld: number;
  /** Upheld fully or in part, over those answered with an outcome (0–1, three decimals); null when none. */
  upheldShare: number | null;
}

export interface RegulatorReturn extends RegulatorBucket {
  half: string;
  from: string;
  to: string;
  byCategory: Record<string, RegulatorBucket>;
}

/** Business days within which an answer counts as quick in the return. */
export const QUICK_ANSWER_BUSINESS_DAYS = 3;

const empty = (): RegulatorBucket & { decided: number } => ({
  received: 0,
  answeredWithin3BusinessDays: 0,
  answeredWithinPromisedDate: 0,
  answeredAfterPromisedDate: 0,
  open: 0,
  upheld: 0,
  upheldShare: null,
  decided: 0,
});

/**
 * The return of the complaints given (each as it stood at the end of the half year), narrowed to those `filter`
 * selects by their values at that end: the one place a return is filtered, so that the buckets and the selection
 * read the same facts.
 */
export function regulatorReturn(
  half: string,
  complaints: Iterable<RegulatorComplaint>,
  calendars: BusinessCalendar | CalendarHistory,
  filter: ReportFilter = {},
): RegulatorReturn {
  const period = halfYearPeriod(half);
  if (!period) throw new RangeError(`${JSON.stringify(half)} is not a half year like 2026-H2`);
  const daysAt = dayCountersByReceipt(calendars);
  const total = empty();
  const byCategory = new Map<string, ReturnType<typeof empty>>();
  for (const c of complaints) {
    if (!matchesReportFilter(c.values, filter)) continue;
    const key = c.category ?? 'none';
    const cat = byCategory.get(key) ?? empty();
    byCategory.set(key, cat);
    for (const b of [total, cat]) {
      b.received++;
      if (!c.answeredAt) {
        // Closed without an answer: received, but neither answered nor still owed an answer.
        if (owesAnswer({ kind: 'complaint', status: c.status, answeredAt: c.answeredAt })) b.open++;
      } else if (
        daysAt(c.receivedAt).betweenInstants(c.receivedAt, c.answeredAt) <= QUICK_ANSWER_BUSINESS_DAYS
      )
        b.answeredWithin3BusinessDays++;
      else if (c.answerBy && c.answeredAt <= c.answerBy) b.answeredWithinPromisedDate++;
      else b.answeredAfterPromisedDate++;
      if (c.answeredAt && c.outcome) {
        b.decided++;
        if (c.outcome === 'upheld' || c.outcome === 'partly_upheld') b.upheld++;
      }
    }
  }
  const finish = ({ decided, ...b }: ReturnType<typeof empty>): RegulatorBucket => ({
    ...b,
    upheldShare: decided ? Math.round((b.upheld / decided) * 1000) / 1000 : null,
  });
  const cats: Record<string, RegulatorBucket> = {};
  for (const key of [...byCategory.keys()].sort()) cats[key] = finish(byCategory.get(key)!);
  return { half, ...period, ...finish(total), byCategory: cats };
}

export const REGULATOR_CSV_COLUMNS = [
  'half',
  'category',
  'received',
  'answered_within_3_business_days',
  'answered_within_promised_date',
  'answered_after_promised_date',
  'open',
  'upheld',
  'upheld_share',
] as const;

/** The return as rows (the total first, category "all", then each category): what the CSV writes. */
export function regulatorRows(r: RegulatorReturn): Array<Array<string | number | null>> {
  const row = (category: string, b: RegulatorBucket) => [
    r.half,
    category,
    b.received,
    b.answeredWithin3BusinessDays,
    b.answeredWithinPromisedDate,
    b.answeredAfterPromisedDate,
    b.open,
    b.upheld,
    b.upheldShare,
  ];
  return [row('all', r), ...Object.entries(r.byCategory).map(([k, b]) => row(k, b))];
}

export interface SuggestionTimes {
  department: string | null;
  receivedAt: string;
  /** When the department reported it done, or null. */
  doneAt: string | null;
}

/**
 * When a suggestion was done, for its handling time: its last "done", unless a reopening came after it (the
 * suggestion is then back with its department, not done). The same rule as a complaint's time to answer, which runs
 * to its last answer: a suggestion done, reopened and done again was counted to its first "done", as if it had been
 * handled before the department took it up again. `lastDone` and `lastReopenedSeq` are positions in the case's
 * stream, so that the order holds even where two events share an instant.
 */
export function suggestionDoneAt(
  lastDone: { at: string; seq: number } | null,
  lastReopenedSeq: number | null,
): string | null {
  if (!lastDone) return null;
  return lastReopenedSeq !== null && lastReopenedSeq > lastDone.seq ? null : lastDone.at;
}

export interface DepartmentFigures {
  received: number;
  done: number;
  /** Business days from receipt to done, over those done. */
  businessDaysToDone: Spread;
}

/** Suggestions by department (key "none" before one is chosen), with their handling time. */
export function suggestionsByDepartment(
  suggestions: Iterable<SuggestionTimes>,
  calendars: BusinessCalendar | CalendarHistory,
): Record<string, DepartmentFigures> {
  const daysAt = dayCountersByReceipt(calendars);
  const acc = new Map<string, { received: number; times: number[] }>();
  for (const s of suggestions) {
    const key = s.department ?? 'none';
    const a = acc.get(key) ?? { received: 0, times: [] };
    acc.set(key, a);
    a.received++;
    if (s.doneAt) a.times.push(daysAt(s.receivedAt).betweenInstants(s.receivedAt, s.doneAt));
  }
  const out: Record<string, DepartmentFigures> = {};
  for (const key of [...acc.keys()].sort()) {
    const a = acc.get(key)!;
    out[key] = { received: a.received, done: a.times.length, businessDaysToDone: spreadOf(a.times) };
  }
  return out;
}
