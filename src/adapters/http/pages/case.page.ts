// The case page: the complainant and their other cases, restrictions in force, the checklist of
// P2, the clock and its history, the whole timeline (events and correspondence with delivery state, who, when),
// linked cases, letters waiting to be posted, and the actions the procedure allows now, each in its own form.
import type { FastifyRequest } from 'fastify';
import { html } from 'hono/html';
import type { RecordedEvent } from '../../../adapters/db/event-store.ts';
import type { CaseActionName, CasePage, CorrespondenceItem, StaffMemberRow } from '../../../app/case-page.ts';
import type { SnippetRow } from '../../../app/manage-snippets.ts';
import { CASE_ACTIONS } from '../../../core/case/actions.ts';
import { activeRestrictions, type ComplainantState } from '../../../core/case/complainant.ts';
import { missingNow } from '../../../core/case/known-details.ts';
import { KINDS, MISSING_FIELDS, OTHER_REASONS, OUTCOMES } from '../../../core/case/model.ts';
import { printAsLetterRefusal } from '../../../core/correspondence/print-as-letter.ts';
import { REPLY_KINDS } from '../../../core/correspondence/reply.ts';
import { LIMITS } from '../case-actions.ts';
import { MAX_ATTACHMENT_BYTES, MAX_FILES } from '../uploads.ts';
import { caseContactSection } from './case-contact.page.ts';
import { categorySuggestionNote } from './category-suggestion.part.ts';
import {
  addressText,
  arrivedWhen,
  bytes,
  csrfField,
  domainText,
  errorSummary,
  type FormState,
  formAction,
  type Html,
  input,
  number,
  select,
  textarea,
  when,
  whenText,
} from './components.ts';
import { categoryLabel } from './queues.page.ts';
import { answerRecordFacts, rootCauseFields, rootCauseLabels } from './root-cause.part.ts';
import {
  actionBlock,
  actorLabel,
  choiceGroup,
  clockBadge,
  localDay,
  localDayText,
  staffMemberLabel,
  type Urgency,
} from './staff-components.ts';
import { staffNoteText } from './staff-note.part.ts';
import { caseNoteText, closeReasonText, deliveryDetailText, reopenReasonText } from './status-words.part.ts';

export type CaseForm =
  | 'reply'
  | 'assign'
  | 'categorise'
  | 'note'
  | 'acknowledge'
  | 'request_information'
  | 'extend'
  | 'answer'
  | 'escalate'
  | 'close'
  | 'reopen'
  | 'merge'
  | 'forward'
  | 'suggestion_acknowledge'
  | 'suggestion_done'
  | 'reclassify'
  | 'letter'
  | 'resend';

export interface CasePageOptions {
  view: CasePage;
  timezone: string;
  /** What the viewer may do here now (role, case and the core's rules together). */
  actions: ReadonlySet<CaseActionName>;
  /** Whether the viewer may post letters and resend bounced mail on this case. */
  canPost: boolean;
  clock: { urgency: Urgency; workingDaysLeft: number | null; dueFor?: 'acknowledge' | 'answer' | null };
  staff: readonly StaffMemberRow[];
  categories: readonly string[];
  departments: readonly string[];
  extension: {
    firstDays: Array<{ date: string; n: number }>;
    lastDays: Array<{ date: string; n: number }>;
  } | null;
  answerPreview: { subject: string; text: string } | null;
  /** The free reply's form: the snippets of the case's language, the preview asked for, and the designated
   * contact's name when the viewer may not write because someone else handles this complainant (P8.4). */
  reply?: {
    snippets: readonly SnippetRow[];
    preview: { subject: string; text: string } | null;
    contact: string | null;
  };
  /** Which part of the history is shown (a link per filter, `?history=`). */
  history?: HistoryFilter;
  forms: Partial<Record<CaseForm, FormState>>;
  /** Whether the viewer is shown the complainant's restrictions and record (core/access/complainant-record.ts). */
  complainantRecord: boolean;
  /** Files chosen in the answer's or the reply's form that did not come back with it (`filesAgainNotice`). */
  filesAgain?: FilesAgain | null;
  /** What the files of an answer or a reply may weigh together: what one e-mail to the complainant carries. */
  attachmentsMaxBytes: number;
}

/** The names of the files chosen in a form with attachments that is shown again. */
export interface FilesAgain {
  form: 'answer' | 'reply';
  names: readonly string[];
}

export const HISTORY_FILTERS = ['all', 'correspondence', 'events', 'notes'] as const;
export type HistoryFilter = (typeof HISTORY_FILTERS)[number];

const pathOf = (id: string, action: string) => `/cases/${id}/${action}`;

/**
 * The case's version this page was made from, carried by every action form: an act a colleague's act since would
 * undo or repeat is refused (core/case/meanwhile.ts). A page made to say so carries the version it now shows, so
 * that sending again from it is done knowingly.
 */
function seenField(o: { view: { version: number } }): Html {
  return html`<input type="hidden" name="seen" value="${String(o.view.version)}">`;
}

export function caseTitle(view: CasePage): string {
  return view.state.reference;
}

export function casePage(request: FastifyRequest, o: CasePageOptions): Html {
  const { t } = request;
  const s = o.view.state;
  // A refusal of a form that is not shown (the action is no longer allowed, e.g. someone closed the case meanwhile)
  // is shown at the top, so the person still reads why.
  const shown = (f: string) => f !== 'letter' && f !== 'resend' && o.actions.has(f as CaseActionName);
  const refused =
    Object.entries(o.forms)
      .filter(([f]) => !shown(f))
      .map(([, st]) => st?.message ?? Object.values(st?.errors ?? {})[0] ?? null)
      .find((m) => !!m) ?? null;
  // What the person typed in such a form is given back beside its refusal, to copy from: the form itself is gone
  // (a colleague answered or closed the case meanwhile), and their words must not be lost with it.
  const kept = Object.entries(o.forms)
    .filter(([f]) => !shown(f) && f in CASE_ACTIONS)
    .flatMap(([f, st]) =>
      ['text', 'reason', 'note', 'remedy']
        .map((k) => st?.values[k]?.trim() ?? '')
        .filter((v) => !!v)
        .map((v, i) => ({
          label: t(`staff.actions.${CASE_ACTIONS[f as keyof typeof CASE_ACTIONS].label}`),
          v,
          id: `kept-${f}-${i}`,
        })),
    );
  // The page reads in the order of the work: what the complainant said and expects (wide), the facts beside it
  // (a narrow column; on a phone after the actions), what can be done now, then the history, newest first.
  return html`<p class="case-subject">${s.subject.trim() || t('inbox.noSubject')}</p>
    ${refused ? html`<div class="error-summary" role="alert" tabindex="-1" autofocus><p>${refused}</p></div>` : ''}
    ${kept.map((k) => html`<div class="field"><label for="${k.id}">${k.label}</label><textarea id="${k.id}" readonly rows="6">${k.v}</textarea></div>`)}
    ${s.warning ? html`<p class="notice">${t(`staff.case.warnings.${s.warning}`)}</p>` : ''}
    ${s.mergedInto ? html`<p class="notice">${t('staff.case.mergedInto')} ${linkedRef(o, s.mergedInto)}</p>` : ''}
    ${s.waitingOnComplainant ? html`<p class="notice">${t('staff.case.waiting')}</p>` : ''}
    <div class="case-layout">
      ${wordsSection(request, o)}
      <aside class="case-side" aria-label="${t('replies.page.facts')}">
        ${factsSection(request, o)}
        ${s.kind === 'suggestion' ? suggestionSection(request, o) : clockSection(request, o)}
        ${complainantSection(request, o)}
        ${s.kind === 'suggestion' ? '' : checklist(request, o)}
        ${caseContactSection(request, s, o.view.complainant, o.actions.has('categorise'))}
      </aside>
      <div class="case-work">
        ${actionsSection(request, o)}
        ${lettersToPost(request, o)}
      </div>
      <div class="case-history">${timeline(request, o)}</div>
    </div>`;
}

