// Registering a postal letter (P1.1, P2, P3.1): the scan, the day it arrived (the clock starts at
// 00:00 local that day unless a time is given), the step, and the fields of P2, with errors next to each field.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { LANGUAGES } from '../../../core/case/model.ts';
import type { PromiseForecast } from '../../../core/case/promise.ts';
import { SCAN_EXTENSIONS, SCAN_TYPE_LIST } from '../../../core/files/scan-types.ts';
import {
  csrfField,
  errorSummary,
  type FormState,
  formAction,
  type Html,
  input,
  select,
  textarea,
} from './components.ts';
import { localDayText } from './staff-components.ts';

/** What the file picker offers: the scan types every door takes (scan-types.ts), by type and by extension. */
const SCAN_ACCEPT = [
  ...SCAN_TYPE_LIST,
  ...SCAN_TYPE_LIST.flatMap((t) => SCAN_EXTENSIONS[t].map((e) => `.${e}`)),
].join(',');

/** Where the warning about a passed answer date goes; refreshed (htmx) when the date of arrival changes. */
export const LETTER_PROMISE_ID = 'letter-promise';

/**
 * The warning before registering a complaint letter whose answer date (10 working days after arrival) has passed:
 * the acknowledgement will promise a new date instead, and the person ticks that they have read it.
 */
export function promiseNotice(
  request: FastifyRequest,
  promise: PromiseForecast | null,
  state: FormState,
  oldDay: string | null = null,
): Html {
  const old = oldNotice(request, oldDay, state);
  if (!promise?.passed || !promise.renewedAnswerByDate) return old;
  const { t, lang } = request;
  const error = state.errors.confirmLate;
  return html`${old}<div class="notice field${error ? ' has-error' : ''}">
    <p>${t('staff.letter.promisePassed', {
      date: localDayText(lang, promise.answerByDate, true),
      renewed: localDayText(lang, promise.renewedAnswerByDate, true),
    })}</p>
    ${error ? html`<p class="error-text" id="letter-confirmLate-error">${error}</p>` : ''}
    <p><label><input type="checkbox" id="letter-confirmLate" name="confirmLate" value="yes"${
      state.values.confirmLate === 'yes' ? html` checked` : ''
    }${error ? html` aria-invalid="true" aria-describedby="letter-confirmLate-error"` : ''}> ${t('staff.letter.confirmLate')}</label></p>
  </div>`;
}

/**
 * The warning before registering a letter whose date of arrival is more than a year back (`oldDay`, as typed): it
 * names the date, and the person ticks that the letter did arrive then (arrival.ts letterArrivalVerdict).
 */
function oldNotice(request: FastifyRequest, oldDay: string | null, state: FormState): Html {
  if (!oldDay) return html``;
  const { t, lang } = request;
  const error = state.errors.confirmOld;
  const date = localDayText(lang, oldDay, true);
  return html`<div class="notice field${error ? ' has-error' : ''}">
    <p>${t('staff.letter.arrivedOld', { date })}</p>
    ${error ? html`<p class="error-text" id="letter-confirmOld-error">${error}</p>` : ''}
    <p><label><input type="checkbox" id="letter-confirmOld" name="confirmOld" value="yes"${
      state.values.confirmOld === 'yes' ? html` checked` : ''
    }${error ? html` aria-invalid="true" aria-describedby="letter-confirmOld-error"` : ''}> ${t('staff.letter.confirmOld', { date })}</label></p>
  </div>`;
}

export const LETTER_FIELDS = [
  'scan',
  'arrived',
  'time',
  'kind',
  'step',
  'caseReference',
  'title',
  'name',
  'email',
  'phone',
  'postalAddress',
  'language',
  'ticketRefs',
  'domains',
  'description',
  'expectations',
  'confirmLate',
  'confirmOld',
] as const;
export type LetterField = (typeof LETTER_FIELDS)[number];

export function letterLabels(t: FastifyRequest['t']): Record<LetterField, string> {
  return Object.fromEntries(LETTER_FIELDS.map((f) => [f, t(`staff.letter.fields.${f}`)])) as Record<
    LetterField,
    string
  >;
}

