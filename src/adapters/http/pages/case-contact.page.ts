// On the case page: the language the case is written in, with the form to change it (for this case, and for the
// complainant's future cases), and, when the complainant has no address to answer, the form to add one: the
// complaint waits "to address" until then (src/core/case/reachability.ts).
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { CaseState } from '../../../core/case/case.ts';
import type { ComplainantState } from '../../../core/case/complainant.ts';
import { LANGUAGES } from '../../../core/case/model.ts';
import { waitsForAddress } from '../../../core/case/reachability.ts';
import { csrfField, type Html } from './components.ts';

export function caseContactSection(
  request: FastifyRequest,
  s: CaseState,
  complainant: ComplainantState | null,
  canAct: boolean,
): Html {
  if (!canAct || s.mergedInto) return html``;
  const { t } = request;
  const address = {
    email: complainant?.details.email ?? null,
    unreachableByEmail: complainant?.unreachableByEmail ?? false,
    postalAddress: complainant?.details.postalAddress ?? null,
  };
  const waits = waitsForAddress({ ...s, lettersToPost: s.lettersToPost.length }, address);
  const lacksEmail = !address.email?.trim();
  const lacksPostal = !(address.postalAddress ?? []).some((l) => !!l?.trim());
  return html`<section aria-labelledby="contact-title" class="card case-contact">
    <h2 id="contact-title">${t('staff.contact.title')}</h2>
    ${waits ? html`<p class="notice">${t('staff.contact.waits')}</p>` : ''}
    ${
      // The address the record lacks, e-mail or postal (one on record is not replaced here): where a letter gave
      // one, staff who judge the letter to be the person's add it (letter-contact.ts: a letter never writes it).
      lacksEmail || lacksPostal
        ? html`<form method="post" action="/cases/${s.id}/address" class="stack" novalidate>
      ${csrfField(request)}
      ${
        lacksEmail
          ? html`<div class="field"><label for="contact-email">${t('staff.contact.email')}</label>
        <input id="contact-email" name="email" type="email" maxlength="254" autocomplete="off"></div>`
          : ''
      }
      ${
        lacksPostal
          ? html`<div class="field"><label for="contact-postal">${t('staff.contact.postalAddress')}</label>
        <p class="hint" id="contact-postal-hint">${t('staff.contact.postalHint')}</p>
        <textarea id="contact-postal" name="postalAddress" rows="4" maxlength="1000" aria-describedby="contact-postal-hint"></textarea></div>`
          : ''
      }
      <button type="submit">${waits ? t('staff.contact.addAndAcknowledge') : t('staff.contact.add')}</button>
    </form>`
        : ''
    }
    <form method="post" action="/cases/${s.id}/language" class="stack" novalidate>
      ${csrfField(request)}
      <div class="field"><label for="contact-language">${t('staff.contact.language')}</label>
        <p class="hint" id="contact-language-hint">${t('staff.contact.languageHint')}</p>
        <select id="contact-language" name="language" aria-describedby="contact-language-hint">${LANGUAGES.map(
          (l) =>
            html`<option value="${l}"${l === s.language ? html` selected` : ''}>${t(`languages.${l}`)}</option>`,
        )}</select></div>
      <p><label><input type="checkbox" name="forComplainant" value="yes" checked> ${t('staff.contact.forComplainant')}</label></p>
      <button type="submit">${t('staff.contact.changeLanguage')}</button>
    </form>
  </section>`;
}
