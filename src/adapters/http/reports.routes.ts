// The reports page for management, leads and auditors, and its exports: the figures of `reportCases` for a period
// (local dates, both included) against the previous period of the same length and the same dates a year before, as a page with charts and tables,
// as CSV (spreadsheet-safe) and as JSON (exactly what `redress report` prints).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { Temporal } from 'temporal-polyfill';
import { z } from 'zod';
import { reportOwners } from '../../app/case-page.ts';
import type { AppContext } from '../../app/context.ts';
import { registerEntries } from '../../app/export-register.ts';
import { regulatorSummary } from '../../app/regulator-summary.ts';
import { type ReportPeriod, reportCases } from '../../app/report-cases.ts';
import { filterValueRefusals } from '../../app/report-filter-values.ts';
import { SettingsError, updateSettings } from '../../app/settings.ts';
import type { Config } from '../../config.ts';
import { categoryLabels } from '../../core/case/categories.ts';
import { halfYearPeriod } from '../../core/report/regulator.ts';
import { parseReportFilter, REPORT_FILTER_KEYS, type ReportFilter } from '../../core/report/report-filter.ts';
import { type PeriodProblem, reportPeriodProblems } from '../../core/report/report-period.ts';
import { writtenDate } from '../../core/text/written-date.ts';
import { registerCsv, regulatorCsv } from '../report/register-export.ts';
import { reportCsv } from '../report/report-export.ts';
import { may } from './access.ts';
import { downloadBudget, streamDownload } from './download-budget.ts';
import type { FormState } from './pages/components.ts';
import { type Preset, reportsPage } from './pages/reports.page.ts';
import { monthlyReportAdminPage } from './pages/reports-monthly.page.ts';
import { regulatorPage } from './pages/reports-regulator.page.ts';
import { redirectAfterPost, sendPage } from './render.ts';
import { actingOf } from './request-context.ts';
import { settingsProblemText } from './settings-problems.ts';

/** The longest period a page or an export reads: a report is one pass over the period's months. */
export const MAX_YEARS = 5;

const filterValue = z.string().max(200).optional().catch(undefined);
const periodQuery = z.object({
  from: z.string().max(20).optional().catch(undefined),
  to: z.string().max(20).optional().catch(undefined),
  // Checked by parseReportFilter, which names what a value may be.
  ...Object.fromEntries(REPORT_FILTER_KEYS.map((k) => [k, filterValue])),
});

const halfQuery = z.object({ half: z.string().max(20).optional().catch(undefined) });

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
async function periodOf(
  request: FastifyRequest,
  ctx: AppContext,
  q: Record<string, string | undefined>,
): Promise<{ period: ReportPeriod; filter: ReportFilter; state: FormState }> {
  const { t } = request;
  const fallback = presets(today(ctx))[0]!.period;
  // A value a filter cannot take is named, and the figures are shown without that filter.
  const parsed = parseReportFilter(q);
  const filter = parsed.filter;
  const filterErrors: Record<string, string> = {};
  for (const key of Object.keys(parsed.errors)) filterErrors[key] = t('reports.errors.filter');
  // An owner that names no staff account, or a department no one knows, is left out like any value a filter
  // cannot take, saying so.
  const refused = await filterValueRefusals(ctx, filter);
  if (refused.owner) {
    delete filter.owner;
    filterErrors.owner = t('reports.errors.unknownOwner');
  }
  if (refused.department) {
    delete filter.department;
    filterErrors.department = t('reports.errors.unknownDepartment');
  }
  const filterValues: Record<string, string> = {};
  for (const key of REPORT_FILTER_KEYS) if (q[key]) filterValues[key] = q[key]!.slice(0, 200);
  if (q.from === undefined && q.to === undefined)
    return {
      period: fallback,
      filter,
      state: {
        values: { ...fallback, ...filterValues },
        errors: filterErrors,
        ...(Object.keys(filterErrors).length ? { message: t('reports.errors.filterIgnored') } : {}),
      },
    };
  const values = { from: q.from ?? '', to: q.to ?? '', ...filterValues };
  const errors: Record<string, string> = { ...filterErrors };
  const problems = reportPeriodProblems(values, { today: today(ctx).toString(), maxYears: MAX_YEARS });
  for (const [field, problem] of Object.entries(problems))
    errors[field] = periodProblemText(request, problem);
  if (errors.from || errors.to)
    return { period: fallback, filter, state: { values, errors, message: t('reports.errors.shownInstead') } };
  return {
    period: { from: values.from, to: values.to },
    filter,
    state: {
      values,
      errors,
      ...(Object.keys(errors).length ? { message: t('reports.errors.filterIgnored') } : {}),
    },
  };
}