/** The complaint's own words and what the complainant expects (or the suggestion's text), first and wide. */
function wordsSection(request: FastifyRequest, o: CasePageOptions): Html {
  const { t } = request;
  const s = o.view.state;
  // The text read out of the message; a suggestion with none by the first message's body (case-page.ts firstInText).
  const description =
    s.fields.description?.trim() || (s.kind === 'suggestion' ? o.view.firstInText?.trim() : null) || null;
  return html`<section aria-labelledby="words-title" class="case-words">
    <h2 id="words-title">${s.kind === 'suggestion' ? t('replies.page.suggestion') : t('replies.page.complaint')}</h2>
    ${
      s.kind === 'suggestion'
        ? description
          ? html`<p class="quoted">${description}</p>`
          : html`<p class="muted">${t('staff.case.suggestionNoText')}</p>`
        : html`<h3>${t('replies.page.description')}</h3>
    ${description ? html`<p class="quoted">${description}</p>` : html`<p class="muted">${t('replies.page.noDescription')}</p>`}
    <h3>${t('replies.page.expectations')}</h3>
    ${s.fields.expectations?.trim() ? html`<p class="quoted">${s.fields.expectations}</p>` : html`<p class="muted">${t('replies.page.noExpectations')}</p>`}`
    }
  </section>`;
}

function factsSection(request: FastifyRequest, o: CasePageOptions): Html {
  const { t, lang } = request;
  const s = o.view.state;
  return html`<section aria-labelledby="facts-title" class="card">
    <h2 id="facts-title">${t('staff.case.factsTitle')}</h2>
    <dl class="facts">
      <dt>${t('staff.case.status')}</dt><dd><strong>${t(`staff.statuses.${s.status}`)}</strong>${
        s.suggestionStatus ? html` · ${t(`staff.suggestionStatuses.${s.suggestionStatus}`)}` : ''
      }</dd>
      <dt>${t('staff.case.kind')}</dt><dd>${t(`kinds.${s.kind}`)}${s.otherReason ? html` · ${t(`otherReasons.${s.otherReason}`)}` : ''}</dd>
      ${s.step ? html`<dt>${t('staff.case.step')}</dt><dd>${number(lang, s.step)}</dd>` : ''}
      <dt>${t('staff.case.owner')}</dt><dd>${s.ownerId ? (o.view.names.get(s.ownerId) ?? '—') : html`<span class="muted">${t('staff.queues.nobody')}</span>`}</dd>
      ${
        // Categories sort complaints for the figures, and a suggestion need not carry a ticket or a domain
        // (P2 is about complaints): for a suggestion these show only when there is something to show.
        s.kind !== 'suggestion' || s.category
          ? html`<dt>${t('staff.case.category')}</dt><dd>${s.category ? categoryLabel(t, s.category) : html`<span class="muted">—</span>`}</dd>`
          : ''
      }
      ${categorySuggestionNote(request, s, { offered: o.categories, canCategorise: o.actions.has('categorise'), seen: o.view.version })}
      <dt>${t('staff.case.language')}</dt><dd>${t(`languages.${s.language}`)}</dd>
      <dt>${t('staff.case.channel')}</dt><dd>${t(`channels.${s.channel}`)}</dd>
      ${s.department ? html`<dt>${t('staff.case.department')}</dt><dd>${s.department}</dd>` : ''}
      ${s.outcome ? html`<dt>${t('staff.case.outcome')}</dt><dd>${t(`staff.outcomes.${s.outcome}`)}</dd>` : ''}
      ${answerRecordFacts(request, s)}
      ${
        s.kind !== 'suggestion' || s.fields.ticketRefs.length
          ? html`<dt>${t('staff.case.ticketRefs')}</dt><dd>${s.fields.ticketRefs.length ? s.fields.ticketRefs.join(', ') : html`<span class="muted">${t('staff.case.noneGiven')}</span>`}</dd>`
          : ''
      }
      ${
        s.kind !== 'suggestion' || s.fields.domains.length
          ? html`<dt>${t('staff.case.domains')}</dt><dd>${s.fields.domains.length ? s.fields.domains.map(domainText).join(', ') : html`<span class="muted">${t('staff.case.noneGiven')}</span>`}</dd>`
          : ''
      }
      ${linkedFacts(request, o)}
    </dl>
  </section>`;
}

function linkedRef(o: CasePageOptions, id: string): Html {
  const found = o.view.linked.find((l) => l.id === id) ?? o.view.otherCases.find((c) => c.id === id) ?? null;
  return html`<a href="/cases/${id}">${found?.reference ?? id}</a>`;
}

function linkedFacts(request: FastifyRequest, o: CasePageOptions): Html {
  const { t } = request;
  const s = o.view.state;
  const step1 = s.step1CaseId ? o.view.linked.find((l) => l.id === s.step1CaseId) : null;
  const step2 = s.step2CaseId ? o.view.linked.find((l) => l.id === s.step2CaseId) : null;
  return html`${
    step1
      ? html`<dt>${t('staff.case.step1Case')}</dt><dd><a href="/cases/${step1.id}">${step1.reference}</a> · ${t(`staff.statuses.${step1.status}`)}</dd>`
      : ''
  }${
    step2
      ? html`<dt>${t('staff.case.step2Case')}</dt><dd><a href="/cases/${step2.id}">${step2.reference}</a> · ${t(`staff.statuses.${step2.status}`)}</dd>`
      : ''
  }${
    s.mergedFrom.length
      ? html`<dt>${t('staff.case.mergedFrom')}</dt><dd>${s.mergedFrom.map((id, i) => html`${i ? ', ' : ''}<a href="/cases/${id}">${mergedReference(o, id)}</a>`)}</dd>`
      : ''
  }`;
}

function mergedReference(o: CasePageOptions, id: string): string {
  for (const e of o.view.events)
    if (e.type === 'case_merged') {
      const p = e.payload as { sourceCaseId?: string; sourceReference?: string };
      if (p.sourceCaseId === id && p.sourceReference) return p.sourceReference;
    }
  return id;
}

