// The records that share an address (for staff who may merge complainant records): each group is one address key
// held by more than one record not merged into another, the oldest first. Each record links to its page; each of
// the others links to the merge action on the oldest record's page, opened with that record named, where staff check
// that it is the same person and confirm. Nothing merges from this page itself.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { SharedAddressRecord } from '../../../app/complainant-page.ts';
import { may } from '../access.ts';
import { addressText, type Html, number, type PageInfo, pagination, when } from './components.ts';

export interface SameAddressPageOptions {
  groups: SharedAddressRecord[][];
  page: PageInfo;
  timezone: string;
}

export function sameAddressPage(request: FastifyRequest, o: SameAddressPageOptions): Html {
  const { t, lang } = request;
  const canMerge = may(request.principal?.role ?? null, 'POST /complainants/:id/merge');
  const list = o.groups.map((records, g) => {
    const oldest = records[0]!;
    const caption = t('staff.sameAddressGroups.group', {
      address: oldest.email ? addressText(oldest.email) : '—',
    });
    return html`<table class="list" id="group-${(o.page.page - 1) * o.page.pageSize + g + 1}">
      <caption>${caption}</caption>
      <thead><tr>
        <th scope="col">${t('staff.sameAddressGroups.record')}</th>
        <th scope="col">${t('staff.sameAddressGroups.address')}</th>
        <th scope="col">${t('staff.sameAddressGroups.since')}</th>
        <th scope="col">${t('staff.sameAddressGroups.cases')}</th>
        <th scope="col">${t('staff.sameAddressGroups.action')}</th>
      </tr></thead>
      <tbody>${records.map(
        (r, i) => html`<tr>
          <td><a href="/complainants/${encodeURIComponent(r.id)}">${r.name ?? t('staff.unknownName')}</a></td>
          <td>${r.email ? addressText(r.email) : '—'}</td>
          <td>${when(lang, o.timezone, r.createdAt, false)}</td>
          <td>${number(lang, r.cases)}</td>
          <td>${
            i === 0
              ? t('staff.sameAddressGroups.oldest')
              : canMerge
                ? html`<a href="/complainants/${encodeURIComponent(oldest.id)}?merge=${encodeURIComponent(r.id)}#action-merge" aria-label="${t(
                    'staff.sameAddressGroups.mergeIntoLabel',
                    { name: r.name ?? t('staff.unknownName') },
                  )}">${t('staff.sameAddressGroups.mergeInto')}</a>`
                : ''
          }</td>
        </tr>`,
      )}</tbody>
    </table>`;
  });
  return html`<p class="hint">${t('staff.sameAddressGroups.intro')}</p>
    ${o.groups.length ? list : html`<p class="muted">${t('staff.sameAddressGroups.none')}</p>`}
    ${pagination(t, lang, o.page, (page) => `/complainants/same-address?page=${page}`)}`;
}
