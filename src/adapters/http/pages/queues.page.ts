// The queues (P7.3): step 1, step 2, suggestions per department, "mine" and all, each tab with its number of open
// cases, with filters as a GET form (htmx swaps the list only), one line per case sorted by what is due first (or
// by a column the reader picks) with the clock in working days and its urgency in words, and for leads: check
// boxes, bulk assign or categorise, and handing over someone's cases. Under a phone's width each row becomes a
// small card of labelled lines (app.css), so that nothing scrolls sideways.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { StaffMemberRow } from '../../../app/case-page.ts';
import type { QueueCounts } from '../../../app/count-queues.ts';
import type { Queue, QueueRow, QueueSortKey } from '../../../app/list-queue.ts';
import { CHANNELS, LANGUAGES } from '../../../core/case/model.ts';
import { NOT_SET } from '../../../core/report/report-filter.ts';
import { may, type RouteKey } from '../access.ts';
import {
  csrfField,
  emptyState,
  type FormState,
  type Html,
  number,
  query,
  select,
  when,
} from './components.ts';
import { checkbox, clockBadge, staffMemberLabel } from './staff-components.ts';

export const QUEUE_LIST_ID = 'queue-list';
export const PAGE_SIZE = 50;

export const QUEUE_ROUTES: Record<Queue, RouteKey> = {
  step1: 'GET /queues/step1',
  step2: 'GET /queues/step2',
  suggestions: 'GET /queues/suggestions',
  mine: 'GET /queues/mine',
  all: 'GET /queues/all',
};

export interface QueueFilters {
  status: 'open' | 'attention' | 'answered' | 'closed' | 'all';
  due: 'overdue' | 'today' | 'soon' | null;
  category: string | null;
  channel: string | null;
  language: string | null;
  department: string | null;
  restricted: 'yes' | 'no' | null;
  waiting: 'yes' | 'no' | null;
  /** The drill-down from the reports page (period, kind, step, outcome, owner, figure), kept from page to page. */
  drill?: Readonly<Record<string, string>>;
  /** A column picked by the reader; null: what is due first. */
  sort: QueueSortKey | null;
  dir: 'asc' | 'desc';
  page: number;
}

/** What a bulk action or a hand-over just did, when it left cases as they were: each with the reason, said. */
export interface QueueOutcome {
  summary: string;
  skipped: ReadonlyArray<{ caseId: string; reference: string | null; reason: string }>;
}

export interface QueueOptions {
  queue: Queue;
  filters: QueueFilters;
  rows: QueueRow[];
  hasMore: boolean;
  names: ReadonlyMap<string, string>;
  /** Owners whose account is disabled: their rows say so, since nobody works those cases until handed over. */
  disabledOwners?: ReadonlySet<string>;
  categories: readonly string[];
  /** The departments offered in the department filter (a department member: their own). */
  departments: readonly string[];
  /** Leads: the people cases can be assigned to. */
  staff: readonly StaffMemberRow[];
  /** Leads: the people whose open cases can be handed over ("Someone is away"), disabled accounts included. */
  owners: readonly StaffMemberRow[];
  /** The open cases behind each tab; null in the list alone (htmx keeps the tabs). */
  counts: QueueCounts | null;
  timezone: string;
  /** The working days the "due within" filter counts from today (the alerts' due-soon setting). */
  dueSoonDays: number;
  /** After a bulk action that skipped cases: which, and why. */
  outcome?: QueueOutcome | null;
}

export function queueHref(queue: Queue, f: QueueFilters, page = f.page): string {
  return `/queues/${queue}${query({
    status: f.status === 'open' ? null : f.status,
    due: f.due,
    category: f.category,
    channel: f.channel,
    language: f.language,
    department: f.department,
    restricted: f.restricted,
    waiting: f.waiting,
    ...f.drill,
    sort: f.sort,
    dir: f.sort && f.dir === 'desc' ? 'desc' : null,
    page: page > 1 ? page : null,
  })}`;
}

