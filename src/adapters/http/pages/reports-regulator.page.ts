// The regulator's half-year return (src/core/report/regulator.ts) as one printable page: the buckets complaint
// regulators ask for, for all complaints and by category, with the dates it covers and how it was counted, so that
// an organisation can hand the printout (or its CSV) to an auditor as it is.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { RegulatorBucket, RegulatorReturn } from '../../../core/report/regulator.ts';
import { QUICK_ANSWER_BUSINESS_DAYS } from '../../../core/report/regulator.ts';
import { writtenDate } from '../../../core/text/written-date.ts';
import { assetUrl } from '../assets.routes.ts';
import { type Html, number, query } from './components.ts';
import { categoryLabel } from './queues.page.ts';

export interface RegulatorPageOptions {
  summary: RegulatorReturn;
  /** The half year as typed (shown back in the field). */
  asked: string;
  /** Why the typed half year was not used, or null. */
  error: string | null;
  /** The last half year that has ended, offered as the default. */
  lastHalf: string;
}

const BUCKETS = [
  'received',
  'answeredWithin3BusinessDays',
  'answeredWithinPromisedDate',
  'answeredAfterPromisedDate',
  'open',
  'upheld',
  'upheldShare',
] as const satisfies ReadonlyArray<keyof RegulatorBucket>;

export function regulatorPage(request: FastifyRequest, o: RegulatorPageOptions): Html {
  const { t, lang } = request;
  const r = o.summary;
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const dateFormat = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
  const day = (d: string) => writtenDate(dateFormat, new Date(`${d}T12:00:00Z`));
  const cell = (b: RegulatorBucket, key: (typeof BUCKETS)[number]) => {
    const v = b[key];
    if (v === null) return html`<td class="num"><span class="muted">—</span></td>`;
    return html`<td class="num">${key === 'upheldShare' ? percent.format(v) : number(lang, v)}</td>`;
  };
  const categories = Object.entries(r.byCategory);
  return html`<div class="reports report-regulator">
    <link rel="stylesheet" href="${assetUrl('reports.css')}">
    <p>${t('reports.regulator.intro', { days: QUICK_ANSWER_BUSINESS_DAYS })}</p>
    <div class="report-controls">
      <form method="get" action="/reports/regulator" class="report-period" novalidate>
        <div class="field${o.error ? ' has-error' : ''}">
          <label for="regulator-half">${t('reports.regulator.half')}</label>
          <p class="hint" id="regulator-half-hint">${t('reports.regulator.halfHint', { example: o.lastHalf })}</p>
          ${o.error ? html`<p class="error-text" id="regulator-half-error">${o.error}</p>` : ''}
          <input id="regulator-half" name="half" value="${o.asked}" maxlength="8"
            aria-describedby="regulator-half-hint${o.error ? ' regulator-half-error' : ''}"${o.error ? html` aria-invalid="true"` : ''}>
        </div>
        <button type="submit">${t('reports.show')}</button>
      </form>
      <nav aria-label="${t('reports.downloadsLabel')}" class="report-downloads">
        <ul>
          <li><a href="/reports/regulator.csv${query({ half: r.half })}" download hx-boost="false">${t('reports.regulator.csv')}</a></li>
          <li><button type="button" class="link-button" data-print hidden>${t('reports.print')}</button></li>
          <li><a href="/reports">${t('reports.regulator.back')}</a></li>
        </ul>
      </nav>
    </div>
    <p class="report-showing">${t('reports.regulator.covers', { half: r.half, from: day(r.from), to: day(r.to) })}</p>
    <table class="list report-table">
      <caption>${t('reports.regulator.title', { half: r.half })}</caption>
      <thead><tr><th scope="col">${t('reports.columns.category')}</th>
        ${BUCKETS.map((b) => html`<th scope="col" class="num">${t(`reports.regulator.buckets.${b}`, { days: QUICK_ANSWER_BUSINESS_DAYS })}</th>`)}</tr></thead>
      <tbody>
        <tr class="report-total"><th scope="row">${t('reports.regulator.all')}</th>${BUCKETS.map((b) => cell(r, b))}</tr>
        ${categories.map(
          ([
            k,
            b,
          ]) => html`<tr><th scope="row">${k === 'none' ? t('reports.notSet') : categoryLabel(t, k)}</th>
            ${BUCKETS.map((key) => cell(b, key))}</tr>`,
        )}
      </tbody>
    </table>
    <p class="hint">${t('reports.regulator.method', { days: QUICK_ANSWER_BUSINESS_DAYS })}</p>
  </div>`;
}