function clockSection(request: FastifyRequest, o: CasePageOptions): Html {
  const { t, lang } = request;
  const s = o.view.state;
  const tz = o.timezone;
  if (!s.deadline)
    return html`<section aria-labelledby="clock-title" class="card">
      <h2 id="clock-title">${t('staff.case.clockTitle')}</h2>
      <p class="muted">${s.kind === 'suggestion' ? t('staff.case.noClockSuggestion') : t('staff.case.noClock')}</p>
    </section>`;
  const recomputed = o.view.events.filter((e) => e.type === 'deadlines_recomputed');
  // P4.5, where the clock pauses while the case waits on the complainant: each move of the answer date by it.
  const movedByWait = o.view.events.filter((e) => e.type === 'answer_date_moved_by_wait');
  return html`<section aria-labelledby="clock-title" class="card">
    <h2 id="clock-title">${t('staff.case.clockTitle')}</h2>
    <p class="clock-now">${clockBadge(t, lang, o.clock.urgency, o.clock.workingDaysLeft, o.clock.dueFor ?? 'answer')}</p>
    <dl class="facts">
      <dt>${t('staff.case.received')}</dt><dd>${arrivedWhen(lang, tz, s.channel, s.receivedAt)}</dd>
      <dt>${t('staff.case.acknowledgeBy')}</dt><dd>${when(lang, tz, s.deadline.acknowledgeBy)}</dd>
      <dt>${t('staff.case.acknowledgedAt')}</dt><dd>${s.acknowledgedAt ? when(lang, tz, s.acknowledgedAt) : html`<span class="muted">${t('staff.case.notYet')}</span>`}</dd>
      <dt>${t('staff.case.answerBy')}</dt><dd><strong>${localDay(lang, s.deadline.answerByDate, true)}</strong></dd>
      ${
        s.originalDeadline && s.originalDeadline.answerByDate !== s.deadline.answerByDate
          ? html`<dt>${t('staff.case.originalAnswerBy')}</dt><dd>${localDay(lang, s.originalDeadline.answerByDate)}</dd>`
          : ''
      }
      <dt>${t('staff.case.answeredAt')}</dt><dd>${s.answeredAt ? when(lang, tz, s.answeredAt) : html`<span class="muted">${t('staff.case.notYet')}</span>`}</dd>
      ${s.closedAt ? html`<dt>${t('staff.case.closedAt')}</dt><dd>${when(lang, tz, s.closedAt)}</dd>` : ''}
    </dl>
    ${
      // In the narrow column, each extension is a short entry (a table there would be crushed).
      s.extensions.length
        ? html`<h3>${t('staff.case.extensions')}</h3>
      <ul class="plain extensions">${s.extensions.map(
        (e) => html`<li><strong>${localDay(lang, e.windowStart)} – ${localDay(lang, e.windowEnd)}</strong>
          <span class="muted">· ${t('staff.case.extendedAt')} ${when(lang, tz, e.at)} · ${t('staff.case.previously', { date: localDayText(lang, e.previousAnswerByDate) })}</span>
          <br>${e.reason}</li>`,
      )}</ul>`
        : html`<p class="muted">${t('staff.case.noExtension')}</p>`
    }
    ${recomputed.map((e) => {
      const p = e.payload as {
        reason?: string;
        from?: { answerByDate?: string };
        to?: { answerByDate?: string };
      };
      return html`<p class="muted">${t('staff.case.recomputed', {
        // The day the change was applied, in the organisation's time zone (00:30 in Berlin is still the day
        // before in UTC), as every other instant on this page is.
        at: whenText(lang, tz, e.at, false),
        from: p.from?.answerByDate ? localDayText(lang, p.from.answerByDate) : '—',
        to: p.to?.answerByDate ? localDayText(lang, p.to.answerByDate) : '—',
      })}</p>`;
    })}
    ${movedByWait.map((e) => {
      const p = e.payload as {
        daysWaited?: number;
        from?: { answerByDate?: string };
        to?: { answerByDate?: string };
      };
      return html`<p class="muted moved-by-wait">${t('staff.case.movedByWait', {
        at: whenText(lang, tz, e.at, false),
        days: String(p.daysWaited ?? '—'),
        from: p.from?.answerByDate ? localDayText(lang, p.from.answerByDate) : '—',
        to: p.to?.answerByDate ? localDayText(lang, p.to.answerByDate) : '—',
      })}</p>`;
    })}
  </section>`;
}

/** A suggestion (P9): where it went, where a complaint has its clock and the P2 checklist. Neither applies: a
 * suggestion has no answer deadline and need not carry what a complaint must (its text is shown wide). */
function suggestionSection(request: FastifyRequest, o: CasePageOptions): Html {
  const { t, lang } = request;
  const s = o.view.state;
  return html`<section aria-labelledby="suggestion-title" class="card">
    <h2 id="suggestion-title">${t('staff.case.suggestionTitle')}</h2>
    <dl class="facts">
      <dt>${t('staff.case.received')}</dt><dd>${arrivedWhen(lang, o.timezone, s.channel, s.receivedAt)}</dd>
      <dt>${t('staff.case.suggestionDepartment')}</dt><dd>${s.department ?? html`<span class="muted">${t('staff.case.suggestionNotForwarded')}</span>`}</dd>
    </dl>
    <p class="muted">${t('staff.case.noClockSuggestion')}</p>
  </section>`;
}

function complainantSection(request: FastifyRequest, o: CasePageOptions): Html {
  const { t, lang } = request;
  const c = o.view.complainant;
  const s = o.view.state;
  if (!c)
    return html`<section class="card" aria-labelledby="complainant-title"><h2 id="complainant-title">${t('staff.case.complainantTitle')}</h2><p class="muted">—</p></section>`;
  // Its own, then those decided on another record of the same mailbox, which hold here too (P8.3), each with a link
  // to the record it was decided on.
  const restrictions = [
    ...activeRestrictions(c).map((r) => ({ r, on: null })),
    ...o.view.mailboxRestrictions.map((m) => ({ r: m.restriction, on: m })),
  ];
  return html`<section aria-labelledby="complainant-title" class="card">
    <h2 id="complainant-title">${t('staff.case.complainantTitle')}</h2>
    <dl class="facts">
      <dt>${t('staff.complainant.name')}</dt><dd>${
        o.complainantRecord
          ? html`<a href="/complainants/${s.complainantId}">${c.details.name ?? t('staff.unknownName')}</a>`
          : (c.details.name ?? t('staff.unknownName'))
      }</dd>
      <dt>${t('staff.complainant.email')}</dt><dd>${c.details.email ? addressText(c.details.email) : '—'}${c.unreachableByEmail ? html` <span class="tag tag-unreachable">${t('staff.complainant.unreachable')}</span>` : ''}</dd>
      ${c.details.phone ? html`<dt>${t('staff.complainant.phone')}</dt><dd>${c.details.phone}</dd>` : ''}
      ${postalAddressShown(request, c, o.view.writtenTo)}
    </dl>
    ${
      !o.complainantRecord
        ? ''
        : restrictions.length
          ? html`<div class="restrictions" role="note" aria-label="${t('staff.complainant.restrictionsInForce')}">
        <h3>${t('staff.complainant.restrictionsInForce')}</h3>
        <ul>${restrictions.map(
          ({ r, on }) =>
            html`<li><strong>${t(`staff.restrictionKinds.${r.kind}`)}</strong>${
              r.designatedContactId
                ? html` · ${t('staff.complainant.contact')}: ${o.view.names.get(r.designatedContactId) ?? '—'}`
                : ''
            } · ${t('staff.complainant.reviewBy')} ${localDay(lang, r.reviewBy)}<br><span class="muted">${r.reason}</span>${
              on
                ? html`<br><a href="/complainants/${on.recordId}">${t('staff.complainant.restrictionOnMailbox', { address: on.email ?? '—' })}</a>`
                : ''
            }</li>`,
        )}</ul>
      </div>`
          : html`<p class="muted">${t('staff.complainant.noRestriction')}</p>`
    }
    <h3>${t('staff.case.otherCases')}</h3>
    ${
      o.view.otherCases.length
        ? html`<ul class="plain">${o.view.otherCases.map(
            (x) =>
              html`<li><a href="/cases/${x.id}">${x.reference}</a> · ${t(`kinds.${x.kind}`)}${x.step ? html` ${t('staff.case.stepN', { step: number(lang, x.step) })}` : ''} · ${t(`staff.statuses.${x.status}`)} · ${when(lang, o.timezone, x.receivedAt, false)}</li>`,
          )}</ul>`
        : html`<p class="muted">${t('staff.case.noOtherCases')}</p>`
    }
  </section>`;
}