function queueTabs(request: FastifyRequest, current: Queue, counts: QueueCounts | null): Html {
  const { t, lang } = request;
  const role = request.principal?.role ?? null;
  const tabs = (Object.keys(QUEUE_ROUTES) as Queue[]).filter((q) => may(role, QUEUE_ROUTES[q]));
  return html`<nav class="tabs" aria-label="${t('staff.queues.tabs')}"><ul>
    ${tabs.map(
      (q) =>
        html`<li><a href="/queues/${q}"${q === current ? html` aria-current="page"` : ''}>${t(`staff.queues.names.${q}`)}${
          counts
            ? html` <span class="tab-count" data-count="${counts[q]}">${number(lang, counts[q])}<span class="visually-hidden"> ${t('work.queue.openCases', { count: counts[q] })}</span></span>${
                // Beside the open cases, those answered and flagged for a person, which the open count leaves out.
                counts.attention[q] > 0
                  ? html` <span class="tab-attention" data-count="${counts.attention[q]}">${t('staff.queues.attentionCount', { count: counts.attention[q] })}</span>`
                  : ''
              }`
            : ''
        }</a></li>`,
    )}
    ${may(role, 'GET /inbox') ? html`<li><a href="/inbox">${t('staff.queues.inbox')}</a></li>` : ''}
  </ul></nav>`;
}

/** On the open list, the answered cases flagged for a person that it leaves out, with the way to them. */
function attentionNotice(request: FastifyRequest, o: QueueOptions): Html | string {
  const waiting = o.counts?.attention[o.queue] ?? 0;
  if (o.filters.status !== 'open' || waiting === 0) return '';
  const href = queueHref(o.queue, { ...o.filters, status: 'attention', sort: null, page: 1 });
  return html`<p class="notice attention" data-count="${waiting}">${request.t('staff.queues.attentionNotice', { count: waiting })} <a href="${href}">${request.t('staff.queues.attentionShow')}</a></p>`;
}

export function queuePage(request: FastifyRequest, o: QueueOptions): Html {
  const { t } = request;
  const f = o.filters;
  const state: FormState = {
    values: {
      status: f.status,
      due: f.due ?? '',
      category: f.category ?? '',
      channel: f.channel ?? '',
      language: f.language ?? '',
      department: f.department ?? '',
      restricted: f.restricted ?? '',
      waiting: f.waiting ?? '',
    },
    errors: {},
  };
  const any = { value: '', label: t('common.all') };
  const yesNo = [any, { value: 'yes', label: t('common.yes') }, { value: 'no', label: t('common.no') }];
  const lead = request.principal !== null && may(request.principal.role, 'POST /queues/bulk');
  const path = `/queues/${o.queue}`;
  const suggestions = o.queue === 'suggestions';
  return html`${queueTabs(request, o.queue, o.counts)}
    ${o.outcome ? outcomeBlock(request, o.outcome) : ''}
    <p class="lead">${t(`staff.queues.intro.${o.queue}`)}</p>
    ${attentionNotice(request, o)}
    <form class="filters" method="get" action="${path}" hx-get="${path}" hx-target="#${QUEUE_LIST_ID}" hx-push-url="true" role="search" aria-label="${t('staff.queues.filters')}">
      ${select({
        form: 'queue',
        name: 'status',
        label: t('staff.queues.status'),
        state,
        // A suggestion is done, never answered; it has no clock and nothing waits on its author (P9.2).
        options: (suggestions
          ? (['open', 'closed', 'all'] as const)
          : (['open', 'attention', 'answered', 'closed', 'all'] as const)
        ).map((s) => ({
          value: s,
          label: t(`staff.queues.statuses.${s}`),
        })),
      })}
      ${
        suggestions
          ? ''
          : select({
              form: 'queue',
              name: 'due',
              label: t('staff.queues.due'),
              state,
              options: [
                any,
                { value: 'overdue', label: t('staff.queues.dues.overdue') },
                { value: 'today', label: t('staff.queues.dues.today') },
                // The organisation's own N (REDRESS_ALERT_DUE_SOON_DAYS), which the filter counts with.
                { value: 'soon', label: t('staff.queues.dues.soon', { count: o.dueSoonDays }) },
              ],
            })
      }
      ${
        o.queue === 'suggestions'
          ? select({
              form: 'queue',
              name: 'department',
              label: t('staff.queues.department'),
              state,
              options: [
                // "Any": for a department member, all of their departments (queues.routes.ts).
                any,
                ...o.departments.map((d) => ({ value: d, label: d })),
                // Last, as in the reports' filters: the suggestions not forwarded to any department.
                ...(request.principal?.role === 'department_member'
                  ? []
                  : [{ value: NOT_SET, label: t('staff.queues.departmentNotSet') }]),
              ],
            })
          : select({
              form: 'queue',
              name: 'category',
              label: t('staff.queues.category'),
              state,
              options: [
                any,
                ...o.categories.map((c) => ({ value: c, label: categoryLabel(t, c) })),
                // Last, as in the reports' filters: the cases without a category.
                { value: NOT_SET, label: t('staff.queues.categoryNotSet') },
              ],
            })
      }
      ${select({
        form: 'queue',
        name: 'channel',
        label: t('staff.queues.channel'),
        state,
        options: [any, ...CHANNELS.map((c) => ({ value: c, label: t(`channels.${c}`) }))],
      })}
      ${select({
        form: 'queue',
        name: 'language',
        label: t('staff.queues.language'),
        state,
        options: [any, ...LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))],
      })}
      ${select({ form: 'queue', name: 'restricted', label: t('staff.queues.restricted'), state, options: yesNo })}
      ${suggestions ? '' : select({ form: 'queue', name: 'waiting', label: t('staff.queues.waiting'), state, options: yesNo })}
      ${f.sort ? html`<input type="hidden" name="sort" value="${f.sort}"><input type="hidden" name="dir" value="${f.dir}">` : ''}
      <button type="submit">${t('common.filter')}</button>
    </form>
    ${lead ? bulkForm(request, o) : ''}
    <div id="${QUEUE_LIST_ID}">${queueList(request, o)}</div>
    ${lead ? reassignForm(request, o) : ''}`;
}

