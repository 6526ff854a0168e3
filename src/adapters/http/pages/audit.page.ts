// The audit log: administrative acts, newest first, filtered by kind of act, paginated.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import { AUDIT_ACTIONS, type AuditAction } from '../../../app/record-audit.ts';
import type { AuditEntry } from '../../db/accounts.repo.ts';
import {
  emptyState,
  type Html,
  listTable,
  type PageInfo,
  pagination,
  query,
  select,
  when,
} from './components.ts';

export function auditPage(
  request: FastifyRequest,
  o: { entries: AuditEntry[]; page: PageInfo; action: AuditAction | null; timezone: string },
): Html {
  const { t, lang } = request;
  const state = { values: { action: o.action ?? '' }, errors: {} };
  const detail = (d: Record<string, unknown> | null) =>
    d
      ? Object.entries(d)
          .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
          .join(', ')
      : '';
  return html`<p class="lead">${t('audit.intro')}</p>
    <form class="filters" method="get" action="/audit" role="search">
      ${select({
        form: 'audit',
        name: 'action',
        label: t('audit.action'),
        state,
        options: [
          { value: '', label: t('audit.allActions') },
          ...AUDIT_ACTIONS.map((a) => ({ value: a, label: t(`auditActions.${a}`) })),
        ],
      })}
      <button type="submit">${t('common.filter')}</button>
    </form>
    ${
      o.entries.length === 0
        ? emptyState(t('audit.empty'))
        : html`${listTable(
            t('audit.title'),
            [
              t('audit.at'),
              t('audit.actor'),
              t('audit.action'),
              t('audit.target'),
              t('audit.address'),
              t('audit.detail'),
            ],
            o.entries.map(
              (e) => html`<tr>
            <td>${when(lang, o.timezone, e.at)}</td>
            <td>${e.actorLabel ?? e.actor}</td>
            <td>${(AUDIT_ACTIONS as readonly string[]).includes(e.action) ? t(`auditActions.${e.action}`) : e.action}</td>
            <td>${e.targetLabel ?? e.targetId ?? '—'}</td>
            <td>${e.address ?? '—'}</td>
            <td class="clip">${detail(e.detail)}</td>
          </tr>`,
            ),
          )}
    ${pagination(t, lang, o.page, (p) => `/audit${query({ action: o.action, page: p > 1 ? p : null })}`)}`
    }`;
}
