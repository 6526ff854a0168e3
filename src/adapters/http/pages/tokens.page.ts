// API tokens: the list, creating one (its secret shown once), revoking.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { ROLES } from '../../../core/access/roles.ts';
import type { ApiToken } from '../../db/accounts.repo.ts';
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
import { actorLabel } from './staff-components.ts';

export interface TokensPageOptions {
  tokens: (ApiToken & { createdByName: string | null })[];
  page: PageInfo;
  timezone: string;
  state: FormState;
  /** A token just created: its secret, shown this once. */
  created: { name: string; secret: string } | null;
  now: string;
}

export function tokensPage(request: FastifyRequest, o: TokensPageOptions): Html {
  const { t, lang } = request;
  const canEdit = request.principal !== null && may(request.principal.role, 'POST /admin/tokens');
  const labels = { name: t('tokens.name'), role: t('tokens.role'), expiresInDays: t('tokens.expires') };
  return html`<p class="lead">${t('tokens.intro')} ${t('tokens.usage')}</p>
    ${
      o.created
        ? html`<div class="flash flash-success" role="status">
        <h2>${t('tokens.createdTitle', { name: o.created.name })}</h2>
        <p><strong>${t('common.copyHint')}</strong></p>
        <p><label for="token-secret">${t('tokens.secret')}</label>
        <input id="token-secret" class="secret" type="text" readonly value="${o.created.secret}"></p>
      </div>`
        : ''
    }
    ${
      o.tokens.length === 0
        ? emptyState(t('tokens.empty'))
        : html`${listTable(
            t('tokens.title'),
            [
              t('tokens.name'),
              t('tokens.role'),
              t('tokens.hint'),
              t('tokens.createdBy'),
              t('tokens.created'),
              t('tokens.lastUsed'),
              t('tokens.expiresAt'),
              t('users.status'),
            ],
            o.tokens.map((k) => {
              const expired = k.expiresAt !== null && k.expiresAt <= o.now;
              return html`<tr>
            <td>${k.name}</td>
            <td>${t(`roles.${k.role}`)}</td>
            <td><code>${k.hint}…</code></td>
            <td>${k.createdByName ?? actorLabel(t, new Map(), k.createdBy)}</td>
            <td>${when(lang, o.timezone, k.createdAt)}</td>
            <td>${when(lang, o.timezone, k.lastUsedAt)}</td>
            <td>${when(lang, o.timezone, k.expiresAt)}</td>
            <td>${
              k.revokedAt
                ? html`<span class="tag tag-disabled">${t('tokens.revoked')}</span>`
                : expired
                  ? html`<span class="tag tag-disabled">${t('tokens.expiresAt')}</span>`
                  : canEdit
                    ? html`<form method="post" action="/admin/tokens/${k.id}/revoke" class="inline">
                  ${csrfField(request)}<span class="tag tag-active">${t('tokens.active')}</span>
                  <button type="submit" class="danger small" aria-label="${t('tokens.revoke')}: ${k.name}">${t('tokens.revoke')}</button>
                </form>`
                    : html`<span class="tag tag-active">${t('tokens.active')}</span>`
            }</td>
          </tr>`;
            }),
          )}
    ${pagination(t, lang, o.page, (p) => `/admin/tokens${query({ page: p > 1 ? p : null })}`)}`
    }
    ${
      canEdit
        ? html`<section aria-labelledby="create-token-title">
      <h2 id="create-token-title">${t('tokens.create')}</h2>
      ${errorSummary(t, 'token', o.state, labels)}
      <form method="post" action="/admin/tokens" class="stack" novalidate>
        ${csrfField(request)}
        ${input({ form: 'token', name: 'name', label: labels.name, state: o.state, hint: t('tokens.nameHint'), required: true, maxlength: 80 })}
        ${select({ form: 'token', name: 'role', label: labels.role, state: o.state, options: ROLES.map((r) => ({ value: r, label: t(`roles.${r}`) })) })}
        ${input({ form: 'token', name: 'expiresInDays', label: labels.expiresInDays, state: o.state, hint: t('tokens.expiresHint'), inputmode: 'numeric', optionalLabel: t('common.optional') })}
        <button type="submit" class="primary">${t('tokens.create')}</button>
      </form>
    </section>`
        : ''
    }`;
}
