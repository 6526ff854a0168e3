// Administration pages: the overview, organisation details, mailboxes, the business calendar
// with its deadline preview and the recompute of open cases, departments with their routing keywords (categories:
// admin-categories.page.ts).
// Administrators edit; auditors see the same pages read-only (the fieldset is disabled, no button).
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { OutboxHealth } from '../../../app/watch-outbox.ts';
import { LANGUAGES, MAILBOX_ROLES } from '../../../config.ts';
import { WEEKDAYS } from '../../../core/calendar/business-calendar.ts';
import { writtenDate } from '../../../core/text/written-date.ts';
import type { Named } from '../../calendar/regions.ts';
import { may } from '../access.ts';
import {
  csrfField,
  emptyState,
  errorSummary,
  type FormState,
  type Html,
  input,
  select,
  textarea,
  when,
} from './components.ts';
import { deliveryDetailSentence } from './status-words.part.ts';

type T = FastifyRequest['t'];

export function canEditSettings(request: FastifyRequest): boolean {
  return request.principal !== null && may(request.principal.role, 'POST /admin/organisation');
}

/** A form that administrators submit; auditors read the same values as text (the fields are built read-only). */
function settingsForm(request: FastifyRequest, action: string, id: string, body: Html, submit: string): Html {
  const edit = canEditSettings(request);
  if (!edit)
    return html`<div class="stack" id="${id}">${body}<p class="muted">${request.t('admin.readOnly')}</p></div>`;
  return html`<form method="post" action="${action}" class="stack" id="${id}" novalidate>
    ${csrfField(request)}
    <fieldset class="plain"${edit ? '' : html` disabled`}>
      <legend class="visually-hidden">${request.t('admin.formLegend')}</legend>
      ${body}
    </fieldset>
    ${edit ? html`<button type="submit" class="primary" name="intent" value="save">${submit}</button>` : html`<p class="muted">${request.t('admin.readOnly')}</p>`}
  </form>`;
}

/**
 * What Redress recorded on the oldest message waiting: its own words (an attempt that failed, mail held until the
 * outbound settings are fixed) as a sentence in the reader's language, the server's answer quoted inside it; any
 * other text as stored, as the mail server's answer.
 */
function lastFailure(t: T, detail: string | null): Html | string {
  if (!detail) return '';
  const sentence = deliveryDetailSentence(t, detail);
  return sentence
    ? html`<p id="outbox-last-failure">${sentence}</p>`
    : html`<p id="outbox-last-failure">${t('admin.outboxLastFailure')} <code>${detail}</code></p>`;
}

const back = (t: T) => html`<p><a href="/admin">${t('admin.backToOverview')}</a></p>`;

// -- overview --------------------------------------------------------------------------------------------------

export function adminIndexPage(
  request: FastifyRequest,
  o: {
    summary: Record<string, string>;
    timezone: string;
    lastChange: { at: string; by: string } | null;
    /** The outbox's state, or null when sending is switched off. */
    outbox: OutboxHealth | null;
  },
): Html {
  const { t, lang } = request;
  const card = (href: string, key: string, detail: string) =>
    html`<div class="card"><h2><a href="${href}">${t(`admin.sections.${key}`)}</a></h2><p>${t(`admin.sectionHints.${key}`)}</p>${
      detail ? html`<p class="muted">${detail}</p>` : ''
    }</div>`;
  const role = request.principal?.role ?? null;
  const outbox = o.outbox;
  return html`${
    // Held by a refusal of our own sending: said at once (it will not pass by itself), instead of the delay.
    outbox && outbox.held > 0
      ? html`<div class="error-summary" role="alert" id="outbox-held"><p>${t('admin.outboxHeld', {
          count: outbox.held,
        })}</p>${lastFailure(t, outbox.lastFailure)}</div>`
      : outbox?.late
        ? html`<div class="error-summary" role="alert" id="outbox-late"><p>${t('admin.outboxLate', {
            count: outbox.waiting,
            minutes: outbox.waitingMinutes,
            alertAfter: outbox.alertAfterMinutes,
          })}</p>${lastFailure(t, outbox.lastFailure)}</div>`
        : ''
  }<p class="lead">${t('admin.intro')}</p>
    ${o.lastChange ? html`<p class="muted">${t('admin.lastChange')} ${when(lang, o.timezone, o.lastChange.at)}</p>` : ''}
    <div class="action-grid">
      ${card('/admin/organisation', 'organisation', o.summary.organisation ?? '')}
      ${card('/admin/mailboxes', 'mailboxes', o.summary.mailboxes ?? '')}
      ${card('/admin/calendar', 'calendar', o.summary.calendar ?? '')}
      ${card('/admin/categories', 'categories', o.summary.categories ?? '')}
      ${card('/admin/departments', 'departments', o.summary.departments ?? '')}
      ${may(role, 'GET /admin/templates') ? card('/admin/templates', 'templates', '') : ''}
      ${may(role, 'GET /admin/snippets') ? card('/admin/snippets', 'snippets', '') : ''}
      ${may(role, 'GET /admin/monthly-report') ? card('/admin/monthly-report', 'monthlyReport', '') : ''}
      ${may(role, 'GET /admin/users') ? card('/admin/users', 'users', '') : ''}
      ${may(role, 'GET /admin/tokens') ? card('/admin/tokens', 'tokens', '') : ''}
      ${may(role, 'GET /admin/subject-requests') ? card('/admin/subject-requests', 'subjectRequests', '') : ''}
      ${may(role, 'GET /audit') ? card('/audit', 'audit', '') : ''}
    </div>`;
}

