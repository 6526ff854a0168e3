// A case: one complaint at one step, or one suggestion (P3–P5, P9). The rules are pure functions:
// decideCase(state, command, context) → events or a typed refusal; evolveCase(state, event) → state.
import { Temporal } from 'temporal-polyfill';
import {
  type BusinessCalendar,
  computeDeadlines,
  type DeadlinePolicy,
  isIsoDate,
} from '../calendar/business-calendar.ts';
import { REOPEN_REASONS } from '../correspondence/status-words.ts';
import { waitsOnComplainant } from '../intake/missing-fields.ts';
import { staffNote } from '../intake/staff-notes.ts';
import { flagsAnsweredCase, messageOnClosedCase } from './after-close.ts';
import type { CaseEvent, Deadline, Step2Warning } from './case-events.ts';
import type { Category } from './categories.ts';
import { type CategorySuggestion, suggestCategory, suggestionText } from './category-suggestion.ts';
import { deadlineAfterWait } from './clock.ts';
import { windowDaysRefusal, windowStartRefusal } from './extension-window.ts';
import type {
  CaseStatus,
  Channel,
  ComplaintFields,
  Kind,
  Language,
  MissingField,
  OtherReason,
  Outcome,
  Step,
} from './model.ts';
import { answerDateAhead, answerDateWritten, renewedDeadline } from './promise.ts';
import { accept, type Decision, refuse, refused } from './refusal.ts';
import {
  isCurrency,
  isRootCause,
  normaliseAmount,
  type RemedyAmount,
  ROOT_CAUSE_NOTE_MAX,
  ROOT_CAUSES,
  type RootCause,
} from './root-cause.ts';

export interface Extension {
  at: string;
  reason: string;
  windowStart: string;
  windowEnd: string;
  /** The answer deadline this extension replaced (absent in states stored before it was kept). */
  previousAnswerBy?: string;
  previousAnswerByDate: string;
  answerByDate: string;
}

export interface CaseState {
  id: string;
  reference: string;
  kind: Kind;
  otherReason: OtherReason | null;
  step: Step | null;
  status: CaseStatus;
  channel: Channel;
  complainantId: string;
  language: Language;
  subject: string;
  fields: ComplaintFields;
  missing: MissingField[];
  receivedAt: string;
  /** The deadline first set at receipt (kept for reports: answered within the original deadline?). */
  originalDeadline: Deadline | null;
  deadline: Deadline | null;
  acknowledgedAt: string | null;
  answeredAt: string | null;
  outcome: Outcome | null;
  closedAt: string | null;
  ownerId: string | null;
  category: string | null;
  waitingOnComplainant: boolean;
  /**
   * When the case began waiting on the complainant (the request for information that started the wait), while it
   * waits (absent or null: not waiting, or waiting since before this was kept).
   */
  waitingSince?: string | null;
  /** The answer date moved by waits on the complainant (P4.5, when the clock pauses), oldest first (absent: none). */
  waits?: Array<{
    at: string;
    daysWaited: number;
    previousAnswerBy: string;
    previousAnswerByDate: string;
    answerByDate: string;
  }>;
  flagged: boolean;
  extensions: Extension[];
  step1CaseId: string | null;
  step2CaseId: string | null;
  warning: Step2Warning | null;
  /** Letters prepared and not yet marked posted. */
  lettersToPost: string[];
  department: string | null;
  suggestionStatus: 'received' | 'forwarded' | 'department_acknowledged' | 'done' | null;
  /**
   * The addresses the suggestion was last forwarded to, as its forward recorded them (absent: never forwarded, or
   * forwarded by an earlier release, which did not record them).
   */
  forwardedTo?: readonly string[];
  correspondenceIds: string[];
  step2RequestedByEmail: boolean;
  /** Set when this case was merged into another (a duplicate). */
  mergedInto: string | null;
  /** Duplicates merged into this case. */
  mergedFrom: string[];
  /** Staff chose this case's language for it alone: it no longer follows its complainant's (absent: false). */
  languageOverridden?: boolean;
  /** How many times the answer date was promised anew because it had passed (absent in older states: 0). */
  promiseRenewals?: number;
  /**
   * The first renewal of the promise: when, and the deadline it replaced, which the figures keep measuring the
   * case against (promise.ts measuredPromise). Absent: never renewed, or renewed in a state stored before it was
   * kept (then the row keeps what the migration filled from the events).
   */
  firstRenewal?: { at: string; from: Deadline };
  /** The category the complaint's words suggested at receipt, with those words (absent or null: none). */
  suggestedCategory?: CategorySuggestion | null;
  /** What the last answer recorded besides its text: the root cause and the remedy (absent: not answered). */
  answerRecord?: { rootCause: RootCause | null; remedy: string | null; remedyAmount: RemedyAmount | null };
  updatedAt: string;
}

export interface EventMeta {
  at: string;
  actor: string;
}

export interface DecideContext {
  now: string;
  calendar: BusinessCalendar;
  policy: DeadlinePolicy;
}

