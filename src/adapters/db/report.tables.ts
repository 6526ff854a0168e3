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

/**
 * The figures that need each complaint's own times (promise-figures.ts), kept as counts: per UTC day of receipt,
 * step and facet (all complaints, or those of one category, channel, language or outcome), how many complaints
 * had each measure at each value (business days to acknowledge, to answer, an extension's lead, which promise the
 * answer kept, reopened). A median or 90th percentile is read from the counts by value.
 */
export interface PromiseCountsTable {
  /** '' for all complaints, else the dimension (category, channel, language, outcome). */
  facet: string;
  /** The dimension's value ('' with facet ''). */
  facet_value: string;
  /** The UTC date of receipt, YYYY-MM-DD. */
  day: string;
  /** '1' or '2' (a complaint without a step counts at step 1). */
  step: string;
  measure: string;
  value: number;
  n: number;
}

/**
 * The days whose promise counts are out of date: a row per write of a complaint (its stream version), removed by
 * the report once it has counted that day again. Written in the transaction of the case's events.
 */
export interface PromiseCountMarksTable {
  day: string;
  case_id: string;
  version: number;
}

export interface ReportTables {
  case_counts: CaseCountsTable;
  promise_counts: PromiseCountsTable;
  promise_count_marks: PromiseCountMarksTable;
}
