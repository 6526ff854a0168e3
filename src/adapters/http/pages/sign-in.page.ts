// Signing in, asking for a new password, and choosing a password through an invitation or reset link.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { PASSWORD_MIN_LENGTH } from '../../../core/access/account.ts';
import type { LinkPurpose, User } from '../../db/accounts.repo.ts';
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
    <p><a href="/forgot-password">${t('signIn.forgotLink')}</a></p>`;
}

/** "Forgot your password?": one field, the address. */
export function forgotForm(request: FastifyRequest, state: FormState): Html {
  const { t } = request;
  const labels = { email: t('forgot.email') };
  return html`<p>${t('forgot.intro')}</p>
    ${errorSummary(t, 'forgot', state, labels)}
    <form method="post" action="/forgot-password" class="stack" novalidate>
      ${csrfField(request)}
      ${input({ form: 'forgot', name: 'email', label: labels.email, state, type: 'email', autocomplete: 'username', required: true })}
      <button type="submit" class="primary">${t('forgot.submit')}</button>
    </form>
    <p><a href="/sign-in">${t('forgot.back')}</a></p>`;
}

/** The one answer to a request, whether or not an account has the address (no way to learn who has one). */
export function forgotSent(request: FastifyRequest, email: string): Html {
  const { t } = request;
  return html`<p class="notice" role="status">${t('forgot.sent', { email })}</p>
    <p><a href="/sign-in">${t('forgot.back')}</a></p>`;
}

export function invitationForm(
  request: FastifyRequest,
  user: User,
  token: string,
  state: FormState,
  purpose: LinkPurpose = 'invitation',
): Html {
  const { t } = request;
  const labels = { password: t('invitation.password'), confirm: t('invitation.confirm') };
  const intro =
    purpose === 'reset'
      ? t('reset.intro', { email: user.email })
      : t('invitation.intro', { name: user.name, email: user.email });
  const action = purpose === 'reset' ? `/reset-password/${token}` : `/invitation/${token}`;
  return html`<p>${intro}</p>
    ${errorSummary(t, 'invitation', state, labels)}
    <form method="post" action="${action}" class="stack" novalidate>
      ${csrfField(request)}
      <input type="hidden" name="email" value="${user.email}" autocomplete="username">
      ${input({ form: 'invitation', name: 'password', label: labels.password, state, type: 'password', autocomplete: 'new-password', required: true, hint: t('invitation.passwordHint', { min: PASSWORD_MIN_LENGTH }), value: '' })}
      ${input({ form: 'invitation', name: 'confirm', label: labels.confirm, state, type: 'password', autocomplete: 'new-password', required: true, value: '' })}
      <button type="submit" class="primary">${t('invitation.submit')}</button>
    </form>`;
}