export type CaseCommand =
  | {
      type: 'receive';
      caseId: string;
      reference: string;
      kind: 'complaint' | 'suggestion';
      step: Step | null;
      channel: Channel;
      complainantId: string;
      receivedAt: string;
      language: Language;
      subject: string;
      fields: ComplaintFields;
      missing: MissingField[];
      correspondenceId: string | null;
      /** For a step-2 request: the step-1 case found for it, if any (P5.3: never refused). */
      step1: CaseState | null;
      /**
       * The category catalogue in force: a complaint gets the category its words suggest, as a suggestion for an
       * agent to confirm. Every door opens cases through this command, so the suggestion is made here only.
       */
      categories?: readonly Category[];
    }
  | {
      type: 'file_correspondence';
      correspondenceId: string;
      direction: 'in' | 'out';
      channel: Channel;
      fromComplainant: boolean;
    }
  | { type: 'reclassify'; kind: Kind; reason: OtherReason | null; note: string | null }
  | {
      type: 'acknowledge';
      channel: 'email' | 'letter';
      correspondenceId: string | null;
      /** What the acknowledgement asked the complainant for (P2.7, P3.2), as it was written to them. */
      asked?: readonly MissingField[];
    }
  | {
      type: 'request_information';
      missing: MissingField[];
      note: string | null;
      correspondenceId: string | null;
    }
  | { type: 'assign'; to: string | null }
  | { type: 'categorise'; category: string | null }
  | { type: 'add_note'; text: string }
  /** A free reply or an interim update written by staff (src/app/send-reply.ts): history only, never the answer. */
  | { type: 'reply'; kind: 'reply' | 'update'; correspondenceId: string | null }
  | { type: 'flag'; reason: string }
  | { type: 'unflag'; reason: string }
  | {
      type: 'extend';
      reason: string;
      windowStart: string;
      windowEnd: string;
      correspondenceId: string | null;
    }
  | {
      type: 'answer';
      outcome: Outcome;
      text: string | null;
      remedy: string | null;
      correspondenceId: string | null;
      /** What the complaint came from, recorded with the answer for the figures (never sent). */
      rootCause?: RootCause | null;
      /** The money offered with the remedy: a decimal with at most two places and a currency code. */
      remedyAmount?: RemedyAmount | null;
    }
  | { type: 'escalate'; step2CaseId: string; step2Reference: string }
  | { type: 'link_step2'; step2CaseId: string; step2Reference: string }
  | {
      type: 'record_step2_request_by_email';
      correspondenceId: string | null;
      /** The by-post instruction written with this event (outbound correspondence), or null: nobody was told. */
      instructionId?: string | null;
      /** Why the complainant was not told automatically (a person writes), or null. */
      notToldBecause?: string | null;
    }
  | { type: 'close'; reason: string }
  | { type: 'reopen'; reason: string }
  | { type: 'prepare_letter'; letterId: string; purpose: string }
  | { type: 'mark_letter_posted'; letterId: string }
  | {
      type: 'forward_suggestion';
      department: string;
      note: string | null;
      /** The e-mails to the department written with this event (outbound items of no case), if any. */
      outboundIds?: readonly string[];
      /** The department's addresses those e-mails go to, as they are now. */
      addresses?: readonly string[];
    }
  | { type: 'department_acknowledge_suggestion' }
  | { type: 'complete_suggestion'; note: string | null }
  | {
      type: 'recompute_deadlines';
      reason: string;
      /** The purposes of the texts written to the complainant on this case (outbound items), in any status. */
      written: readonly string[];
    }
  | { type: 'merge_into'; target: CaseState }
  | { type: 'absorb_duplicate'; source: CaseState }
  | { type: 'change_complainant'; complainantId: string }
  /** Before an acknowledgement: a passed answer date is promised anew from now (src/core/case/promise.ts). */
  | { type: 'renew_promise' }
  /** `complainant`: the case follows its complainant's new language; `case` (default): chosen for it alone. */
  | { type: 'change_language'; language: Language; reason: string | null; scope?: 'case' | 'complainant' };

// ---------------------------------------------------------------------------------------------------------------
// evolve

