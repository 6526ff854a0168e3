// Signing in, and choosing a password through an invitation link.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { PASSWORD_MIN_LENGTH } from '../../../core/access/account.ts';
import type { User } from '../../db/accounts.repo.ts';
import { csrfField, errorSummary, type FormState, type Html, input } from './components.ts';

export function signInForm(request: FastifyRequest, state: FormState, next: string): Html {
  const { t } = request;
  const labels = { email: t('signIn.email'), password: t('signIn.password') };
  return html`<p>${t('signIn.intro')}</p>
    ${errorSummary(t, 'sign-in', state, labels)}
    <form method="post" action="/sign-in" class="stack" novalidate>
      ${csrfField(request)}
      <input type="hidden" name="next" value="${next}">
      ${input({ form: 'sign-in', name: 'email', label: labels.email, state, type: 'email', autocomplete: 'username', required: true })}
      ${input({ form: 'sign-in', name: 'password', label: labels.password, state, type: 'password', autocomplete: 'current-password', required: true, value: '' })}
      <button type="submit" class="primary">${t('signIn.submit')}</button>
    </form>
    <p class="muted">${t('signIn.forgot')}</p>`;
}

export function invitationForm(request: FastifyRequest, user: User, token: string, state: FormState): Html {
  const { t } = request;
  const labels = { password: t('invitation.password'), confirm: t('invitation.confirm') };
  return html`<p>${t('invitation.intro', { name: user.name, email: user.email })}</p>
    ${errorSummary(t, 'invitation', state, labels)}
    <form method="post" action="/invitation/${token}" class="stack" novalidate>
      ${csrfField(request)}
      <input type="hidden" name="email" value="${user.email}" autocomplete="username">
      ${input({ form: 'invitation', name: 'password', label: labels.password, state, type: 'password', autocomplete: 'new-password', required: true, hint: t('invitation.passwordHint', { min: PASSWORD_MIN_LENGTH }), value: '' })}
      ${input({ form: 'invitation', name: 'confirm', label: labels.confirm, state, type: 'password', autocomplete: 'new-password', required: true, value: '' })}
      <button type="submit" class="primary">${t('invitation.submit')}</button>
    </form>`;
}
