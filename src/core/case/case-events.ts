// The events of a case's stream. Each is an immutable fact; the state of a case is derived from them.
// Payloads carry everything evolve needs (computed deadlines included), so replay needs no calendar.
import type {
  Channel,
  ComplaintFields,
  Kind,
  Language,
  MissingField,
  OtherReason,
  Outcome,
  Step,
} from './model.ts';
import type { RemedyAmount, RootCause } from './root-cause.ts';

export interface Deadline {
  acknowledgeBy: string;
  answerBy: string;
  answerByDate: string;
}

/** Why a step-2 case carries a warning (P5.3). */
export type Step2Warning = 'step1_not_answered' | 'no_step1_case';

export type CaseEvent =
  | {
      type: 'case_received';
      payload: {
        kind: Exclude<Kind, 'other'>;
        reference: string;
        step: Step | null;
        channel: Channel;
        complainantId: string;
        receivedAt: string;
        language: Language;
        subject: string;
        fields: ComplaintFields;
        missing: MissingField[];
        correspondenceId: string | null;
        /** Deadlines (complaints only). */
        deadline: Deadline | null;
        /** For a step-2 case: the step-1 case it escalates, and its reference. */
        step1CaseId: string | null;
        step1Reference: string | null;
        warning: Step2Warning | null;
        /**
         * The category the complaint's words suggest (src/core/case/category-suggestion.ts), with the words
         * found: a suggestion only, which an agent confirms (or replaces) with `categorised`. Absent: none.
         */
        suggestedCategory?: { category: string; words: string[] };
      };
    }
  | {
      type: 'correspondence_filed';
      payload: { correspondenceId: string; direction: 'in' | 'out'; channel: Channel };
    }
  | { type: 'information_received'; payload: { correspondenceId: string | null } }
  | {
      type: 'reclassified';
      payload: {
        from: Kind;
        to: Kind;
        reason: OtherReason | null;
        deadline: Deadline | null;
        note: string | null;
      };
    }
  | { type: 'acknowledged'; payload: { channel: 'email' | 'letter'; correspondenceId: string | null } }
  | {
      type: 'information_requested';
      payload: {
        missing: MissingField[];
        note: string | null;
        correspondenceId: string | null;
        /**
         * The clock pauses while the case waits on them (P4.5): the text that asked told them the days waited are
         * added to the answer date. Absent: it told them the date stands (the setting off, or stored before).
         */
        clockPaused?: true;
      };
    }
  | { type: 'assigned'; payload: { from: string | null; to: string | null } }
  | { type: 'categorised'; payload: { from: string | null; to: string | null } }
  | { type: 'note_added'; payload: { text: string } }
  | { type: 'replied'; payload: { kind: 'reply' | 'update'; correspondenceId: string | null } }
  | { type: 'flagged'; payload: { reason: string } }
  | { type: 'unflagged'; payload: { reason: string } }
  | {
      type: 'extended';
      payload: {
        reason: string;
        windowStart: string;
        windowEnd: string;
        previousAnswerBy: string;
        previousAnswerByDate: string;
        answerBy: string;
        answerByDate: string;
        correspondenceId: string | null;
      };
    }
  | {
      type: 'answered';
      payload: {
        outcome: Outcome;
        text: string | null;
        remedy: string | null;
        correspondenceId: string | null;
        /** What the complaint came from (absent in answers recorded before it was asked). */
        rootCause?: RootCause | null;
        /** The money offered with the remedy, if any (absent in older answers). */
        remedyAmount?: RemedyAmount | null;
      };
    }
  | { type: 'escalated'; payload: { step2CaseId: string; step2Reference: string } }
  | { type: 'step2_linked'; payload: { step2CaseId: string; step2Reference: string } }
  | {
      type: 'step2_requested_by_email';
      payload: {
        correspondenceId: string | null;
        policy: 'by_post_instruction';
        /** The by-post instruction written with the event; null (or absent, older events): none was written. */
        instructionId?: string | null;
        /** Why nobody was told automatically (the auto-reply verdict, `no_address`, `not_written`), or null. */
        notToldBecause?: string | null;
      };
    }
  | { type: 'closed'; payload: { reason: string } }
  | {
      type: 'reopened';
      /**
       * `suggestionStatus`: a suggestion reopened after its department marked it done goes back to that department
       * as taken up (absent on events written before, and on every other reopening).
       */
      payload: { reason: string; suggestionStatus?: 'department_acknowledged' };
    }
  | { type: 'letter_prepared'; payload: { letterId: string; purpose: string } }
  | { type: 'letter_posted'; payload: { letterId: string } }
  | {
      type: 'suggestion_forwarded';
      payload: {
        department: string;
        note: string | null;
        /** The e-mails to the department written with it (absent: none, or an event of an earlier release). */
        outboundIds?: string[];
        /** The addresses they went to (absent: none, or an event of an earlier release). */
        to?: string[];
      };
    }
  | { type: 'suggestion_department_acknowledged'; payload: { department: string } }
  | { type: 'suggestion_done'; payload: { department: string; note: string | null } }
  | { type: 'deadlines_recomputed'; payload: { reason: string; from: Deadline; to: Deadline } }
  /** This case was a duplicate and was merged into another; its history stays, it is closed. */
  | { type: 'merged_into'; payload: { targetCaseId: string; targetReference: string } }
  /** A duplicate case was merged into this one: its correspondence now belongs here. */
  | {
      type: 'case_merged';
      payload: {
        sourceCaseId: string;
        sourceReference: string;
        correspondenceIds: string[];
        /** The survivor's deadline when the duplicate had been promised an earlier answer date (kept). */
        deadline?: Deadline;
      };
    }
  /** The case now belongs to another complainant record (after merging two records of one person). */
  | { type: 'complainant_changed'; payload: { from: string; to: string } }
  /**
   * The answer date had passed when the complaint was acknowledged: the answer period counted again from then,
   * so the acknowledgement never promises a day already gone (src/core/case/promise.ts).
   */
  | { type: 'promise_renewed'; payload: { reason: 'answer_date_passed'; from: Deadline; to: Deadline } }
  /**
   * The complainant answered a request for information while the organisation pauses the clock for such waits
   * (P4.5, configuration): the business days waited, from the request to their answer, are added to the answer
   * date (src/core/case/clock.ts deadlineAfterWait). Recorded only when the date moves (at least one day waited).
   */
  | {
      type: 'answer_date_moved_by_wait';
      payload: {
        /** When the request went out (the wait began) and when their answer came (it ended). */
        waitedFrom: string;
        waitedUntil: string;
        daysWaited: number;
        from: Deadline;
        to: Deadline;
        /** Their answer (inbound correspondence), or null. */
        correspondenceId: string | null;
      };
    }
  /**
   * The language the case is written in changed (P10). The language belongs to the complainant: `complainant`
   * when the case follows a change of theirs, `case` when staff chose it for this case alone (an override that
   * later changes of the complainant's language leave alone). Older events have no scope: `case`.
   */
  | {
      type: 'language_changed';
      payload: { from: Language; to: Language; reason: string | null; scope?: 'case' | 'complainant' };
    };

export type CaseEventType = CaseEvent['type'];
