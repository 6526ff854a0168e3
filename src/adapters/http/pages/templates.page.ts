// Outbound texts: the list of templates per kind and language, and the editor of one: a new version on
// every save (all versions kept), a preview with a real case, and a test send to oneself.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { TemplateVersion } from '../../../app/manage-templates.ts';
import { LANGUAGES, type Language } from '../../../core/case/model.ts';
import type { TemplateProblem } from '../../../core/correspondence/template-check.ts';
import {
  TEMPLATE_KINDS,
  TEMPLATE_VARIABLES,
  type TemplateKind,
} from '../../../core/correspondence/template-kinds.ts';
import { may } from '../access.ts';
import { csrfField, errorSummary, type FormState, type Html, input, textarea, when } from './components.ts';
import { actorLabel } from './staff-components.ts';

/** A problem of a draft in the reader's language where there is a sentence for it (a part the procedure requires). */
export function problemText(t: FastifyRequest['t'], p: TemplateProblem): string {
  return p.missing
    ? t(`templates.required.${p.missing.what}`, { rule: p.missing.rule, ...p.missing.params })
    : p.message;
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

export interface TemplateEditorOptions {
  kind: TemplateKind;
  language: Language;
  state: FormState;
  versions: TemplateVersion[];
  activeVersion: number | null;
  preview: { subject: string; text: string; problems: TemplateProblem[] } | null;
  timezone: string;
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
      o.preview
        ? html`<section aria-labelledby="preview-title" class="preview">
      <h2 id="preview-title">${t('templates.previewTitle')}</h2>
      ${
        o.preview.problems.length
          ? html`<div class="error-summary" role="alert"><p>${t('templates.problems')}</p><ul>${o.preview.problems.map(
              (p) => html`<li>${t(`templates.${p.field}`)}: ${problemText(t, p)}</li>`,
            )}</ul></div>`
          : ''
      }
      <p><strong>${o.preview.subject}</strong></p>
      <pre class="mail-text">${o.preview.text}</pre>
    </section>`
        : ''
    }
    ${
      canEdit
        ? html`<section aria-labelledby="edit-title">
      <h2 id="edit-title">${t('templates.editTitle')}</h2>
      ${errorSummary(t, 'template', o.state, labels)}
      <form method="post" action="${base}" class="stack" novalidate>
        ${csrfField(request)}
        ${input({ form: 'template', name: 'subject', label: labels.subject, state: o.state, required: true, maxlength: 500 })}
        ${textarea({ form: 'template', name: 'body', label: labels.body, state: o.state, rows: 24, maxlength: 20000, required: true })}
        ${input({ form: 'template', name: 'note', label: labels.note, state: o.state, hint: t('templates.noteHint'), maxlength: 200, optionalLabel: t('common.optional') })}
        ${input({ form: 'template', name: 'caseReference', label: labels.caseReference, state: o.state, hint: t('templates.previewCaseHint'), maxlength: 40, optionalLabel: t('common.optional') })}
        <p class="actions">
          ${canPreview ? html`<button type="submit" formaction="${base}/preview" class="secondary">${t('templates.preview')}</button>` : ''}
          ${canTest ? html`<button type="submit" formaction="${base}/test" class="secondary">${t('templates.testSend')}</button>` : ''}
          <button type="submit" class="primary">${t('templates.save')}</button>
        </p>
      </form>
      <h3>${t('templates.variables')}</h3>
      <p>${TEMPLATE_VARIABLES[o.kind].map((v) => html`<code>{{${v}}}</code> `)}</p>
      <p class="hint">${t('templates.syntax')}</p>
    </section>`
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
