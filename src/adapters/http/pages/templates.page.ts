// Outbound texts: the list of templates per kind and language, and the editor of one: a new version on
// every save (all versions kept), the variables of its kind inserted by a click where the cursor is
// (assets/template-editor.js), a preview beside it rendered by the server (with a real case for whom may read it,
// else a made-up one) and refreshed as one types (htmx posts the draft to the preview route and swaps the preview
// in), the parts the procedure requires checked on every refresh, and a test send to oneself.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { TemplateVersion } from '../../../app/manage-templates.ts';
import { LANGUAGES, type Language } from '../../../core/case/model.ts';
import { type TemplateProblem, templateFieldIssue } from '../../../core/correspondence/template-check.ts';
import {
  TEMPLATE_KINDS,
  TEMPLATE_VARIABLES,
  type TemplateKind,
} from '../../../core/correspondence/template-kinds.ts';
import { may } from '../access.ts';
import { fieldIssueText } from '../errors.ts';
import { csrfField, errorSummary, type FormState, type Html, input, textarea, when } from './components.ts';
import { actorLabel } from './staff-components.ts';

/** A problem of a draft in the reader's language, as a refusal to save it says it (errors.ts). */
export function problemText(t: FastifyRequest['t'], p: TemplateProblem): string {
  return fieldIssueText(t, templateFieldIssue(p));
}

export interface TemplatesListOptions {
  /** The version in use per kind and language; null: the built-in text. */
  active: Record<string, number | null>;
}

export function templatesListPage(request: FastifyRequest, o: TemplatesListOptions): Html {
  const { t } = request;
  return html`<p class="lead">${t('templates.intro')}</p>
    <table class="list">
      <caption class="visually-hidden">${t('templates.title')}</caption>
      <thead><tr>
        <th scope="col">${t('templates.kind')}</th>
        ${LANGUAGES.map((l) => html`<th scope="col">${t(`languages.${l}`)}</th>`)}
      </tr></thead>
      <tbody>
        ${TEMPLATE_KINDS.map(
          (kind) => html`<tr>
            <th scope="row">${t(`templates.kinds.${kind}`)}</th>
            ${LANGUAGES.map((l) => {
              const v = o.active[`${kind}/${l}`] ?? null;
              return html`<td><a href="/admin/templates/${kind}/${l}">${
                v === null ? t('templates.builtIn') : t('templates.version', { version: v })
              }</a></td>`;
            })}
          </tr>`,
        )}
      </tbody>
    </table>`;
}

export interface TemplatePreview {
  /** The draft rendered with a case; null when there is no case to render it with. */
  rendered: { subject: string; text: string } | null;
  /** Rendered with the made-up sample case: the reader may not read the case asked for (or reads no case). */
  sample: boolean;
  /** What the core's template check finds in the draft (template-check.ts). */
  problems: TemplateProblem[];
}

export interface TemplateEditorOptions {
  kind: TemplateKind;
  language: Language;
  state: FormState;
  versions: TemplateVersion[];
  activeVersion: number | null;
  preview: TemplatePreview | null;
  timezone: string;
}

export const PREVIEW_ID = 'template-preview';

/** The preview and the check of the draft: what htmx swaps in as one types. */
export function templatePreview(request: FastifyRequest, preview: TemplatePreview | null): Html {
  const { t } = request;
  return html`<section id="${PREVIEW_ID}" class="template-preview" aria-labelledby="preview-title" aria-live="polite">
      <h2 id="preview-title">${t('work.editor.previewTitle')}</h2>
      ${
        preview === null
          ? html`<p class="hint">${t('work.editor.previewHint')}</p>`
          : html`<h3>${t('work.editor.checksTitle')}</h3>
      ${
        preview.problems.length
          ? html`<div class="error-summary template-problems"><p>${t('templates.problems')}</p><ul>${preview.problems.map(
              (p) => html`<li>${t(`templates.${p.field}`)}: ${problemText(t, p)}</li>`,
            )}</ul></div>`
          : html`<p class="template-ok">${t('work.editor.allPresent')}</p>`
      }
      ${
        preview.rendered
          ? html`${preview.sample ? html`<p class="hint preview-sample">${t('templates.previewSample')}</p>` : ''}<div class="mail-preview"><p class="mail-subject"><strong>${preview.rendered.subject}</strong></p>
      <pre class="mail-text">${preview.rendered.text}</pre></div>`
          : html`<p class="muted">${t('work.editor.previewNoCase')}</p>`
      }`
      }
    </section>`;
}

/** The variables of a kind as buttons; the script puts the one chosen at the cursor. */
function variableList(request: FastifyRequest, kind: TemplateKind): Html {
  const { t } = request;
  return html`<section class="template-variables" aria-labelledby="variables-title">
      <h2 id="variables-title">${t('work.editor.variablesTitle')}</h2>
      <p class="hint" id="variables-hint">${t('work.editor.variablesHint')}</p>
      <ul class="variable-list">${TEMPLATE_VARIABLES[kind].map(
        (v) =>
          html`<li><button type="button" class="variable" data-insert="{{${v}}}" aria-label="${t('work.editor.insert', { name: v })}" aria-describedby="variables-hint"><code>{{${v}}}</code></button></li>`,
      )}</ul>
      <p class="hint">${t('templates.syntax')}</p>
    </section>`;
}

