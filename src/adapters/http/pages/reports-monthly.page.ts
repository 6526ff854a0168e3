// The administration of the monthly report to management: switched on or off, and the addresses it goes to (one
// per line). Saved as the `monthlyReport` setting, checked and audited like every setting (src/app/settings.ts).
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { csrfField, type FormState, type Html, textarea } from './components.ts';

export interface MonthlyReportAdminOptions {
  enabled: boolean;
  state: FormState;
  /** Administrators change it; an auditor reads it. */
  mayChange: boolean;
}

export function monthlyReportAdminPage(request: FastifyRequest, o: MonthlyReportAdminOptions): Html {
  const { t } = request;
  // Someone who may only read it (an auditor) sees the setting as text: no form, not even a disabled one.
  if (!o.mayChange) {
    const recipients = (o.state.values.recipients ?? '').split('\n').filter((line) => line.trim() !== '');
    return html`<div class="narrow">
      <p>${t('reports.monthlyAdmin.intro')}</p>
      <dl>
        <dt>${t('reports.monthlyAdmin.enabled')}</dt><dd>${t(o.enabled ? 'common.yes' : 'common.no')}</dd>
        <dt>${t('reports.monthlyAdmin.recipients')}</dt>
        <dd>${recipients.length ? html`<ul>${recipients.map((r) => html`<li>${r}</li>`)}</ul>` : t('common.none')}</dd>
      </dl>
    </div>`;
  }
  const errors = Object.values(o.state.errors);
  return html`<div class="narrow">
    <p>${t('reports.monthlyAdmin.intro')}</p>
    ${
      errors.length
        ? html`<div class="error-summary" role="alert" tabindex="-1"><p>${o.state.message ?? ''}</p>
        <ul>${errors.map((e) => html`<li>${e}</li>`)}</ul></div>`
        : ''
    }
    <form method="post" action="/admin/monthly-report" novalidate>
      ${csrfField(request)}
      <div class="field">
        <label class="check"><input type="checkbox" name="enabled" value="yes"${o.enabled ? html` checked` : ''}> ${t('reports.monthlyAdmin.enabled')}</label>
      </div>
      ${textarea({
        form: 'monthly',
        name: 'recipients',
        label: t('reports.monthlyAdmin.recipients'),
        hint: t('reports.monthlyAdmin.recipientsHint'),
        state: o.state,
        rows: 4,
        maxlength: 2000,
      })}
      <button type="submit">${t('reports.monthlyAdmin.save')}</button>
    </form>
  </div>`;
}
