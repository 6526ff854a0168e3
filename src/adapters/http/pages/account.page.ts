// One's own account: details, language, password, and where one is signed in.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { PASSWORD_MIN_LENGTH } from '../../../core/access/account.ts';
import type { Session, User } from '../../db/accounts.repo.ts';
import { csrfField, errorSummary, type FormState, type Html, input, when } from './components.ts';

export function accountPage(
  request: FastifyRequest,
  o: { user: User; current: Session; sessions: Session[]; timezone: string; password: FormState },
): Html {
  const { t, lang } = request;
  const u = o.user;
  const labels = { current: t('account.current'), next: t('account.next'), confirm: t('account.confirm') };
  return html`<section aria-labelledby="details-title">
      <h2 id="details-title">${t('account.details')}</h2>
      <dl class="facts">
        <dt>${t('account.name')}</dt><dd>${u.name}</dd>
        <dt>${t('account.email')}</dt><dd>${u.email}</dd>
        <dt>${t('account.role')}</dt><dd>${t(`roles.${u.role}`)}</dd>
        ${u.departments.length ? html`<dt>${t('account.departments')}</dt><dd>${u.departments.join(', ')}</dd>` : ''}
        <dt>${t('account.language')}</dt><dd>${t(`languages.${u.language}`)}</dd>
      </dl>
    </section>
    <section aria-labelledby="password-title">
      <h2 id="password-title">${t('account.passwordTitle')}</h2>
      ${errorSummary(t, 'password', o.password, labels)}
      <form method="post" action="/account/password" class="stack" novalidate>
        ${csrfField(request)}
        <input type="hidden" name="email" value="${u.email}" autocomplete="username">
        ${input({ form: 'password', name: 'current', label: labels.current, state: o.password, type: 'password', autocomplete: 'current-password', required: true, value: '' })}
        ${input({ form: 'password', name: 'next', label: labels.next, state: o.password, type: 'password', autocomplete: 'new-password', required: true, hint: t('account.nextHint', { min: PASSWORD_MIN_LENGTH }), value: '' })}
        ${input({ form: 'password', name: 'confirm', label: labels.confirm, state: o.password, type: 'password', autocomplete: 'new-password', required: true, value: '' })}
        <button type="submit">${t('account.changePassword')}</button>
      </form>
    </section>
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">${t('account.sessionsTitle')}</h2>
      <table>
        <thead><tr>
          <th scope="col">${t('account.sessionStarted')}</th>
          <th scope="col">${t('account.sessionLastSeen')}</th>
          <th scope="col">${t('account.sessionAddress')}</th>
          <th scope="col">${t('account.sessionDevice')}</th>
        </tr></thead>
        <tbody>
          ${o.sessions.map(
            (s) => html`<tr>
              <td>${when(lang, o.timezone, s.createdAt)}${s.id === o.current.id ? html` <strong>(${t('account.thisSession')})</strong>` : ''}</td>
              <td>${when(lang, o.timezone, s.lastSeenAt)}</td>
              <td>${s.address ?? '—'}</td>
              <td class="clip">${s.userAgent ?? '—'}</td>
            </tr>`,
          )}
        </tbody>
      </table>
      <form method="post" action="/account/sign-out-everywhere" class="stack">
        ${csrfField(request)}
        <p class="hint">${t('account.signOutEverywhereHint')}</p>
        <button type="submit" class="danger">${t('account.signOutEverywhere')}</button>
      </form>
    </section>`;
}
