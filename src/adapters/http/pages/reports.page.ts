// The reports page (P7): the period with its quick choices, this period against the previous one, the promises
// kept by step, and the complaints by month, category, channel, step, language and outcome; suggestions and other
// messages apart. Every chart is drawn by /assets/reports.js from its figures in a data attribute (no inline
// script under the CSP), in shades and hatchings with the numbers written on the bars, so it reads without
// colour; the table after it holds the same figures and is what a screen reader is given. Every number links to
// the queue with the closest filter the queues have, where this person may open that queue.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { CaseReport, Compliance, ReportPeriod } from '../../../app/report-cases.ts';
import type { Role } from '../../../core/access/roles.ts';
import type { Language } from '../../../core/case/model.ts';
import type { PromiseFigures } from '../../../core/report/promise-figures.ts';
import { may, type RouteKey } from '../access.ts';
import { assetUrl } from '../assets.routes.ts';
import { type FormState, type Html, input, number, query } from './components.ts';
import { categoryLabel } from './queues.page.ts';

export interface Preset {
  key: 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'lastHalfYear' | 'thisYear';
  period: ReportPeriod;
}

export interface ReportsPageOptions {
  report: CaseReport;
  previous: CaseReport;
  /** The same dates a year before. */
  yearBefore: CaseReport;
  presets: readonly Preset[];
  /** The dates as typed, with a message per field when they could not be used. */
  state: FormState;
}

// -- drill-down -------------------------------------------------------------------------------------------------

type Scope = 'step1' | 'step2' | 'complaints' | 'suggestions';

const QUEUE_ROUTE = {
  step1: 'GET /queues/step1',
  step2: 'GET /queues/step2',
  suggestions: 'GET /queues/suggestions',
  all: 'GET /queues/all',
} as const satisfies Record<string, RouteKey>;

/**
 * The queue behind a number: the step's own queue, else the queue of all cases, for a role that may open it; null
 * when this role may open neither (management reads step 2 only, so a step-1 figure has no list for it).
 */
function queueOf(role: Role | null, scope: Scope): keyof typeof QUEUE_ROUTE | null {
  const own = scope === 'complaints' ? null : scope;
  if (own && may(role, QUEUE_ROUTE[own])) return own;
  if (scope !== 'suggestions' && may(role, QUEUE_ROUTE.all)) return 'all';
  return null;
}

/** The queue address with the filters the queues have (status, due, category, channel, language). */
export function drillHref(
  role: Role | null,
  scope: Scope,
  filter: Record<string, string> = {},
): string | null {
  const queue = queueOf(role, scope);
  if (!queue) return null;
  return `/queues/${queue}${query({ status: 'all', ...filter })}`;
}

function figure(lang: Language, value: number | null, href: string | null): Html {
  if (value === null) return html`<span class="muted">—</span>`;
  const text = number(lang, value);
  return href ? html`<a href="${href}">${text}</a>` : html`${text}`;
}

// -- charts ---------------------------------------------------------------------------------------------------

interface ChartSpec {
  /** Bars along the x axis (`column`) or the y axis (`bar`, for long labels). */
  orientation: 'column' | 'bar';
  labels: string[];
  series: Array<{ label: string; data: number[] }>;
}

/** A chart (canvas drawn by reports.js) captioned by its title, followed by the table of its figures. */
function chartFigure(
  t: FastifyRequest['t'],
  title: string,
  spec: ChartSpec | null,
  table: Html,
  options: { id: string },
): Html {
  const height = spec ? Math.max(160, spec.orientation === 'bar' ? spec.labels.length * 34 + 60 : 260) : 0;
  return html`<section class="report-section" aria-labelledby="${options.id}">
    <h2 id="${options.id}">${title}</h2>
    ${
      spec?.labels.length
        ? html`<div class="report-chart" data-height="${height}">
        <canvas role="img" aria-label="${t('reports.chartAlt', { title })}" data-chart="${JSON.stringify(spec)}"
          data-chart-src="${assetUrl('chart.umd.min.js')}" height="${height}"></canvas>
      </div>`
        : ''
    }
    ${table}
  </section>`;
}

function breakdownTable(
  request: FastifyRequest,
  caption: string,
  heading: string,
  rows: Array<{ label: string; value: number; href: string | null }>,
  total: number,
): Html {
  const { t, lang } = request;
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  return html`<table class="list report-table">
    <caption class="visually-hidden">${caption}</caption>
    <thead><tr><th scope="col">${heading}</th><th scope="col" class="num">${t('reports.columns.count')}</th>
      <th scope="col" class="num">${t('reports.columns.share')}</th></tr></thead>
    <tbody>${rows.map(
      (r) => html`<tr><th scope="row">${r.label}</th><td class="num">${figure(lang, r.value, r.href)}</td>
        <td class="num">${total ? percent.format(r.value / total) : '—'}</td></tr>`,
    )}</tbody>
  </table>`;
}

