// The erasure request page (P6.3), for administrators: per case of the person, what an erasure does today (erased
// now, already anonymised, or kept: why and until when, with a legal hold's reason and who set it), the form to
// erase (a reason and a confirmation), and the answer to the person in their language as it stands, to copy and send.
// Below the cases, the person's messages on no case (the triage inbox): erased now when handled, else kept and why;
// then how many of their messages stay on other people's cases (part of those complaints' records).
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { ErasureResult } from '../../../app/erase-complainant.ts';
import type { Language } from '../../../core/case/model.ts';
import { erasureAnswer } from '../subject-answer.ts';
import { csrfField, errorSummary, type FormState, type Html, input, textarea } from './components.ts';
import { localDay } from './staff-components.ts';

export function erasurePage(
  request: FastifyRequest,
  o: {
    id: string;
    result: ErasureResult;
    organisation: string;
    form: FormState;
    /** Where the form posts: the complainant's erasure, or the request by address (which it then carries). */
    action?: string;
    /** Said above the tables once a request by address is done (there is no page to redirect to). */
    notice?: string;
  },
): Html {
  const { t, lang } = request;
  const { plan } = o.result;
  const answerLang: Language = o.result.language;
  const erasable =
    o.result.dryRun &&
    (plan.cases.some((d) => d.decision === 'erase') ||
      plan.inboxItems.some((d) => d.decision === 'erase') ||
      (plan.complainantErased && o.result.recordHoldsData));
  const inboxRow = (d: ErasureResult['plan']['inboxItems'][number]) => {
    const decision =
      d.decision === 'erase'
        ? t('subject.erasure.erase')
        : t(`subject.erasure.why.${d.why}`, {
            reason: d.hold?.reason ?? '',
            by: d.hold?.setBy ?? '',
            at: d.hold?.setAt.slice(0, 10) ?? '',
          });
    return html`<tr><td>${localDay(lang, d.receivedOn)}</td><td>${decision}</td><td>${d.decision === 'erase' ? '—' : t('subject.erasure.unknown')}</td></tr>`;
  };
  const row = (d: ErasureResult['plan']['cases'][number]) => {
    if (d.decision === 'erase')
      return html`<tr><td>${d.reference}</td><td>${t('subject.erasure.erase')}</td><td>—</td></tr>`;
    if (d.decision === 'already_anonymised')
      return html`<tr><td>${d.reference}</td><td>${t('subject.erasure.already')}</td><td>—</td></tr>`;
    const why = t(`subject.erasure.why.${d.why}`, {
      closed: d.closedOn ?? '',
      reason: d.hold?.reason ?? '',
      by: d.hold?.setBy ?? '',
      at: d.hold?.setAt.slice(0, 10) ?? '',
      with: (d.keptWith ?? []).join(', '),
    });
    return html`<tr><td>${d.reference}</td><td>${why}</td><td>${d.until ? localDay(lang, d.until) : t('subject.erasure.unknown')}</td></tr>`;
  };
  return html`<section aria-labelledby="erasure-title">
      <h2 id="erasure-title">${t('subject.erasure.title')}</h2>
      ${o.notice ? html`<p role="status">${o.notice}</p>` : ''}
      ${
        o.result.address
          ? html`<form method="post" action="/admin/subject-requests/export" hx-boost="false" class="inline">${csrfField(request)}<input type="hidden" name="address" value="${o.result.address}"><button type="submit">${t('subject.export.button')}</button></form>
      <p class="hint">${t('subject.export.hint')}</p>`
          : ''
      }
      <p>${t('subject.erasure.intro')}</p>
      <table class="list">
        <caption class="visually-hidden">${t('subject.erasure.title')}</caption>
        <thead><tr><th scope="col">${t('subject.erasure.reference')}</th><th scope="col">${t('subject.erasure.decision')}</th><th scope="col">${t('subject.erasure.until')}</th></tr></thead>
        <tbody>${plan.cases.map(row)}</tbody>
      </table>
      ${
        plan.inboxItems.length
          ? html`<h3 id="erasure-inbox">${t('subject.erasure.inboxTitle')}</h3>
      <p>${t('subject.erasure.inboxIntro')}</p>
      <table class="list" aria-labelledby="erasure-inbox">
        <thead><tr><th scope="col">${t('subject.erasure.received')}</th><th scope="col">${t('subject.erasure.decision')}</th><th scope="col">${t('subject.erasure.until')}</th></tr></thead>
        <tbody>${plan.inboxItems.map(inboxRow)}</tbody>
      </table>`
          : ''
      }
      ${
        o.result.keptOnOthersCases > 0
          ? html`<p>${
              o.result.keptOnOthersCases === 1
                ? t('subject.erasure.othersCasesOne')
                : t('subject.erasure.othersCasesMany', { count: o.result.keptOnOthersCases })
            }</p>`
          : ''
      }
      <p>${t(
        o.result.complainantId === null
          ? 'subject.erasure.noRecord'
          : plan.complainantErased
            ? 'subject.erasure.recordErased'
            : 'subject.erasure.recordKept',
      )}</p>
      ${
        erasable
          ? html`<form method="post" action="${o.action ?? `/complainants/${o.id}/erasure`}" hx-boost="false">
        ${csrfField(request)}
        ${o.result.address ? html`<input type="hidden" name="address" value="${o.result.address}">` : ''}
        ${errorSummary(t, 'erasure', o.form, { reason: t('subject.erasure.reasonLabel'), confirm: t('subject.erasure.confirmLabel') })}
        ${textarea({ form: 'erasure', name: 'reason', label: t('subject.erasure.reasonLabel'), state: o.form, required: true, maxlength: 2000 })}
        <div class="field${o.form.errors.confirm ? ' has-error' : ''}">
          ${o.form.errors.confirm ? html`<p class="error-text" id="erasure-confirm-error">${o.form.errors.confirm}</p>` : ''}
          <input type="checkbox" id="erasure-confirm" name="confirm" value="yes" required> <label for="erasure-confirm">${t('subject.erasure.confirmLabel')}</label>
        </div>
        <button type="submit" class="danger">${t('subject.erasure.button')}</button>
      </form>`
          : ''
      }
    </section>
    <section aria-labelledby="answer-title">
      <h2 id="answer-title">${t('subject.erasure.answerTitle')}</h2>
      <pre class="quoted" lang="${answerLang}">${erasureAnswer(o.result, answerLang, o.organisation)}</pre>
    </section>`;
}

/**
 * Requests by address, for someone no complainant record knows (only messages in the triage inbox): the address is
 * posted, never put in a link, so that it stays out of addresses logged and kept in the browser's history.
 */
export function subjectByAddressPage(request: FastifyRequest, o: { form: FormState }): Html {
  const { t } = request;
  return html`<section aria-labelledby="by-address-title">
    <h2 id="by-address-title">${t('subject.byAddress.title')}</h2>
    <p>${t('subject.byAddress.intro')}</p>
    <form method="post" action="/admin/subject-requests" hx-boost="false">
      ${csrfField(request)}
      ${errorSummary(t, 'by-address', o.form, { address: t('subject.byAddress.label') })}
      ${input({ form: 'by-address', name: 'address', type: 'email', label: t('subject.byAddress.label'), state: o.form, required: true, maxlength: 254, autocomplete: 'off' })}
      <button type="submit">${t('subject.byAddress.button')}</button>
    </form>
  </section>`;
}