// -- organisation ----------------------------------------------------------------------------------------------

export function organisationLabels(t: T): Record<string, string> {
  return {
    name: t('admin.organisation.name'),
    complaintsPostalAddress: t('admin.organisation.complaintsPostalAddress'),
    managementPostalAddress: t('admin.organisation.managementPostalAddress'),
    defaultLanguage: t('admin.organisation.defaultLanguage'),
    disputeFr: t('admin.organisation.dispute', { language: t('languages.fr') }),
    disputeEn: t('admin.organisation.dispute', { language: t('languages.en') }),
    disputeDe: t('admin.organisation.dispute', { language: t('languages.de') }),
  };
}

export function organisationPage(request: FastifyRequest, state: FormState): Html {
  const { t } = request;
  const f = 'organisation';
  const labels = organisationLabels(t);
  const readOnly = !canEditSettings(request);
  return html`${back(t)}<p class="lead">${t('admin.organisation.intro')}</p>
    ${errorSummary(t, f, state, labels)}
    ${settingsForm(
      request,
      '/admin/organisation',
      'organisation-form',
      html`${input({ form: f, readOnly, name: 'name', label: labels.name!, state, required: true, maxlength: 200 })}
        ${textarea({ form: f, readOnly, name: 'complaintsPostalAddress', label: labels.complaintsPostalAddress!, hint: t('admin.organisation.addressHint'), state, rows: 5, required: true, maxlength: 1000 })}
        ${textarea({ form: f, readOnly, name: 'managementPostalAddress', label: labels.managementPostalAddress!, hint: t('admin.organisation.managementHint'), state, rows: 5, required: true, maxlength: 1000 })}
        ${select({ form: f, readOnly, name: 'defaultLanguage', label: labels.defaultLanguage!, hint: t('admin.organisation.defaultLanguageHint'), state, options: LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) })) })}
        <h2>${t('admin.organisation.disputeTitle')}</h2>
        <p class="hint">${t('admin.organisation.disputeHint')}</p>
        ${textarea({ form: f, readOnly, name: 'disputeFr', label: labels.disputeFr!, state, rows: 3, required: true, maxlength: 2000 })}
        ${textarea({ form: f, readOnly, name: 'disputeEn', label: labels.disputeEn!, state, rows: 3, required: true, maxlength: 2000 })}
        ${textarea({ form: f, readOnly, name: 'disputeDe', label: labels.disputeDe!, state, rows: 3, required: true, maxlength: 2000 })}`,
      t('common.save'),
    )}`;
}

// -- rows (mailboxes, departments) -----------------------------------------------------------------------------

function rowError(state: FormState, name: string): Html {
  const e = state.errors[name];
  return e ? html`<p class="error-text" id="${name}-error">${e}</p>` : html``;
}