export function evolveCase(state: CaseState | null, event: CaseEvent, meta: EventMeta): CaseState {
  if (event.type === 'case_received') {
    const p = event.payload;
    return {
      id: state?.id ?? '',
      reference: p.reference,
      kind: p.kind,
      otherReason: null,
      step: p.step,
      status: 'received',
      channel: p.channel,
      complainantId: p.complainantId,
      language: p.language,
      subject: p.subject,
      fields: p.fields,
      missing: p.missing,
      receivedAt: p.receivedAt,
      ...(p.suggestedCategory ? { suggestedCategory: p.suggestedCategory } : {}),
      originalDeadline: p.deadline,
      deadline: p.deadline,
      acknowledgedAt: null,
      answeredAt: null,
      outcome: null,
      closedAt: null,
      ownerId: null,
      category: null,
      waitingOnComplainant: false,
      flagged: p.warning !== null,
      extensions: [],
      step1CaseId: p.step1CaseId,
      step2CaseId: null,
      warning: p.warning,
      lettersToPost: [],
      department: null,
      suggestionStatus: p.kind === 'suggestion' ? 'received' : null,
      correspondenceIds: p.correspondenceId ? [p.correspondenceId] : [],
      step2RequestedByEmail: false,
      mergedInto: null,
      mergedFrom: [],
      updatedAt: meta.at,
    };
  }
  if (!state) throw new Error(`event ${event.type} before case_received`);
  const s: CaseState = { ...state, updatedAt: meta.at };
  switch (event.type) {
    case 'correspondence_filed':
      if (!s.correspondenceIds.includes(event.payload.correspondenceId))
        s.correspondenceIds = [...s.correspondenceIds, event.payload.correspondenceId];
      return s;
    case 'information_received':
      s.waitingOnComplainant = false;
      s.waitingSince = null;
      return s;
    case 'reclassified':
      s.kind = event.payload.to;
      // A suggestion or an "other" case made a complaint starts at step 1 (a complaint always has a step, and
      // escalation needs it); one that was a complaint before keeps the step it had.
      if (event.payload.to === 'complaint' && s.step === null) s.step = 1;
      s.otherReason = event.payload.reason;
      if (event.payload.deadline) {
        s.deadline = event.payload.deadline;
        s.originalDeadline ??= event.payload.deadline;
      }
      if (event.payload.to === 'suggestion') s.suggestionStatus ??= 'received';
      return s;
    case 'acknowledged':
      s.acknowledgedAt = meta.at;
      if (s.status === 'received') s.status = 'acknowledged';
      return s;
    case 'information_requested':
      // Asking again while it waits does not start the wait anew: the complainant has been waited on since the first.
      // A wait counts only from a request that told them the days waited are added (`clockPaused`): one that told
      // them the date stands (the setting off then, or a request stored before) keeps no start, and moves nothing.
      if (!s.waitingOnComplainant) s.waitingSince = event.payload.clockPaused ? meta.at : null;
      s.waitingOnComplainant = true;
      return s;
    case 'answer_date_moved_by_wait': {
      const p = event.payload;
      s.deadline = p.to;
      s.waits = [
        ...(s.waits ?? []),
        {
          at: meta.at,
          daysWaited: p.daysWaited,
          previousAnswerBy: p.from.answerBy,
          previousAnswerByDate: p.from.answerByDate,
          answerByDate: p.to.answerByDate,
        },
      ];
      return s;
    }
    case 'assigned':
      s.ownerId = event.payload.to;
      return s;
    case 'categorised':
      s.category = event.payload.to;
      return s;
    case 'note_added':
      return s;
    // A free reply is not the definitive answer (P4.4): the status, the clock and the outcome stay as they were.
    case 'replied':
      return s;
    case 'flagged':
      s.flagged = true;
      return s;
    case 'unflagged':
      s.flagged = false;
      return s;
    case 'extended': {
      const p = event.payload;
      s.deadline = {
        acknowledgeBy: s.deadline?.acknowledgeBy ?? p.answerBy,
        answerBy: p.answerBy,
        answerByDate: p.answerByDate,
      };
      s.extensions = [
        ...s.extensions,
        {
          at: meta.at,
          reason: p.reason,
          windowStart: p.windowStart,
          windowEnd: p.windowEnd,
          previousAnswerBy: p.previousAnswerBy,
          previousAnswerByDate: p.previousAnswerByDate,
          answerByDate: p.answerByDate,
        },
      ];
      return s;
    }
    case 'answered':
      s.status = 'answered';
      s.answeredAt = meta.at;
      s.outcome = event.payload.outcome;
      s.waitingOnComplainant = false;
      s.waitingSince = null;
      s.answerRecord = {
        rootCause: event.payload.rootCause ?? null,
        remedy: event.payload.remedy,
        remedyAmount: event.payload.remedyAmount ?? null,
      };
      return s;
    case 'escalated':
    case 'step2_linked':
      s.step2CaseId = event.payload.step2CaseId;
      return s;
    case 'step2_requested_by_email':
      s.step2RequestedByEmail = true;
      return s;
    case 'closed':
      s.status = 'closed';
      s.closedAt = meta.at;
      s.waitingOnComplainant = false;
      s.waitingSince = null;
      return s;
    case 'reopened':
      s.status = s.answeredAt ? 'answered' : s.acknowledgedAt ? 'acknowledged' : 'received';
      s.closedAt = null;
      if (event.payload.suggestionStatus) s.suggestionStatus = event.payload.suggestionStatus;
      return s;
    case 'letter_prepared':
      s.lettersToPost = [...s.lettersToPost, event.payload.letterId];
      return s;
    case 'letter_posted':
      s.lettersToPost = s.lettersToPost.filter((id) => id !== event.payload.letterId);
      return s;
    case 'suggestion_forwarded':
      s.department = event.payload.department;
      s.suggestionStatus = 'forwarded';
      if (event.payload.to) s.forwardedTo = event.payload.to;
      else delete s.forwardedTo;
      return s;
    case 'suggestion_department_acknowledged':
      s.suggestionStatus = 'department_acknowledged';
      return s;
    case 'suggestion_done':
      s.suggestionStatus = 'done';
      return s;
    case 'deadlines_recomputed':
      s.deadline = event.payload.to;
      return s;
    case 'merged_into':
      s.mergedInto = event.payload.targetCaseId;
      s.status = 'closed';
      s.closedAt = meta.at;
      s.waitingOnComplainant = false;
      s.waitingSince = null;
      return s;
    case 'case_merged':
      s.mergedFrom = [...s.mergedFrom, event.payload.sourceCaseId];
      if (event.payload.deadline) s.deadline = event.payload.deadline;
      s.correspondenceIds = [...new Set([...s.correspondenceIds, ...event.payload.correspondenceIds])];
      return s;
    case 'complainant_changed':
      s.complainantId = event.payload.to;
      return s;
    case 'promise_renewed':
      if (!s.promiseRenewals) s.firstRenewal = { at: meta.at, from: event.payload.from };
      s.deadline = event.payload.to;
      s.promiseRenewals = (s.promiseRenewals ?? 0) + 1;
      return s;
    case 'language_changed':
      s.language = event.payload.to;
      s.languageOverridden = (event.payload.scope ?? 'case') === 'case';
      return s;
  }
}

/**
 * Whether a case follows a change of its complainant's language (P10: the language is the complainant's): an
 * open case whose language staff did not choose for it alone.
 */
export function followsComplainantLanguage(s: CaseState): boolean {
  return s.status !== 'closed' && !s.mergedInto && !s.languageOverridden;
}

/** Replays a whole stream. */
export function replayCase(
  id: string,
  events: ReadonlyArray<{ event: CaseEvent; meta: EventMeta }>,
): CaseState | null {
  let state: CaseState | null = null;
  for (const { event, meta } of events) {
    state = evolveCase(state, event, meta);
    if (event.type === 'case_received') state.id = id;
  }
  return state;
}