// -- the page -------------------------------------------------------------------------------------------------

const NO_COMPLAINTS: Compliance = {
  received: 0,
  acknowledged: 0,
  acknowledgedInTime: 0,
  answered: 0,
  answeredInTime: 0,
  overdueOpen: 0,
  extended: 0,
  escalated: 0,
  meanDaysToAnswer: null,
};

/** The months a period touches, as YYYY-MM. */
export function monthsOf(period: ReportPeriod): string[] {
  const months: string[] = [];
  const last = period.to.slice(0, 7);
  let [year, month] = period.from.slice(0, 7).split('-').map(Number) as [number, number];
  for (;;) {
    const label = `${year}-${String(month).padStart(2, '0')}`;
    if (label > last) break;
    months.push(label);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
  }
  return months;
}

type Figures = CaseReport['complaints'];

/** A row of the promise table: its value for one step (or both), the queue filter closest to it, and whether
 * its share of the complaints received is worth showing. */
interface PromiseRow {
  key: string;
  value: (x: Compliance, p: PromiseFigures | undefined) => number | null;
  /** Absent: a time, not a count of cases, so no list is behind it. */
  filter?: Record<string, string>;
  share?: boolean;
}

const count = (key: keyof PromiseFigures) => (_: Compliance, p: PromiseFigures | undefined) =>
  p ? (p[key] as number) : 0;
const spread =
  (key: 'businessDaysToAcknowledge' | 'businessDaysToAnswer', at: 'median' | 'p90') =>
  (_: Compliance, p: PromiseFigures | undefined) =>
    p ? p[key][at] : null;
const ANSWERED = { status: 'answered' };

const PROMISE_ROWS: readonly PromiseRow[] = [
  { key: 'received', value: (x) => x.received, filter: {} },
  { key: 'acknowledged', value: (x) => x.acknowledged, filter: {}, share: true },
  { key: 'acknowledgedInTime', value: (x) => x.acknowledgedInTime, filter: {}, share: true },
  { key: 'acknowledgeMedian', value: spread('businessDaysToAcknowledge', 'median') },
  { key: 'acknowledgeP90', value: spread('businessDaysToAcknowledge', 'p90') },
  { key: 'answered', value: (x) => x.answered, filter: ANSWERED, share: true },
  { key: 'answeredInTime', value: (x) => x.answeredInTime, filter: ANSWERED, share: true },
  { key: 'answeredByOriginalDate', value: count('answeredByOriginalDate'), filter: ANSWERED, share: true },
  { key: 'answeredByExtendedDate', value: count('answeredByExtendedDate'), filter: ANSWERED, share: true },
  { key: 'answeredLate', value: count('answeredLate'), filter: ANSWERED, share: true },
  { key: 'answerMedian', value: spread('businessDaysToAnswer', 'median') },
  { key: 'answerP90', value: spread('businessDaysToAnswer', 'p90') },
  { key: 'meanDaysToAnswer', value: (x) => x.meanDaysToAnswer },
  {
    key: 'overdueOpen',
    value: (x) => x.overdueOpen,
    filter: { status: 'open', due: 'overdue' },
    share: true,
  },
  { key: 'extended', value: (x) => x.extended, filter: {}, share: true },
  { key: 'extensionsFirst', value: count('extensionsFirst'), filter: {} },
  { key: 'extensionsFurther', value: count('extensionsFurther'), filter: {} },
  { key: 'escalated', value: (x) => x.escalated, filter: {}, share: true },
  { key: 'reopened', value: count('reopened'), filter: {} },
];

const rowOf = (key: string) => PROMISE_ROWS.find((r) => r.key === key)!;

/** A row's value for both steps together. */
const together = (row: PromiseRow, c: Figures) => row.value(c, c.promises);