function rowInput(
  state: FormState,
  form: string,
  name: string,
  label: string,
  o: { type?: string; maxlength?: number; autocomplete?: string; readOnly?: boolean } = {},
): Html {
  const id = `${form}-${name}`;
  if (o.readOnly) return html`<td id="${id}">${state.values[name] ?? ''}</td>`;
  const error = state.errors[name];
  return html`<td class="field${error ? ' has-error' : ''}">
    <label class="visually-hidden" for="${id}">${label}</label>
    ${error ? html`<p class="error-text" id="${id}-error">${error}</p>` : ''}
    <input id="${id}" name="${name}" type="${o.type ?? 'text'}" value="${state.values[name] ?? ''}"${
      o.maxlength ? html` maxlength="${o.maxlength}"` : ''
    } autocomplete="${o.autocomplete ?? 'off'}"${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
  </td>`;
}

function rowSelect(
  state: FormState,
  form: string,
  name: string,
  label: string,
  options: ReadonlyArray<{ value: string; label: string }>,
  readOnly = false,
): Html {
  const id = `${form}-${name}`;
  const current = state.values[name];
  if (readOnly)
    return html`<td id="${id}">${options.find((o) => o.value === current)?.label ?? current ?? ''}</td>`;
  const error = state.errors[name];
  return html`<td class="field${error ? ' has-error' : ''}">
    <label class="visually-hidden" for="${id}">${label}</label>
    ${error ? html`<p class="error-text" id="${id}-error">${error}</p>` : ''}
    <select id="${id}" name="${name}"${error ? html` aria-invalid="true" aria-describedby="${id}-error"` : ''}>
      ${options.map((o) => html`<option value="${o.value}"${o.value === current ? html` selected` : ''}>${o.label}</option>`)}
    </select>
  </td>`;
}

// -- mailboxes -------------------------------------------------------------------------------------------------

export function mailboxLabels(t: T, rows: number): Record<string, string> {
  const out: Record<string, string> = { _: t('admin.mailboxes.title') };
  for (let i = 0; i < rows; i++)
    for (const k of ['name', 'address', 'role', 'language'])
      out[`${k}-${i}`] = `${t(`admin.mailboxes.${k}`)} (${t('admin.row', { n: i + 1 })})`;
  return out;
}

export function mailboxesPage(request: FastifyRequest, o: { state: FormState; rows: number }): Html {
  const { t } = request;
  const f = 'mailboxes';
  const readOnly = !canEditSettings(request);
  // A reader sees the mailboxes there are, not the empty rows an administrator fills to add one.
  const rows = Array.from({ length: o.rows }, (_, i) => i).filter(
    (i) => !readOnly || !!o.state.values[`name-${i}`] || !!o.state.values[`address-${i}`],
  );
  return html`${back(t)}<p class="lead">${t('admin.mailboxes.intro')}</p>
    <div class="notice" role="note"><p>${t('admin.mailboxes.liveNote')}</p></div>
    ${errorSummary(t, f, o.state, mailboxLabels(t, o.rows))}
    ${settingsForm(
      request,
      '/admin/mailboxes',
      'mailboxes-form',
      html`${rowError(o.state, '_')}
      <table class="list">
        <caption class="visually-hidden">${t('admin.mailboxes.title')}</caption>
        <thead><tr>
          <th scope="col">${t('admin.mailboxes.name')}</th>
          <th scope="col">${t('admin.mailboxes.address')}</th>
          <th scope="col">${t('admin.mailboxes.role')}</th>
          <th scope="col">${t('admin.mailboxes.language')}</th>
        </tr></thead>
        <tbody>${rows.map(
          (i) => html`<tr>
            ${rowInput(o.state, f, `name-${i}`, `${t('admin.mailboxes.name')} (${t('admin.row', { n: i + 1 })})`, { readOnly, maxlength: 40 })}
            ${rowInput(o.state, f, `address-${i}`, `${t('admin.mailboxes.address')} (${t('admin.row', { n: i + 1 })})`, { readOnly, type: 'email', maxlength: 254 })}
            ${rowSelect(
              o.state,
              f,
              `role-${i}`,
              `${t('admin.mailboxes.role')} (${t('admin.row', { n: i + 1 })})`,
              MAILBOX_ROLES.map((r) => ({ value: r, label: t(`admin.mailboxes.roles.${r}`) })),
              readOnly,
            )}
            ${rowSelect(
              o.state,
              f,
              `language-${i}`,
              `${t('admin.mailboxes.language')} (${t('admin.row', { n: i + 1 })})`,
              LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) })),
              readOnly,
            )}
          </tr>`,
        )}</tbody>
      </table>
      ${readOnly ? '' : html`<p class="hint">${t('admin.mailboxes.rowsHint')}</p>`}`,
      t('common.save'),
    )}`;
}