/**
 * What a bulk action left as it was, case by case, with the reason (as Request Tracker and Zendesk report a bulk
 * update): a reference opens its case; a case the person may not see is not named.
 */
function outcomeBlock(request: FastifyRequest, outcome: QueueOutcome): Html {
  const { t } = request;
  // Focused like the confirmation of a bulk action that skipped nothing (layout.ts), so that it is read first.
  return html`<section id="bulk-result" class="bulk-result card" role="status" aria-labelledby="bulk-result-title" tabindex="-1" autofocus>
      <h2 id="bulk-result-title">${outcome.summary}</h2>
      <p>${t('work.bulk.skippedIntro')}</p>
      <ul class="bulk-skipped">
        ${outcome.skipped.map(
          (x) =>
            html`<li>${x.reference ? html`<a href="/cases/${x.caseId}">${x.reference}</a>` : t('work.bulk.unseenCase')} — ${x.reason}</li>`,
        )}
      </ul>
    </section>`;
}

export function categoryLabel(t: FastifyRequest['t'], category: string): string {
  const key = `staff.categories.${category}`;
  const label = t(key);
  return label === key ? category : label;
}

/** The list alone: what htmx swaps when a filter or the page changes. */
export function queueList(request: FastifyRequest, o: QueueOptions): Html {
  const { t, lang } = request;
  const lead = request.principal !== null && may(request.principal.role, 'POST /queues/bulk');
  if (o.rows.length === 0)
    return emptyState(o.filters.page > 1 ? t('staff.queues.noMore') : t('staff.queues.empty'));
  const from = (o.filters.page - 1) * PAGE_SIZE + 1;
  const to = from + o.rows.length - 1;
  const link = (page: number, label: string, rel: string) => {
    const href = queueHref(o.queue, o.filters, page);
    return html`<a href="${href}" rel="${rel}" hx-get="${href}" hx-target="#${QUEUE_LIST_ID}" hx-push-url="true">${label}</a>`;
  };
  const column = (label: string, sort: QueueSortKey | null, cls: string) =>
    sortableHeader(request, o, label, sort, cls);
  return html`<table class="list queue">
      <caption class="visually-hidden">${t(`staff.queues.names.${o.queue}`)}${
        o.filters.sort
          ? html`, ${t('work.queue.sortedBy', { column: t(`staff.queues.${SORT_LABEL[o.filters.sort]}`) })} ${t(`work.queue.${o.filters.dir}`)}`
          : ''
      }</caption>
      <thead><tr>
        ${lead ? html`<th scope="col" class="col-select"><span class="visually-hidden">${t('staff.queues.select')}</span></th>` : ''}
        ${column(t('staff.queues.clock'), 'due', 'col-clock')}
        ${column(t('staff.queues.reference'), 'reference', 'col-reference')}
        ${column(t('staff.queues.complainant'), 'complainant', 'col-complainant')}
        ${column(t('staff.queues.subject'), null, 'col-subject')}
        ${column(t('staff.queues.step'), 'step', 'col-step')}
        ${column(t('staff.queues.owner'), 'owner', 'col-owner')}
        ${column(t('staff.queues.received'), 'received', 'col-received')}
      </tr></thead>
      <tbody>
        ${o.rows.map((r) => {
          const complainant = r.complainantName ?? r.complainantEmail;
          const owner = r.ownerId ? (o.names.get(r.ownerId) ?? '—') : null;
          return html`<tr class="row-${r.urgency}">
            ${
              lead
                ? html`<td class="col-select">${checkbox({
                    id: `select-${r.id}`,
                    name: 'caseIds',
                    value: r.id,
                    form: 'bulk',
                    label: t('staff.queues.selectCase', { reference: r.reference }),
                    labelHidden: true,
                  })}<input type="hidden" form="bulk" name="seen" value="${seenToken(r)}"></td>`
                : ''
            }
            <td class="col-clock" data-label="${t('staff.queues.clock')}">${clockBadge(t, lang, r.urgency, r.workingDaysLeft, r.dueFor)}</td>
            <td class="col-reference" data-label="${t('staff.queues.reference')}"><a href="/cases/${r.id}">${r.reference}</a></td>
            <td class="col-complainant" data-label="${t('staff.queues.complainant')}"${complainant ? html` title="${complainant}"` : ''}>${r.restricted ? html`<span class="tag tag-restricted">${t('staff.queues.restrictedTag')}</span> ` : ''}${complainant ?? html`<span class="muted">${t('staff.unknownName')}</span>`}</td>
            <td class="col-subject" data-label="${t('staff.queues.subject')}"${r.shortSubject ? html` title="${r.shortSubject}"` : ''}>${rowTags(request, r)}${r.shortSubject || html`<span class="muted">${t('inbox.noSubject')}</span>`}</td>
            <td class="col-step" data-label="${t('staff.queues.step')}">${r.kind === 'suggestion' ? t('kinds.suggestion') : r.step === null ? '—' : number(lang, r.step)}</td>
            <td class="col-owner" data-label="${t('staff.queues.owner')}"${owner ? html` title="${owner}"` : ''}>${owner ?? html`<span class="muted">${t('staff.queues.nobody')}</span>`}${
              r.ownerId && o.disabledOwners?.has(r.ownerId)
                ? html` <span class="tag tag-disabled">${t('staff.accountDisabled')}</span>`
                : ''
            }</td>
            <td class="col-received" data-label="${t('staff.queues.received')}">${when(lang, o.timezone, r.receivedAt, false)}</td>
          </tr>`;
        })}
      </tbody>
    </table>
    <nav class="pagination" aria-label="${t('pagination.label')}">
      <p>${t('staff.queues.showing', { from: number(lang, from), to: number(lang, to) })} · ${t(
        'pagination.pageOf',
        {
          page: number(lang, o.filters.page),
          pages: o.hasMore ? '…' : number(lang, o.filters.page),
        },
      )}</p>
      <ul>
        <li>${o.filters.page > 1 ? link(o.filters.page - 1, t('pagination.previous'), 'prev') : ''}</li>
        <li>${o.hasMore ? link(o.filters.page + 1, t('pagination.next'), 'next') : ''}</li>
      </ul>
    </nav>`;
}