// ---------------------------------------------------------------------------------------------------------------
// decide

const isOpen = (s: CaseState) => s.status !== 'closed';
const trimmed = (t: string | null) => (t ?? '').trim();

function requireCase(state: CaseState | null): state is CaseState {
  return state !== null;
}

export function decideCase(
  state: CaseState | null,
  command: CaseCommand,
  ctx: DecideContext,
): Decision<CaseEvent> {
  if (command.type === 'receive') return decideReceive(state, command, ctx);
  if (!requireCase(state)) return refuse('case_not_found', 'There is no such case.', { context: 'case' });
  const s = state;
  switch (command.type) {
    case 'file_correspondence': {
      const events: CaseEvent[] = [
        {
          type: 'correspondence_filed',
          payload: {
            correspondenceId: command.correspondenceId,
            direction: command.direction,
            channel: command.channel,
          },
        },
      ];
      if (command.direction === 'in' && command.fromComplainant && s.waitingOnComplainant) {
        events.push({
          type: 'information_received',
          payload: { correspondenceId: command.correspondenceId },
        });
        const moved = movedByWait(s, command.correspondenceId, ctx);
        if (moved) events.push(moved);
      }
      // Their own words after the answer reach a person (after-close.ts): no open list holds an answered case.
      if (flagsAnsweredCase(s, command))
        events.push({ type: 'flagged', payload: { reason: staffNote('wroteAfterAnswer') } });
      // Their own words on a closed case reach a person (after-close.ts, P4.6, P9.2): no queue lists a closed case.
      const afterClose = messageOnClosedCase(s, command);
      if (afterClose) {
        events.push(reopenedEvent(s, REOPEN_REASONS[afterClose.reopen]));
        if (afterClose.flag && !s.flagged)
          events.push({ type: 'flagged', payload: { reason: staffNote('wroteOnClosedCase') } });
      }
      return accept(...events);
    }
    case 'reclassify': {
      // Only "other" carries a reason: a reason sent with another kind is no change of its own.
      const reason = command.kind === 'other' ? command.reason : null;
      if (command.kind === s.kind && reason === s.otherReason)
        return refuse('same_value', `The case is already of kind "${s.kind}".`, {
          context: 'kind',
          kind: s.kind,
        });
      if (command.kind === 'other' && !reason)
        return refuse(
          'invalid_command',
          'Reclassifying as "other" needs a reason (abuse report, domain dispute, …).',
          { context: 'other_needs_reason' },
        );
      if (s.mergedInto)
        return refuse('case_closed', 'This case was merged into another; reclassify that case instead.', {
          context: 'merged_reclassify',
        });
      // A step-1 complaint escalated to step 2 has a step-2 case resting on it: it stays what it is.
      if (s.step2CaseId)
        return refuse(
          'already_escalated',
          'The case was escalated to step 2; its kind can no longer change.',
          { context: 'kind' },
        );
      // A closed case may still leave the figures (made "other", P7.4), but one made a complaint or a suggestion
      // is acknowledged or thanked at once: it must be open for that.
      if (!isOpen(s) && command.kind !== 'other')
        return refuse('case_closed', 'The case is closed; reopen it first.', { context: 'reopen_first' });
      const deadline =
        command.kind === 'complaint' && !s.deadline
          ? toDeadline(computeDeadlines(ctx.calendar, s.receivedAt, ctx.policy))
          : null;
      return accept({
        type: 'reclassified',
        payload: {
          from: s.kind,
          to: command.kind,
          reason,
          deadline,
          note: trimmed(command.note) || null,
        },
      });
    }
    case 'acknowledge':
      if (s.kind === 'other')
        return refuse('not_acknowledgeable', 'A case of kind "other" is not acknowledged.', {
          context: 'other',
        });
      if (s.acknowledgedAt)
        return refuse('already_acknowledged', `The case was acknowledged on ${s.acknowledgedAt}.`, {
          context: 'at',
          at: s.acknowledgedAt,
        });
      if (!isOpen(s)) return closedRefusal(s, 'The case is closed; reopen it first.');
      // An acknowledgement that asks for missing information asks as a request by staff does (P2.7): the case
      // then shows that it waits on the complainant (P4.5), and their answer, by whichever way it comes, ends the
      // wait (file_correspondence). The clock runs on all the same.
      if (s.kind === 'complaint' && command.asked && waitsOnComplainant(command.asked))
        return accept(
          {
            type: 'acknowledged',
            payload: { channel: command.channel, correspondenceId: command.correspondenceId },
          },
          {
            type: 'information_requested',
            payload: {
              missing: [...command.asked],
              note: null,
              correspondenceId: command.correspondenceId,
              ...pausedWait(ctx),
            },
          },
        );
      return accept({
        type: 'acknowledged',
        payload: { channel: command.channel, correspondenceId: command.correspondenceId },
      });
    case 'request_information':
      if (s.kind !== 'complaint')
        return refuse('not_a_complaint', 'Only a complaint can ask for missing information.', {
          context: 'request_information',
        });
      if (!isOpen(s)) return closedRefusal(s, 'The case is closed; reopen it first.');
      if (s.status === 'answered')
        return refuse('already_answered', 'The case is already answered.', {
          context: 'request_information',
        });
      return accept({
        type: 'information_requested',
        payload: {
          missing: command.missing,
          note: command.note,
          correspondenceId: command.correspondenceId,
          ...pausedWait(ctx),
        },
      });
    case 'assign':
      if (command.to === s.ownerId)
        return refuse('same_value', 'The case already has this owner.', { context: 'owner' });
      return accept({ type: 'assigned', payload: { from: s.ownerId, to: command.to } });
    case 'categorise': {
      const to = trimmed(command.category) || null;
      if (to === s.category)
        return refuse('same_value', 'The case already has this category.', { context: 'category' });
      return accept({ type: 'categorised', payload: { from: s.category, to } });
    }
    case 'add_note': {
      const text = trimmed(command.text);
      if (!text) return refuse('empty_text', 'A note needs some text.', { context: 'note' });
      return accept({ type: 'note_added', payload: { text } });
    }
    case 'reply':
      return accept({
        type: 'replied',
        payload: { kind: command.kind, correspondenceId: command.correspondenceId },
      });
    case 'flag':
      if (s.flagged) return refuse('same_value', 'The case is already flagged.', { context: 'flagged' });
      return accept({ type: 'flagged', payload: { reason: trimmed(command.reason) } });
    case 'unflag':
      if (!s.flagged) return refuse('same_value', 'The case is not flagged.', { context: 'not_flagged' });
      return accept({ type: 'unflagged', payload: { reason: trimmed(command.reason) } });
    case 'extend':
      return decideExtend(s, command, ctx);
    case 'answer':
      if (s.kind !== 'complaint')
        return refuse('not_a_complaint', 'Only a complaint receives a definitive answer.', {
          context: 'answer',
        });
      if (!isOpen(s)) return closedRefusal(s, 'The case is closed; reopen it before answering.');
      if (s.status === 'answered')
        return refuse('already_answered', `The case was answered on ${s.answeredAt}.`, {
          context: 'at',
          at: s.answeredAt,
        });
      if (command.rootCause && !isRootCause(command.rootCause.cause))
        return refuse('invalid_command', `rootCause: use one of ${ROOT_CAUSES.join(', ')}.`, {
          context: 'root_cause',
          causes: ROOT_CAUSES.join(', '),
        });
      if (
        command.remedyAmount &&
        (normaliseAmount(command.remedyAmount.value) !== command.remedyAmount.value ||
          !isCurrency(command.remedyAmount.currency))
      )
        return refuse(
          'invalid_command',
          'remedyAmount: a decimal with at most two places (25.50) and a three-letter currency (EUR).',
          { context: 'remedy_amount' },
        );
      return accept({
        type: 'answered',
        payload: {
          outcome: command.outcome,
          text: trimmed(command.text) || null,
          remedy: trimmed(command.remedy) || null,
          correspondenceId: command.correspondenceId,
          rootCause: command.rootCause
            ? {
                cause: command.rootCause.cause,
                note: trimmed(command.rootCause.note)?.slice(0, ROOT_CAUSE_NOTE_MAX) || null,
              }
            : null,
          remedyAmount: command.remedyAmount ?? null,
        },
      });
    case 'escalate':
      if (s.kind !== 'complaint')
        return refuse('not_a_complaint', 'Only a complaint can be escalated.', { context: 'escalate' });
      if (s.step !== 1)
        return refuse('not_step_1', 'Only a step-1 case can be escalated to step 2.', {
          context: 'escalate',
        });
      if (!s.answeredAt)
        return refuse(
          'not_answered',
          'A step-1 case is escalated by staff only after its answer (P5.1); answer it first.',
          { context: 'escalate' },
        );
      if (s.step2CaseId)
        return refuse('already_escalated', 'This case has already been escalated to step 2.', {
          context: 'step2',
        });
      return accept({
        type: 'escalated',
        payload: { step2CaseId: command.step2CaseId, step2Reference: command.step2Reference },
      });
    case 'link_step2':
      if (s.step2CaseId === command.step2CaseId)
        return refuse('same_value', 'The step-2 case is already linked.', { context: 'step2_linked' });
      return accept({
        type: 'step2_linked',
        payload: { step2CaseId: command.step2CaseId, step2Reference: command.step2Reference },
      });
    case 'record_step2_request_by_email':
      return accept({
        type: 'step2_requested_by_email',
        payload: {
          correspondenceId: command.correspondenceId,
          policy: 'by_post_instruction',
          instructionId: command.instructionId ?? null,
          notToldBecause: command.instructionId ? null : (command.notToldBecause ?? null),
        },
      });
    case 'close': {
      if (!isOpen(s))
        return refuse('case_closed', 'The case is already closed.', { context: 'already_closed' });
      const reason = trimmed(command.reason);
      if (!reason) return refuse('empty_text', 'Closing a case needs a reason.', { context: 'close_reason' });
      return accept({ type: 'closed', payload: { reason } });
    }
    case 'reopen': {
      if (s.mergedInto) return refuse('case_closed', MERGED_ACT_THERE, { context: 'merged' });
      if (isOpen(s)) return refuse('case_not_closed', 'The case is not closed.', { context: 'reopen' });
      const reason = trimmed(command.reason);
      if (!reason)
        return refuse('empty_text', 'Reopening a case needs a reason.', { context: 'reopen_reason' });
      return accept(reopenedEvent(s, reason));
    }
    case 'prepare_letter':
      return accept({
        type: 'letter_prepared',
        payload: { letterId: command.letterId, purpose: command.purpose },
      });
    case 'mark_letter_posted':
      if (!s.lettersToPost.includes(command.letterId))
        return refuse('no_such_letter', 'This letter is not waiting to be posted on this case.', {
          context: 'not_waiting',
        });
      return accept({ type: 'letter_posted', payload: { letterId: command.letterId } });
    case 'forward_suggestion': {
      if (s.kind !== 'suggestion')
        return refuse('not_a_suggestion', 'Only a suggestion is forwarded to a department.', {
          context: 'forward',
        });
      if (!isOpen(s)) return closedRefusal(s, 'The case is closed; reopen it first.');
      const department = trimmed(command.department);
      if (!department)
        return refuse('invalid_command', 'Name the department to forward the suggestion to.', {
          context: 'department_missing',
        });
      // The same department however its name is cased: forwarding it again would mail the department twice, unless
      // its addresses changed since (the old one was wrong, the mailbox moved): then it goes to the new ones.
      if (
        department.toLowerCase() === s.department?.toLowerCase() &&
        s.suggestionStatus !== 'received' &&
        !addressesChanged(s.forwardedTo, command.addresses)
      )
        return refuse('same_value', `The suggestion is already with ${department}.`, {
          context: 'department',
          department,
        });
      const outboundIds = command.outboundIds ?? [];
      return accept({
        type: 'suggestion_forwarded',
        payload: {
          department,
          note: trimmed(command.note) || null,
          // The event names the department's e-mails so that it carries their seals (no case holds them).
          ...(outboundIds.length ? { outboundIds: [...outboundIds] } : {}),
          // The addresses, so that a later forward to the same department knows whether they changed.
          ...(command.addresses?.length ? { to: [...command.addresses] } : {}),
        },
      });
    }
    case 'department_acknowledge_suggestion':
      if (s.kind !== 'suggestion' || !s.department)
        return refuse(
          'not_a_suggestion',
          'Only a suggestion forwarded to a department can be acknowledged by it.',
          { context: 'department_acknowledge' },
        );
      if (s.suggestionStatus !== 'forwarded')
        return refuse('same_value', 'The department has already acknowledged it.', {
          context: 'department_acknowledged',
        });
      return accept({ type: 'suggestion_department_acknowledged', payload: { department: s.department } });
    case 'complete_suggestion':
      if (s.kind !== 'suggestion' || !s.department)
        return refuse('not_a_suggestion', 'Only a suggestion forwarded to a department can be marked done.', {
          context: 'mark_done',
        });
      if (s.suggestionStatus === 'done')
        return refuse('same_value', 'The suggestion is already done.', { context: 'suggestion_done' });
      return accept({
        type: 'suggestion_done',
        payload: { department: s.department, note: trimmed(command.note) || null },
      });
    case 'merge_into': {
      const t = command.target;
      if (t.id === s.id)
        return refuse('invalid_command', 'A case cannot be merged into itself.', { context: 'merge_itself' });
      if (s.mergedInto)
        return refuse('case_closed', `This case was already merged into another case.`, {
          context: 'merged',
        });
      if (t.mergedInto)
        return refuse(
          'invalid_command',
          `${t.reference} was itself merged into another case; merge into that one.`,
          { context: 'merge_target_merged', reference: t.reference },
        );
      if (t.kind !== s.kind)
        return refuse('invalid_command', `A ${s.kind} can only be merged into another ${s.kind}.`, {
          context: 'merge_kind',
          kind: s.kind,
        });
      if (t.complainantId !== s.complainantId)
        return refuse('invalid_command', otherPerson(t.reference), {
          context: 'merge_other_person',
          reference: t.reference,
        });
      if (!isOpen(t))
        return refuse(
          'case_closed',
          `${t.reference} is closed: reopen it first, or merge it into this case instead.`,
          { context: 'merge_target_closed', reference: t.reference },
        );
      return accept({ type: 'merged_into', payload: { targetCaseId: t.id, targetReference: t.reference } });
    }
    case 'absorb_duplicate': {
      const src = command.source;
      if (src.id === s.id)
        return refuse('invalid_command', 'A case cannot be merged into itself.', { context: 'merge_itself' });
      if (s.mergedInto)
        return refuse('case_closed', `This case was merged into another case; merge into that one.`, {
          context: 'merged',
        });
      if (s.mergedFrom.includes(src.id))
        return refuse('same_value', `${src.reference} is already merged into this case.`, {
          context: 'merged_here',
          reference: src.reference,
        });
      if (src.complainantId !== s.complainantId)
        return refuse('invalid_command', otherPerson(src.reference), {
          context: 'merge_other_person',
          reference: src.reference,
        });
      if (!isOpen(s))
        return refuse(
          'case_closed',
          `${s.reference} is closed: reopen it first, or merge it into ${src.reference} instead.`,
          { context: 'merge_survivor_closed', reference: s.reference, source: src.reference },
        );
      const answerBy = earlierAnswerDate(s, src);
      return accept({
        type: 'case_merged',
        payload: {
          sourceCaseId: src.id,
          sourceReference: src.reference,
          correspondenceIds: src.correspondenceIds,
          ...(answerBy ? { deadline: answerBy } : {}),
        },
      });
    }
    case 'change_complainant':
      if (command.complainantId === s.complainantId)
        return refuse('same_value', 'The case already belongs to this complainant.', {
          context: 'same_complainant',
        });
      return accept({
        type: 'complainant_changed',
        payload: { from: s.complainantId, to: command.complainantId },
      });
    case 'renew_promise': {
      if (s.kind !== 'complaint' || !s.deadline)
        return refuse('not_a_complaint', 'Only a complaint has an answer date to promise.', {
          context: 'renew_promise',
        });
      if (!isOpen(s)) return closedRefusal(s, 'The case is closed.');
      if (s.answeredAt)
        return refuse('already_answered', 'The case is already answered.', { context: 'renew_promise' });
      if (answerDateAhead(s.deadline, ctx.now))
        return refuse('same_value', `The answer date (${s.deadline.answerByDate}) is still ahead.`, {
          context: 'answer_date_ahead',
          answerByDate: s.deadline.answerByDate,
        });
      return accept({
        type: 'promise_renewed',
        payload: {
          reason: 'answer_date_passed',
          from: s.deadline,
          to: renewedDeadline(s.deadline, ctx.now, ctx.calendar, ctx.policy),
        },
      });
    }
    case 'change_language': {
      const scope = command.scope ?? 'case';
      if (command.language === s.language)
        return refuse('same_value', `The case is already written in ${s.language}.`, {
          context: 'language',
          language: s.language,
        });
      return accept({
        type: 'language_changed',
        payload: { from: s.language, to: command.language, reason: trimmed(command.reason) || null, scope },
      });
    }
    case 'recompute_deadlines': {
      // Once the complainant has been told the answer date (the acknowledgement carries it, P3.2; a renewed
      // promise or an extension window too), a calendar change does not move it: moved later, the complainant
      // would wait past the day they were given without being told; moved earlier, the figures would measure
      // the case against a day nobody promised. A later date needs an extension, which tells them (P4.3).
      // Told means written: a request for information or an acknowledgement letter waiting to be posted carries
      // the date before the case counts as acknowledged.
      if (
        !s.deadline ||
        !isOpen(s) ||
        s.answeredAt ||
        s.acknowledgedAt ||
        s.extensions.length > 0 ||
        s.promiseRenewals ||
        answerDateWritten(command.written)
      )
        return refuse(
          'same_value',
          'Only an open complaint whose answer date has not been told to the complainant yet (not acknowledged, asked for information, answered or extended) has a deadline to recompute.',
          { context: 'deadline_told' },
        );
      const to = toDeadline(computeDeadlines(ctx.calendar, s.receivedAt, ctx.policy));
      if (to.answerBy === s.deadline.answerBy && to.acknowledgeBy === s.deadline.acknowledgeBy)
        return refuse('same_value', 'The deadline does not move.', { context: 'deadline_unchanged' });
      return accept({
        type: 'deadlines_recomputed',
        payload: { reason: command.reason, from: s.deadline, to },
      });
    }
  }
}

