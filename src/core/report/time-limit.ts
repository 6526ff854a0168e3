// A report that reads for longer than its time limit is stopped rather than left to hold a database connection
// (and, on SQLite, the one thread that also serves mail and pages): the person is told so and how to go on.

/** The report was stopped at its time limit. */
export class ReportTimeLimit extends Error {
  readonly code = 'report_time_limit';
  /** The limit, in milliseconds. */
  readonly limitMs: number;
  constructor(limitMs: number) {
    super(
      `the report was stopped after ${limitMs} ms, its time limit: choose a shorter period or fewer filters`,
    );
    this.limitMs = limitMs;
  }
}

/** The time limit of a report's reads unless the caller gives another. */
export const REPORT_TIME_LIMIT_MS = 15_000;
