// The reports page (P7): the period with its quick choices, this period against the previous one, the promises
// kept by step, and the complaints by month, category, channel, step, language and outcome; suggestions and other
// messages apart. Every chart is drawn by /assets/reports.js from its figures in a data attribute (no inline
// script under the CSP), in shades and hatchings with the numbers written on the bars, so it reads without
// colour; the table after it holds the same figures and is what a screen reader is given. Every count links to
// the list of the cases behind it: the queue of all cases with the period, the report's filter and the figure
// (src/core/report/report-filter.ts), which the queue reads with the report's own conditions.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import {
  type CaseReport,
  type Compliance,
  emptyCompliance,
  type ReportPeriod,
} from '../../../app/report-cases.ts';
import type { Role } from '../../../core/access/roles.ts';
import { CHANNELS, LANGUAGES, type Language, OUTCOMES } from '../../../core/case/model.ts';
import { isRootCause } from '../../../core/case/root-cause.ts';
import type { PromiseFigures } from '../../../core/report/promise-figures.ts';
import {
  type Figure,
  filterParams,
  NOT_SET,
  NULLABLE_FILTER_KEYS,
  REPORT_FILTER_KEYS,
  rootCauseFigure,
} from '../../../core/report/report-filter.ts';
import { stillRunning } from '../../../core/report/report-period.ts';
import { writtenDate } from '../../../core/text/written-date.ts';
import { may } from '../access.ts';
import { assetUrl } from '../assets.routes.ts';
import { type FormState, type Html, input, number, query, select } from './components.ts';
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
  /** Today's local date and the organisation's time zone: a period not ended yet is said to be counted so far. */
  today: string;
  timeZone: string;
  /** The dates and filters as typed, with a message per field when they could not be used. */
  state: FormState;
  /** What the filters offer besides the fixed lists (steps, channels, languages, outcomes). */
  choices: {
    categories: readonly string[];
    departments: readonly string[];
    owners: ReadonlyArray<{ id: string; name: string }>;
  };
}

// -- drill-down -------------------------------------------------------------------------------------------------

/** Which cases a number counts: their kind, the figure, and any dimension on top of the report's filter. */
export interface Drill {
  kind: 'complaint' | 'suggestion' | 'other';
  figure?: Figure;
  /** Overrides the report's period (a month of the trend, the previous period). */
  period?: ReportPeriod;
  step?: string;
  /** A category, or NOT_SET for the complaints without one (the table's "Not set" row). */
  category?: string;
  channel?: string;
  language?: string;
  outcome?: string;
  /** A department, or NOT_SET for the suggestions not forwarded (the table's "none" row). */
  department?: string;
  /** A suggestion's status, or NOT_SET for none. */
  suggestion?: string;
  /** Why a message is of kind other, or NOT_SET for no reason given. */
  reason?: string;
}

/**
 * The list of the cases behind a number: the queue of all cases, every status, received in the period, with the
 * report's filter and the figure; null for a role that may not open that queue.
 */
export function drillHref(
  role: Role | null,
  report: Pick<CaseReport, 'period' | 'filter'>,
  d: Drill,
): string | null {
  if (!may(role, 'GET /queues/all')) return null;
  const period = d.period ?? report.period;
  const { kind, figure: which, period: _, ...dims } = d;
  return `/queues/all${query({
    status: 'all',
    kind,
    from: period.from,
    to: period.to,
    ...filterParams(report.filter),
    ...dims,
    figure: which && which !== 'received' ? which : null,
  })}`;
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

const NO_COMPLAINTS: Compliance = emptyCompliance();

/** The days of month `m` (YYYY-MM) within a period. */
export function monthWithin(m: string, period: ReportPeriod): ReportPeriod {
  const [year, month] = m.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const from = `${m}-01`;
  const to = `${m}-${String(last).padStart(2, '0')}`;
  return { from: from < period.from ? period.from : from, to: to > period.to ? period.to : to };
}

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
  /** The cases behind it; absent for a time or a count of events (not of cases): no list is behind those. */
  figure?: Figure;
  share?: boolean;
}