/**
 * The postal address an answer on this case goes to (case-page.ts writtenTo: the letter's that opened the case, where
 * it gave one), said to come from that letter where the record holds none or another.
 */
function postalAddressShown(
  request: FastifyRequest,
  record: ComplainantState,
  writtenTo: ComplainantState | null,
): Html {
  const { t } = request;
  const lines: string[] = (writtenTo ?? record).details.postalAddress?.filter((l) => !!l?.trim()) ?? [];
  if (!lines.length) return html``;
  const onRecord = (record.details.postalAddress ?? []).filter((l) => !!l?.trim());
  const fromLetter = lines.join('\n') !== onRecord.join('\n');
  return html`<dt>${t('staff.complainant.postalAddress')}</dt><dd>${lines.map((l, i) => html`${i ? html`<br>` : ''}${l}`)}${
    fromLetter ? html`<br><span class="muted">${t('staff.case.postalAddressOfLetter')}</span>` : ''
  }</dd>`;
}

function checklist(request: FastifyRequest, o: CasePageOptions): Html {
  const { t } = request;
  const s = o.view.state;
  if (s.kind !== 'complaint')
    return html`<section class="card" aria-labelledby="checklist-title"><h2 id="checklist-title">${t('staff.case.checklistTitle')}</h2><p class="muted">${t('staff.case.checklistNotComplaint')}</p></section>`;
  // What the complainant's record knows now counts (src/core/case/known-details.ts).
  const missing = missingNow(s.missing, o.view.complainant?.details ?? null);
  const item = (present: boolean, label: string, optional = false) =>
    html`<li class="${present ? 'present' : optional ? 'optional' : 'missing'}"><span class="check-state">${
      present ? t('staff.case.present') : optional ? t('staff.case.optionalAbsent') : t('staff.case.missing')
    }</span> ${label}</li>`;
  return html`<section class="card" aria-labelledby="checklist-title">
    <h2 id="checklist-title">${t('staff.case.checklistTitle')}</h2>
    <ul class="checklist">
      ${MISSING_FIELDS.map((f) => item(!missing.includes(f), t(`staff.checklist.${f}`)))}
      ${item(s.fields.ticketRefs.length > 0, t('staff.checklist.ticket'), true)}
      ${item(s.fields.domains.length > 0, t('staff.checklist.domains'), true)}
    </ul>
  </section>`;
}

function lettersToPost(request: FastifyRequest, o: CasePageOptions): Html {
  const { t, lang } = request;
  const s = o.view.state;
  const letters = o.view.correspondence.filter((c) => s.lettersToPost.includes(c.id));
  if (!letters.length) return html``;
  return html`<section aria-labelledby="post-title" class="card letters-to-post">
    <h2 id="post-title">${t('staff.case.lettersToPost')}</h2>
    <ul class="plain">${letters.map(
      (l) => html`<li>
        <a href="/cases/${s.id}/letters/${l.id}" download hx-boost="false">${t('staff.case.downloadLetter', { subject: l.subject })}</a>
        <span class="muted">(${when(lang, o.timezone, l.at)})</span>
        ${
          o.canPost
            ? html`<form method="post" action="/cases/${s.id}/letters/${l.id}/posted" class="inline">${csrfField(request)}<button type="submit" class="small">${t('staff.case.markPosted')}</button></form>`
            : ''
        }
      </li>`,
    )}</ul>
  </section>`;
}

// -- actions -----------------------------------------------------------------------------------------------

function formState(o: CasePageOptions, f: CaseForm): FormState {
  return o.forms[f] ?? { values: {}, errors: {} };
}

const open = (o: CasePageOptions, f: CaseForm) => o.forms[f] !== undefined;