/**
 * What a request for information records of the clock (P4.5): that the days waited on the complainant are added to
 * the answer date, as its text then tells them (case-texts.ts clockPaused). Nothing where the clock does not pause.
 */
function pausedWait(ctx: DecideContext): { clockPaused?: true } {
  return ctx.policy.pauseWhileWaiting ? { clockPaused: true } : {};
}

/**
 * Where the organisation pauses the clock while a case waits on the complainant (P4.5, configuration): the event
 * that adds the business days waited to the answer date, when their answer ends the wait, or null when nothing
 * moves (the setting off, a case that owes no answer, or no business day waited).
 *
 * A wait with no start kept (begun by a request that told them the date stands: the setting was off then, or the
 * request was stored by an earlier release, before starts were kept) moves nothing: the date is not moved against
 * what they were told. A note says so to staff, who may extend it (P4.3) where the wait calls for more time.
 */
function movedByWait(s: CaseState, correspondenceId: string | null, ctx: DecideContext): CaseEvent | null {
  if (!ctx.policy.pauseWhileWaiting || !s.deadline) return null;
  if (s.kind !== 'complaint' || !isOpen(s) || s.answeredAt) return null;
  if (!s.waitingSince) return { type: 'note_added', payload: { text: staffNote('waitStartUnknown') } };
  const { daysWaited, to } = deadlineAfterWait(s.deadline, s.waitingSince, ctx.now, ctx.calendar);
  if (daysWaited === 0) return null;
  return {
    type: 'answer_date_moved_by_wait',
    payload: {
      waitedFrom: s.waitingSince,
      waitedUntil: ctx.now,
      daysWaited,
      from: s.deadline,
      to,
      correspondenceId,
    },
  };
}

