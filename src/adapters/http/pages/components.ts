// Building blocks of every page: fields with inline errors, the error summary, flash messages, pagination,
// empty states, and dates and numbers in the reader's language. Templates are `hono/html`: every value is
// escaped; nothing here uses raw().
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { Language } from '../../../core/case/model.ts';
import { arrivalShownAsDay } from '../../../core/intake/arrival.ts';
import { withoutBidiControls } from '../../../core/text/clean-text.ts';
import { displayDomain } from '../../../core/text/display-domain.ts';
import { writtenDate } from '../../../core/text/written-date.ts';
import type { Translate } from '../i18n/index.ts';
import type { Flash } from '../request-context.ts';

export type Html = ReturnType<typeof html>;

/** What a form shows again after a refusal: the values sent and a message per field. */
export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
  /** A message about the form as a whole (e.g. "already handled"). */
  message?: string | null;
}

export const emptyForm = (values: Record<string, string> = {}): FormState => ({ values, errors: {} });

// -- text from outside ----------------------------------------------------------------------------------------

// Bidi controls in names and subjects (an override makes "invoice\u202Efdp.exe" read "invoice.exe.pdf") are
// removed from every page and fragment as it is sent (app.ts), so no template can forget them.

/** A domain name as shown: Unicode, with its punycode form beside it when the Unicode form could deceive. */
export function domainText(domain: string): string {
  return displayDomain(withoutBidiControls(domain)).text;
}

/** An e-mail address as shown: its domain as domainText shows it ("user@аpple.com (xn--pple-43d.com)"). */
export function addressText(address: string): string {
  const clean = withoutBidiControls(address);
  const at = clean.lastIndexOf('@');
  if (at < 0) return clean;
  return `${clean.slice(0, at + 1)}${domainText(clean.slice(at + 1))}`;
}