function actionsSection(request: FastifyRequest, o: CasePageOptions): Html {
  const { t } = request;
  const a = o.actions;
  const id = o.view.state.id;
  const blocks: Html[] = [];
  // Each form's address, title and button come from the case-action registry (src/core/case/actions.ts).
  const simple = (
    form: Exclude<CaseActionName, 'answer' | 'extend' | 'record_letter' | 'reply'>,
    fields: (st: FormState) => Html,
    labels: Record<string, string>,
    hint?: string,
    tone?: 'danger',
  ) => {
    const spec = CASE_ACTIONS[form];
    const title = t(`staff.actions.${spec.label}`);
    const submit = t(`staff.actions.${spec.label}Submit`);
    const st = formState(o, form);
    return actionBlock({
      id: `action-${form}`,
      title,
      open: open(o, form),
      ...(tone ? { tone } : {}),
      body: html`<form method="post" action="${pathOf(id, spec.web)}" class="stack" novalidate>
        ${hint ? html`<p class="hint">${hint}</p>` : ''}
        ${errorSummary(t, form, st, labels)}
        ${csrfField(request)}${seenField(o)}
        ${fields(st)}
        <button type="submit"${tone ? html` class="danger"` : html` class="primary"`}>${submit}</button>
      </form>`,
    });
  };
  // The toolbar's order is the day's work: writing to the complainant first, closing last.
  if (a.has('reply')) blocks.push(replyBlock(request, o));
  if (a.has('answer')) blocks.push(answerBlock(request, o));
  if (a.has('acknowledge'))
    blocks.push(simple('acknowledge', () => html``, {}, t('staff.actions.acknowledgeHint')));
  if (a.has('request_information'))
    blocks.push(
      simple(
        'request_information',
        (st) => html`${choiceGroup({
          form: 'request_information',
          name: 'missing',
          legend: t('staff.actions.missingLegend'),
          type: 'checkbox',
          state: st,
          checked: o.view.state.missing,
          options: MISSING_FIELDS.map((f) => ({ value: f, label: t(`staff.checklist.${f}`) })),
        })}
        ${textarea({ form: 'request_information', name: 'note', label: t('staff.actions.noteToComplainant'), state: st, optionalLabel: t('common.optional'), maxlength: LIMITS.requestNote, rows: 4 })}`,
        { missing: t('staff.actions.missingLegend'), note: t('staff.actions.noteToComplainant') },
        t('staff.actions.requestInformationHint', { language: t(`languages.${o.view.state.language}`) }),
      ),
    );
  if (a.has('extend') && o.extension) blocks.push(extendBlock(request, o));
  if (a.has('assign'))
    blocks.push(
      simple(
        'assign',
        (st) =>
          select({
            form: 'assign',
            name: 'to',
            label: t('staff.actions.assignTo'),
            state: st.values.to !== undefined ? st : { ...st, values: { to: o.view.state.ownerId ?? '' } },
            options: [
              { value: '', label: t('staff.queues.nobody') },
              ...o.staff.map((m) => ({ value: m.id, label: staffMemberLabel(t, m) })),
            ],
          }),
        { to: t('staff.actions.assignTo') },
      ),
    );
  if (a.has('categorise'))
    blocks.push(
      simple(
        'categorise',
        (st) =>
          select({
            form: 'categorise',
            name: 'category',
            label: t('staff.actions.category'),
            state:
              st.values.category !== undefined
                ? st
                : { ...st, values: { category: o.view.state.category ?? '' } },
            options: [
              { value: '', label: t('staff.queues.noCategory') },
              ...o.categories.map((c) => ({ value: c, label: categoryLabel(t, c) })),
            ],
          }),
        { category: t('staff.actions.category') },
      ),
    );
  if (a.has('note'))
    blocks.push(
      simple(
        'note',
        (st) =>
          textarea({
            form: 'note',
            name: 'text',
            label: t('staff.actions.noteText'),
            state: st,
            required: true,
            maxlength: LIMITS.note,
            rows: 4,
          }),
        { text: t('staff.actions.noteText') },
        t('staff.actions.noteHint'),
      ),
    );
  if (a.has('forward'))
    blocks.push(
      simple(
        'forward',
        (st) => html`${
          o.departments.length
            ? select({
                form: 'forward',
                name: 'department',
                label: t('staff.actions.department'),
                state: st,
                options: o.departments.map((d) => ({ value: d, label: d })),
              })
            : input({
                form: 'forward',
                name: 'department',
                label: t('staff.actions.department'),
                state: st,
                required: true,
                maxlength: LIMITS.department,
              })
        }
        ${textarea({ form: 'forward', name: 'note', label: t('staff.actions.forwardNote'), state: st, optionalLabel: t('common.optional'), maxlength: LIMITS.departmentNote })}`,
        { department: t('staff.actions.department'), note: t('staff.actions.forwardNote') },
      ),
    );
  if (a.has('suggestion_acknowledge'))
    blocks.push(
      simple('suggestion_acknowledge', () => html``, {}, t('staff.actions.suggestionAcknowledgeHint')),
    );
  if (a.has('suggestion_done'))
    blocks.push(
      simple(
        'suggestion_done',
        (st) =>
          textarea({
            form: 'suggestion_done',
            name: 'note',
            label: t('staff.actions.doneNote'),
            state: st,
            optionalLabel: t('common.optional'),
            maxlength: LIMITS.departmentNote,
          }),
        { note: t('staff.actions.doneNote') },
      ),
    );
  if (a.has('escalate')) blocks.push(simple('escalate', () => html``, {}, t('staff.actions.escalateHint')));
  if (a.has('record_letter'))
    blocks.push(
      actionBlock({
        id: 'action-record-letter',
        title: t('staff.actions.recordLetter'),
        open: false,
        body: html`<p class="hint">${t('staff.actions.recordLetterHint')}</p><p><a class="button" href="/letters/new?case=${encodeURIComponent(o.view.state.reference)}">${t('staff.actions.recordLetterLink')}</a></p>`,
      }),
    );
  if (a.has('merge'))
    blocks.push(
      simple(
        'merge',
        (st) =>
          input({
            form: 'merge',
            name: 'duplicateReference',
            label: t('staff.actions.duplicateReference'),
            state: st,
            required: true,
            maxlength: LIMITS.reference,
            hint: t('staff.actions.duplicateHint'),
          }),
        { duplicateReference: t('staff.actions.duplicateReference') },
      ),
    );
  if (a.has('reclassify')) blocks.push(reclassifyBlock(request, o, simple));
  if (a.has('reopen'))
    blocks.push(
      simple(
        'reopen',
        (st) =>
          textarea({
            form: 'reopen',
            name: 'reason',
            label: t('staff.actions.reason'),
            state: st,
            required: true,
            maxlength: LIMITS.reason,
          }),
        { reason: t('staff.actions.reason') },
      ),
    );
  if (a.has('close'))
    blocks.push(
      simple(
        'close',
        (st) =>
          textarea({
            form: 'close',
            name: 'reason',
            label: t('staff.actions.reason'),
            state: st,
            required: true,
            maxlength: LIMITS.reason,
          }),
        { reason: t('staff.actions.reason') },
        t(o.view.state.step === 2 ? 'staff.actions.closeHintStep2' : 'staff.actions.closeHint'),
        'danger',
      ),
    );
  // A toolbar of the actions possible now: each opens its form in place (details/summary, no script); the open
  // one takes the whole width under the others. Nothing possible (a merged duplicate, a reader): no toolbar.
  if (!blocks.length && !o.reply?.contact) return html``;
  return html`<section aria-labelledby="actions-title" class="case-toolbar">
    <h2 id="actions-title">${t('staff.actions.title')}</h2>
    ${o.reply?.contact ? html`<p class="notice">${t('replies.form.designatedOnly', { name: o.reply.contact })}</p>` : ''}
    ${blocks.length ? html`<div class="action-list">${blocks}</div>` : ''}
  </section>`;
}

/**
 * Changing the kind (P2.7, P7.4): the kind (the current one chosen until changed), the reason "other" needs, a
 * note. The hint says what follows, since an acknowledgement or a thank-you may go out at once.
 */
function reclassifyBlock(
  request: FastifyRequest,
  o: CasePageOptions,
  simple: (
    form: 'reclassify',
    fields: (st: FormState) => Html,
    labels: Record<string, string>,
    hint?: string,
  ) => Html,
): Html {
  const { t } = request;
  const s = o.view.state;
  return simple(
    'reclassify',
    (st) => {
      const shown =
        st.values.kind !== undefined
          ? st
          : { ...st, values: { ...st.values, kind: s.kind, reason: s.otherReason ?? '' } };
      return html`${select({
        form: 'reclassify',
        name: 'kind',
        label: t('staff.actions.reclassifyKind'),
        state: shown,
        options: KINDS.map((k) => ({ value: k, label: t(`kinds.${k}`) })),
      })}
      ${select({
        form: 'reclassify',
        name: 'reason',
        label: t('staff.actions.reclassifyReason'),
        hint: t('staff.actions.reclassifyReasonHint'),
        state: shown,
        options: [
          { value: '', label: '—' },
          ...OTHER_REASONS.map((r) => ({ value: r, label: t(`otherReasons.${r}`) })),
        ],
      })}
      ${textarea({ form: 'reclassify', name: 'note', label: t('staff.actions.reclassifyNote'), state: shown, optionalLabel: t('common.optional'), maxlength: LIMITS.reason })}`;
    },
    {
      kind: t('staff.actions.reclassifyKind'),
      reason: t('staff.actions.reclassifyReason'),
      note: t('staff.actions.reclassifyNote'),
    },
    t('staff.actions.reclassifyHint'),
  );
}

