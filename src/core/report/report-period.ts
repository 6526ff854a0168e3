// Which periods a report can be read for (P7), one rule for every door: the reports page, its exports and
// `redress report`. Dates are local dates of the organisation's calendar, both included. A period that starts after
// today holds no complaint yet: its report would be all zeros, which a reader takes for figures, so it is refused
// and the reader is told why. A period that has begun but not ended is read: its figures count what was received
// up to now (`stillRunning` says so, for the page to tell the reader). Pure: today comes in.
import { Temporal } from 'temporal-polyfill';
import { isIsoDate } from '../calendar/business-calendar.ts';

/** What is wrong with one date of a period, by field: the doors say it in their own words (i18n, the CLI). */
export type PeriodProblem =
  | { code: 'date' }
  | { code: 'order' }
  | { code: 'too_long'; years: number }
  | { code: 'future'; today: string };

export interface PeriodRules {
  /** Today's local date in the organisation's time zone (YYYY-MM-DD). */
  today: string;
  /** The longest period a door reads, in years (none when absent). */
  maxYears?: number;
}

const FIRST = '1970-01-01';
const LAST = '2999-12-31';

const addYears = (date: string, years: number) => Temporal.PlainDate.from(date).add({ years }).toString();

/** The problems of a period, by field ({} when it can be read). */
export function reportPeriodProblems(
  period: { from: string; to: string },
  rules: PeriodRules,
): Partial<Record<'from' | 'to', PeriodProblem>> {
  const valid = (d: string) => isIsoDate(d) && d >= FIRST && d <= LAST;
  const problems: Partial<Record<'from' | 'to', PeriodProblem>> = {};
  if (!valid(period.from)) problems.from = { code: 'date' };
  if (!valid(period.to)) problems.to = { code: 'date' };
  if (problems.from || problems.to) return problems;
  if (period.to < period.from) return { to: { code: 'order' } };
  if (period.from > rules.today) return { from: { code: 'future', today: rules.today } };
  if (rules.maxYears !== undefined && addYears(period.from, rules.maxYears) <= period.to)
    return { to: { code: 'too_long', years: rules.maxYears } };
  return problems;
}

/** Whether a period that can be read has not ended today: its figures count only what was received so far. */
export function stillRunning(period: { to: string }, today: string): boolean {
  return period.to >= today;
}