/**
 * A duplicate merged into another case has no clock of its own: its complaint is answered on the case that
 * remains, which took the earlier answer date of the two (earlierAnswerDate). Reopened, it would get its old
 * deadline back (in the queue as due or late, extended or answered apart: one complaint promised twice).
 */
const MERGED_ACT_THERE = 'This case was merged into another case: act on that one.';

/** The refusal of an act that needs an open case: reopen it first, or, for a merged duplicate, act on the other. */
function closedRefusal(s: CaseState, message: string): Decision<CaseEvent> {
  if (s.mergedInto) return refuse('case_closed', MERGED_ACT_THERE, { context: 'merged' });
  return refuse('case_closed', message, { context: 'reopen_first' });
}

/**
 * A duplicate is the same person's complaint sent twice: merging the cases of two complainant records would put
 * one person's mail in the other's case, their exports and their answers (P6.3). Where the two records are one
 * person, merging the records comes first.
 */
const otherPerson = (reference: string) =>
  `${reference} belongs to another complainant record: a duplicate is the same person's complaint. If both records are the same person, merge the complainant records first, then the cases.`;

/**
 * The deadline the surviving case takes when `src` is merged into it, or null when it keeps its own: the same
 * complainant was promised an answer to the duplicate by an earlier day, and merging must not make that promise
 * later (nor hide that it was missed: the duplicate leaves the figures, the survivor stays). Only while both are
 * unanswered complaints; the survivor's acknowledgement deadline is its own.
 */