function replyBlock(request: FastifyRequest, o: CasePageOptions): Html {
  const { t } = request;
  const st = formState(o, 'reply');
  const s = o.view.state;
  const language = t(`languages.${s.language}`);
  const snippets = o.reply?.snippets ?? [];
  const labels = {
    kind: t('replies.form.kindLegend'),
    text: t('replies.form.text'),
    snippet: t('replies.form.snippet'),
    attachments: t('replies.form.attachments'),
  };
  const textError = st.errors.text;
  // After a snippet is inserted or a preview asked for, the text is where the person goes on writing.
  const focusText = open(o, 'reply') && Object.keys(st.errors).length === 0 && !st.message;
  const describedBy = ['reply-text-hint', textError ? 'reply-text-error' : ''].filter(Boolean).join(' ');
  const replyAgain = filesAgainNotice(request, o, 'reply', st);
  return actionBlock({
    id: 'action-reply',
    title: t('staff.actions.reply'),
    open: open(o, 'reply'),
    body: html`<div class="answer-grid">
      <form method="post" action="${formAction(request, pathOf(s.id, 'reply'))}" enctype="multipart/form-data" class="stack" novalidate>
        <p class="hint">${t('replies.form.hint', { language })}</p>
        ${errorSummary(t, 'reply', st, labels)}
        ${csrfField(request)}${seenField(o)}
        ${choiceGroup({
          form: 'reply',
          name: 'kind',
          legend: labels.kind,
          type: 'radio',
          state: st,
          checked: ['reply'],
          options: REPLY_KINDS.map((k) => ({ value: k, label: t(`replies.form.kinds.${k}`) })),
        })}
        ${
          snippets.length
            ? html`<div class="snippet-picker">
          ${select({
            form: 'reply',
            name: 'snippet',
            label: labels.snippet,
            hint: t('replies.form.snippetHint'),
            state: st,
            options: [
              { value: '', label: t('replies.form.snippetNone') },
              ...snippets.map((x) => ({ value: x.id, label: x.title })),
            ],
          })}
          <button type="submit" name="insert" value="1" data-snippet-insert formaction="${formAction(request, pathOf(s.id, 'reply/preview'))}">${t('replies.form.insert')}</button>
          ${snippets.map((x) => html`<span hidden data-snippet-id="${x.id}" data-snippet-body="${x.body}"></span>`)}
        </div>`
            : html`<p class="hint">${t('replies.form.noSnippets', { language })}</p>`
        }
        <div class="field${textError ? ' has-error' : ''}">
          <label for="reply-text">${labels.text}</label>
          <p class="hint" id="reply-text-hint">${t('replies.form.textHint')}</p>
          ${textError ? html`<p class="error-text" id="reply-text-error">${textError}</p>` : ''}
          <textarea id="reply-text" name="text" rows="10" lang="${s.language}" maxlength="${LIMITS.replyText}" required aria-describedby="${describedBy}"${
            textError ? html` aria-invalid="true"` : ''
          }${focusText ? html` autofocus` : ''}>${st.values.text ?? ''}</textarea>
        </div>
        <div class="field${st.errors.attachments ? ' has-error' : ''}">
          <label for="reply-attachments">${labels.attachments} <span class="muted">(${t('common.optional')})</span></label>
          <p class="hint" id="reply-attachments-hint">${t('replies.form.attachmentsHint', attachmentsLimits(request, o))}</p>
          ${st.errors.attachments ? html`<p class="error-text" id="reply-attachments-error">${st.errors.attachments}</p>` : ''}
          ${replyAgain}
          <input type="file" id="reply-attachments" name="attachments" multiple accept="application/pdf,image/png,image/jpeg" aria-describedby="reply-attachments-hint${st.errors.attachments ? ' reply-attachments-error' : ''}${replyAgain ? ' reply-attachments-again' : ''}">
        </div>
        <div class="button-row">
          <button type="submit" formaction="${formAction(request, pathOf(s.id, 'reply/preview'))}" hx-post="${pathOf(s.id, 'reply/preview')}" hx-target="#reply-preview" hx-swap="outerHTML" hx-encoding="multipart/form-data">${t('replies.form.preview')}</button>
          <button type="submit" class="primary">${t('staff.actions.replySubmit')}</button>
        </div>
      </form>
      ${replyPreview(request, o.reply?.preview ?? null, s.language)}
    </div>`,
  });
}

function dayOption(request: FastifyRequest, d: { date: string; n: number }) {
  const date = localDayText(request.lang, d.date, true);
  return {
    value: d.date,
    // A window may start today, on the answer date itself (src/core/case/extension-window.ts): said as today, not as
    // "working day 0". The first working day has its own words, since French writes it "1er" and the others "2e",
    // "3e".
    label:
      d.n === 0
        ? request.t('staff.actions.dayOptionToday', { date })
        : d.n === 1
          ? request.t('staff.actions.dayOptionFirst', { date })
          : request.t('staff.actions.dayOption', { date, n: number(request.lang, d.n) }),
  };
}

function extendBlock(request: FastifyRequest, o: CasePageOptions): Html {
  const { t, lang } = request;
  const st = formState(o, 'extend');
  const ext = o.extension!;
  const id = o.view.state.id;
  // Proposed: from the first working day after the answer date in force, since an extension is made because the
  // answer will not come by then (the answer date itself may still be chosen: extension-window.ts), to a week later.
  // Both are among the days offered, which the case rule accepts.
  const values = {
    windowStart: ext.lastDays[0]?.date ?? ext.firstDays[0]?.date ?? '',
    windowEnd: ext.lastDays[4]?.date ?? ext.lastDays.at(-1)?.date ?? '',
    ...st.values,
  };
  const state = { ...st, values };
  return actionBlock({
    id: 'action-extend',
    title: t('staff.actions.extend'),
    open: open(o, 'extend'),
    body: html`<form method="post" action="${pathOf(id, 'extend')}" class="stack" novalidate>
      <p class="hint">${t('staff.actions.extendHint', { date: o.view.state.deadline ? localDayText(lang, o.view.state.deadline.answerByDate) : '—' })}</p>
      ${errorSummary(t, 'extend', state, { reason: t('staff.actions.extendReason'), windowStart: t('staff.actions.windowStart'), windowEnd: t('staff.actions.windowEnd') })}
      ${csrfField(request)}${seenField(o)}
      ${textarea({ form: 'extend', name: 'reason', label: t('staff.actions.extendReason'), hint: t('staff.actions.extendReasonHint'), state, required: true, maxlength: LIMITS.reason, rows: 3 })}
      <div class="window-picker">
        ${select({ form: 'extend', name: 'windowStart', label: t('staff.actions.windowStart'), hint: t('staff.actions.windowStartHint', { date: o.view.state.deadline ? localDayText(lang, o.view.state.deadline.answerByDate) : '—' }), state, options: ext.firstDays.map((d) => dayOption(request, d)) })}
        ${select({ form: 'extend', name: 'windowEnd', label: t('staff.actions.windowEnd'), hint: t('staff.actions.windowEndHint'), state, options: ext.lastDays.map((d) => dayOption(request, d)) })}
      </div>
      <button type="submit" class="primary">${t('staff.actions.extendSubmit')}</button>
    </form>`,
  });
}

function answerBlock(request: FastifyRequest, o: CasePageOptions): Html {
  const { t } = request;
  const st = formState(o, 'answer');
  const s = o.view.state;
  const labels = {
    outcome: t('staff.actions.outcome'),
    text: t('staff.actions.answerText'),
    remedy: t('staff.actions.remedy'),
    attachments: t('staff.actions.attachments'),
    ...rootCauseLabels(t),
  };
  const answerAgain = filesAgainNotice(request, o, 'answer', st);
  return actionBlock({
    id: 'action-answer',
    title: t('staff.actions.answer'),
    open: open(o, 'answer'),
    body: html`<div class="answer-grid">
      <form method="post" action="${formAction(request, pathOf(s.id, 'answer'))}" enctype="multipart/form-data" class="stack" novalidate>
        <p class="hint">${t('staff.actions.answerHint', { language: t(`languages.${s.language}`) })}</p>
        ${errorSummary(t, 'answer', st, labels)}
        ${csrfField(request)}${seenField(o)}
        ${choiceGroup({
          form: 'answer',
          name: 'outcome',
          legend: labels.outcome,
          type: 'radio',
          state: st,
          options: OUTCOMES.map((x) => ({ value: x, label: t(`staff.outcomes.${x}`) })),
        })}
        ${textarea({ form: 'answer', name: 'text', label: labels.text, hint: t('staff.actions.answerTextHint'), state: st, required: true, maxlength: LIMITS.answerText, rows: 8 })}
        ${textarea({ form: 'answer', name: 'remedy', label: labels.remedy, state: st, optionalLabel: t('common.optional'), maxlength: LIMITS.remedy, rows: 3 })}
        ${rootCauseFields(request, st)}
        <div class="field${st.errors.attachments ? ' has-error' : ''}">
          <label for="answer-attachments">${labels.attachments} <span class="muted">(${t('common.optional')})</span></label>
          <p class="hint" id="answer-attachments-hint">${t('staff.actions.attachmentsHint', attachmentsLimits(request, o))}</p>
          ${st.errors.attachments ? html`<p class="error-text" id="answer-attachments-error">${st.errors.attachments}</p>` : ''}
          ${answerAgain}
          <input type="file" id="answer-attachments" name="attachments" multiple aria-describedby="answer-attachments-hint${st.errors.attachments ? ' answer-attachments-error' : ''}${answerAgain ? ' answer-attachments-again' : ''}">
        </div>
        <div class="button-row">
          <button type="submit" formaction="${formAction(request, pathOf(s.id, 'answer/preview'))}" hx-post="${pathOf(s.id, 'answer/preview')}" hx-target="#answer-preview" hx-swap="outerHTML" hx-encoding="multipart/form-data">${t('staff.actions.preview')}</button>
          <button type="submit" class="primary">${t('staff.actions.answerSubmit')}</button>
        </div>
      </form>
      ${answerPreview(request, o.answerPreview, s.language)}
    </div>`,
  });
}

