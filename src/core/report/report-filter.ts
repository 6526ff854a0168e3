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

/**
 * What the figures are narrowed to. Null in a dimension a case may leave unset (NULLABLE_FILTER_KEYS): the cases
 * without a value there, so that the figures of each value, "not set" included, add up to those of all cases.
 */
export interface ReportFilter {
  /** Null: complaints not categorised (and suggestions and other messages, which have no category). */
  category?: string | null;
  /** Step 1 includes the complaints without a step (the report counts them there). */
  step?: 1 | 2;
  channel?: string;
  language?: string;
  /** Null: not answered (no outcome). */
  outcome?: string | null;
  /** The staff member who owns the case (their account id); null: nobody. */
  owner?: string | null;
  /** The department a suggestion went to; null: not forwarded (and every complaint). */
  department?: string | null;
}

/**
 * The dimensions a case may have no value in: a complaint not yet categorised or answered, a case nobody owns, a
 * suggestion not yet forwarded. Each takes "not set" as a value. Channel and language are always set, and a case
 * without a step is counted at step 1.
 */
export const NULLABLE_FILTER_KEYS = ['category', 'outcome', 'owner', 'department'] as const;
export type NullableFilterKey = (typeof NULLABLE_FILTER_KEYS)[number];

/**
 * "Not set" as the doors write it (query strings, command-line options, links): no category key can be it (keys
 * start with a letter or a digit, CATEGORY_KEY), nor an outcome or an account id; a department may not be named so
 * (config.ts).
 */
export const NOT_SET = '_none';

const isNullable = (key: ReportFilterKey): key is NullableFilterKey =>
  (NULLABLE_FILTER_KEYS as readonly string[]).includes(key);

/** The dimensions the day counts hold: a filter on these is answered from the counts; the others read the cases. */
export const COUNTED_FILTER_KEYS: readonly ReportFilterKey[] = [
  'category',
  'step',
  'channel',
  'language',
  'outcome',
];

/**
 * Whether the filter names an owner or a department, which the day counts by dimension do not hold: the report then
 * reads the counts kept within that owner's or department's cases when it names nothing else (a step aside), and
 * the cases otherwise.
 */
export function readsCasesOnly(filter: ReportFilter): boolean {
  return filter.owner !== undefined || filter.department !== undefined;
}

export function isEmptyFilter(filter: ReportFilter): boolean {
  return REPORT_FILTER_KEYS.every((k) => filter[k] === undefined);
}

/** The longest value of a free-text dimension (a category name, an account id, a department name). */
export const MAX_FILTER_VALUE = 100;

/** A case's values in the filter's dimensions (null where it has none; a step null is counted at step 1). */
export interface FilterValues {
  category: string | null;
  step: number | null;
  channel: string;
  language: string;
  outcome: string | null;
  owner: string | null;
  department: string | null;
}

/**
 * Whether a case with these values passes the filter: the rule the database adapter writes in SQL for the cases
 * as they are now (report-scope.ts casesMatching), for the reads that take values as they stood at another
 * instant (the regulator's return, as at the end of its half year).
 */
export function matchesReportFilter(v: FilterValues, filter: ReportFilter): boolean {
  if (filter.category !== undefined && v.category !== filter.category) return false;
  if (filter.step !== undefined && (v.step ?? 1) !== filter.step) return false;
  if (filter.channel !== undefined && v.channel !== filter.channel) return false;
  if (filter.language !== undefined && v.language !== filter.language) return false;
  if (filter.outcome !== undefined && v.outcome !== filter.outcome) return false;
  if (filter.owner !== undefined && v.owner !== filter.owner) return false;
  if (filter.department !== undefined && v.department !== filter.department) return false;
  return true;
}

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
      errors[key] = `${key}: give one of ${[...values, ...(isNullable(key) ? [NOT_SET] : [])].join(', ')}`;
      return false;
    };
    if (value === NOT_SET && isNullable(key)) {
      filter[key] = null;
      continue;
    }
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

/** The filter as query-string values (for links and the exports' addresses), in a fixed order; null as NOT_SET. */
export function filterParams(filter: ReportFilter): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key of REPORT_FILTER_KEYS) {
    const value = filter[key];
    if (value !== undefined) out[key] = value === null ? NOT_SET : String(value);
  }
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
