// The search page: one box; words match case text and correspondence (accent- and case-
// insensitive, each word a prefix), and a reference, an e-mail address, a ticket number or a domain is looked up
// exactly. Results link to their cases.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { CaseSummary } from '../../../app/search-cases.ts';
import { emptyState, type Html, number, query, when } from './components.ts';
import { localDay } from './staff-components.ts';

export const SEARCH_RESULTS_ID = 'search-results';

export interface SearchOptions {
  q: string;
  page: number;
  pageSize: number;
  rows: CaseSummary[];
  hasMore: boolean;
  timezone: string;
}

export function searchPage(request: FastifyRequest, o: SearchOptions): Html {
  const { t } = request;
  return html`<form class="search-box" method="get" action="/search" role="search" hx-get="/search" hx-target="#${SEARCH_RESULTS_ID}" hx-push-url="true">
      <div class="field">
        <label for="search-q">${t('staff.search.label')}</label>
        <p class="hint" id="search-q-hint">${t('staff.search.hint')}</p>
        <input id="search-q" name="q" type="search" value="${o.q}" maxlength="300" aria-describedby="search-q-hint" autofocus>
      </div>
      <button type="submit" class="primary">${t('staff.search.submit')}</button>
    </form>
    <div id="${SEARCH_RESULTS_ID}" aria-live="polite">${searchResults(request, o)}</div>`;
}

export function searchResults(request: FastifyRequest, o: SearchOptions): Html {
  const { t, lang } = request;
  if (!o.q.trim()) return html`<p class="muted">${t('staff.search.start')}</p>`;
  if (!o.rows.length)
    return emptyState(o.page > 1 ? t('staff.search.noMore') : t('staff.search.none', { q: o.q }));
  const href = (page: number) => `/search${query({ q: o.q, page: page > 1 ? page : null })}`;
  const link = (page: number, label: string, rel: string) =>
    html`<a href="${href(page)}" rel="${rel}" hx-get="${href(page)}" hx-target="#${SEARCH_RESULTS_ID}" hx-push-url="true">${label}</a>`;
  const from = (o.page - 1) * o.pageSize + 1;
  return html`<table class="list">
      <caption class="visually-hidden">${t('staff.search.results')}</caption>
      <thead><tr>
        <th scope="col">${t('staff.queues.reference')}</th>
        <th scope="col">${t('staff.queues.complainant')}</th>
        <th scope="col">${t('staff.queues.subject')}</th>
        <th scope="col">${t('staff.case.status')}</th>
        <th scope="col">${t('staff.queues.received')}</th>
        <th scope="col">${t('staff.case.answerBy')}</th>
      </tr></thead>
      <tbody>${o.rows.map(
        (r) => html`<tr>
          <td class="nowrap"><a href="/cases/${r.id}">${r.reference}</a></td>
          <td>${r.complainantName ?? r.complainantEmail ?? '—'}${r.complainantName && r.complainantEmail ? html` <span class="muted">&lt;${r.complainantEmail}&gt;</span>` : ''}</td>
          <td>${r.subject.trim() || t('inbox.noSubject')}</td>
          <td>${t(`kinds.${r.kind}`)}${r.step ? html` ${t('staff.case.stepN', { step: number(lang, r.step) })}` : ''} · ${t(`staff.statuses.${r.status}`)}</td>
          <td>${when(lang, o.timezone, r.receivedAt, false)}</td>
          <td>${localDay(lang, r.answerByDate)}</td>
        </tr>`,
      )}</tbody>
    </table>
    <nav class="pagination" aria-label="${t('pagination.label')}">
      <p>${t('staff.queues.showing', { from: number(lang, from), to: number(lang, from + o.rows.length - 1) })}</p>
      <ul>
        <li>${o.page > 1 ? link(o.page - 1, t('pagination.previous'), 'prev') : ''}</li>
        <li>${o.hasMore ? link(o.page + 1, t('pagination.next'), 'next') : ''}</li>
      </ul>
    </nav>`;
}