/** A local date as the reader's language writes it (1 December 2026, December 1, 2026, 1. Dezember 2026). */
function writtenDay(request: FastifyRequest, date: string): string {
  return writtenDate(
    new Intl.DateTimeFormat(request.lang, { dateStyle: 'long', timeZone: 'UTC' }),
    new Date(`${date}T12:00:00Z`),
  );
}

/** What is wrong with a date of the period (core/report/report-period.ts), in the reader's language. */
function periodProblemText(request: FastifyRequest, problem: PeriodProblem): string {
  const { t } = request;
  switch (problem.code) {
    case 'date':
      return t('reports.errors.date');
    case 'order':
      return t('reports.errors.order');
    case 'too_long':
      return t('reports.errors.tooLong', { years: problem.years });
    case 'future':
      return t('reports.errors.future', { today: writtenDay(request, problem.today) });
  }
}

/** For the exports, which have no form to show a message in: a bad period is a 400 that says what to fix. */
async function exportPeriod(
  request: FastifyRequest,
  ctx: AppContext,
  reply: FastifyReply,
): Promise<{ period: ReportPeriod; filter: ReportFilter } | null> {
  const q = request.query as Record<string, string | undefined>;
  const { period, filter, state } = await periodOf(request, ctx, q);
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
  return { period, filter };
}

const fileName = (period: ReportPeriod, ext: string, what = 'report') =>
  `redress-${what}-${period.from}-to-${period.to}.${ext}`;

/** A half year as 2026-H1 (2026H1 too), or null. */
export function halfOf(value: string | undefined): string | null {
  const m = /^(\d{4})-?H([12])$/i.exec(value?.trim() ?? '');
  return m ? `${m[1]}-H${m[2]}` : null;
}

/** Why a half year cannot be read (it starts after today: the period's rule), in the reader's words; else null. */
function halfNotBegun(request: FastifyRequest, ctx: AppContext, half: string): string | null {
  const period = halfYearPeriod(half);
  const problem = period ? reportPeriodProblems(period, { today: today(ctx).toString() }).from : undefined;
  return problem ? periodProblemText(request, problem) : null;
}

/** The last half year that has ended (the one an organisation hands in). */
function lastHalf(on: Temporal.PlainDate): string {
  return on.month <= 6 ? `${on.year - 1}-H2` : `${on.year}-H1`;
}

const monthlyForm = z.object({
  enabled: z.string().max(10).optional(),
  recipients: z.string().max(4000).default(''),
});