const count = (key: keyof PromiseFigures) => (_: Compliance, p: PromiseFigures | undefined) =>
  p ? (p[key] as number) : 0;
const spread =
  (key: 'businessDaysToAcknowledge' | 'businessDaysToAnswer', at: 'median' | 'p90') =>
  (_: Compliance, p: PromiseFigures | undefined) =>
    p ? p[key][at] : null;
const PROMISE_ROWS: readonly PromiseRow[] = [
  { key: 'received', value: (x) => x.received, figure: 'received' },
  { key: 'acknowledged', value: (x) => x.acknowledged, figure: 'acknowledged', share: true },
  {
    key: 'acknowledgedInTime',
    value: (x) => x.acknowledgedInTime,
    figure: 'acknowledged_in_time',
    share: true,
  },
  { key: 'acknowledgeMedian', value: spread('businessDaysToAcknowledge', 'median') },
  { key: 'acknowledgeP90', value: spread('businessDaysToAcknowledge', 'p90') },
  { key: 'answered', value: (x) => x.answered, figure: 'answered', share: true },
  { key: 'answeredInTime', value: (x) => x.answeredInTime, figure: 'answered_in_time', share: true },
  {
    key: 'answeredByOriginalDate',
    value: count('answeredByOriginalDate'),
    figure: 'answered_original',
    share: true,
  },
  {
    key: 'answeredByExtendedDate',
    value: count('answeredByExtendedDate'),
    figure: 'answered_extended',
    share: true,
  },
  { key: 'answeredLate', value: count('answeredLate'), figure: 'answered_late', share: true },
  { key: 'answerMedian', value: spread('businessDaysToAnswer', 'median') },
  { key: 'answerP90', value: spread('businessDaysToAnswer', 'p90') },
  { key: 'meanDaysToAnswer', value: (x) => x.meanDaysToAnswer },
  { key: 'overdueOpen', value: (x) => x.overdueOpen, figure: 'overdue', share: true },
  { key: 'extended', value: (x) => x.extended, figure: 'extended', share: true },
  { key: 'extensionsFirst', value: count('extensionsFirst'), figure: 'extended' },
  // Counts extensions, not cases: no list of cases has this length.
  { key: 'extensionsFurther', value: count('extensionsFurther') },
  { key: 'escalated', value: (x) => x.escalated, figure: 'escalated', share: true },
  { key: 'reopened', value: count('reopened'), figure: 'reopened' },
];

const rowOf = (key: string) => PROMISE_ROWS.find((r) => r.key === key)!;

/** A row's value for both steps together. */
const together = (row: PromiseRow, c: Figures) => row.value(c, c.promises);

/**
 * The options of each filter: the fixed lists in the request's language, the configured ones by name, and last
 * "not set" where a case may have no value (so that the figures of every option add up to all cases).
 */
function filterOptions(
  request: FastifyRequest,
  o: ReportsPageOptions,
  key: (typeof REPORT_FILTER_KEYS)[number],
): Array<{ value: string; label: string }> {
  const values = setValueOptions(request, o, key);
  return (NULLABLE_FILTER_KEYS as readonly string[]).includes(key)
    ? [...values, { value: NOT_SET, label: request.t(`reports.notSetFilter.${key}`) }]
    : values;
}

function setValueOptions(
  request: FastifyRequest,
  o: ReportsPageOptions,
  key: (typeof REPORT_FILTER_KEYS)[number],
): Array<{ value: string; label: string }> {
  const { t } = request;
  switch (key) {
    case 'category':
      return o.choices.categories.map((c) => ({ value: c, label: categoryLabel(t, c) }));
    case 'step':
      return ['1', '2'].map((s) => ({ value: s, label: t('reports.stepName', { step: s }) }));
    case 'channel':
      return CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }));
    case 'language':
      return LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }));
    case 'outcome':
      return OUTCOMES.map((x) => ({ value: x, label: t(`staff.outcomes.${x}`) }));
    case 'owner':
      return o.choices.owners.map((m) => ({ value: m.id, label: m.name }));
    case 'department':
      return o.choices.departments.map((d) => ({ value: d, label: d }));
  }
}