/** The label key of each sortable column (staff.queues.*). */
const SORT_LABEL: Record<QueueSortKey, string> = {
  due: 'clock',
  reference: 'reference',
  received: 'received',
  step: 'step',
  owner: 'owner',
  complainant: 'complainant',
};

/**
 * A column heading: a link that sorts by it (ascending first, then the other way on a second click), with
 * aria-sort on the column sorted by. The subject is not sortable: what is shown is computed from the subject and
 * the description, so the stored subject's order (mostly the step marker) would look random.
 */
function sortableHeader(
  request: FastifyRequest,
  o: QueueOptions,
  label: string,
  sort: QueueSortKey | null,
  cls: string,
): Html {
  const { t } = request;
  if (!sort) return html`<th scope="col" class="${cls}">${label}</th>`;
  const current = (o.filters.sort ?? 'due') === sort;
  const dir = current ? o.filters.dir : 'asc';
  const next = current && dir === 'asc' ? 'desc' : 'asc';
  const href = queueHref(o.queue, { ...o.filters, sort, dir: next }, 1);
  return html`<th scope="col" class="${cls}"${current ? html` aria-sort="${dir === 'asc' ? 'ascending' : 'descending'}"` : ''}><a class="sort" href="${href}" hx-get="${href}" hx-target="#${QUEUE_LIST_ID}" hx-push-url="true">${label}<span class="visually-hidden">, ${t(`work.queue.sort_${next}`)}</span>${
    current ? html`<span class="sort-mark" aria-hidden="true">${dir === 'asc' ? '▲' : '▼'}</span>` : ''
  }</a></th>`;
}

