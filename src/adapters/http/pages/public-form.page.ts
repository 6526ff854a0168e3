// The public complaint form: the fields of P2 in the visitor's language, what happens next,
// how step 2 works (by post to management, P1.2, unless the organisation takes it here), and the thank-you page.
// The honeypot field is hidden from people (and from assistive technology) but not from robots that fill every
// field; the form token carries the time the form was shown, signed.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { SUBMISSION_LIMITS } from '../../../app/submit-complaint.ts';
import type { AcknowledgePolicy } from '../../../core/calendar/business-calendar.ts';
import { complainantLocale } from '../../../core/correspondence/compose.ts';
import { writtenDate } from '../../../core/text/written-date.ts';
import { MAX_ATTACHMENT_BYTES, MAX_FILES } from '../uploads.ts';
import { bytes, csrfField, errorSummary, type FormState, type Html, input, textarea } from './components.ts';

export const HONEYPOT = 'homepage';

export function publicFormLabels(t: FastifyRequest['t']): Record<string, string> {
  return {
    name: t('publicForm.name'),
    email: t('publicForm.email'),
    postalAddress: t('publicForm.postalAddress'),
    ticketRefs: t('publicForm.ticketRefs'),
    domains: t('publicForm.domains'),
    description: t('publicForm.description'),
    expectations: t('publicForm.expectations'),
    step: t('publicForm.step'),
    caseReference: t('publicForm.caseReference'),
    consent: t('publicForm.consentLabel'),
    attachments: t('publicForm.attachments'),
  };
}

export interface PublicFormOptions {
  state: FormState;
  formToken: string;
  organisation: string;
  complaintsEmail: string | null;
  managementAddress: readonly string[];
  answerBusinessDays: number;
  /** How long acknowledging may take, in the unit configured (P3.1): what the form promises. */
  acknowledgeWithin: AcknowledgePolicy;
  acceptStep2: boolean;
  /** The most the documents may weigh together (bytes). */
  documentsMaxBytes: number;
}

export function publicFormPage(request: FastifyRequest, o: PublicFormOptions): Html {
  const { t, lang } = request;
  const f = 'complaint';
  const s = o.state;
  const labels = publicFormLabels(t);
  const optional = t('common.optional');
  const step = s.values.step === '2' ? '2' : '1';
  const consentError = s.errors.consent;
  const attachmentsError = s.errors.attachments;
  const stepError = s.errors.step;
  return html`<p class="lead">${t('publicForm.intro', { organisation: o.organisation })}</p>
    <ul class="steps-explained">
      <li>${
        o.acknowledgeWithin.unit === 'hours'
          ? t('publicForm.promiseAcknowledgeHours', { count: o.acknowledgeWithin.amount })
          : t('publicForm.promiseAcknowledgeWorkingDays', { count: o.acknowledgeWithin.amount })
      }</li>
      <li>${t('publicForm.promiseAnswer', { days: o.answerBusinessDays })}</li>
      <li>${t('publicForm.promiseLanguage')}</li>
    </ul>
    ${errorSummary(t, f, s, labels)}
    <form method="post" action="/complain?_csrf=${encodeURIComponent(request.csrfToken)}" enctype="multipart/form-data" class="stack" id="complaint-form" novalidate>
      ${csrfField(request)}
      <input type="hidden" name="formToken" value="${o.formToken}">
      <div class="visually-hidden" aria-hidden="true">
        <label for="${f}-${HONEYPOT}">${t('publicForm.honeypot')}</label>
        <input id="${f}-${HONEYPOT}" name="${HONEYPOT}" type="text" value="" tabindex="-1" autocomplete="off">
      </div>
      <h2>${t('publicForm.aboutYou')}</h2>
      ${input({ form: f, name: 'name', label: labels.name!, state: s, required: true, autocomplete: 'name', maxlength: SUBMISSION_LIMITS.name })}
      ${input({ form: f, name: 'email', label: labels.email!, hint: t('publicForm.emailHint'), state: s, type: 'email', required: true, autocomplete: 'email', maxlength: SUBMISSION_LIMITS.email })}
      ${textarea({ form: f, name: 'postalAddress', label: labels.postalAddress!, hint: t('publicForm.postalAddressHint'), optionalLabel: optional, state: s, rows: 3, maxlength: SUBMISSION_LIMITS.postalAddress })}
      <h2>${t('publicForm.aboutComplaint')}</h2>
      ${
        o.acceptStep2
          ? html`<fieldset class="field${stepError ? ' has-error' : ''}" id="${f}-step">
        <legend>${labels.step}</legend>
        ${stepError ? html`<p class="error-text" id="${f}-step-error">${stepError}</p>` : ''}
        <label class="check"><input type="radio" name="step" value="1"${step === '1' ? html` checked` : ''}> ${t('publicForm.step1')}</label>
        <label class="check"><input type="radio" name="step" value="2"${step === '2' ? html` checked` : ''}> ${t('publicForm.step2')}</label>
      </fieldset>
      ${input({ form: f, name: 'caseReference', label: labels.caseReference!, hint: t('publicForm.caseReferenceHint'), optionalLabel: optional, state: s, maxlength: SUBMISSION_LIMITS.caseReference })}`
          : html`<div class="notice" id="step2-by-post">
        <p>${t('publicForm.step2ByPost')}</p>
        <address>${o.managementAddress.map((l, i) => html`${i ? html`<br>` : ''}${l}`)}</address>
        <p>${t('publicForm.step2ByPostHow')}</p>
      </div>`
      }
      ${input({ form: f, name: 'ticketRefs', label: labels.ticketRefs!, hint: t('publicForm.ticketRefsHint'), optionalLabel: optional, state: s, inputmode: 'numeric', maxlength: SUBMISSION_LIMITS.ticketRefs })}
      ${input({ form: f, name: 'domains', label: labels.domains!, hint: t('publicForm.domainsHint'), optionalLabel: optional, state: s, maxlength: SUBMISSION_LIMITS.domains })}
      ${textarea({ form: f, name: 'description', label: labels.description!, hint: t('publicForm.descriptionHint'), state: s, rows: 8, required: true, maxlength: SUBMISSION_LIMITS.description })}
      ${textarea({ form: f, name: 'expectations', label: labels.expectations!, hint: t('publicForm.expectationsHint'), state: s, rows: 4, required: true, maxlength: SUBMISSION_LIMITS.expectations })}
      <div class="field${attachmentsError ? ' has-error' : ''}">
        <label for="${f}-attachments">${t('publicForm.attachments')} <span class="muted">(${optional})</span></label>
        <p class="hint" id="${f}-attachments-hint">${t('publicForm.attachmentsHint', { size: bytes(lang, MAX_ATTACHMENT_BYTES), count: MAX_FILES, total: bytes(lang, o.documentsMaxBytes) })}</p>
        ${attachmentsError ? html`<p class="error-text" id="${f}-attachments-error">${attachmentsError}</p>` : ''}
        <input type="file" id="${f}-attachments" name="attachments" multiple accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg" aria-describedby="${f}-attachments-hint${attachmentsError ? html` ${f}-attachments-error` : ''}"${attachmentsError ? html` aria-invalid="true"` : ''}>
      </div>
      <div class="field${consentError ? ' has-error' : ''}">
        ${consentError ? html`<p class="error-text" id="${f}-consent-error">${consentError}</p>` : ''}
        <label class="check" for="${f}-consent"><input type="checkbox" id="${f}-consent" name="consent" value="yes"${
          s.values.consent === 'yes' ? html` checked` : ''
        } required${consentError ? html` aria-invalid="true" aria-describedby="${f}-consent-error"` : ''}> ${t('publicForm.consent', { organisation: o.organisation })}</label>
      </div>
      <button type="submit" class="primary">${t('publicForm.submit')}</button>
    </form>
    ${o.complaintsEmail ? html`<p class="muted">${t('publicForm.byEmail', { email: o.complaintsEmail })}</p>` : ''}`;
}

