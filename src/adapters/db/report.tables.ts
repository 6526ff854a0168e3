// Counts for the monitoring report (P7), kept in step with the cases (migration 202611240100, case-counts.repo.ts).

/**
 * How many cases of one kind, step, channel, category, language, outcome, reason and suggestion status were
 * received on one UTC day, and how many of them were acknowledged, answered (in time), extended and escalated.
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
  acknowledged: number;
  acknowledged_in_time: number;
  answered: number;
  answered_in_time: number;
  extended: number;
  escalated: number;
  /** The sum, over the answered cases, of the days from receipt to answer. */
  days_to_answer: number;
}

export interface ReportTables {
  case_counts: CaseCountsTable;
}