// -- calendar --------------------------------------------------------------------------------------------------

export interface DeadlineRow {
  label: string;
  receivedAt: string;
  current: { acknowledgeBy: string; answerBy: string };
  proposed: { acknowledgeBy: string; answerBy: string };
}

export interface CalendarPreview {
  regionName: string;
  rows: DeadlineRow[];
  /** Days that are not working days in the coming weeks under the proposed calendar (and whether that is new). */
  closed: Array<{ date: string; name: string; change: 'added' | 'removed' | null }>;
  answerBusinessDays: number;
  /** The proposed time zone: the times are shown in it. */
  timeZone: string;
  from: string;
  to: string;
}

export interface CalendarChoices {
  countries: Named[];
  states: Named[];
  regions: Named[];
  timeZones: string[];
}

export const CALENDAR_EDITOR_ID = 'calendar-editor';

export function calendarLabels(t: T): Record<string, string> {
  return {
    country: t('admin.calendar.country'),
    state: t('admin.calendar.state'),
    region: t('admin.calendar.region'),
    timezone: t('admin.calendar.timezone'),
    workingWeek: t('admin.calendar.workingWeek'),
    closureDays: t('admin.calendar.closureDays'),
  };
}

/** The form and the preview, swapped together by htmx whenever a field changes (so the regions follow the country). */
export function calendarEditor(
  request: FastifyRequest,
  o: { state: FormState; choices: CalendarChoices; preview: CalendarPreview | null; workingWeek: string[] },
): Html {
  const { t } = request;
  const f = 'calendar';
  const labels = calendarLabels(t);
  const edit = canEditSettings(request);
  const s = o.state;
  const checkbox = (d: string) =>
    html`<label class="check"><input type="checkbox" name="workingWeek" value="${d}"${o.workingWeek.includes(d) ? html` checked` : ''}> ${t(`admin.calendar.days.${d}`)}</label>`;
  const weekError = s.errors.workingWeek;
  const readOnly = !edit;
  const fields = html`
    <div${edit ? html` hx-post="/admin/calendar" hx-trigger="change" hx-target="#${CALENDAR_EDITOR_ID}" hx-swap="outerHTML" hx-vals='{"intent":"preview"}'` : ''}>
      ${select({ form: f, readOnly, name: 'country', label: labels.country!, state: s, options: o.choices.countries.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` })) })}
      ${select({ form: f, readOnly, name: 'state', label: labels.state!, hint: t('admin.calendar.stateHint'), state: s, options: [{ value: '', label: t('admin.calendar.wholeCountry') }, ...o.choices.states.map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))] })}
      ${o.choices.regions.length ? select({ form: f, name: 'region', label: labels.region!, hint: t('admin.calendar.regionHint'), state: s, options: [{ value: '', label: t('admin.calendar.wholeState') }, ...o.choices.regions.map((c) => ({ value: c.code, label: c.name }))] }) : ''}
      ${select({ form: f, readOnly, name: 'timezone', label: labels.timezone!, hint: t('admin.calendar.timezoneHint'), state: s, options: o.choices.timeZones.map((z) => ({ value: z, label: z })) })}
      ${
        readOnly
          ? html`<div class="field read-only" id="${f}-workingWeek"><p><strong>${labels.workingWeek}</strong></p><p class="quoted">${WEEKDAYS.filter(
              (d) => o.workingWeek.includes(d),
            )
              .map((d) => t(`admin.calendar.days.${d}`))
              .join(', ')}</p></div>`
          : html`<fieldset class="field${weekError ? ' has-error' : ''}" id="${f}-workingWeek"${weekError ? html` aria-describedby="${f}-workingWeek-error"` : ''}>
        <legend>${labels.workingWeek}</legend>
        ${weekError ? html`<p class="error-text" id="${f}-workingWeek-error">${weekError}</p>` : ''}
        <div class="checks">${WEEKDAYS.map(checkbox)}</div>
      </fieldset>`
      }
      ${textarea({ form: f, readOnly, name: 'closureDays', label: labels.closureDays!, hint: t('admin.calendar.closureHint'), state: s, rows: 4, maxlength: 5000 })}
    </div>`;
  // A reader (the auditor) sees the calendar in force as text: no control that looks editable.
  if (readOnly)
    return html`<div id="${CALENDAR_EDITOR_ID}">
    <div class="stack" id="calendar-form">${fields}<p class="muted">${t('admin.readOnly')}</p></div>
    ${o.preview ? previewSection(request, o.preview) : ''}
  </div>`;
  return html`<div id="${CALENDAR_EDITOR_ID}">
    ${errorSummary(t, f, s, labels)}
    <form method="post" action="/admin/calendar" class="stack" id="calendar-form" novalidate>
      ${csrfField(request)}
      ${s.values.basedOn ? html`<input type="hidden" name="basedOn" value="${s.values.basedOn}">` : ''}
      <fieldset class="plain"${edit ? '' : html` disabled`}>
        <legend class="visually-hidden">${t('admin.formLegend')}</legend>
        ${fields}
      </fieldset>
      ${
        edit
          ? html`<div class="button-row">
        <button type="submit" name="intent" value="preview">${t('admin.calendar.previewButton')}</button>
        <button type="submit" class="primary" name="intent" value="save">${t('admin.calendar.save')}</button>
      </div>
      <p class="hint">${t('admin.calendar.saveHint')}</p>`
          : html`<p class="muted">${t('admin.readOnly')}</p>`
      }
    </form>
    ${o.preview ? previewSection(request, o.preview) : ''}
  </div>`;
}

function previewSection(request: FastifyRequest, p: CalendarPreview): Html {
  const { t, lang } = request;
  const cell = (current: string, proposed: string) =>
    current === proposed
      ? html`<td>${formatInstant(lang, p, proposed)}</td>`
      : html`<td><strong>${formatInstant(lang, p, proposed)}</strong> <span class="tag tag-changed">${t('admin.calendar.changed')}</span><br><span class="muted">${t('admin.calendar.now')}: ${formatInstant(lang, p, current)}</span></td>`;
  return html`<section class="card" id="calendar-preview" aria-labelledby="calendar-preview-title">
    <h2 id="calendar-preview-title">${t('admin.calendar.previewTitle', { region: p.regionName })}</h2>
    <p class="hint">${t('admin.calendar.previewIntro', { days: p.answerBusinessDays })}</p>
    <table class="list" id="deadline-preview">
      <caption class="visually-hidden">${t('admin.calendar.previewTitle', { region: p.regionName })}</caption>
      <thead><tr>
        <th scope="col">${t('admin.calendar.received')}</th>
        <th scope="col">${t('admin.calendar.acknowledgeBy')}</th>
        <th scope="col">${t('admin.calendar.answerBy')}</th>
      </tr></thead>
      <tbody>${p.rows.map(
        (r) => html`<tr>
          <th scope="row">${r.label}<br><span class="muted">${formatInstant(lang, p, r.receivedAt)}</span></th>
          ${cell(r.current.acknowledgeBy, r.proposed.acknowledgeBy)}
          ${cell(r.current.answerBy, r.proposed.answerBy)}
        </tr>`,
      )}</tbody>
    </table>
    <h3>${t('admin.calendar.closedTitle', { from: formatDay(lang, p.from), to: formatDay(lang, p.to) })}</h3>
    ${
      p.closed.length
        ? html`<ul class="closed-days">${p.closed.map(
            (d) =>
              html`<li${d.change === 'removed' ? html` class="removed"` : ''}><time datetime="${d.date}">${formatDay(lang, d.date)}</time> · ${d.name}${
                d.change ? html` <span class="tag tag-changed">${t(`admin.calendar.${d.change}`)}</span>` : ''
              }</li>`,
          )}</ul>`
        : html`<p class="muted">${t('admin.calendar.noClosedDays')}</p>`
    }
  </section>`;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
function formatDay(lang: string, date: string): string {
  let f = dayFormats.get(lang);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      timeZone: 'UTC',
    });
    dayFormats.set(lang, f);
  }
  return writtenDate(f, new Date(`${date}T12:00:00Z`));
}

function formatInstant(lang: string, p: CalendarPreview, iso: string): Html {
  const tz = p.timeZone;
  const text = writtenDate(
    new Intl.DateTimeFormat(lang, {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: tz,
    }),
    new Date(iso),
  );
  return html`<time datetime="${iso}">${text}</time>`;
}

/** A recorded version of the business calendar, as the history shows it. */
export interface CalendarVersionView {
  version: number;
  effectiveAt: string;
  summary: string;
  closureDays: readonly string[];
  recordedAt: string;
  recordedBy: string;
}

/** Closure days listed in a version's row at most (the count is in its summary). */
const SHOWN_CLOSURE_DAYS = 24;

export function calendarPage(
  request: FastifyRequest,
  o: Parameters<typeof calendarEditor>[1] & {
    inForce: string;
    history: CalendarVersionView[];
    timeZone: string;
  },
): Html {
  const { t } = request;
  return html`${back(t)}<p class="lead">${t('admin.calendar.intro')}</p>
    <p>${t('admin.calendar.inForce', { calendar: o.inForce })}</p>
    ${calendarEditor(request, o)}
    ${o.history.length ? calendarHistorySection(request, o.history, o.timeZone) : ''}
    <p class="muted">${t('admin.calendar.credit')}</p>`;
}

/** The calendar's versions, newest first, read only: each change is kept, and the report counts on them. */
function calendarHistorySection(
  request: FastifyRequest,
  history: CalendarVersionView[],
  timeZone: string,
): Html {
  const { t, lang } = request;
  const when = (iso: string) => {
    const text = writtenDate(
      new Intl.DateTimeFormat(lang, {
        day: 'numeric',
        month: 'short',
        year: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
        timeZone,
      }),
      new Date(iso),
    );
    return html`<time datetime="${iso}">${text}</time>`;
  };
  const rows = history.map((v) => {
    const days = v.closureDays.slice(0, SHOWN_CLOSURE_DAYS).join(', ');
    const more = v.closureDays.length > SHOWN_CLOSURE_DAYS ? ' …' : '';
    return html`<tr>
      <th scope="row">${v.version}</th>
      <td>${v.effectiveAt.startsWith('0000-') ? t('admin.calendar.historySinceStart') : when(v.effectiveAt)}</td>
      <td>${v.summary}${days ? html`<br><span class="muted">${days}${more}</span>` : ''}</td>
      <td>${v.recordedBy === 'configuration' ? t('admin.calendar.historyByConfiguration') : v.recordedBy}<br><span class="muted">${when(v.recordedAt)}</span></td>
    </tr>`;
  });
  return html`<section class="card" id="calendar-history" aria-labelledby="calendar-history-title">
    <h2 id="calendar-history-title">${t('admin.calendar.historyTitle')}</h2>
    <p class="hint">${t('admin.calendar.historyIntro')}</p>
    <div class="table-wrap"><table>
      <caption class="visually-hidden">${t('admin.calendar.historyTitle')}</caption>
      <thead><tr>
        <th scope="col">${t('admin.calendar.historyVersion')}</th>
        <th scope="col">${t('admin.calendar.historyFrom')}</th>
        <th scope="col">${t('admin.calendar.historyCalendar')}</th>
        <th scope="col">${t('admin.calendar.historyBy')}</th>
      </tr></thead>
      <tbody>${rows}</tbody>
    </table></div>
  </section>`;
}

export interface MoveRow {
  /** The case page, for a role that may read the case; null for one that may not (the reference is shown alone). */
  href: string | null;
  reference: string;
  fromAnswerBy: string;
  toAnswerBy: string;
  fromAcknowledgeBy: string;
  toAcknowledgeBy: string;
}

export function recomputePage(
  request: FastifyRequest,
  o: { moves: MoveRow[]; total: number; state: FormState; timezone: string; calendar: string },
): Html {
  const { t, lang } = request;
  const edit = canEditSettings(request);
  const labels = { reason: t('admin.recompute.reason') };
  return html`<p><a href="/admin/calendar">${t('admin.recompute.backToCalendar')}</a></p>
    <p class="lead">${t('admin.recompute.intro', { calendar: o.calendar })}</p>
    ${
      o.total === 0
        ? emptyState(t('admin.recompute.none'))
        : html`<p id="recompute-count">${t('admin.recompute.count', { count: o.total })}</p>
      <table class="list" id="recompute-moves">
        <caption class="visually-hidden">${t('admin.recompute.title')}</caption>
        <thead><tr>
          <th scope="col">${t('admin.recompute.reference')}</th>
          <th scope="col">${t('admin.recompute.answerByNow')}</th>
          <th scope="col">${t('admin.recompute.answerByNew')}</th>
          <th scope="col">${t('admin.recompute.acknowledgeByNew')}</th>
        </tr></thead>
        <tbody>${o.moves.map(
          (m) => html`<tr>
            <td>${m.href ? html`<a href="${m.href}">${m.reference}</a>` : m.reference}</td>
            <td>${when(lang, o.timezone, m.fromAnswerBy)}</td>
            <td><strong>${when(lang, o.timezone, m.toAnswerBy)}</strong></td>
            <td>${m.fromAcknowledgeBy === m.toAcknowledgeBy ? html`<span class="muted">${t('admin.recompute.unchanged')}</span>` : when(lang, o.timezone, m.toAcknowledgeBy)}</td>
          </tr>`,
        )}</tbody>
      </table>
      ${o.moves.length < o.total ? html`<p class="muted">${t('admin.recompute.more', { shown: o.moves.length, total: o.total })}</p>` : ''}
      ${
        edit
          ? html`${errorSummary(t, 'recompute', o.state, labels)}
        <form method="post" action="/admin/calendar/recompute" class="stack card" novalidate>
          ${csrfField(request)}
          ${input({ form: 'recompute', name: 'reason', label: labels.reason, hint: t('admin.recompute.reasonHint'), state: o.state, required: true, maxlength: 500 })}
          <button type="submit" class="primary">${t('admin.recompute.apply', { count: o.total })}</button>
        </form>`
          : html`<p class="muted">${t('admin.readOnly')}</p>`
      }`
    }`;
}

// -- departments -----------------------------------------------------------------------------------------------

export function departmentLabels(t: T, rows: number): Record<string, string> {
  const out: Record<string, string> = { _: t('admin.departments.title') };
  for (let i = 0; i < rows; i++)
    for (const k of ['name', 'email', 'keywords'])
      out[`${k}-${i}`] = `${t(`admin.departments.${k}`)} (${t('admin.row', { n: i + 1 })})`;
  return out;
}

export function departmentsPage(
  request: FastifyRequest,
  o: { state: FormState; rows: number; trial: { text: string; department: string | null } | null },
): Html {
  const { t } = request;
  const f = 'departments';
  const readOnly = !canEditSettings(request);
  const rows = Array.from({ length: o.rows }, (_, i) => i).filter(
    (i) => !readOnly || !!o.state.values[`name-${i}`] || !!o.state.values[`email-${i}`],
  );
  const row = (i: number) => `${t('admin.row', { n: i + 1 })}`;
  return html`${back(t)}<p class="lead">${t('admin.departments.intro')}</p>
    ${errorSummary(t, f, o.state, departmentLabels(t, o.rows))}
    ${settingsForm(
      request,
      '/admin/departments',
      'departments-form',
      html`${rowError(o.state, '_')}
      <table class="list">
        <caption class="visually-hidden">${t('admin.departments.title')}</caption>
        <thead><tr>
          <th scope="col">${t('admin.departments.name')}</th>
          <th scope="col">${t('admin.departments.email')}</th>
          <th scope="col">${t('admin.departments.keywords')}</th>
        </tr></thead>
        <tbody>${rows.map(
          (i) => html`<tr>
            ${rowInput(o.state, f, `name-${i}`, `${t('admin.departments.name')} (${row(i)})`, { readOnly, maxlength: 80 })}
            ${rowInput(o.state, f, `email-${i}`, `${t('admin.departments.email')} (${row(i)})`, { readOnly, type: 'email', maxlength: 254 })}
            ${rowInput(o.state, f, `keywords-${i}`, `${t('admin.departments.keywords')} (${row(i)})`, { readOnly, maxlength: 1000 })}
          </tr>`,
        )}</tbody>
      </table>
      ${readOnly ? '' : html`<p class="hint">${t('admin.departments.rowsHint')}</p>`}`,
      t('common.save'),
    )}
    <section class="card" aria-labelledby="routing-trial-title">
      <h2 id="routing-trial-title">${t('admin.departments.trialTitle')}</h2>
      <form method="get" action="/admin/departments" class="stack">
        ${textarea({ form: 'trial', name: 'try', label: t('admin.departments.trialLabel'), hint: t('admin.departments.trialHint'), state: { values: { try: o.trial?.text ?? '' }, errors: {} }, rows: 3, maxlength: 2000 })}
        <button type="submit">${t('admin.departments.trialButton')}</button>
      </form>
      ${
        o.trial
          ? html`<p role="status" id="routing-trial-result">${
              o.trial.department
                ? t('admin.departments.trialRoutes', { department: o.trial.department })
                : t('admin.departments.trialNone')
            }</p>`
          : ''
      }
    </section>`;
}