export function templateEditorPage(request: FastifyRequest, o: TemplateEditorOptions): Html {
  const { t, lang } = request;
  const role = request.principal?.role ?? null;
  // Read-only roles (the auditor) read the text; they are offered no field to type in and no button that
  // would be refused.
  const canEdit = may(role, 'POST /admin/templates/:kind/:language');
  const canPreview = may(role, 'POST /admin/templates/:kind/:language/preview');
  const canTest = may(role, 'POST /admin/templates/:kind/:language/test');
  const base = `/admin/templates/${o.kind}/${o.language}`;
  const labels = {
    subject: t('templates.subject'),
    body: t('templates.body'),
    note: t('templates.note'),
    caseReference: t('templates.previewCase'),
  };
  return html`<p><a href="/admin/templates">${t('templates.back')}</a></p>
    <p class="lead">${
      o.activeVersion === null
        ? t('templates.usingBuiltIn')
        : t('templates.usingVersion', { version: o.activeVersion })
    }</p>
    ${
      canEdit
        ? html`<div class="template-editor">
      <section aria-labelledby="edit-title" class="template-edit">
      <h2 id="edit-title">${t('templates.editTitle')}</h2>
      ${errorSummary(t, 'template', o.state, labels)}
      <form method="post" action="${base}" class="stack template-form" novalidate>
        ${csrfField(request)}
        <input type="hidden" name="basedOn" value="${String(o.activeVersion ?? 0)}">
        <div class="editor-fields" data-variable-targets${
          canPreview
            ? html` hx-post="${base}/preview" hx-trigger="input delay:700ms" hx-target="#${PREVIEW_ID}" hx-swap="outerHTML" hx-include="closest form" hx-sync="this:replace"`
            : ''
        }>
        ${input({ form: 'template', name: 'subject', label: labels.subject, state: o.state, required: true, maxlength: 500 })}
        ${textarea({ form: 'template', name: 'body', label: labels.body, state: o.state, rows: 24, maxlength: 20000, required: true })}
        </div>
        ${input({ form: 'template', name: 'note', label: labels.note, state: o.state, hint: t('templates.noteHint'), maxlength: 200, optionalLabel: t('common.optional') })}
        ${input({ form: 'template', name: 'caseReference', label: labels.caseReference, state: o.state, hint: t('templates.previewCaseHint'), maxlength: 40, optionalLabel: t('common.optional') })}
        <p class="actions">
          ${canPreview ? html`<button type="submit" formaction="${base}/preview" class="secondary">${t('work.editor.updatePreview')}</button>` : ''}
          ${canTest ? html`<button type="submit" formaction="${base}/test" class="secondary">${t('templates.testSend')}</button>` : ''}
          <button type="submit" class="primary">${t('templates.save')}</button>
        </p>
      </form>
      </section>
      <div class="template-side">
        ${variableList(request, o.kind)}
        ${canPreview ? templatePreview(request, o.preview) : ''}
      </div>
    </div>`
        : html`<section aria-labelledby="text-title">
      <h2 id="text-title">${t('templates.textTitle')}</h2>
      <p><strong>${o.state.values.subject ?? ''}</strong></p>
      <pre class="mail-text">${o.state.values.body ?? ''}</pre>
      <p class="muted">${t('admin.readOnly')}</p>
    </section>`
    }
    <section aria-labelledby="versions-title">
      <h2 id="versions-title">${t('templates.versions')}</h2>
      ${
        o.versions.length === 0
          ? html`<p class="muted">${t('templates.noVersions')}</p>`
          : html`<table class="list"><thead><tr>
          <th scope="col">${t('templates.versionColumn')}</th>
          <th scope="col">${t('templates.savedAt')}</th>
          <th scope="col">${t('templates.savedBy')}</th>
          <th scope="col">${t('templates.note')}</th>
          <th scope="col"></th>
        </tr></thead><tbody>
          ${o.versions.map(
            (v) => html`<tr>
              <td>${v.version}</td>
              <td>${when(lang, o.timezone, v.createdAt)}</td>
              <td>${v.createdByName ?? actorLabel(t, new Map(), v.createdBy)}</td>
              <td>${v.note ?? ''}</td>
              <td><a href="${base}?from=${v.version}">${t(canEdit ? 'templates.useThis' : 'templates.readThis')}</a></td>
            </tr>`,
          )}
          <tr><td>0</td><td colspan="3">${t('templates.builtIn')}</td><td><a href="${base}?from=0">${t(canEdit ? 'templates.useThis' : 'templates.readThis')}</a></td></tr>
        </tbody></table>`
      }
    </section>`;
}