/** The limits of an answer's or a reply's files, as their hint states them in the reader's words. */
function attachmentsLimits(request: FastifyRequest, o: CasePageOptions) {
  return {
    count: MAX_FILES,
    size: bytes(request.lang, MAX_ATTACHMENT_BYTES),
    total: bytes(request.lang, o.attachmentsMaxBytes),
  };
}

/**
 * Beside the file field of a form shown again as a whole page (a preview without scripts, a snippet inserted, what
 * was typed refused): the files chosen are named, and the person asked to choose them again, since a browser never
 * fills in a file field for a page and sending would otherwise go without them. Not when the files were refused:
 * their sentence at the field already asks for them again. Null when there is nothing to say.
 */
function filesAgainNotice(
  request: FastifyRequest,
  o: CasePageOptions,
  form: FilesAgain['form'],
  st: FormState,
): Html | null {
  const again = o.filesAgain;
  if (again?.form !== form || !again.names.length || st.errors.attachments) return null;
  return html`<p class="notice" id="${form}-attachments-again">${request.t('staff.actions.attachmentsAgain', { names: again.names.join(', ') })}</p>`;
}

export function answerPreview(
  request: FastifyRequest,
  preview: { subject: string; text: string } | null,
  language: string,
): Html {
  const { t } = request;
  return html`<section id="answer-preview" class="preview" aria-labelledby="answer-preview-title" aria-live="polite">
    <h3 id="answer-preview-title">${t('staff.actions.previewTitle', { language: t(`languages.${language}`) })}</h3>
    ${
      preview
        ? html`<p class="preview-subject" lang="${language}"><strong>${preview.subject}</strong></p><pre class="mail-text" lang="${language}">${preview.text}</pre>`
        : html`<p class="muted">—</p>`
    }
  </section>`;
}

/**
 * The free reply's preview: on the page beside the form, and alone when htmx asks for it (the reply's preview
 * button), so that only it is replaced and the files chosen stay in the form.
 */
export function replyPreview(
  request: FastifyRequest,
  preview: { subject: string; text: string } | null,
  language: string,
): Html {
  const { t } = request;
  return html`<section id="reply-preview" class="preview" aria-labelledby="reply-preview-title" aria-live="polite">
    <h3 id="reply-preview-title">${t('replies.form.previewTitle', { language: t(`languages.${language}`) })}</h3>
    ${
      preview
        ? html`<p class="preview-subject" lang="${language}"><strong>${preview.subject}</strong></p><pre class="mail-text" lang="${language}">${preview.text}</pre>`
        : html`<p class="muted">${t('replies.form.previewEmpty')}</p>`
    }
  </section>`;
}

// -- timeline ----------------------------------------------------------------------------------------------

type Entry =
  | { at: string; kind: 'event'; event: RecordedEvent }
  | { at: string; kind: 'mail'; item: CorrespondenceItem };

const HIDDEN_EVENTS = new Set(['correspondence_filed']);

/** The stored types a browser shows in place (the same list as the correspondence page). */
const viewable = (type: string | null) => /^(application\/pdf|image\/png|image\/jpeg)\b/i.test(type ?? '');

const NOTE_EVENTS = new Set(['note_added']);

/** Whether an entry of the history is shown under a filter: notes are the internal notes, events the rest. */
function inFilter(e: Entry, filter: HistoryFilter): boolean {
  if (filter === 'all') return true;
  if (filter === 'correspondence') return e.kind === 'mail';
  if (e.kind === 'mail') return false;
  return filter === 'notes' ? NOTE_EVENTS.has(e.event.type) : !NOTE_EVENTS.has(e.event.type);
}

function timeline(request: FastifyRequest, o: CasePageOptions): Html {
  const { t } = request;
  const filter = o.history ?? 'all';
  const id = o.view.state.id;
  // Newest first: what happened last is what the person needs to know before acting. At the same instant the
  // correspondence comes before the event that recorded it (read from the top, the effect, then its cause).
  const entries: Entry[] = [
    ...o.view.events
      .filter((e) => !HIDDEN_EVENTS.has(e.type))
      .map((event) => ({ at: event.at, kind: 'event' as const, event })),
    ...o.view.correspondence.map((item) => ({ at: item.at, kind: 'mail' as const, item })),
  ]
    .filter((e) => inFilter(e, filter))
    .sort((a, b) =>
      a.at > b.at ? -1 : a.at < b.at ? 1 : a.kind === b.kind ? 0 : a.kind === 'mail' ? -1 : 1,
    );
  // Filters are plain links (no script): the page comes back with the history filtered, scrolled to it.
  const filterLink = (f: HistoryFilter) =>
    html`<li><a href="/cases/${id}${f === 'all' ? '' : `?history=${f}`}#timeline-title"${
      f === filter ? html` aria-current="page"` : ''
    }>${t(`replies.history.${f}`)}</a></li>`;
  return html`<section aria-labelledby="timeline-title" class="timeline">
    <h2 id="timeline-title">${t('staff.case.timelineTitle')}</h2>
    <div class="timeline-bar">
      <nav aria-label="${t('replies.history.label')}" class="history-filters"><ul>${HISTORY_FILTERS.map(filterLink)}</ul></nav>
      <p class="timeline-links"><a href="/cases/${id}/dossier" download hx-boost="false" title="${t('dossier.hint')}">${t('dossier.download')}</a>
      · <a href="/cases/${id}/complainant-link">${t('complainantLink.staff.caseLink')}</a></p>
    </div>
    <p class="muted">${t('replies.history.newestFirst')}</p>
    ${
      entries.length
        ? html`<ol class="timeline-list">
      ${entries.map((e) => (e.kind === 'event' ? eventEntry(request, o, e.event) : mailEntry(request, o, e.item)))}
    </ol>`
        : html`<p class="muted">${t('replies.history.empty')}</p>`
    }
  </section>`;
}

