// The category catalogue in the administration: one group of fields per category (its key, a label and keywords
// in each language, offered or retired), then an empty group to add one, then a box to try the suggestion on a
// text. Keys of saved categories are shown, not editable: they are on cases and in exports. Auditors read the same
// page without controls.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { CATEGORY_LIMITS, type Category } from '../../../core/case/categories.ts';
import type { CategorySuggestion } from '../../../core/case/category-suggestion.ts';
import { LANGUAGES } from '../../../core/case/model.ts';
import { canEditSettings } from './admin.page.ts';
import { csrfField, errorSummary, type FormState, type Html, input, select, textarea } from './components.ts';

type T = FastifyRequest['t'];

/** The form's values for a catalogue: row i holds the i-th category. */
export function categoryFormValues(catalogue: readonly Category[]): Record<string, string> {
  const values: Record<string, string> = {};
  catalogue.forEach((c, i) => {
    values[`key-${i}`] = c.key;
    values[`state-${i}`] = c.retired ? 'retired' : 'offered';
    for (const lang of LANGUAGES) {
      values[`label_${lang}-${i}`] = c.labels[lang];
      values[`keywords_${lang}-${i}`] = (c.keywords[lang] ?? []).join(', ');
    }
  });
  return values;
}

/** The name of every field, for the error summary at the top. */
export function categoryFieldLabels(t: T, rows: number): Record<string, string> {
  const out: Record<string, string> = { _: t('admin.sections.categories') };
  for (let i = 0; i < rows; i++) {
    const row = t('admin.row', { n: i + 1 });
    out[`key-${i}`] = `${t('categoryAdmin.key')} (${row})`;
    out[`state-${i}`] = `${t('categoryAdmin.state')} (${row})`;
    for (const lang of LANGUAGES) {
      const l = t(`categoryAdmin.languages.${lang}`);
      out[`label_${lang}-${i}`] = `${t('categoryAdmin.label', { lang: l })} (${row})`;
      out[`keywords_${lang}-${i}`] = `${t('categoryAdmin.keywords', { lang: l })} (${row})`;
    }
  }
  return out;
}

export function categoriesPage(
  request: FastifyRequest,
  o: {
    state: FormState;
    /** How many saved categories the form shows (the rows after them are new ones). */
    saved: number;
    rows: number;
    trial: { text: string; suggestion: CategorySuggestion | null; label: string | null } | null;
  },
): Html {
  const { t } = request;
  const f = 'categories';
  const readOnly = !canEditSettings(request);
  const { state } = o;
  const group = (i: number) => {
    const isNew = i >= o.saved;
    const key = state.values[`key-${i}`] ?? '';
    const title = isNew
      ? t('categoryAdmin.newTitle')
      : `${state.values[`label_${request.lang}-${i}`] || key} (${key})`;
    return html`<fieldset class="card stack category" id="category-${i}">
      <legend>${title}</legend>
      ${isNew ? html`<p class="hint">${t('categoryAdmin.newHint')}</p>` : ''}
      ${
        isNew
          ? input({
              form: f,
              readOnly,
              name: `key-${i}`,
              label: t('categoryAdmin.key'),
              hint: t('categoryAdmin.keyHint'),
              state,
              maxlength: 60,
              autocomplete: 'off',
            })
          : html`<input type="hidden" name="key-${i}" value="${key}"><p><strong>${t('categoryAdmin.key')}</strong>: <code>${key}</code></p>`
      }
      ${LANGUAGES.map((lang) => {
        const l = t(`categoryAdmin.languages.${lang}`);
        return html`${input({ form: f, readOnly, name: `label_${lang}-${i}`, label: t('categoryAdmin.label', { lang: l }), state, maxlength: CATEGORY_LIMITS.labelLength })}
          ${textarea({ form: f, readOnly, name: `keywords_${lang}-${i}`, label: t('categoryAdmin.keywords', { lang: l }), hint: lang === LANGUAGES[0] ? t('categoryAdmin.keywordsHint') : undefined, state, rows: 2, maxlength: 4000 })}`;
      })}
      ${select({
        form: f,
        readOnly,
        name: `state-${i}`,
        label: t('categoryAdmin.state'),
        state,
        options: [
          { value: 'offered', label: t('categoryAdmin.offered') },
          { value: 'retired', label: t('categoryAdmin.retired') },
        ],
      })}
    </fieldset>`;
  };
  const rows = Array.from({ length: o.rows }, (_, i) => i).filter((i) => !readOnly || i < o.saved);
  const body = html`${state.errors._ ? html`<p class="error-text" id="categories-_-error">${state.errors._}</p>` : ''}
    ${rows.map(group)}`;
  return html`<p><a href="/admin">${t('admin.backToOverview')}</a></p>
    <p class="lead">${t('categoryAdmin.intro')}</p>
    ${errorSummary(t, f, state, categoryFieldLabels(t, o.rows))}
    ${
      readOnly
        ? html`<div class="stack" id="categories-form">${body}<p class="muted">${t('admin.readOnly')}</p></div>`
        : html`<form method="post" action="/admin/categories" class="stack" id="categories-form" novalidate>
          ${csrfField(request)}
          ${body}
          <button type="submit" class="primary" name="intent" value="save">${t('common.save')}</button>
        </form>`
    }
    <section class="card" aria-labelledby="category-trial-title">
      <h2 id="category-trial-title">${t('categoryAdmin.trialTitle')}</h2>
      <form method="get" action="/admin/categories" class="stack">
        ${textarea({ form: 'trial', name: 'try', label: t('categoryAdmin.trialLabel'), hint: t('categoryAdmin.trialHint'), state: { values: { try: o.trial?.text ?? '' }, errors: {} }, rows: 3, maxlength: 2000 })}
        <button type="submit">${t('categoryAdmin.trialButton')}</button>
      </form>
      ${
        o.trial
          ? html`<p role="status" id="category-trial-result">${
              o.trial.suggestion
                ? t('categoryAdmin.trialSuggests', {
                    category: o.trial.label,
                    words: o.trial.suggestion.words.join(', '),
                  })
                : t('categoryAdmin.trialNone')
            }</p>`
          : ''
      }
    </section>`;
}