function earlierAnswerDate(s: CaseState, src: CaseState): Deadline | null {
  if (s.kind !== 'complaint' || !s.deadline || s.answeredAt) return null;
  if (src.kind !== 'complaint' || !src.deadline || src.answeredAt) return null;
  if (src.deadline.answerBy >= s.deadline.answerBy) return null;
  return { ...s.deadline, answerBy: src.deadline.answerBy, answerByDate: src.deadline.answerByDate };
}

function toDeadline(d: { acknowledgeBy: string; answerBy: string; answerByDate: string }): Deadline {
  return { acknowledgeBy: d.acknowledgeBy, answerBy: d.answerBy, answerByDate: d.answerByDate };
}

function decideReceive(
  state: CaseState | null,
  c: Extract<CaseCommand, { type: 'receive' }>,
  ctx: DecideContext,
): Decision<CaseEvent> {
  if (state)
    return refuse('invalid_command', `The case ${state.reference} already exists.`, {
      context: 'case_exists',
      reference: state.reference,
    });
  const isComplaint = c.kind === 'complaint';
  const step: Step | null = isComplaint ? (c.step ?? 1) : null;
  let warning: Step2Warning | null = null;
  if (step === 2) {
    // P5.3: a step-2 request is never refused; it is linked to step 1, or recorded with a warning.
    if (!c.step1) warning = 'no_step1_case';
    else if (!c.step1.answeredAt) warning = 'step1_not_answered';
  }
  const deadline = isComplaint ? toDeadline(computeDeadlines(ctx.calendar, c.receivedAt, ctx.policy)) : null;
  const suggested = isComplaint && c.categories ? suggestCategory(c.categories, suggestionText(c)) : null;
  const received: CaseEvent = {
    type: 'case_received',
    payload: {
      kind: c.kind,
      reference: c.reference,
      step,
      channel: c.channel,
      complainantId: c.complainantId,
      receivedAt: c.receivedAt,
      language: c.language,
      subject: c.subject,
      fields: c.fields,
      missing: isComplaint ? c.missing : [],
      correspondenceId: c.correspondenceId,
      deadline,
      step1CaseId: step === 2 ? (c.step1?.id ?? null) : null,
      step1Reference: step === 2 ? (c.step1?.reference ?? null) : null,
      warning,
      // Written only when there is one, so that a receipt without a suggestion is recorded as before.
      ...(suggested ? { suggestedCategory: suggested } : {}),
    },
  };
  return accept(received);
}

