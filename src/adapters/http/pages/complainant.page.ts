// The complainant page (P6.3, P8): the record, every case, the record's history, restrictions
// (kind, reason, who decided, when, review date, lifted when and why) with a reminder once the review date has
// come, and for those allowed: restrict, lift, tell the complainant, merge a duplicate record, export everything.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { StaffMemberRow } from '../../../app/case-page.ts';
import type { ComplainantPage } from '../../../app/complainant-page.ts';
import { type RecordAct, recordActRefusal } from '../../../core/access/complainant-record.ts';
import { RESTRICTION_KINDS } from '../../../core/case/model.ts';
import { may } from '../access.ts';
import {
  addressText,
  csrfField,
  errorSummary,
  type FormState,
  type Html,
  input,
  number,
  select,
  textarea,
  when,
} from './components.ts';
import { actionBlock, actorLabel, localDay } from './staff-components.ts';

export type ComplainantForm = 'restrict' | 'lift' | 'merge' | 'notify';

export interface ComplainantPageOptions {
  page: ComplainantPage;
  today: string;
  timezone: string;
  staff: readonly StaffMemberRow[];
  forms: Partial<Record<ComplainantForm, FormState>>;
  /** The restriction a lift or notify refusal is about. */
  restrictionId?: string | null;
  /** How many of the person's cases are left out of the list, as the reader may not read them. */
  casesNotListed?: number;
}

