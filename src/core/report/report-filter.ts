// What the monitoring figures (P7.1) can be narrowed to, and which cases stand behind each figure. The reports page,
// its exports, `redress report` and the monthly mail read the same filter; the queue's drill-down list reads the
// same filter and figure, so that a number on the report and the list of cases behind it count the same cases.
// This module only names and checks the words; the database adapter turns them into one set of conditions.
import { CHANNELS, LANGUAGES, OUTCOMES } from '../case/model.ts';
import type { RootCauseCode } from '../case/root-cause.ts';

/** The dimensions a report can be narrowed to (any combination). */
export const REPORT_FILTER_KEYS = [
  'category',
  'step',
  'channel',
  'language',
  'outcome',
  'owner',
  'department',
] as const;
export type ReportFilterKey = (typeof REPORT_FILTER_KEYS)[number];

export interface ReportFilter {
  category?: string;
  /** Step 1 includes the complaints without a step (the report counts them there). */
  step?: 1 | 2;
  channel?: string;
  language?: string;
  outcome?: string;
  /** The staff member who owns the case (their account id). */
  owner?: string;
  /** The department a suggestion went to. */
  department?: string;
}

/** The dimensions the day counts hold: a filter on these is answered from the counts; the others read the cases. */
export const COUNTED_FILTER_KEYS: readonly ReportFilterKey[] = [
  'category',
  'step',
  'channel',
  'language',
  'outcome',
];

export function readsCasesOnly(filter: ReportFilter): boolean {
  return filter.owner !== undefined || filter.department !== undefined;
}

export function isEmptyFilter(filter: ReportFilter): boolean {
  return REPORT_FILTER_KEYS.every((k) => filter[k] === undefined);
}

/** The longest value of a free-text dimension (a category name, an account id, a department name). */
export const MAX_FILTER_VALUE = 100;

/**
 * Reads a filter from outside (a query string, command-line options): absent or blank values are no filter; a
 * value that cannot be one is an error naming the dimension and what it accepts. Unknown keys are ignored (the
 * caller passes the whole query string).
 */
export function parseReportFilter(input: Readonly<Record<string, unknown>>): {
  filter: ReportFilter;
  errors: Partial<Record<ReportFilterKey, string>>;
} {
  const filter: ReportFilter = {};
  const errors: Partial<Record<ReportFilterKey, string>> = {};
  for (const key of REPORT_FILTER_KEYS) {
    const raw = input[key];
    if (raw === undefined || raw === null || raw === '') continue;
    if (typeof raw !== 'string') {
      errors[key] = `${key}: give one value`;
      continue;
    }
    const value = raw.trim();
    if (value === '') continue;
    if (value.length > MAX_FILTER_VALUE || [...value].some((ch) => ch.charCodeAt(0) < 32)) {
      errors[key] = `${key}: at most ${MAX_FILTER_VALUE} characters, no control characters`;
      continue;
    }
    const oneOf = (values: readonly string[]) => {
      if (values.includes(value)) return true;
      errors[key] = `${key}: give one of ${values.join(', ')}`;
      return false;
    };
    switch (key) {
      case 'step':
        if (oneOf(['1', '2'])) filter.step = value === '2' ? 2 : 1;
        break;
      case 'channel':
        if (oneOf(CHANNELS)) filter.channel = value;
        break;
      case 'language':
        if (oneOf(LANGUAGES)) filter.language = value;
        break;
      case 'outcome':
        if (oneOf(OUTCOMES)) filter.outcome = value;
        break;
      default:
        filter[key] = value;
    }
  }
  return { filter, errors };
}

/** The filter as query-string values (for links and the exports' addresses), in a fixed order. */
export function filterParams(filter: ReportFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of REPORT_FILTER_KEYS) if (filter[key] !== undefined) out[key] = String(filter[key]);
  return out;
}

/**
 * The cases behind a figure of the report, among the complaints received in the period (and passing the filter):
 * each is one condition on a case, the same in the report's counts and in the drill-down list.
 */
export const FIGURES = [
  'received',
  'acknowledged',
  'acknowledged_in_time',
  'answered',
  'answered_in_time',
  'answered_original',
  'answered_extended',
  'answered_late',
  'overdue',
  'extended',
  'escalated',
  'reopened',
  // Answered complaints whose last answer recorded that root cause (ROOT_CAUSES).
  'root_cause_our_error',
  'root_cause_third_party',
  'root_cause_customer_misunderstanding',
  'root_cause_policy_as_designed',
  'root_cause_no_fault_found',
] as const;
export type Figure = (typeof FIGURES)[number];

/** The figure of the complaints whose last answer recorded a root cause. */
export function rootCauseFigure(cause: RootCauseCode): Figure {
  return `root_cause_${cause}`;
}

export function isFigure(value: string): value is Figure {
  return (FIGURES as readonly string[]).includes(value);
}