// -- formatting ------------------------------------------------------------------------------------------------

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();
function dateTimeFormat(lang: Language, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${timeZone}|${withTime}`;
  let f = dateTimeFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, {
      dateStyle: 'medium',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone,
    });
    dateTimeFormats.set(key, f);
  }
  return f;
}

/** An instant as the reader says it, in the organisation's time zone, with a machine-readable <time>. */
export function when(lang: Language, timeZone: string, iso: string | null, withTime = true): Html {
  if (!iso) return html`<span class="muted">—</span>`;
  return html`<time datetime="${iso}">${writtenDate(dateTimeFormat(lang, timeZone, withTime), new Date(iso))}</time>`;
}

/**
 * When a case or a message arrived, as `when` says it: a letter registered without a time as its day alone
 * (arrival.ts arrivalShownAsDay), anything else with its time.
 */
export function arrivedWhen(lang: Language, timeZone: string, channel: string, iso: string | null): Html {
  return when(lang, timeZone, iso, !iso || !arrivalShownAsDay(channel, iso, timeZone));
}

export function whenText(lang: Language, timeZone: string, iso: string, withTime = true): string {
  return writtenDate(dateTimeFormat(lang, timeZone, withTime), new Date(iso));
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/** A local calendar date (YYYY-MM-DD) as the reader says it, with its weekday. */
export function localDay(lang: Language, isoDate: string | null, weekday = false): Html {
  if (!isoDate) return html`<span class="muted">—</span>`;
  return html`<time datetime="${isoDate}">${localDayText(lang, isoDate, weekday)}</time>`;
}

export function localDayText(lang: Language, isoDate: string, weekday = false): string {
  const key = `${lang}|${weekday}`;
  let f = dateFormats.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang, {
      dateStyle: weekday ? 'full' : 'medium',
      timeZone: 'UTC',
    });
    dateFormats.set(key, f);
  }
  return writtenDate(f, new Date(`${isoDate}T12:00:00Z`));
}

// Building an Intl formatter costs far more than using one, and a page formats dozens of numbers (the extension
// picker's days, a queue's counts): one formatter per language, kept.
const numberFormats = new Map<string, Intl.NumberFormat>();
export function number(lang: Language, n: number): string {
  let f = numberFormats.get(lang);
  if (!f) {
    f = new Intl.NumberFormat(lang);
    numberFormats.set(lang, f);
  }
  return f.format(n);
}

const byteFormats = new Map<string, Intl.NumberFormat>();
export function bytes(lang: Language, n: number): string {
  const units = ['byte', 'kilobyte', 'megabyte', 'gigabyte'] as const;
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  const key = `${lang}|${i}`;
  let f = byteFormats.get(key);
  if (!f) {
    f = new Intl.NumberFormat(lang, {
      style: 'unit',
      unit: units[i],
      // "235 bytes" (long: a bare "byte" reads wrong), "1.1 kB" (short).
      unitDisplay: i === 0 ? 'long' : 'short',
      maximumFractionDigits: i === 0 ? 0 : 1,
    });
    byteFormats.set(key, f);
  }
  return f.format(v);
}

// -- forms -----------------------------------------------------------------------------------------------------

export function csrfField(request: FastifyRequest): Html {
  return html`<input type="hidden" name="_csrf" value="${request.csrfToken}">`;
}

/**
 * The address a form with files posts to: it carries the CSRF token, since the check runs before the parts are
 * read (request-context.ts), so that the form works without scripts too.
 */
export function formAction(request: FastifyRequest, path: string): string {
  return `${path}${path.includes('?') ? '&' : '?'}_csrf=${encodeURIComponent(request.csrfToken)}`;
}

interface FieldOptions {
  form: string;
  name: string;
  label: string;
  state: FormState;
  hint?: string;
  required?: boolean;
  optionalLabel?: string;
  /** For a role that may read but not change: the value as text, with no control that looks editable. */
  readOnly?: boolean;
}

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function fieldFrame(
  o: FieldOptions,
  control: (id: string, aria: { describedBy?: string; invalid: boolean }) => Html,
  shown: () => string,
): Html {
  const id = `${o.form}-${o.name}`;
  if (o.readOnly)
    return html`<div class="field read-only" id="${id}">
    <p><strong>${o.label}</strong></p>
    <p class="quoted">${shown() || '—'}</p>
  </div>`;
  const error = o.state.errors[o.name];
  const aria = { describedBy: describedBy(id, !!o.hint, !!error), invalid: !!error };
  return html`<div class="field${error ? ' has-error' : ''}">
    <label for="${id}">${o.label}${o.optionalLabel ? html` <span class="muted">(${o.optionalLabel})</span>` : ''}</label>
    ${o.hint ? html`<p class="hint" id="${id}-hint">${o.hint}</p>` : ''}
    ${error ? html`<p class="error-text" id="${id}-error">${error}</p>` : ''}
    ${control(id, aria)}
  </div>`;
}

export function input(
  o: FieldOptions & {
    type?: string;
    autocomplete?: string;
    inputmode?: string;
    maxlength?: number;
    value?: string;
  },
): Html {
  return fieldFrame(
    o,
    (id, a) =>
      html`<input id="${id}" name="${o.name}" type="${o.type ?? 'text'}" value="${o.value ?? o.state.values[o.name] ?? ''}"${
        o.autocomplete ? html` autocomplete="${o.autocomplete}"` : ''
      }${o.inputmode ? html` inputmode="${o.inputmode}"` : ''}${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${
        o.required ? html` required` : ''
      }${a.describedBy ? html` aria-describedby="${a.describedBy}"` : ''}${a.invalid ? html` aria-invalid="true"` : ''}>`,
    () => o.value ?? o.state.values[o.name] ?? '',
  );
}

export function textarea(o: FieldOptions & { rows?: number; maxlength?: number }): Html {
  return fieldFrame(
    o,
    (id, a) =>
      html`<textarea id="${id}" name="${o.name}" rows="${o.rows ?? 3}"${o.maxlength ? html` maxlength="${o.maxlength}"` : ''}${
        o.required ? html` required` : ''
      }${a.describedBy ? html` aria-describedby="${a.describedBy}"` : ''}${a.invalid ? html` aria-invalid="true"` : ''}>${
        o.state.values[o.name] ?? ''
      }</textarea>`,
    () => o.state.values[o.name] ?? '',
  );
}

export function select(o: FieldOptions & { options: ReadonlyArray<{ value: string; label: string }> }): Html {
  const current = o.state.values[o.name];
  return fieldFrame(
    o,
    (id, a) =>
      html`<select id="${id}" name="${o.name}"${o.required ? html` required` : ''}${
        a.describedBy ? html` aria-describedby="${a.describedBy}"` : ''
      }${a.invalid ? html` aria-invalid="true"` : ''}>
        ${o.options.map(
          (opt) =>
            html`<option value="${opt.value}"${opt.value === current ? html` selected` : ''}>${opt.label}</option>`,
        )}
      </select>`,
    () => o.options.find((opt) => opt.value === current)?.label ?? current ?? '',
  );
}

/** The list of problems at the top of a form, each linking to its field; focused when shown (htmx honours
 * `autofocus` in swapped content), so a screen reader reads it first. */
export function errorSummary(
  t: Translate,
  form: string,
  state: FormState,
  labels: Record<string, string>,
): Html {
  const entries = Object.entries(state.errors);
  if (entries.length === 0 && !state.message) return html``;
  return html`<div class="error-summary" role="alert" tabindex="-1" id="${form}-errors" autofocus>
    ${state.message ? html`<p>${state.message}</p>` : ''}
    ${
      entries.length
        ? html`<p>${t('validation.summary')}</p>
          <ul>
            ${entries.map(
              ([name, message]) =>
                html`<li><a href="#${form}-${name}">${labels[name] ?? name}: ${message}</a></li>`,
            )}
          </ul>`
        : ''
    }
  </div>`;
}

// -- messages, lists -------------------------------------------------------------------------------------------

export function flashMessage(t: Translate, flash: Flash | null): Html {
  if (!flash) return html``;
  return html`<div class="flash flash-${flash.tone}" role="${flash.tone === 'error' ? 'alert' : 'status'}">
    ${t(`flash.${flash.key}`, flash.params)}
  </div>`;
}

/** A list table: a caption for screen readers, column headings, and the rows. */
export function listTable(caption: string, headings: readonly string[], rows: Html | readonly Html[]): Html {
  return html`<table class="list">
      <caption class="visually-hidden">${caption}</caption>
      <thead><tr>${headings.map((h) => html`<th scope="col">${h}</th>`)}</tr></thead>
      <tbody>${rows}</tbody>
    </table>`;
}

export function emptyState(text: string): Html {
  return html`<div class="empty-state"><p>${text}</p></div>`;
}

export interface PageInfo {
  page: number;
  pageSize: number;
  total: number;
}

export function pageCount(p: PageInfo): number {
  return Math.max(1, Math.ceil(p.total / p.pageSize));
}

/**
 * Previous/next links with "page x of y". With `target`, the links load only that part of the page (htmx) and
 * push the address, so the back button and a reload show the same list.
 */
export function pagination(
  t: Translate,
  lang: Language,
  p: PageInfo,
  href: (page: number) => string,
  target?: string,
): Html {
  const pages = pageCount(p);
  if (p.total === 0) return html``;
  const from = (p.page - 1) * p.pageSize + 1;
  const to = Math.min(p.total, p.page * p.pageSize);
  const link = (page: number, label: string, rel: string) =>
    html`<a href="${href(page)}" rel="${rel}"${
      target ? html` hx-get="${href(page)}" hx-target="${target}" hx-push-url="true"` : ''
    }>${label}</a>`;
  return html`<nav class="pagination" aria-label="${t('pagination.label')}">
    <p>${t('pagination.showing', { from: number(lang, from), to: number(lang, to), total: number(lang, p.total) })}
      · ${t('pagination.pageOf', { page: number(lang, p.page), pages: number(lang, pages) })}</p>
    <ul>
      <li>${p.page > 1 ? link(p.page - 1, t('pagination.previous'), 'prev') : ''}</li>
      <li>${p.page < pages ? link(p.page + 1, t('pagination.next'), 'next') : ''}</li>
    </ul>
  </nav>`;
}

/** A query string from values, leaving out empty ones. */
export function query(values: Record<string, string | number | null | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(values))
    if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