export function complainantPage(request: FastifyRequest, o: ComplainantPageOptions): Html {
  const { t, lang } = request;
  const p = o.page;
  const c = p.state;
  const role = request.principal?.role ?? null;
  // Each form where the record rule lets this person act on this record (the one its door asks).
  const mayDo = (act: RecordAct) =>
    role !== null &&
    recordActRefusal({ role }, act, { kind: 'record', mergedInto: c.mergedInto, erased: p.erased }) === null;
  const canMerge = mayDo('merge');
  const canExport = mayDo('export');
  const canErase = mayDo('erase');
  const can = {
    restrict: mayDo('restrict'),
    lift: mayDo('lift_restriction'),
    notify: mayDo('notify_restriction'),
  };
  // A refusal about a form this page does not show (the record was merged meanwhile, the restriction was lifted) is
  // said at the top, so the reader still learns why nothing happened.
  const inForce = c.restrictions.some((r) => r.id === o.restrictionId && !r.liftedAt);
  const shown: Record<ComplainantForm, boolean> = {
    restrict: can.restrict,
    lift: can.lift && inForce,
    notify: can.notify && inForce,
    merge: canMerge,
  };
  const unshown = (Object.keys(o.forms) as ComplainantForm[]).flatMap((f) => {
    const st = o.forms[f];
    const said = st?.message ?? Object.values(st?.errors ?? {})[0];
    return !shown[f] && said ? [said] : [];
  });
  return html`${unshown.map((m) => html`<p class="error-text" role="alert">${m}</p>`)}${
    p.mergedInto
      ? html`<p class="notice">${t('staff.complainant.mergedIntoNotice')} <a href="/complainants/${p.mergedInto.id}">${p.mergedInto.name ?? t('staff.unknownName')}</a></p>`
      : ''
  }${
    p.sameAddress.length
      ? html`<p class="notice" id="same-address">${t(canMerge ? 'staff.complainant.sameAddressMerge' : 'staff.complainant.sameAddress')} ${p.sameAddress.map((r, i) => html`${i ? ', ' : ''}<a href="/complainants/${r.id}">${r.name ?? t('staff.unknownName')}</a>`)}${
          may(role, 'GET /complainants/same-address')
            ? html` (<a href="/complainants/same-address">${t('staff.complainant.sameAddressList')}</a>)`
            : ''
        }</p>`
      : ''
  }
    <div class="case-grid">
      <section class="card" aria-labelledby="profile-title">
        <h2 id="profile-title">${t('staff.complainant.profile')}</h2>
        <dl class="facts">
          <dt>${t('staff.complainant.name')}</dt><dd>${c.details.name ?? t('staff.unknownName')}</dd>
          <dt>${t('staff.complainant.email')}</dt><dd>${c.details.email ? addressText(c.details.email) : '—'}${
            c.unreachableByEmail
              ? html` <span class="tag tag-unreachable">${t('staff.complainant.unreachable')}</span>`
              : ''
          }</dd>
          <dt>${t('staff.complainant.phone')}</dt><dd>${c.details.phone ?? '—'}</dd>
          <dt>${t('staff.complainant.postalAddress')}</dt><dd>${
            c.details.postalAddress?.length
              ? c.details.postalAddress.map((l, i) => html`${i ? html`<br>` : ''}${l}`)
              : '—'
          }</dd>
          <dt>${t('staff.complainant.language')}</dt><dd>${t(`languages.${c.details.language}`)}</dd>
          <dt>${t('staff.complainant.since')}</dt><dd>${when(lang, o.timezone, c.createdAt, false)}</dd>
          ${c.mergedFrom.length ? html`<dt>${t('staff.complainant.mergedRecords')}</dt><dd>${number(lang, c.mergedFrom.length)}</dd>` : ''}
        </dl>
        ${
          canExport
            ? html`<form method="post" action="/complainants/${c.id}/export" hx-boost="false" class="inline">${csrfField(request)}<button type="submit">${t('subject.export.button')}</button></form>
          <p class="hint">${t('subject.export.hint')}</p>`
            : ''
        }
        ${canErase ? html`<p><a href="/complainants/${c.id}/erasure">${t('subject.erasure.open')}</a></p>` : ''}
      </section>
      ${restrictionsSection(request, o, can)}
    </div>
    <section aria-labelledby="cases-title">
      <h2 id="cases-title">${t('staff.complainant.cases')}</h2>
      ${
        p.cases.length
          ? html`<table class="list">
        <caption class="visually-hidden">${t('staff.complainant.cases')}</caption>
        <thead><tr><th scope="col">${t('staff.queues.reference')}</th><th scope="col">${t('staff.queues.subject')}</th><th scope="col">${t('staff.case.kind')}</th><th scope="col">${t('staff.case.status')}</th><th scope="col">${t('staff.queues.received')}</th><th scope="col">${t('staff.case.answerBy')}</th></tr></thead>
        <tbody>${p.cases.map(
          (x) => html`<tr>
            <td><a href="/cases/${x.id}">${x.reference}</a></td>
            <td>${x.subject.trim() || t('inbox.noSubject')}</td>
            <td>${t(`kinds.${x.kind}`)}${x.step ? html` · ${t('staff.case.stepN', { step: number(lang, x.step) })}` : ''}</td>
            <td>${t(`staff.statuses.${x.status}`)}${x.outcome ? html` · ${t(`staff.outcomes.${x.outcome}`)}` : ''}</td>
            <td>${when(lang, o.timezone, x.receivedAt, false)}</td>
            <td>${localDay(lang, x.answerByDate)}</td>
          </tr>`,
        )}</tbody>
      </table>`
          : o.casesNotListed
            ? ''
            : html`<p class="muted">${t('staff.complainant.noCases')}</p>`
      }${
        o.casesNotListed
          ? html`<p class="muted">${t('staff.complainant.casesNotListed', { count: o.casesNotListed })}</p>`
          : ''
      }
    </section>
    ${canMerge ? mergeBlock(request, o) : ''}
    <section aria-labelledby="history-title" class="timeline">
      <h2 id="history-title">${t('staff.complainant.history')}</h2>
      <ol class="timeline-list">${p.history.map(
        (e) => html`<li class="timeline-event">
          <p class="timeline-head"><span class="timeline-what">${t(`staff.complainantEvents.${e.type}`)}</span>
          <span class="muted">${when(lang, o.timezone, e.at)} · ${actorLabel(t, p.names, e.actor)}</span></p>
          ${e.redacted ? html`<p class="muted">${t('staff.case.redacted')}</p>` : ''}
        </li>`,
      )}</ol>
    </section>`;
}