function eventEntry(request: FastifyRequest, o: CasePageOptions, e: RecordedEvent): Html {
  const { t, lang } = request;
  const p = (e.payload ?? {}) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  const name = (v: unknown) =>
    typeof v === 'string' && v ? (o.view.names.get(v) ?? '—') : t('staff.queues.nobody');
  let detail: Html | string = '';
  switch (e.type) {
    case 'case_received':
      detail = t(`channels.${str(p.channel) || 'email'}`);
      break;
    case 'assigned':
      detail = t('staff.events.assignedDetail', { from: name(p.from), to: name(p.to) });
      break;
    case 'categorised':
      detail = p.to ? categoryLabel(t, str(p.to)) : t('staff.queues.noCategory');
      break;
    case 'flagged':
      // Redress's own flags (a colleague's message, the limits on automatic mail) in the reader's language; a
      // person's reason as written (staff-note.part.ts).
      detail = staffNoteText(t, str(p.reason));
      break;
    case 'note_added':
      // A bounce's note in the reader's language; a person's note as written (status-words.part.ts).
      detail = caseNoteText(t, str(p.text));
      break;
    case 'closed':
      // Redress's own reasons (the quiet period, a suggestion handled) in the reader's language; a person's as written.
      detail = closeReasonText(t, str(p.reason));
      break;
    case 'unflagged':
      detail = str(p.text) || str(p.reason);
      break;
    case 'reopened':
      detail = reopenReasonText(t, str(p.reason));
      break;
    case 'information_requested':
      detail = Array.isArray(p.missing)
        ? (p.missing as string[]).map((m) => t(`staff.checklist.${m}`)).join(', ')
        : '';
      break;
    case 'extended':
      detail = t('staff.events.extendedDetail', {
        start: localDayText(lang, str(p.windowStart)),
        end: localDayText(lang, str(p.windowEnd)),
        reason: str(p.reason),
      });
      break;
    case 'answered':
      detail = t(`staff.outcomes.${str(p.outcome) || 'upheld'}`);
      break;
    case 'replied':
      detail = t(`templates.kinds.${str(p.kind) || 'reply'}`);
      break;
    case 'escalated':
    case 'step2_linked':
      detail = html`<a href="/cases/${str(p.step2CaseId)}">${str(p.step2Reference)}</a>`;
      break;
    case 'merged_into':
      detail = html`<a href="/cases/${str(p.targetCaseId)}">${str(p.targetReference)}</a>`;
      break;
    case 'case_merged': {
      // The duplicate had been promised an earlier answer date: this case took it (case.ts earlierAnswerDate).
      const due = (p.deadline as { answerByDate?: string } | undefined)?.answerByDate;
      detail = html`<a href="/cases/${str(p.sourceCaseId)}">${str(p.sourceReference)}</a>${due ? ` · ${t('staff.case.answerBy')} ${localDayText(lang, due)}` : ''}`;
      break;
    }
    case 'suggestion_forwarded':
      detail = str(p.department) + (p.note ? ` · ${str(p.note)}` : '');
      break;
    case 'suggestion_done':
      detail = str(p.note);
      break;
    case 'step2_requested_by_email':
      // What really happened (older events do not say): the instruction written with the event, or none.
      if (p.instructionId) detail = t('staff.case.step2Told');
      else if (p.notToldBecause)
        detail = t('staff.case.step2NotTold', { why: str(p.notToldBecause).replace(/_/g, ' ') });
      break;
    case 'letter_prepared':
      detail = t(`templates.kinds.${str(p.purpose)}`);
      break;
    case 'reclassified':
      // From what to what, why, and the person's note (a reclassification is often explained in a sentence).
      detail = `${p.from ? `${t(`kinds.${str(p.from)}`)} → ` : ''}${t(`kinds.${str(p.to) || 'other'}`)}${p.reason ? ` · ${t(`otherReasons.${str(p.reason)}`)}` : ''}${p.note ? ` · ${str(p.note)}` : ''}`;
      break;
    case 'language_changed':
      detail = `${t(`languages.${str(p.from)}`)} → ${t(`languages.${str(p.to)}`)}`;
      break;
    case 'promise_renewed':
    case 'answer_date_moved_by_wait':
    case 'deadlines_recomputed': {
      const from = (p.from as { answerByDate?: string } | undefined)?.answerByDate;
      const to = (p.to as { answerByDate?: string } | undefined)?.answerByDate;
      detail = `${from ? localDayText(lang, from) : '—'} → ${to ? localDayText(lang, to) : '—'}`;
      break;
    }
  }
  const label = t(`staff.events.${e.type}`);
  return html`<li class="timeline-event event-${e.type}">
    <p class="timeline-head"><span class="timeline-what">${label === `staff.events.${e.type}` ? e.type : label}</span>
      <span class="muted">${when(lang, o.timezone, e.at)} · ${actorLabel(t, o.view.names, e.actor)}</span></p>
    ${e.redacted ? html`<p class="muted">${t('staff.case.redacted')}</p>` : detail ? html`<p class="timeline-detail">${detail}</p>` : ''}
  </li>`;
}

function mailEntry(request: FastifyRequest, o: CasePageOptions, c: CorrespondenceItem): Html {
  const { t, lang } = request;
  const id = o.view.state.id;
  const party =
    c.direction === 'in'
      ? t('staff.case.mailFrom', {
          who:
            [c.fromName, c.fromAddress ? `<${addressText(c.fromAddress)}>` : null]
              .filter(Boolean)
              .join(' ') || t('inbox.unknownSender'),
        })
      : c.toAddress
        ? t('staff.case.mailTo', { who: c.toAddress })
        : t('staff.case.mailToPost');
  // An undelivered e-mail to the complainant, not printed yet (print-as-letter.ts).
  const canResend = o.canPost && printAsLetterRefusal(c, o.view.correspondence) === null;
  return html`<li class="timeline-mail mail-${c.direction}">
    <p class="timeline-head"><span class="timeline-what">${t(`staff.case.direction.${c.direction}`)} · ${t(`channels.${c.channel}`)}${
      c.purpose ? html` · ${t(`templates.kinds.${c.purpose}`)}` : ''
    }</span>
      <span class="muted">${arrivedWhen(lang, o.timezone, c.direction === 'in' ? c.channel : 'out', c.at)} · ${party}</span>
      <span class="tag tag-delivery-${c.status}">${t(`staff.delivery.${c.status}`)}</span></p>
    <p class="timeline-detail"><a href="/cases/${id}/correspondence/${c.id}">${c.subject.trim() || t('inbox.noSubject')}</a>${
      c.statusDetail && c.status === 'failed'
        ? html` <span class="muted">${deliveryDetailText(t, c.statusDetail)}</span>`
        : ''
    }${
      c.originalSha256
        ? viewable(c.originalType)
          ? // A scan or PDF opens in the browser (the original route shows it in place); an e-mail is a download.
            html` · <a href="/cases/${id}/correspondence/${c.id}/original" target="_blank" rel="noopener" hx-boost="false">${t('replies.page.view')}</a>${
              c.originalSize !== null
                ? html` <span class="muted">(${bytes(lang, c.originalSize)})</span>`
                : ''
            }`
          : html` · <a href="/cases/${id}/correspondence/${c.id}/original" download hx-boost="false">${t('staff.case.downloadOriginal')}</a>${
              c.originalSize !== null
                ? html` <span class="muted">(${bytes(lang, c.originalSize)})</span>`
                : ''
            }`
        : ''
    }</p>
    ${
      canResend
        ? html`<form method="post" action="/cases/${id}/correspondence/${c.id}/resend-letter" class="inline">${csrfField(request)}<button type="submit" class="small">${t('staff.case.resendAsLetter')}</button></form>`
        : ''
    }
  </li>`;
}