function filterValueLabel(
  request: FastifyRequest,
  o: ReportsPageOptions,
  key: (typeof REPORT_FILTER_KEYS)[number],
  value: string,
): string {
  return filterOptions(request, o, key).find((x) => x.value === value)?.label ?? value;
}

/** The filters, each a list with "all" first; sent with the period by the same form. */
function filterFields(request: FastifyRequest, o: ReportsPageOptions): Html {
  const { t } = request;
  return html`<fieldset class="report-filters">
    <legend>${t('reports.filtersLegend')}</legend>
    <div class="report-period-fields">
      ${REPORT_FILTER_KEYS.map((key) =>
        select({
          form: 'report',
          name: key,
          label: t(`reports.filters.${key}`),
          state: o.state,
          options: [{ value: '', label: t('reports.filters.all') }, ...filterOptions(request, o, key)],
        }),
      )}
    </div>
  </fieldset>`;
}

export function reportsPage(request: FastifyRequest, o: ReportsPageOptions): Html {
  const { t, lang } = request;
  const role = request.principal?.role ?? null;
  const { report, previous, yearBefore } = o;
  const c = report.complaints;
  const p = previous.complaints;
  const y = yearBefore.complaints;
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
  const day = (d: string) => writtenDate(dateFormat, new Date(`${d}T12:00:00Z`));
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
    beforeHref: string | null;
    yearHref: string | null;
  }> = [
    ...compared.map((r) => ({
      key: r.key,
      now: together(r, c),
      before: together(r, p),
      yearAgo: together(r, y),
      href: r.figure ? drillHref(role, report, { kind: 'complaint', figure: r.figure }) : null,
      beforeHref: r.figure
        ? drillHref(role, report, { kind: 'complaint', figure: r.figure, period: previous.period })
        : null,
      yearHref: r.figure
        ? drillHref(role, report, { kind: 'complaint', figure: r.figure, period: yearBefore.period })
        : null,
    })),
    {
      key: 'suggestions',
      now: report.suggestions.received,
      before: previous.suggestions.received,
      yearAgo: yearBefore.suggestions.received,
      href: drillHref(role, report, { kind: 'suggestion' }),
      beforeHref: drillHref(role, report, { kind: 'suggestion', period: previous.period }),
      yearHref: drillHref(role, report, { kind: 'suggestion', period: yearBefore.period }),
    },
    {
      key: 'other',
      now: report.other.received,
      before: previous.other.received,
      yearAgo: yearBefore.other.received,
      href: drillHref(role, report, { kind: 'other' }),
      beforeHref: drillHref(role, report, { kind: 'other', period: previous.period }),
      yearHref: drillHref(role, report, { kind: 'other', period: yearBefore.period }),
    },
  ];
  const charted = compared.filter((r) => r.figure);
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
          <td class="num">${figure(lang, r.before, r.beforeHref)}</td>
          <td class="num">${change(r.now, r.before)}</td>
          <td class="num">${figure(lang, r.yearAgo, r.yearHref)}</td>
          <td class="num">${change(r.now, r.yearAgo)}</td></tr>`;
      })}</tbody>
    </table>`,
    { id: 'report-comparison' },
  );

  // The promises by step, and both steps together.
  // Both steps always, so the columns do not move from one period to the next.
  const steps = ['1', '2'];
  const stepOf = (s: string): Compliance => c.byStep[s] ?? NO_COMPLAINTS;
  // A column of the other step than the filter's holds no case: no list behind it.
  const stepHref = (step: string | null, figure: Figure | undefined) =>
    figure && !(step && report.filter.step && String(report.filter.step) !== step)
      ? drillHref(role, report, { kind: 'complaint', figure, ...(step ? { step } : {}) })
      : null;
  const cell = (
    row: PromiseRow,
    x: Compliance,
    promises: PromiseFigures | undefined,
    step: string | null,
  ) => {
    const value = row.value(x, promises);
    const href = stepHref(step, row.figure);
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
          ${steps.map((s) => cell(r, stepOf(s), c.promises.byStep[s], s))}
          ${cell(r, c, c.promises, null)}</tr>`,
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
        href: drillHref(role, report, { kind: 'complaint', period: monthWithin(m, report.period) }),
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
          const href = drillHref(role, report, {
            kind: 'suggestion',
            department: name === 'none' ? NOT_SET : name,
          });
          return html`<tr><th scope="row">${label(name, name)}</th>
            <td class="num">${figure(lang, d.received, href)}</td>
            <td class="num">${figure(lang, d.done, null)}</td>
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

  const exportQuery = { ...report.period, ...filterParams(report.filter) };
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
        ${filterFields(request, o)}
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
          <li><a href="/reports/export.csv${query(exportQuery)}" download hx-boost="false">${t('reports.csv')}</a></li>
          <li><a href="/reports/export.json${query(exportQuery)}" download hx-boost="false">${t('reports.json')}</a></li>
          <li><a href="/reports/register.csv${query(exportQuery)}" download hx-boost="false">${t('reports.registerCsv')}</a></li>
          <li><a href="/reports/regulator">${t('reports.regulatorLink')}</a></li>
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
    ${
      stillRunning(report.period, o.today)
        ? html`<p class="report-still-running">${t('reports.stillRunning', {
            now: writtenDate(
              new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeStyle: 'short', timeZone: o.timeZone }),
              new Date(report.generatedAt),
            ),
          })}</p>`
        : ''
    }
    ${
      Object.keys(report.filter).length
        ? html`<p class="report-filtered"><strong>${t('reports.filteredBy')}</strong> ${REPORT_FILTER_KEYS.filter(
            (k) => report.filter[k] !== undefined,
          )
            .map(
              (k) =>
                `${t(`reports.filters.${k}`)}: ${filterValueLabel(request, o, k, filterParams(report.filter)[k]!)}`,
            )
            .join(
              ' · ',
            )} <a href="/reports${query({ ...report.period })}">${t('reports.clearFilters')}</a></p>`
        : ''
    }
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
      (k) => drillHref(role, report, { kind: 'complaint', category: k === 'none' ? NOT_SET : k }),
      c.received,
    )}
    ${breakdown(
      'report-channel',
      'channel',
      'channel',
      c.byChannel,
      (k) => label(t(`channels.${k}`), k),
      (k) => (k === 'none' ? null : drillHref(role, report, { kind: 'complaint', channel: k })),
      c.received,
    )}
    ${breakdown('report-step', 'step', 'step', byStepCounts, stepName, (k) => stepHref(k, 'received'), c.received, true, true)}
    ${breakdown(
      'report-language',
      'language',
      'language',
      c.byLanguage,
      (k) => label(t(`languages.${k}`), k),
      (k) => (k === 'none' ? null : drillHref(role, report, { kind: 'complaint', language: k })),
      c.received,
      false,
    )}
    ${breakdown(
      'report-outcome',
      'outcome',
      'outcome',
      c.byOutcome,
      (k) => label(t(`staff.outcomes.${k}`), k),
      (k) => drillHref(role, report, { kind: 'complaint', outcome: k }),
      answeredTotal,
      false,
    )}
    ${breakdown(
      'report-root-cause',
      'rootCause',
      'rootCause',
      c.promises.byRootCause ?? {},
      (k) => label(t(`rootCause.causes.${k}`), k),
      (k) =>
        isRootCause(k) ? drillHref(role, report, { kind: 'complaint', figure: rootCauseFigure(k) }) : null,
      answeredTotal,
      false,
    )}
    ${breakdown(
      'report-suggestions',
      'suggestions',
      'status',
      report.suggestions.byStatus,
      (k) => label(t(`staff.suggestionStatuses.${k}`), k),
      (k) => drillHref(role, report, { kind: 'suggestion', suggestion: k === 'none' ? NOT_SET : k }),
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
      (k) => drillHref(role, report, { kind: 'other', reason: k === 'none' ? NOT_SET : k }),
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