function restrictionsSection(
  request: FastifyRequest,
  o: ComplainantPageOptions,
  can: { restrict: boolean; lift: boolean; notify: boolean },
): Html {
  const { t, lang } = request;
  const c = o.page.state;
  const names = o.page.names;
  const inForce = c.restrictions.filter((r) => !r.liftedAt);
  const lifted = c.restrictions.filter((r) => r.liftedAt);
  const liftState = o.forms.lift ?? { values: {}, errors: {} };
  const notifyState = o.forms.notify ?? { values: {}, errors: {} };
  return html`<section class="card" aria-labelledby="restrictions-title">
    <h2 id="restrictions-title">${t('staff.complainant.restrictions')}</h2>
    <p class="hint">${t('staff.complainant.restrictionsHint')}</p>
    ${
      // Decided on another record of the same mailbox (a sub-address, capitals): they hold here too, and are kept
      // or lifted on that record.
      o.page.mailboxRestrictions.length
        ? html`<ul class="plain restriction-list">${o.page.mailboxRestrictions.map(
            (
              m,
            ) => html`<li class="restriction"><p><strong>${t(`staff.restrictionKinds.${m.restriction.kind}`)}</strong>${
              m.restriction.designatedContactId
                ? html` · ${t('staff.complainant.contact')}: ${names.get(m.restriction.designatedContactId) ?? '—'}`
                : ''
            } · ${t('staff.complainant.reviewBy')} ${localDay(lang, m.restriction.reviewBy)}</p>
            <p class="muted">${m.restriction.reason}</p>
            <p><a href="/complainants/${m.recordId}">${t('staff.complainant.restrictionOnMailbox', { address: m.email ?? '—' })}</a></p></li>`,
          )}</ul>`
        : ''
    }
    ${
      inForce.length
        ? html`<ul class="plain restriction-list">${inForce.map((r) => {
            const due = r.reviewBy <= o.today;
            const mine = o.restrictionId === r.id;
            return html`<li class="restriction">
              <p><strong>${t(`staff.restrictionKinds.${r.kind}`)}</strong>${
                r.designatedContactId
                  ? html` · ${t('staff.complainant.contact')}: ${names.get(r.designatedContactId) ?? '—'}`
                  : ''
              }</p>
              ${due ? html`<p class="notice" role="status">${t('staff.complainant.reviewDue')}</p>` : ''}
              <dl class="facts">
                <dt>${t('staff.complainant.reason')}</dt><dd>${r.reason}</dd>
                <dt>${t('staff.complainant.decidedBy')}</dt><dd>${actorLabel(t, names, r.decidedBy)}</dd>
                <dt>${t('staff.complainant.decidedAt')}</dt><dd>${when(lang, o.timezone, r.decidedAt)}</dd>
                <dt>${t('staff.complainant.reviewBy')}</dt><dd>${localDay(lang, r.reviewBy)}</dd>
              </dl>
              ${
                can.lift
                  ? html`<form method="post" action="/complainants/${c.id}/restrictions/${r.id}/lift" class="stack" novalidate>
                  ${mine ? errorSummary(t, `lift-${r.id}`, liftState, { reason: t('staff.complainant.liftReason') }) : ''}
                  ${csrfField(request)}
                  ${textarea({ form: `lift-${r.id}`, name: 'reason', label: t('staff.complainant.liftReason'), state: mine ? liftState : { values: {}, errors: {} }, required: true, maxlength: 2000, rows: 2 })}
                  <button type="submit">${t('staff.complainant.lift')}</button>
                </form>`
                  : ''
              }${
                can.notify
                  ? html`<form method="post" action="/complainants/${c.id}/restrictions/${r.id}/notify" class="inline">
                  ${mine && notifyState.message ? html`<p class="error-text" role="alert">${notifyState.message}</p>` : ''}
                  ${csrfField(request)}<button type="submit">${t('staff.complainant.notify')}</button>
                </form>`
                  : ''
              }
            </li>`;
          })}</ul>`
        : html`<p>${t('staff.complainant.noRestriction')}</p>`
    }
    ${
      lifted.length
        ? html`<h3>${t('staff.complainant.lifted')}</h3><ul class="plain">${lifted.map(
            (r) =>
              html`<li>${t(`staff.restrictionKinds.${r.kind}`)} · ${t('staff.complainant.liftedDetail', {
                decided: actorLabel(t, names, r.decidedBy),
                lifted: actorLabel(t, names, r.liftedBy),
              })} ${when(lang, o.timezone, r.liftedAt)}${r.liftReason ? html` · <span class="muted">${r.liftReason}</span>` : ''}</li>`,
          )}</ul>`
        : ''
    }
    ${can.restrict ? restrictBlock(request, o) : ''}
  </section>`;
}