export function reportsPage(request: FastifyRequest, o: ReportsPageOptions): Html {
  const { t, lang } = request;
  const role = request.principal?.role ?? null;
  const { report, previous, yearBefore } = o;
  const c = report.complaints;
  const p = previous.complaints;
  const y = yearBefore.complaints;
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
  const day = (d: string) => dateFormat.format(new Date(`${d}T12:00:00Z`));
  const monthFormat = new Intl.DateTimeFormat(lang, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const monthName = (m: string) => monthFormat.format(new Date(`${m}-15T12:00:00Z`));
  const stepName = (s: string) => t('reports.stepName', { step: s });
  const label = (text: string | null, key: string) => (key === 'none' ? t('reports.notSet') : (text ?? key));
  const fig = (key: string) => t(`reports.figures.${key}`);

  // This period against the previous one.
  const signed = new Intl.NumberFormat(lang, { signDisplay: 'exceptZero', maximumFractionDigits: 1 });
  const signedPercent = new Intl.NumberFormat(lang, {
    style: 'percent',
    signDisplay: 'exceptZero',
    maximumFractionDigits: 0,
  });
  const compared = [
    'received',
    'acknowledgedInTime',
    'answeredInTime',
    'answeredLate',
    'overdueOpen',
    'extended',
    'escalated',
    'reopened',
    'answerMedian',
  ].map(rowOf);
  const comparisonRows: Array<{
    key: string;
    now: number | null;
    before: number | null;
    yearAgo: number | null;
    href: string | null;
  }> = [
    ...compared.map((r) => ({
      key: r.key,
      now: together(r, c),
      before: together(r, p),
      yearAgo: together(r, y),
      href: r.filter ? drillHref(role, 'complaints', r.filter) : null,
    })),
    {
      key: 'suggestions',
      now: report.suggestions.received,
      before: previous.suggestions.received,
      yearAgo: yearBefore.suggestions.received,
      href: drillHref(role, 'suggestions'),
    },
    {
      key: 'other',
      now: report.other.received,
      before: previous.other.received,
      yearAgo: yearBefore.other.received,
      href: null,
    },
  ];
  const charted = compared.filter((r) => r.filter);
  const comparison = chartFigure(
    t,
    t('reports.sections.comparison'),
    {
      orientation: 'bar',
      labels: charted.map((r) => fig(r.key)),
      series: [
        { label: t('reports.series.thisPeriod'), data: charted.map((r) => together(r, c) ?? 0) },
        { label: t('reports.series.previousPeriod'), data: charted.map((r) => together(r, p) ?? 0) },
        { label: t('reports.series.yearBefore'), data: charted.map((r) => together(r, y) ?? 0) },
      ],
    },
    html`<table class="list report-table">
      <caption class="visually-hidden">${t('reports.sections.comparison')}</caption>
      <thead><tr><th scope="col">${t('reports.columns.figure')}</th>
        <th scope="col" class="num">${t('reports.columns.thisPeriod')}</th>
        <th scope="col" class="num">${t('reports.columns.previousPeriod')}</th>
        <th scope="col" class="num">${t('reports.columns.change')}</th>
        <th scope="col" class="num">${t('reports.columns.yearBefore')}</th>
        <th scope="col" class="num">${t('reports.columns.changeYear')}</th></tr></thead>
      <tbody>${comparisonRows.map((r) => {
        const change = (now: number | null, before: number | null) =>
          now === null || before === null
            ? html`<span class="muted">—</span>`
            : html`${signed.format(Math.round((now - before) * 10) / 10)}${
                before
                  ? html` <span class="muted">(${signedPercent.format((now - before) / before)})</span>`
                  : ''
              }`;
        return html`<tr><th scope="row">${fig(r.key)}</th>
          <td class="num">${figure(lang, r.now, r.href)}</td>
          <td class="num">${figure(lang, r.before, r.href)}</td>
          <td class="num">${change(r.now, r.before)}</td>
          <td class="num">${figure(lang, r.yearAgo, r.href)}</td>
          <td class="num">${change(r.now, r.yearAgo)}</td></tr>`;
      })}</tbody>
    </table>`,
    { id: 'report-comparison' },
  );

  // The promises by step, and both steps together.
  // Both steps always, so the columns do not move from one period to the next.
  const steps = ['1', '2'];
  const stepOf = (s: string): Compliance => c.byStep[s] ?? NO_COMPLAINTS;
  const scopeOf = (s: string): Scope => (s === '2' ? 'step2' : 'step1');
  const cell = (row: PromiseRow, x: Compliance, promises: PromiseFigures | undefined, scope: Scope) => {
    const value = row.value(x, promises);
    const href = row.filter ? drillHref(role, scope, row.filter) : null;
    const share =
      row.share && x.received && value !== null
        ? html` <span class="muted" title="${t('reports.ofReceived', { percent: percent.format(value / x.received) })}">(${percent.format(value / x.received)})</span>`
        : '';
    return html`<td class="num">${figure(lang, value, href)}${share}</td>`;
  };
  const chartRows = [
    'acknowledgedInTime',
    'answeredByOriginalDate',
    'answeredByExtendedDate',
    'answeredLate',
    'overdueOpen',
    'extended',
    'escalated',
  ].map(rowOf);
  const compliance = chartFigure(
    t,
    t('reports.sections.compliance'),
    {
      orientation: 'bar',
      labels: chartRows.map((r) => fig(r.key)),
      series: steps.map((s) => ({
        label: stepName(s),
        data: chartRows.map((r) => r.value(stepOf(s), c.promises.byStep[s]) ?? 0),
      })),
    },
    html`<table class="list report-table">
      <caption class="visually-hidden">${t('reports.sections.compliance')}</caption>
      <thead><tr><th scope="col">${t('reports.columns.figure')}</th>
        ${steps.map((s) => html`<th scope="col" class="num">${stepName(s)}</th>`)}
        <th scope="col" class="num">${t('reports.columns.together')}</th></tr></thead>
      <tbody>${PROMISE_ROWS.map(
        (r) => html`<tr><th scope="row">${fig(r.key)}</th>
          ${steps.map((s) => cell(r, stepOf(s), c.promises.byStep[s], scopeOf(s)))}
          ${cell(r, c, c.promises, 'complaints')}</tr>`,
      )}</tbody>
    </table>`,
    { id: 'report-compliance' },
  );

  // Breakdowns: months in order, the rest by size.
  // Every month of the period, those without a complaint too (the report lists only months with some).
  const months = monthsOf(report.period);
  const trend = chartFigure(
    t,
    t('reports.sections.trend'),
    months.length > 0
      ? {
          orientation: 'column',
          labels: months.map(monthName),
          series: [{ label: fig('received'), data: months.map((m) => c.byMonth[m] ?? 0) }],
        }
      : null,
    breakdownTable(
      request,
      t('reports.sections.trend'),
      t('reports.columns.month'),
      months.map((m) => ({
        label: monthName(m),
        value: c.byMonth[m] ?? 0,
        href: drillHref(role, 'complaints'),
      })),
      c.received,
    ),
    { id: 'report-trend' },
  );
  const bySize = (counts: Record<string, number>) =>
    Object.entries(counts).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const breakdown = (
    id: string,
    section: string,
    heading: string,
    counts: Record<string, number>,
    labelOf: (key: string) => string,
    hrefOf: (key: string) => string | null,
    total: number,
    chart = true,
    inOrder = false,
  ) => {
    const entries = inOrder ? Object.entries(counts) : bySize(counts);
    return chartFigure(
      t,
      t(`reports.sections.${section}`),
      chart && entries.length
        ? {
            orientation: 'bar',
            labels: entries.map(([k]) => labelOf(k)),
            series: [{ label: fig('received'), data: entries.map(([, n]) => n) }],
          }
        : null,
      entries.length
        ? breakdownTable(
            request,
            t(`reports.sections.${section}`),
            t(`reports.columns.${heading}`),
            entries.map(([k, n]) => ({ label: labelOf(k), value: n, href: hrefOf(k) })),
            total,
          )
        : html`<p class="muted">${t('reports.empty')}</p>`,
      { id },
    );
  };
  // Suggestions by the department they went to, with how long the department took.
  const departmentsSection = () => {
    const entries = Object.entries(report.suggestions.byDepartment).sort(
      (a, b) => b[1].received - a[1].received || a[0].localeCompare(b[0]),
    );
    return html`<section class="report-section" aria-labelledby="report-departments">
      <h2 id="report-departments">${t('reports.sections.departments')}</h2>
      ${
        entries.length
          ? html`<table class="list report-table">
        <caption class="visually-hidden">${t('reports.sections.departments')}</caption>
        <thead><tr><th scope="col">${t('reports.columns.department')}</th>
          <th scope="col" class="num">${t('reports.columns.count')}</th>
          <th scope="col" class="num">${t('reports.columns.done')}</th>
          <th scope="col" class="num">${t('reports.columns.daysToDone')}</th></tr></thead>
        <tbody>${entries.map(([name, d]) => {
          const href = name === 'none' ? null : drillHref(role, 'suggestions', { department: name });
          return html`<tr><th scope="row">${label(name, name)}</th>
            <td class="num">${figure(lang, d.received, href)}</td>
            <td class="num">${figure(lang, d.done, href)}</td>
            <td class="num">${figure(lang, d.businessDaysToDone.median, null)}</td></tr>`;
        })}</tbody>
      </table>`
          : html`<p class="muted">${t('reports.empty')}</p>`
      }
    </section>`;
  };
  const byStepCounts = Object.fromEntries(
    steps.filter((s) => c.byStep[s]).map((s) => [s, stepOf(s).received]),
  );
  const answeredTotal = Object.values(c.byOutcome).reduce((a, b) => a + b, 0);

  return html`<div class="reports">
    <link rel="stylesheet" href="${assetUrl('reports.css')}">
    <p>${t('reports.intro')}</p>
    <div class="report-controls">
      <form method="get" action="/reports" class="report-period" novalidate>
        <fieldset>
          <legend>${t('reports.periodLegend')}</legend>
          <div class="report-period-fields">
            ${input({ form: 'report', name: 'from', label: t('reports.from'), state: o.state, type: 'date', required: true })}
            ${input({ form: 'report', name: 'to', label: t('reports.to'), state: o.state, type: 'date', required: true })}
            <button type="submit">${t('reports.show')}</button>
          </div>
        </fieldset>
      </form>
      <nav aria-label="${t('reports.presetsLabel')}" class="report-presets">
        <p>${t('reports.presetsLabel')}</p>
        <ul>${o.presets.map((preset) => {
          const active = preset.period.from === report.period.from && preset.period.to === report.period.to;
          return html`<li><a href="/reports${query({ from: preset.period.from, to: preset.period.to })}"${
            active ? html` aria-current="page"` : ''
          }>${t(`reports.presets.${preset.key}`)}</a></li>`;
        })}</ul>
      </nav>
      <nav aria-label="${t('reports.downloadsLabel')}" class="report-downloads">
        <ul>
          <li><a href="/reports/export.csv${query({ ...report.period })}" download hx-boost="false">${t('reports.csv')}</a></li>
          <li><a href="/reports/export.json${query({ ...report.period })}" download hx-boost="false">${t('reports.json')}</a></li>
          <li><button type="button" class="link-button" data-print hidden>${t('reports.print')}</button></li>
        </ul>
      </nav>
    </div>
    ${o.state.message ? html`<div class="error-summary" role="alert"><p>${o.state.message}</p></div>` : ''}
    <p class="report-showing">${t('reports.showing', {
      from: day(report.period.from),
      to: day(report.period.to),
      previousFrom: day(previous.period.from),
      previousTo: day(previous.period.to),
      yearFrom: day(yearBefore.period.from),
      yearTo: day(yearBefore.period.to),
    })}</p>
    <p class="hint">${t('reports.drillHint')}</p>
    ${comparison}
    ${compliance}
    ${trend}
    ${breakdown(
      'report-category',
      'category',
      'category',
      c.byCategory,
      (k) => label(categoryLabel(t, k), k),
      (k) => (k === 'none' ? null : drillHref(role, 'complaints', { category: k })),
      c.received,
    )}
    ${breakdown(
      'report-channel',
      'channel',
      'channel',
      c.byChannel,
      (k) => label(t(`channels.${k}`), k),
      (k) => (k === 'none' ? null : drillHref(role, 'complaints', { channel: k })),
      c.received,
    )}
    ${breakdown('report-step', 'step', 'step', byStepCounts, stepName, (k) => drillHref(role, scopeOf(k)), c.received, true, true)}
    ${breakdown(
      'report-language',
      'language',
      'language',
      c.byLanguage,
      (k) => label(t(`languages.${k}`), k),
      (k) => (k === 'none' ? null : drillHref(role, 'complaints', { language: k })),
      c.received,
      false,
    )}
    ${breakdown(
      'report-outcome',
      'outcome',
      'outcome',
      c.byOutcome,
      (k) => label(t(`staff.outcomes.${k}`), k),
      () => drillHref(role, 'complaints', { status: 'answered' }),
      answeredTotal,
      false,
    )}
    ${breakdown(
      'report-suggestions',
      'suggestions',
      'status',
      report.suggestions.byStatus,
      (k) => label(t(`staff.suggestionStatuses.${k}`), k),
      () => drillHref(role, 'suggestions'),
      report.suggestions.received,
      false,
    )}
    ${departmentsSection()}
    ${breakdown(
      'report-other',
      'other',
      'reason',
      report.other.byReason,
      (k) => label(t(`otherReasons.${k}`), k),
      () => null,
      report.other.received,
      false,
    )}
    ${breakdown(
      'report-restrictions',
      'restrictions',
      'kind',
      report.restrictions.byKind,
      (k) => label(t(`staff.restrictionKinds.${k}`), k),
      () => null,
      report.restrictions.issued,
      false,
    )}
  </div>`;
}