export interface ThanksOptions {
  reference: string;
  email: string | null;
  answerByDate: string | null;
  /** A step-2 request filed on the writer's step-2 complaint (its reference and answer date are that complaint's). */
  joined?: boolean;
  /** That complaint has been answered already: no answer date waits ahead. */
  answered?: boolean;
}

export function thanksPage(request: FastifyRequest, o: ThanksOptions): Html {
  const { t, lang } = request;
  const date = o.answerByDate
    ? writtenDate(
        // Written as the acknowledgement writes it: the complainant reads both.
        new Intl.DateTimeFormat(complainantLocale(lang), { dateStyle: 'full', timeZone: 'UTC' }),
        new Date(`${o.answerByDate}T12:00:00Z`),
      )
    : null;
  // Joined to a complaint they had: no acknowledgement comes for it, and its answer date is that complaint's.
  if (o.joined)
    return html`<div class="flash flash-success" role="status">
      <p>${t('publicForm.thanksJoined')} <strong id="complaint-reference">${o.reference}</strong></p>
    </div>
    <p>${t('publicForm.thanksJoinedNoAcknowledgement')}</p>
    ${
      o.answered
        ? html`<p>${t('publicForm.thanksJoinedAnswered')}</p>`
        : date
          ? html`<p>${t('publicForm.thanksJoinedAnswerBy', { date })}</p>`
          : ''
    }
    <p>${t('publicForm.thanksKeepReference')}</p>
    <p><a href="/complain">${t('publicForm.another')}</a></p>`;
  return html`<div class="flash flash-success" role="status">
      <p>${t('publicForm.thanksReference')} <strong id="complaint-reference">${o.reference}</strong></p>
    </div>
    <p>${o.email ? t('publicForm.thanksAcknowledgement', { email: o.email }) : t('publicForm.thanksNoEmail')}</p>
    ${date ? html`<p>${t('publicForm.thanksAnswerBy', { date })}</p>` : ''}
    <p>${t('publicForm.thanksKeepReference')}</p>
    <p><a href="/complain">${t('publicForm.another')}</a></p>`;
}
