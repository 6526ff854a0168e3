// Saved snippets for free replies (administration): the list by language, a form to add or change one, and
// retiring. A retired snippet stays listed, greyed, so the audit log's entries still point at something.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { SnippetRow } from '../../../app/manage-snippets.ts';
import { LANGUAGES } from '../../../core/case/model.ts';
import { may } from '../access.ts';
import {
  csrfField,
  emptyState,
  errorSummary,
  type FormState,
  type Html,
  input,
  listTable,
  select,
  textarea,
  when,
} from './components.ts';

/** A snippet's budget: a title to pick it by, and a paragraph or a few (a reply is at most 20,000 characters). */
export const SNIPPET_LIMITS = { title: 100, body: 5000 } as const;

export function snippetsPage(request: FastifyRequest, o: { snippets: SnippetRow[]; timezone: string }): Html {
  const { t, lang } = request;
  const canEdit = may(request.principal?.role ?? null, 'POST /admin/snippets');
  return html`<p class="lead">${t('replies.snippets.intro')}</p>
    ${canEdit ? html`<p><a class="button primary" href="/admin/snippets/new">${t('replies.snippets.add')}</a></p>` : ''}
    ${
      o.snippets.length === 0
        ? emptyState(t('replies.snippets.empty'))
        : listTable(
            t('replies.snippets.title'),
            [
              t('replies.snippets.titleField'),
              t('replies.snippets.language'),
              t('replies.snippets.updated'),
              t('replies.snippets.state'),
            ],
            o.snippets.map(
              (s) => html`<tr${s.retiredAt ? html` class="muted"` : ''}>
            <td><a href="/admin/snippets/${s.id}">${s.title}</a><br><span class="muted snippet-excerpt">${s.body.slice(0, 120)}${s.body.length > 120 ? '…' : ''}</span></td>
            <td>${t(`languages.${s.language}`)}</td>
            <td>${when(lang, o.timezone, s.updatedAt)}</td>
            <td>${
              s.retiredAt
                ? html`<span class="tag tag-disabled">${t('replies.snippets.retired')}</span>`
                : canEdit
                  ? html`<form method="post" action="/admin/snippets/${s.id}/retire" class="inline">${csrfField(request)}<span class="tag tag-active">${t('replies.snippets.inUse')}</span>
                <button type="submit" class="danger small" aria-label="${t('replies.snippets.retire')}: ${s.title}">${t('replies.snippets.retire')}</button></form>`
                  : html`<span class="tag tag-active">${t('replies.snippets.inUse')}</span>`
            }</td>
          </tr>`,
            ),
          )
    }
    <p><a href="/admin">${t('admin.backToOverview')}</a></p>`;
}

export function snippetFormPage(
  request: FastifyRequest,
  o: {
    existing: SnippetRow | null;
    state: FormState;
    timezone: string;
    /** The existing snippet as the page shows it (manage-snippets.ts snippetRevision). */
    seen?: string | null;
  },
): Html {
  const { t, lang } = request;
  const canEdit = may(request.principal?.role ?? null, 'POST /admin/snippets') && !o.existing?.retiredAt;
  const labels = {
    language: t('replies.snippets.language'),
    title: t('replies.snippets.titleField'),
    body: t('replies.snippets.body'),
  };
  const action = o.existing ? `/admin/snippets/${o.existing.id}` : '/admin/snippets';
  const readOnly = !canEdit;
  return html`${
    o.existing
      ? html`<p class="muted">${t('replies.snippets.lastChanged')} ${when(lang, o.timezone, o.existing.updatedAt)}${
          o.existing.retiredAt
            ? html` · <span class="tag tag-disabled">${t('replies.snippets.retired')}</span>`
            : ''
        }</p>`
      : html`<p class="lead">${t('replies.snippets.intro')}</p>`
  }
    ${errorSummary(t, 'snippet', o.state, labels)}
    <form method="post" action="${action}" class="stack" novalidate>
      ${csrfField(request)}
      ${
        // The snippet as shown now: a save is refused if a colleague changed it after this page was made. A page
        // made to say so carries the snippet as it now is, so that saving again replaces it knowingly.
        o.seen ? html`<input type="hidden" name="seen" value="${o.seen}">` : ''
      }
      ${select({ form: 'snippet', name: 'language', label: labels.language, state: o.state, readOnly, options: LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) })) })}
      ${input({ form: 'snippet', name: 'title', label: labels.title, state: o.state, required: true, maxlength: SNIPPET_LIMITS.title, hint: t('replies.snippets.titleHint'), readOnly })}
      ${textarea({ form: 'snippet', name: 'body', label: labels.body, state: o.state, required: true, maxlength: SNIPPET_LIMITS.body, rows: 8, hint: t('replies.snippets.bodyHint'), readOnly })}
      ${canEdit ? html`<button type="submit" class="primary">${t('replies.snippets.save')}</button>` : ''}
    </form>
    <p><a href="/admin/snippets">${t('replies.snippets.back')}</a></p>`;
}