function restrictBlock(request: FastifyRequest, o: ComplainantPageOptions): Html {
  const { t } = request;
  const st = o.forms.restrict ?? { values: {}, errors: {} };
  const labels = {
    kind: t('staff.complainant.kind'),
    reason: t('staff.complainant.reason'),
    reviewBy: t('staff.complainant.reviewBy'),
    designatedContactId: t('staff.complainant.contact'),
  };
  return actionBlock({
    id: 'action-restrict',
    title: t('staff.complainant.restrict'),
    open: o.forms.restrict !== undefined,
    body: html`<form method="post" action="/complainants/${o.page.state.id}/restrictions" class="stack" novalidate>
      <p class="hint">${t('staff.complainant.restrictHint')}</p>
      ${errorSummary(t, 'restrict', st, labels)}
      ${csrfField(request)}
      ${select({
        form: 'restrict',
        name: 'kind',
        label: labels.kind,
        state: st,
        options: RESTRICTION_KINDS.map((k) => ({ value: k, label: t(`staff.restrictionKinds.${k}`) })),
      })}
      ${textarea({ form: 'restrict', name: 'reason', label: labels.reason, hint: t('staff.complainant.reasonHint'), state: st, required: true, maxlength: 2000, rows: 3 })}
      ${input({ form: 'restrict', name: 'reviewBy', type: 'date', label: labels.reviewBy, hint: t('staff.complainant.reviewByHint'), state: st, required: true })}
      ${select({
        form: 'restrict',
        name: 'designatedContactId',
        label: labels.designatedContactId,
        hint: t('staff.complainant.contactHint'),
        state: st,
        options: [
          { value: '', label: t('common.none') },
          ...o.staff.map((s) => ({ value: s.id, label: `${s.name} (${t(`roles.${s.role}`)})` })),
        ],
      })}
      <button type="submit" class="primary">${t('staff.complainant.restrictSubmit')}</button>
    </form>`,
  });
}

function mergeBlock(request: FastifyRequest, o: ComplainantPageOptions): Html {
  const { t } = request;
  const st = o.forms.merge ?? { values: {}, errors: {} };
  // Opened from the list of records that share an address: the other record is named, by its identifier.
  const named = o.page.sameAddress.find((r) => r.id === st.values.other);
  return html`<section aria-labelledby="merge-title">
    <h2 id="merge-title" class="visually-hidden">${t('staff.complainant.merge')}</h2>
    ${actionBlock({
      id: 'action-merge',
      title: t('staff.complainant.merge'),
      open: o.forms.merge !== undefined,
      body: html`<form method="post" action="/complainants/${o.page.state.id}/merge" class="stack" novalidate>
        <p class="hint">${t('staff.complainant.mergeHint')}</p>
        ${errorSummary(t, 'merge', st, { other: t('staff.complainant.mergeOther') })}
        ${csrfField(request)}
        ${
          named
            ? html`<p>${t('staff.complainant.mergeNamed')} <a href="/complainants/${named.id}">${named.name ?? t('staff.unknownName')}</a></p>
        <input type="hidden" name="other" value="${named.id}">`
            : input({
                form: 'merge',
                name: 'other',
                label: t('staff.complainant.mergeOther'),
                hint: t('staff.complainant.mergeOtherHint'),
                state: st,
                required: true,
                maxlength: 254,
              })
        }
        <button type="submit" class="primary">${t('staff.complainant.mergeSubmit')}</button>
      </form>`,
    })}
  </section>`;
}
