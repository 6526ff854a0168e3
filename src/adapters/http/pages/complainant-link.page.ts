// The complainant's own page (behind the private link of the acknowledgement), and the neutral page shown for a
// link that does not open one. Only what the complainant was told or sent (core/case/complainant-link.ts
// decides what that is): no notes, no owner, no staff names. Also the staff page listing a case's links, with the
// button that revokes them.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { CaseLinks } from '../../../app/complainant-link.ts';
import { type ComplainantView, LINK_DAYS_AFTER_CLOSING } from '../../../core/case/complainant-link.ts';
import {
  formatDate,
  formatDateTime,
  missingList,
  type OrganisationDetails,
} from '../../../core/correspondence/compose.ts';
import { arrivalShownAsDay } from '../../../core/intake/arrival.ts';
import { bytes, csrfField, errorSummary, type Html, when, whenText } from './components.ts';

export interface ComplainantPageOptions {
  view: ComplainantView;
  /** The page's own address (the form posts back to it). */
  action: string;
  formToken: string;
  timeZone: string;
  markers: OrganisationDetails['markers'];
  maxFileBytes: number;
  maxFiles: number;
  textMax: number;
  /** A sentence to show at the top of the form (a refusal), or null. */
  error: string | null;
  /** What is wrong with the documents sent (too large, too many, a type not allowed), shown at their field. */
  filesError?: string | null;
  /** What the complainant just sent was received. */
  sent: boolean;
  /** What the complainant typed, given back; on a case no longer open for additions, shown to copy elsewhere. */
  text: string;
}

export function complainantPage(request: FastifyRequest, o: ComplainantPageOptions): Html {
  const { t, lang } = request;
  const v = o.view;
  const day = (value: string) => formatDate(value, lang, o.timeZone);
  // An instant as the texts sent to the complainant write it ("23 November 2026 at 10:00"), in local time.
  const at = (iso: string) => html`<time datetime="${iso}">${formatDateTime(iso, lang, o.timeZone)}</time>`;
  const missing = missingList(lang, v.missing, o.markers, v.step)
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace(/^- /, ''));
  return html`${
    o.sent
      ? html`<div class="flash flash-success" role="status" id="complainant-sent"><p>${t('complainantLink.sent')}</p></div>`
      : ''
  }
    <p class="lead">${t('complainantLink.intro')}</p>
    <section aria-labelledby="cl-status">
      <h2 id="cl-status">${t('complainantLink.statusLabel')}</h2>
      <p id="complainant-status" data-status="${v.status}">${t(`complainantLink.status.${v.status}`)}</p>
    </section>
    <section aria-labelledby="cl-dates">
      <h2 id="cl-dates">${t('complainantLink.datesHeading')}</h2>
      <dl id="complainant-dates">
        <dt>${t('complainantLink.received')}</dt>
        <dd>${arrivalShownAsDay(v.channel, v.receivedAt, o.timeZone) ? html`<time datetime="${v.receivedAt}">${day(v.receivedAt)}</time>` : at(v.receivedAt)}</dd>
        <dt>${t('complainantLink.acknowledged')}</dt>
        <dd>${v.acknowledgedAt ? at(v.acknowledgedAt) : t('complainantLink.notYetAcknowledged')}</dd>
        ${
          v.answerByDate
            ? html`<dt>${t('complainantLink.answerBy')}</dt>
        <dd id="complainant-answer-by"><strong>${day(v.answerByDate)}</strong></dd>`
            : ''
        }
        ${
          v.firstAnswerByDate
            ? html`<dt>${t('complainantLink.firstAnswerBy')}</dt><dd>${day(v.firstAnswerByDate)}</dd>`
            : ''
        }
        ${v.answeredAt ? html`<dt>${t('complainantLink.answered')}</dt><dd>${at(v.answeredAt)}</dd>` : ''}
        ${v.closedAt ? html`<dt>${t('complainantLink.closed')}</dt><dd>${at(v.closedAt)}</dd>` : ''}
      </dl>
      ${
        v.extensions.length
          ? html`<ul id="complainant-extensions">${v.extensions.map(
              (e) =>
                html`<li>${t('complainantLink.extension', {
                  date: day(e.at),
                  start: day(e.windowStart),
                  end: day(e.windowEnd),
                })}</li>`,
            )}</ul>`
          : ''
      }
    </section>
    <section aria-labelledby="cl-missing">
      <h2 id="cl-missing">${t('complainantLink.missingHeading')}</h2>
      ${
        missing.length && v.missingAnsweredAt
          ? html`<p id="complainant-missing">${t('complainantLink.missingAnswered', { date: day(v.missingAnsweredAt) })}</p>`
          : missing.length
            ? html`<p>${t('complainantLink.missingIntro')}</p>
        <ul id="complainant-missing">${missing.map((m) => html`<li>${m}</li>`)}</ul>`
            : html`<p id="complainant-missing">${t('complainantLink.nothingMissing')}</p>`
      }
    </section>
    ${
      v.additions.length
        ? html`<section aria-labelledby="cl-additions">
      <h2 id="cl-additions">${t('complainantLink.additionsHeading')}</h2>
      <ul id="complainant-additions">${v.additions.map(
        (a) =>
          html`<li>${t('complainantLink.addedOn', { date: formatDateTime(a.at, lang, o.timeZone) })}</li>`,
      )}</ul>
    </section>`
        : ''
    }
    <section aria-labelledby="cl-add">
      <h2 id="cl-add">${t('complainantLink.addHeading')}</h2>
      ${
        v.mayAdd
          ? html`<p>${t('complainantLink.addIntro', { size: bytes(lang, o.maxFileBytes), count: o.maxFiles })}</p>
      ${o.error ? html`<div class="flash flash-error" role="alert" id="complainant-error"><p>${o.error}</p></div>` : ''}
      ${o.filesError ? errorSummary(t, 'complainant', { values: {}, errors: { files: o.filesError } }, { files: t('complainantLink.files') }) : ''}
      <form method="post" action="${o.action}" enctype="multipart/form-data" class="stack" id="complainant-add">
        ${csrfField(request)}
        <input type="hidden" name="formToken" value="${o.formToken}">
        <div class="field">
          <label for="complainant-text">${t('complainantLink.text')}</label>
          <textarea id="complainant-text" name="text" rows="6" maxlength="${o.textMax}">${o.text}</textarea>
        </div>
        <div class="field${o.filesError ? ' has-error' : ''}">
          <label for="complainant-files">${t('complainantLink.files')}</label>
          ${o.filesError ? html`<p class="error-text" id="complainant-files-error">${o.filesError}</p>` : ''}
          <input id="complainant-files" name="files" type="file" multiple accept=".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"${o.filesError ? html` aria-describedby="complainant-files-error" aria-invalid="true"` : ''}>
        </div>
        <div class="actions"><button type="submit" class="button primary">${t('complainantLink.send')}</button></div>
      </form>`
          : html`${
              o.error
                ? html`<div class="flash flash-error" role="alert" id="complainant-not-added"><p>${o.error}</p></div>`
                : ''
            }<p>${t('complainantLink.closedNoAdd', { reference: v.reference })}</p>
      ${
        o.text
          ? html`<div class="field">
          <label for="complainant-text-not-sent">${t('complainantLink.textNotSent')}</label>
          <textarea id="complainant-text-not-sent" rows="6" readonly>${o.text}</textarea>
        </div>`
          : ''
      }`
      }
      ${v.linkExpiresAt ? html`<p class="muted">${t('complainantLink.expires', { date: day(v.linkExpiresAt) })}</p>` : ''}
    </section>`;
}