export const reportRoutes: FastifyPluginAsyncZod<{ ctx: AppContext; base?: Config }> = async (
  app,
  { ctx, base },
) => {
  // The monthly report's setting, in the administration: on or off, and its addresses (one per line).
  const monthlyPage = (
    request: FastifyRequest,
    reply: FastifyReply,
    enabled: boolean,
    state: FormState,
    status = 200,
  ) =>
    sendPage(
      request,
      reply,
      {
        title: request.t('reports.monthlyAdmin.title'),
        section: 'admin',
        content: monthlyReportAdminPage(request, {
          enabled,
          state,
          mayChange: may(request.principal?.role ?? null, 'POST /admin/monthly-report'),
        }),
      },
      status,
    );
  app.get('/admin/monthly-report', async (request, reply) => {
    const m = ctx.config.monthlyReport;
    return monthlyPage(request, reply, m.enabled, {
      values: { recipients: m.recipients.join('\n') },
      errors: {},
    });
  });
  app.post('/admin/monthly-report', { schema: { body: monthlyForm } }, async (request, reply) => {
    const enabled = request.body.enabled === 'yes';
    const lines = request.body.recipients
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter(Boolean);
    try {
      const { changed } = await updateSettings(
        ctx,
        base ?? ctx.config,
        { monthlyReport: { enabled, recipients: lines } },
        actingOf(request),
      );
      return redirectAfterPost(ctx, request, reply, '/admin/monthly-report', {
        key: changed.length ? 'settingsSaved' : 'settingsUnchanged',
        tone: changed.length ? 'success' : 'info',
      });
    } catch (e) {
      if (!(e instanceof SettingsError)) throw e;
      // The schema names a bad address by its place in the list: the sentence says it as a line number.
      const errors: Record<string, string> = {};
      for (const p of e.problems) errors.recipients ??= settingsProblemText(request.t, p);
      return monthlyPage(
        request,
        reply,
        enabled,
        {
          values: { recipients: request.body.recipients },
          errors,
          message: request.t('reports.monthlyAdmin.notSaved'),
        },
        400,
      );
    }
  });

  app.get('/reports', { schema: { querystring: periodQuery } }, async (request, reply) => {
    const { period, filter, state } = await periodOf(
      request,
      ctx,
      request.query as Record<string, string | undefined>,
    );
    const [report, previous, yearBefore, staff] = await Promise.all([
      reportCases(ctx, period, filter),
      reportCases(ctx, previousPeriod(period), filter),
      reportCases(ctx, yearBeforePeriod(period), filter),
      reportOwners(ctx),
    ]);
    return sendPage(request, reply, {
      title: request.t('reports.title'),
      section: 'reports',
      content: reportsPage(request, {
        report,
        previous,
        yearBefore,
        presets: presets(today(ctx)),
        today: today(ctx).toString(),
        timeZone: ctx.config.timezone,
        state,
        choices: {
          categories: ctx.config.categories,
          departments: ctx.config.departments.map((d) => d.name),
          owners: staff.map((m) => ({
            id: m.id,
            name:
              m.status && m.status !== 'active'
                ? `${m.name} (${request.t(`userStatuses.${m.status}`)})`
                : m.name,
          })),
        },
      }),
    });
  });

  app.get('/reports/export.csv', { schema: { querystring: periodQuery } }, async (request, reply) => {
    const asked = await exportPeriod(request, ctx, reply);
    if (!asked) return reply;
    const { period, filter } = asked;
    const csv = reportCsv(await reportCases(ctx, period, filter), categoryLabels(ctx.config));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(period, 'csv')}"`)
      .send(csv);
  });

  app.get('/reports/export.json', { schema: { querystring: periodQuery } }, async (request, reply) => {
    const asked = await exportPeriod(request, ctx, reply);
    if (!asked) return reply;
    const { period, filter } = asked;
    const report = await reportCases(ctx, period, filter);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(period, 'json')}"`)
      .send(`${JSON.stringify(report, null, 2)}\n`);
  });

  // The register of the period, one row per case, streamed as it is read (constant memory), within the budgets
  // of a download: a client that stops reading does not keep the register's reads open.
  app.get('/reports/register.csv', { schema: { querystring: periodQuery } }, async (request, reply) => {
    const asked = await exportPeriod(request, ctx, reply);
    if (!asked) return reply;
    const { period, filter } = asked;
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName(period, 'csv', 'register')}"`);
    return streamDownload(
      request,
      reply,
      downloadBudget(ctx.config.http),
      registerCsv(registerEntries(ctx, period, undefined, filter)),
    );
  });

  // The regulator's half-year return as one printable page, and as CSV.
  app.get('/reports/regulator', { schema: { querystring: halfQuery } }, async (request, reply) => {
    const asked = request.query.half;
    const typed = halfOf(asked);
    const notBegun = typed ? halfNotBegun(request, ctx, typed) : null;
    const half = typed && !notBegun ? typed : lastHalf(today(ctx));
    const error =
      notBegun ?? (asked !== undefined && asked !== '' && !typed ? request.t('reports.errors.half') : null);
    const summary = await regulatorSummary(ctx, half);
    return sendPage(request, reply, {
      title: request.t('reports.regulator.title', { half }),
      section: 'reports',
      content: regulatorPage(request, {
        summary,
        asked: asked ?? half,
        error,
        lastHalf: lastHalf(today(ctx)),
      }),
    });
  });

  app.get('/reports/regulator.csv', { schema: { querystring: halfQuery } }, async (request, reply) => {
    const half = halfOf(request.query.half);
    const problem =
      !half || !halfYearPeriod(half) ? request.t('reports.errors.half') : halfNotBegun(request, ctx, half);
    if (!half || problem) return reply.status(400).type('text/plain; charset=utf-8').send(`half: ${problem}`);
    const summary = await regulatorSummary(ctx, half);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="redress-regulator-${half}.csv"`)
      .send(regulatorCsv(summary));
  });
};