function decideExtend(
  s: CaseState,
  c: Extract<CaseCommand, { type: 'extend' }>,
  ctx: DecideContext,
): Decision<CaseEvent> {
  if (s.kind !== 'complaint' || !s.deadline)
    return refuse('not_a_complaint', 'Only a complaint has a deadline to extend.', { context: 'extend' });
  if (!isOpen(s)) return closedRefusal(s, 'The case is closed.');
  if (s.answeredAt) return refuse('already_answered', 'The case is already answered.', { context: 'extend' });
  const reason = trimmed(c.reason);
  if (!reason)
    return refuse('empty_text', 'An extension needs a reason for the complainant (P4.3).', {
      context: 'extension_reason',
    });
  if (!isIsoDate(c.windowStart) || !isIsoDate(c.windowEnd))
    return refuse('invalid_command', 'The window needs a first and a last date as YYYY-MM-DD.', {
      context: 'window_dates',
    });
  if (ctx.now > s.deadline.answerBy)
    return refuse(
      'answer_by_passed',
      `The answer was due by ${s.deadline.answerByDate}; an extension must be notified before then (P4.3).`,
      { context: 'extension', answerByDate: s.deadline.answerByDate },
    );
  const start = Temporal.PlainDate.from(c.windowStart);
  const end = Temporal.PlainDate.from(c.windowEnd);
  if (Temporal.PlainDate.compare(end, start) < 0)
    return refuse(
      'window_reversed',
      `The window ends (${c.windowEnd}) before it starts (${c.windowStart}).`,
      {
        context: 'extension',
        windowStart: c.windowStart,
        windowEnd: c.windowEnd,
      },
    );
  const today = ctx.calendar.localDate(ctx.now);
  // From the answer date in force on (and not before today), the one rule the picker offers from
  // (extension-window.ts).
  const early = windowStartRefusal(c.windowStart, s.deadline.answerByDate, today, ctx.calendar);
  if (early) return refused(early);
  if (Temporal.PlainDate.compare(end, Temporal.PlainDate.from(s.deadline.answerByDate)) <= 0)
    return refuse(
      'window_not_later',
      `The window must end after the current answer-by date (${s.deadline.answerByDate}).`,
      { context: 'extension', answerByDate: s.deadline.answerByDate },
    );
  // The days the complainant is told: working days, ending within the picker's horizon (extension-window.ts).
  const days = windowDaysRefusal(c, s.deadline.answerByDate, today, ctx.calendar);
  if (days) return refused(days);
  return accept({
    type: 'extended',
    payload: {
      reason,
      windowStart: c.windowStart,
      windowEnd: c.windowEnd,
      previousAnswerBy: s.deadline.answerBy,
      previousAnswerByDate: s.deadline.answerByDate,
      answerBy: ctx.calendar.endOfDay(end),
      answerByDate: end.toString(),
      correspondenceId: c.correspondenceId,
    },
  });
}

/**
 * The reopening of a case. A suggestion its department had marked done is back with that department (P9.2: the
 * person wrote again, or it was closed too soon), which then records its handling again; left "done", nobody could
 * mark it done, acknowledge it or forward it to that department, and it stayed open for good. Nothing is mailed again.
 */
function reopenedEvent(s: CaseState, reason: string): CaseEvent {
  if (s.kind === 'suggestion' && s.department && s.suggestionStatus === 'done')
    return { type: 'reopened', payload: { reason, suggestionStatus: 'department_acknowledged' } };
  return { type: 'reopened', payload: { reason } };
}

/** Whether a department's addresses now differ from those a suggestion was forwarded to (unknown: no). */
function addressesChanged(
  before: readonly string[] | undefined,
  now: readonly string[] | undefined,
): boolean {
  if (!before || !now?.length) return false;
  const norm = (list: readonly string[]) => [...new Set(list.map((a) => a.toLowerCase()))].sort().join('\n');
  return norm(before) !== norm(now);
}