/** The one page for every link that does not open a case (malformed, unknown, revoked, expired): no oracle. */
export function invalidLinkPage(request: FastifyRequest): Html {
  return html`<p id="complainant-invalid">${request.t('complainantLink.invalidText')}</p>`;
}

/** Staff: the links of a case, and the button that revokes those in force. */
export function caseLinksPage(
  request: FastifyRequest,
  o: { caseId: string; links: CaseLinks; timeZone: string; mayRevoke: boolean; now: string },
): Html {
  const { t, lang } = request;
  return html`<p>${t('complainantLink.staff.intro', { days: LINK_DAYS_AFTER_CLOSING })}</p>
    ${
      o.links.links.length
        ? html`<table class="list" id="case-links">
      <caption class="visually-hidden">${t('complainantLink.staff.caseLink')}</caption>
      <thead><tr><th scope="col">${t('complainantLink.staff.issued')}</th><th scope="col">${t('complainantLink.staff.state')}</th></tr></thead>
      <tbody>${o.links.links.map(
        (l) => html`<tr>
        <td>${when(lang, o.timeZone, l.createdAt)}</td>
        <td>${
          l.revokedAt
            ? t('complainantLink.staff.revokedOn', { date: whenText(lang, o.timeZone, l.revokedAt) })
            : l.expiresAt && l.expiresAt < o.now
              ? t('complainantLink.staff.expired')
              : t('complainantLink.staff.active')
        }</td>
      </tr>`,
      )}</tbody>
    </table>`
        : html`<p>${t('complainantLink.staff.none')}</p>`
    }
    ${
      o.mayRevoke && o.links.active > 0
        ? html`<form method="post" action="/cases/${o.caseId}/complainant-link/revoke" class="stack">
      ${csrfField(request)}
      <p class="muted">${t('complainantLink.staff.revokeHelp')}</p>
      <div class="actions"><button type="submit" class="button danger" id="revoke-links">${t('complainantLink.staff.revoke')}</button></div>
    </form>`
        : ''
    }
    <p><a href="/cases/${o.caseId}">${t('complainantLink.staff.back')}</a></p>`;
}