/** What is special about a row, as short tags before the subject. */
function rowTags(request: FastifyRequest, r: QueueRow): Html {
  const { t } = request;
  return html`${r.waitingOnComplainant ? html`<span class="tag tag-waiting">${t('staff.queues.waitingTag')}</span> ` : ''}${
    r.flagged ? html`<span class="tag tag-flagged">${t('staff.queues.flaggedTag')}</span> ` : ''
  }${r.toAddress ? html`<span class="tag tag-to-address">${t('staff.queues.toAddressTag')}</span> ` : ''}${
    r.status !== 'received' && r.status !== 'acknowledged'
      ? html`<span class="tag">${t(`staff.statuses.${r.status}`)}</span> `
      : r.status === 'received' && r.kind === 'complaint'
        ? html`<span class="tag tag-unacknowledged">${t('staff.queues.notAcknowledged')}</span> `
        : ''
  }`;
}

function staffOptions(
  t: FastifyRequest['t'],
  staff: readonly StaffMemberRow[],
): Array<{ value: string; label: string }> {
  return staff.map((s) => ({ value: s.id, label: staffMemberLabel(t, s) }));
}

/**
 * What a row shows of the case that a bulk action changes (its owner and category), sent with the bulk form for
 * every row, so that a case changed by a colleague after the page was made is left as they left it (bulk-act.ts).
 */
export function seenToken(r: { id: string; ownerId: string | null; category: string | null }): string {
  return [r.id, r.ownerId ?? '', r.category ?? ''].map(encodeURIComponent).join('|');
}

/** The cases and what the page showed of each, from the tokens the bulk form sent; a malformed token is ignored. */
export function seenOf(
  tokens: readonly string[],
): Map<string, { ownerId: string | null; category: string | null }> {
  const out = new Map<string, { ownerId: string | null; category: string | null }>();
  for (const token of tokens) {
    const parts = token.split('|');
    if (parts.length !== 3) continue;
    try {
      const [id, owner, category] = parts.map(decodeURIComponent) as [string, string, string];
      if (id) out.set(id, { ownerId: owner || null, category: category || null });
    } catch {
      // Not a token the page wrote: that case is acted on without the check, as from a form without it.
    }
  }
  return out;
}

function bulkForm(request: FastifyRequest, o: QueueOptions): Html {
  const { t } = request;
  const state: FormState = { values: {}, errors: {} };
  return html`<form id="bulk" class="bulk card" method="post" action="/queues/bulk" aria-labelledby="bulk-title">
      <h2 id="bulk-title">${t('staff.queues.bulkTitle')}</h2>
      <p class="hint">${t('staff.queues.bulkHint')}</p>
      ${csrfField(request)}
      <input type="hidden" name="back" value="${queueHref(o.queue, o.filters)}">
      <div class="bulk-row">
        ${select({
          form: 'bulk',
          name: 'to',
          label: t('staff.queues.assignTo'),
          state,
          options: [{ value: '', label: t('staff.queues.nobody') }, ...staffOptions(t, o.staff)],
        })}
        <button type="submit" name="action" value="assign">${t('staff.queues.assignSelected')}</button>
      </div>
      <div class="bulk-row">
        ${select({
          form: 'bulk',
          name: 'category',
          label: t('staff.queues.categoriseAs'),
          state,
          options: [
            { value: '', label: t('staff.queues.noCategory') },
            ...o.categories.map((c) => ({ value: c, label: categoryLabel(t, c) })),
          ],
        })}
        <button type="submit" name="action" value="categorise">${t('staff.queues.categoriseSelected')}</button>
      </div>
    </form>`;
}

function reassignForm(request: FastifyRequest, o: QueueOptions): Html {
  const { t } = request;
  const state: FormState = { values: {}, errors: {} };
  return html`<form class="card stack reassign" method="post" action="/queues/reassign" aria-labelledby="reassign-title">
      <h2 id="reassign-title">${t('staff.queues.reassignTitle')}</h2>
      <p class="hint">${t('staff.queues.reassignHint')}</p>
      ${csrfField(request)}
      <input type="hidden" name="back" value="${queueHref(o.queue, o.filters)}">
      ${select({ form: 'reassign', name: 'from', label: t('staff.queues.reassignFrom'), state, options: staffOptions(t, o.owners) })}
      ${select({ form: 'reassign', name: 'to', label: t('staff.queues.reassignTo'), state, options: staffOptions(t, o.staff) })}
      <button type="submit">${t('staff.queues.reassignSubmit')}</button>
    </form>`;
}