export function letterPage(
  request: FastifyRequest,
  state: FormState,
  maxMegabytes: number,
  promise: PromiseForecast | null = null,
  oldDay: string | null = null,
): Html {
  const { t } = request;
  const labels = letterLabels(t);
  const opt = t('common.optional');
  const scanError = state.errors.scan;
  return html`<p class="lead">${t('staff.letter.intro')}</p>
    <form method="post" action="${formAction(request, '/letters/new')}" enctype="multipart/form-data" class="stack letter-form" novalidate>
      ${errorSummary(t, 'letter', state, labels)}
      ${csrfField(request)}
      <fieldset class="group">
        <legend>${t('staff.letter.letterTitle')}</legend>
        <div class="field${scanError ? ' has-error' : ''}">
          <label for="letter-scan">${labels.scan} <span class="muted">(${opt})</span></label>
          <p class="hint" id="letter-scan-hint">${t('staff.letter.scanHint', { max: maxMegabytes })}</p>
          ${scanError ? html`<p class="error-text" id="letter-scan-error">${scanError}</p>` : ''}
          <input type="file" id="letter-scan" name="scan" accept="${SCAN_ACCEPT}" aria-describedby="letter-scan-hint${scanError ? ' letter-scan-error' : ''}"${scanError ? html` aria-invalid="true"` : ''}>
        </div>
        <div class="two-columns" hx-get="/letters/new" hx-trigger="change" hx-target="#${LETTER_PROMISE_ID}" hx-include="#letter-arrived, #letter-time, #letter-kind, #letter-step, #letter-title, #letter-caseReference" hx-swap="innerHTML">
          ${input({ form: 'letter', name: 'arrived', type: 'date', label: labels.arrived, hint: t('staff.letter.arrivedHint'), state, required: true })}
          ${input({ form: 'letter', name: 'time', type: 'time', label: labels.time, hint: t('staff.letter.timeHint'), state, optionalLabel: opt })}
        </div>
        <div id="${LETTER_PROMISE_ID}" aria-live="polite">${promiseNotice(request, promise, state, oldDay)}</div>
        <div class="two-columns">
          ${select({
            form: 'letter',
            name: 'kind',
            label: labels.kind,
            state,
            options: [
              { value: 'complaint', label: t('kinds.complaint') },
              { value: 'suggestion', label: t('kinds.suggestion') },
            ],
          })}
          ${select({
            form: 'letter',
            name: 'step',
            label: labels.step,
            hint: t('staff.letter.stepHint'),
            state,
            options: [
              { value: '', label: t('staff.letter.stepFromTitle') },
              { value: '1', label: t('staff.letter.step1') },
              { value: '2', label: t('staff.letter.step2') },
            ],
          })}
        </div>
        ${input({ form: 'letter', name: 'title', label: labels.title, hint: t('staff.letter.titleHint'), state, optionalLabel: opt, maxlength: 300 })}
        ${input({ form: 'letter', name: 'caseReference', label: labels.caseReference, hint: t('staff.letter.caseReferenceHint'), state, optionalLabel: opt, maxlength: 30 })}
      </fieldset>
      <fieldset class="group">
        <legend>${t('staff.letter.complainantTitle')}</legend>
        ${input({ form: 'letter', name: 'name', label: labels.name, state, autocomplete: 'off', maxlength: 200 })}
        <div class="two-columns">
          ${input({ form: 'letter', name: 'email', type: 'email', label: labels.email, state, optionalLabel: opt, autocomplete: 'off', maxlength: 254 })}
          ${input({ form: 'letter', name: 'phone', type: 'tel', label: labels.phone, state, optionalLabel: opt, autocomplete: 'off', maxlength: 50 })}
        </div>
        ${textarea({ form: 'letter', name: 'postalAddress', label: labels.postalAddress, hint: t('staff.letter.postalAddressHint'), state, optionalLabel: opt, rows: 4, maxlength: 1000 })}
        ${select({
          form: 'letter',
          name: 'language',
          label: labels.language,
          hint: t('staff.letter.languageHint'),
          state,
          options: [
            { value: '', label: t('staff.letter.languageAuto') },
            ...LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) })),
          ],
        })}
      </fieldset>
      <fieldset class="group">
        <legend>${t('staff.letter.contentTitle')}</legend>
        ${textarea({ form: 'letter', name: 'description', label: labels.description, state, rows: 6, maxlength: 20000 })}
        ${textarea({ form: 'letter', name: 'expectations', label: labels.expectations, state, rows: 3, maxlength: 5000 })}
        <div class="two-columns">
          ${input({ form: 'letter', name: 'ticketRefs', label: labels.ticketRefs, hint: t('staff.letter.ticketRefsHint'), state, optionalLabel: opt, maxlength: 300 })}
          ${input({ form: 'letter', name: 'domains', label: labels.domains, hint: t('staff.letter.domainsHint'), state, optionalLabel: opt, maxlength: 1000 })}
        </div>
        <p class="hint">${t('staff.letter.missingHint')}</p>
      </fieldset>
      <button type="submit" class="primary">${t('staff.letter.submit')}</button>
    </form>`;
}
