// On the case page, beside the category: the category the complaint's words suggested at receipt, with those
// words, and a button that confirms it (the ordinary categorise action, so the confirmation is recorded like any
// choice of category) or a link to the form to choose another. Shown until the case has a category.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { CaseState } from '../../../core/case/case.ts';
import { csrfField, type Html } from './components.ts';

export function categorySuggestionNote(
  request: FastifyRequest,
  s: CaseState,
  o: {
    offered: readonly string[];
    canCategorise: boolean;
    /** The case's version the page was made from, so that confirming over a colleague's choice is refused. */
    seen?: number;
  },
): Html {
  const suggestion = s.suggestedCategory;
  if (!suggestion || s.category) return html``;
  const { t } = request;
  const label = t(`staff.categories.${suggestion.category}`);
  const offered = o.offered.includes(suggestion.category);
  return html`<dd class="category-suggestion" id="category-suggestion">
    <p>${t('categorySuggestion.suggested', { category: label })}
      <span class="muted">(${t('categorySuggestion.because', { words: suggestion.words.join(', ') })})</span></p>
    ${
      !offered
        ? html`<p class="muted">${t('categorySuggestion.retired')}</p>`
        : o.canCategorise
          ? html`<form method="post" action="/cases/${s.id}/categorise" class="inline">
              ${csrfField(request)}
              ${o.seen === undefined ? '' : html`<input type="hidden" name="seen" value="${String(o.seen)}">`}
              <input type="hidden" name="category" value="${suggestion.category}">
              <button type="submit" class="small primary">${t('categorySuggestion.confirm', { category: label })}</button>
              <a href="#action-categorise">${t('categorySuggestion.chooseAnother')}</a>
            </form>`
          : ''
    }
  </dd>`;
}
