// The half-year return for a complaints regulator or an auditor (src/core/report/regulator.ts): the complaints
// received in the half year (local dates), counted in the regulator's buckets on the business calendar, each as it
// stood at the end of the half year (the first instant of the next day, in the organisation's time zone), so that a
// return of a past half year is the same whenever it is run.
import { Temporal } from 'temporal-polyfill';
import { caseHistories, regulatorCasesIn } from '../adapters/db/report.repo.ts';
import {
  halfYearPeriod,
  type RegulatorReturn,
  regulatorComplaintAsOf,
  regulatorReturn,
} from '../core/report/regulator.ts';
import type { ReportFilter } from '../core/report/report-filter.ts';
import type { AppContext } from './context.ts';

/** Cases whose history is read at once: a few hundred histories, never a half year's. */
const HISTORIES_AT_ONCE = 500;

export async function regulatorSummary(
  ctx: AppContext,
  half: string,
  filter: ReportFilter = {},
): Promise<RegulatorReturn> {
  const period = halfYearPeriod(half);
  if (!period) throw new RangeError(`${JSON.stringify(half)} is not a half year like 2026-H2`);
  const start = ctx.calendars.startOfDay(period.from);
  const endExclusive = ctx.calendars.startOfDay(Temporal.PlainDate.from(period.to).add({ days: 1 }));
  const db = ctx.database.db;
  const { complaints, changedSince } = await regulatorCasesIn(db, start, endExclusive);
  // The cases changed since the end (answered, closed, reclassified… after it) count as they stood at it.
  for (let i = 0; i < changedSince.length; i += HISTORIES_AT_ONCE)
    for (const history of await caseHistories(db, changedSince.slice(i, i + HISTORIES_AT_ONCE))) {
      const c = regulatorComplaintAsOf(history, endExclusive);
      if (c) complaints.push(c);
    }
  // The filter selects by the values at the end too, as the buckets count (regulator.ts regulatorReturn).
  return regulatorReturn(half, complaints, ctx.calendars, filter);
}
