// The half-year return for a complaints regulator or an auditor (src/core/report/regulator.ts): the complaints
// received in the half year (local dates), counted in the regulator's buckets on the business calendar.
import { Temporal } from 'temporal-polyfill';
import { regulatorComplaintsIn } from '../adapters/db/report.repo.ts';
import { halfYearPeriod, type RegulatorReturn, regulatorReturn } from '../core/report/regulator.ts';
import type { ReportFilter } from '../core/report/report-filter.ts';
import type { AppContext } from './context.ts';

export async function regulatorSummary(
  ctx: AppContext,
  half: string,
  filter: ReportFilter = {},
): Promise<RegulatorReturn> {
  const period = halfYearPeriod(half);
  if (!period) throw new RangeError(`${JSON.stringify(half)} is not a half year like 2026-H2`);
  const start = ctx.calendars.startOfDay(period.from);
  const endExclusive = ctx.calendars.startOfDay(Temporal.PlainDate.from(period.to).add({ days: 1 }));
  const complaints = await regulatorComplaintsIn(ctx.database.db, start, endExclusive, filter);
  return regulatorReturn(half, complaints, ctx.calendars);
}
