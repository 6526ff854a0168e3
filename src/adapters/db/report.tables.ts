// Counts for the monitoring report (P7), kept in step with the cases (migration 202611240100, case-counts.repo.ts).

/**
 * How many cases of one kind, step, channel, category, language, outcome, reason and suggestion status were
 * received on one UTC day, and how many of them were answered (in time), extended and escalated.
 * Absent values are '' (and step 0), so that the key is unique on both engines.
 */
export interface CaseCountsTable {
  /** The UTC date of receipt, YYYY-MM-DD (local days and months are put together from UTC days: see report). */
  day: string;
  kind: string;
  step: number;
  channel: string;
  category: string;
  language: string;
  outcome: string;
  other_reason: string;
  suggestion_status: string;
  n: number;
  /**
   * No longer kept (0 in rows written since): an acknowledgement is given when it is sent, which no write of a case
   * says (case-counts.repo.ts). Left for an instance of the release before during an upgrade.
   */
  acknowledged: number;
  /** As `acknowledged`. */
  acknowledged_in_time: number;
  answered: number;
  answered_in_time: number;
  extended: number;
  escalated: number;
  /** The sum, over the answered cases, of the days from receipt to answer. */
  days_to_answer: number;
}

/**
 * The report's counts per local day of receipt (report-days.repo.ts): under a facet (all complaints '', one
 * category, channel, language or outcome; 'suggestion' by status, 'other' by reason), per step, how many cases had
 * each measure at each value (received, acknowledged in time, business days to answer, …). A median or 90th
 * percentile is read from the counts by value.
 */
export interface ReportDaysTable {
  facet: string;
  measure: string;
  /** The facet's value ('' with facet ''). */
  facet_value: string;
  /** The local date of receipt, YYYY-MM-DD, in the zone of the calendar version in force at receipt. */
  day: string;
  /** '1' or '2' (a case without a step counts at step 1, as the report's filter does). */
  step: string;
  value: number;
  /** A count, or for measure answer_ms a sum of milliseconds. */
  n: number;
}

/**
 * The UTC days of receipt whose cases changed since they were counted: a row per write of a case (its stream
 * version), removed by the report once it has counted those days again. Written in the transaction of the events.
 */
export interface ReportDayMarksTable {
  day: string;
  case_id: string;
  version: number;
}

/**
 * The day counts of report_days summed by local month (YYYY-MM), kept in step with them when days are counted
 * again: a period's whole months are read here, the days of the months it cuts from report_days.
 */
export interface ReportMonthsTable {
  facet: string;
  measure: string;
  facet_value: string;
  month: string;
  step: string;
  value: number;
  n: number;
}

/**
 * The same counts as report_days, within the cases of one owner or one department (report-days.repo.ts): under
 * scope 'owner' or 'department' and its value (the account id or the department's name; '' for the cases without
 * one), every row report_days keeps for all cases. The report narrowed to an owner or a department reads its
 * scope's rows alone (the key starts with the scope); a counting again reads and replaces days (index on day).
 */
export interface ReportScopeDaysTable extends ReportDaysTable {
  scope: string;
  scope_value: string;
}

/** The scope's day counts summed by local month, as report_months is of report_days. */
export interface ReportScopeMonthsTable extends ReportMonthsTable {
  scope: string;
  scope_value: string;
}

export interface ReportTables {
  case_counts: CaseCountsTable;
  report_days: ReportDaysTable;
  report_day_marks: ReportDayMarksTable;
  report_months: ReportMonthsTable;
  report_scope_days: ReportScopeDaysTable;
  report_scope_months: ReportScopeMonthsTable;
  /**
   * The calendar the counts of report_days were made on (one row): the last calendar version they were counted
   * with (null before versions existed) and its fingerprint (zone, week, holidays, closures).
   */
  report_days_zone: { zone: string; calendar_version: number | null };
}
