// Administration of accounts: the list, inviting, one account (role, departments, language; disable, enable,
// new sign-in link, sign out everywhere), and the one-time display of a sign-in link.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { ROLES } from '../../../core/access/roles.ts';
import { LANGUAGES } from '../../../core/case/model.ts';
import type { User } from '../../db/accounts.repo.ts';
import { may } from '../access.ts';
import {
  csrfField,
  emptyState,
  errorSummary,
  type FormState,
  type Html,
  input,
  listTable,
  type PageInfo,
  pagination,
  query,
  select,
  when,
} from './components.ts';

export function usersPage(
  request: FastifyRequest,
  o: { users: User[]; page: PageInfo; timezone: string },
): Html {
  const { t, lang } = request;
  const canEdit = request.principal !== null && may(request.principal.role, 'POST /admin/users');
  return html`<p class="lead">${t('users.intro')}</p>
    ${canEdit ? html`<p><a class="button primary" href="/admin/users/new">${t('users.invite')}</a></p>` : ''}
    ${
      o.users.length === 0
        ? emptyState(t('users.empty'))
        : html`${listTable(
            t('users.title'),
            [t('users.name'), t('users.email'), t('users.role'), t('users.status'), t('users.lastSignIn')],
            o.users.map(
              (u) => html`<tr>
            <td><a href="/admin/users/${u.id}">${u.name}</a></td>
            <td>${u.email}</td>
            <td>${t(`roles.${u.role}`)}${u.departments.length ? html` <span class="muted">(${u.departments.join(', ')})</span>` : ''}</td>
            <td><span class="tag tag-${u.status}">${t(`userStatuses.${u.status}`)}</span>${u.invitationPending ? html` <span class="muted">${t('users.pendingInvitation')}</span>` : ''}</td>
            <td>${u.lastSignInAt ? when(lang, o.timezone, u.lastSignInAt) : html`<span class="muted">${t('users.never')}</span>`}</td>
          </tr>`,
            ),
          )}
    ${pagination(t, lang, o.page, (p) => `/admin/users${query({ page: p > 1 ? p : null })}`)}`
    }`;
}

function accountFields(
  request: FastifyRequest,
  form: string,
  state: FormState,
  withEmail: boolean,
  departments: readonly string[],
): Html {
  const { t } = request;
  // The departments there are, named: a department member is placed only in one of them (manage-users.ts).
  const departmentsHint = departments.length
    ? t('users.departmentsHintKnown', { departments: departments.join(', ') })
    : t('users.departmentsHintNone');
  return html`${withEmail ? input({ form, name: 'email', label: t('users.email'), state, type: 'email', required: true, autocomplete: 'off' }) : ''}
    ${input({ form, name: 'name', label: t('users.name'), state, required: true, maxlength: 120, autocomplete: 'off' })}
    ${select({ form, name: 'role', label: t('users.role'), state, options: ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })) })}
    ${input({ form, name: 'departments', label: t('users.departments'), state, hint: departmentsHint, optionalLabel: t('common.optional'), maxlength: 500 })}
    ${select({ form, name: 'language', label: t('users.language'), state, options: LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) })) })}`;
}

const userLabels = (t: FastifyRequest['t']) => ({
  email: t('users.email'),
  name: t('users.name'),
  role: t('users.role'),
  departments: t('users.departments'),
  language: t('users.language'),
});

export function inviteUserPage(
  request: FastifyRequest,
  state: FormState,
  departments: readonly string[],
): Html {
  const { t } = request;
  return html`<p><a href="/admin/users">${t('common.back')}</a></p>
    ${errorSummary(t, 'invite', state, userLabels(t))}
    <form method="post" action="/admin/users" class="stack" novalidate>
      ${csrfField(request)}
      ${accountFields(request, 'invite', state, true, departments)}
      <button type="submit" class="primary">${t('users.inviteSubmit')}</button>
    </form>`;
}

/**
 * After inviting (or sending a new link): the link went by e-mail, so it is not shown; only when outbound mail is
 * switched off does the administrator see it, to pass on themselves.
 */
