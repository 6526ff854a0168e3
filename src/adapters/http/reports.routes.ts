// The reports page for management, leads and auditors, and its exports: the figures of `reportCases` for a period
// (local dates, both included) against the previous period of the same length and the same dates a year before, as a page with charts and tables,
// as CSV (spreadsheet-safe) and as JSON (exactly what `redress report` prints).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { type ReportPeriod, reportCases } from '../../app/report-cases.ts';
import { isIsoDate } from '../../core/calendar/business-calendar.ts';
import { reportCsv } from '../report/report-export.ts';
import type { FormState } from './pages/components.ts';
import { type Preset, reportsPage } from './pages/reports.page.ts';
import { sendPage } from './render.ts';

/** The longest period a page or an export reads: a report is one pass over the period's months. */
export const MAX_YEARS = 5;

const periodQuery = z.object({
  from: z.string().max(20).optional().catch(undefined),
  to: z.string().max(20).optional().catch(undefined),
});

const today = (ctx: AppContext) =>
  Temporal.Instant.from(ctx.clock.now()).toZonedDateTimeISO(ctx.config.timezone).toPlainDate();

const lastDayOf = (d: Temporal.PlainDate) => d.with({ day: d.daysInMonth });

/** The quick periods, from today in the organisation's time zone: whole calendar months, quarters, halves, years. */
export function presets(on: Temporal.PlainDate): Preset[] {
  const month = on.with({ day: 1 });
  const lastMonth = month.subtract({ months: 1 });
  const quarter = month.with({ month: Math.floor((on.month - 1) / 3) * 3 + 1 });
  const half =
    on.month <= 6
      ? Temporal.PlainDate.from({ year: on.year - 1, month: 7, day: 1 })
      : Temporal.PlainDate.from({ year: on.year, month: 1, day: 1 });
  const year = month.with({ month: 1 });
  const span = (from: Temporal.PlainDate, to: Temporal.PlainDate): ReportPeriod => ({
    from: from.toString(),
    to: to.toString(),
  });
  return [
    { key: 'thisMonth', period: span(month, lastDayOf(month)) },
    { key: 'lastMonth', period: span(lastMonth, lastDayOf(lastMonth)) },
    { key: 'thisQuarter', period: span(quarter, lastDayOf(quarter.add({ months: 2 }))) },
    { key: 'lastHalfYear', period: span(half, lastDayOf(half.add({ months: 5 }))) },
    { key: 'thisYear', period: span(year, year.with({ month: 12, day: 31 })) },
  ];
}

/**
 * The period just before, of the same length: as many whole months when the period is whole months (so March is
 * compared with February, not with the last 31 days), else as many days.
 */
export function previousPeriod(period: ReportPeriod): ReportPeriod {
  const from = Temporal.PlainDate.from(period.from);
  const to = Temporal.PlainDate.from(period.to);
  if (from.day === 1 && to.day === to.daysInMonth) {
    const months = (to.year - from.year) * 12 + (to.month - from.month) + 1;
    return { from: from.subtract({ months }).toString(), to: from.subtract({ days: 1 }).toString() };
  }
  const days = from.until(to).days + 1;
  return { from: from.subtract({ days }).toString(), to: from.subtract({ days: 1 }).toString() };
}

/** The same dates a year before (29 February becomes the 28th). */
export function yearBeforePeriod(period: ReportPeriod): ReportPeriod {
  const back = (d: string) => Temporal.PlainDate.from(d).subtract({ years: 1 }).toString();
  return { from: back(period.from), to: back(period.to) };
}

/** The period asked for, or this month with the reasons when the dates cannot be used. */
function periodOf(
  request: FastifyRequest,
  ctx: AppContext,
  q: { from?: string | undefined; to?: string | undefined },
): { period: ReportPeriod; state: FormState } {
  const { t } = request;
  const fallback = presets(today(ctx))[0]!.period;
  if (q.from === undefined && q.to === undefined)
    return { period: fallback, state: { values: { ...fallback }, errors: {} } };
  const values = { from: q.from ?? '', to: q.to ?? '' };
  const errors: Record<string, string> = {};
  const valid = (d: string) => isIsoDate(d) && d >= '1970-01-01' && d <= '2999-12-31';
  if (!valid(values.from)) errors.from = t('reports.errors.date');
  if (!valid(values.to)) errors.to = t('reports.errors.date');
  if (!errors.from && !errors.to) {
    if (values.to < values.from) errors.to = t('reports.errors.order');
    else if (Temporal.PlainDate.from(values.from).add({ years: MAX_YEARS }).toString() <= values.to)
      errors.to = t('reports.errors.tooLong', { years: MAX_YEARS });
  }
  if (Object.keys(errors).length)
    return { period: fallback, state: { values, errors, message: t('reports.errors.shownInstead') } };
  return { period: values, state: { values, errors } };
}

/** For the exports, which have no form to show a message in: a bad period is a 400 that says what to fix. */
function exportPeriod(request: FastifyRequest, ctx: AppContext, reply: FastifyReply) {
  const q = request.query as { from?: string; to?: string };
  const { period, state } = periodOf(request, ctx, q);
  if (Object.keys(state.errors).length) {
    reply
      .status(400)
      .type('text/plain; charset=utf-8')
      .send(
        Object.entries(state.errors)
          .map(([k, v]) => `${k}: ${v}`)
          .join('\n'),
      );
    return null;
  }
  return period;
}

const fileName = (period: ReportPeriod, ext: string) =>
  `redress-report-${period.from}-to-${period.to}.${ext}`;

export const reportRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/reports', { schema: { querystring: periodQuery } }, async (request, reply) => {
    const { period, state } = periodOf(request, ctx, request.query);
    const [report, previous, yearBefore] = await Promise.all([
      reportCases(ctx, period),
      reportCases(ctx, previousPeriod(period)),
      reportCases(ctx, yearBeforePeriod(period)),
    ]);
    return sendPage(request, reply, {
      title: request.t('reports.title'),
      section: 'reports',
      content: reportsPage(request, { report, previous, yearBefore, presets: presets(today(ctx)), state }),
    });
  });

  app.get('/reports/export.csv', { schema: { querystring: periodQuery } }, async (request, reply) => {
    const period = exportPeriod(request, ctx, reply);
    if (!period) return reply;
    const csv = reportCsv(await reportCases(ctx, period));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(period, 'csv')}"`)
      .send(csv);
  });

  app.get('/reports/export.json', { schema: { querystring: periodQuery } }, async (request, reply) => {
    const period = exportPeriod(request, ctx, reply);
    if (!period) return reply;
    const report = await reportCases(ctx, period);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(period, 'json')}"`)
      .send(`${JSON.stringify(report, null, 2)}\n`);
  });
};