export function invitationLinkPage(
  request: FastifyRequest,
  o: { user: User; link: string; until: string; mailed: boolean },
): Html {
  const { t } = request;
  if (o.mailed)
    return html`<p class="notice" role="status">${t('users.invitationSent', { email: o.user.email, until: o.until })}</p>
    <p><a href="/admin/users/${o.user.id}">${t('common.back')}</a></p>`;
  return html`<p>${t('users.invitationMailOff', { name: o.user.name, until: o.until })}</p>
    <p class="notice"><strong>${t('common.copyHint')}</strong></p>
    <p><label for="invitation-link">${t('users.invitationTitle', { email: o.user.email })}</label>
    <input id="invitation-link" class="secret" type="text" readonly value="${o.link}"></p>
    <p><a href="/admin/users/${o.user.id}">${t('common.back')}</a></p>`;
}

export function userPage(
  request: FastifyRequest,
  o: {
    user: User;
    state: FormState;
    timezone: string;
    departments: readonly string[];
    /** Open cases the account owns: said, so that a departing colleague's cases are handed over, not left unseen. */
    openCases?: number;
  },
): Html {
  const { t, lang } = request;
  const u = o.user;
  const owned = o.openCases ?? 0;
  const openCases =
    owned > 0
      ? html`<p class="notice">${
          u.status === 'disabled'
            ? t('users.openCasesDisabled', { count: owned, name: u.name })
            : t('users.openCases', { count: owned, name: u.name })
        }</p>`
      : '';
  const canEdit = request.principal !== null && may(request.principal.role, 'POST /admin/users/:id');
  const details = html`<dl class="facts">
      <dt>${t('users.email')}</dt><dd>${u.email}</dd>
      <dt>${t('users.status')}</dt><dd><span class="tag tag-${u.status}">${t(`userStatuses.${u.status}`)}</span>${u.invitationPending ? html` <span class="muted">${t('users.pendingInvitation')}</span>` : ''}</dd>
      <dt>${t('users.lastSignIn')}</dt><dd>${u.lastSignInAt ? when(lang, o.timezone, u.lastSignInAt) : t('users.never')}</dd>
    </dl>${openCases}`;
  if (!canEdit)
    return html`<p><a href="/admin/users">${t('common.back')}</a></p>${details}
      <dl class="facts">
        <dt>${t('users.name')}</dt><dd>${u.name}</dd>
        <dt>${t('users.role')}</dt><dd>${t(`roles.${u.role}`)}</dd>
        <dt>${t('users.departments')}</dt><dd>${u.departments.join(', ') || '—'}</dd>
        <dt>${t('users.language')}</dt><dd>${t(`languages.${u.language}`)}</dd>
      </dl>`;
  const action = (path: string, label: string, hint: string, tone = '') =>
    html`<form method="post" action="/admin/users/${u.id}/${path}" class="card stack">
      ${csrfField(request)}<p class="hint">${hint}</p><button type="submit"${tone ? html` class="${tone}"` : ''}>${label}</button>
    </form>`;
  return html`<p><a href="/admin/users">${t('common.back')}</a></p>
    ${details}
    ${errorSummary(t, 'user', o.state, userLabels(t))}
    <form method="post" action="/admin/users/${u.id}" class="stack" novalidate>
      ${csrfField(request)}
      ${accountFields(request, 'user', o.state, false, o.departments)}
      <button type="submit" class="primary">${t('common.save')}</button>
    </form>
    <div class="action-grid">
      ${
        u.status === 'disabled'
          ? action('enable', t('users.enable'), '')
          : action('disable', t('users.disable'), t('users.disableHint'), 'danger')
      }
      ${u.status !== 'disabled' ? action('invitation', t('users.sendInvitation'), t('users.sendInvitationHint')) : ''}
      ${u.status === 'active' ? action('sign-out', t('users.signOutUser'), t('users.signOutUserHint')) : ''}
    </div>`;
}
