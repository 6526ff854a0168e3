// Where an inbound e-mail is filed (P1, P2.7, P5, P7.4, P9): the mail door's rule, pure. The door loads the facts
// (the reading, the case its thread points to, the cases its subject quotes and whose they are, and, for a
// step-2 request, the step-1 case the rule of step1-of-request.ts found), and this decides:
// - a message that cannot be read, automated mail (bounces apart) and kind `other` wait in the triage inbox
//   and never open a case;
// - a reply joins its case: by its thread (a Message-ID of ours or of the case), else by a case reference in the
//   subject when the sender is that case's complainant; a stranger quoting a reference waits in the inbox;
// - a step-2 request (marker, or the management mailbox), P1.2 and P5.3: with `accept` a step-2 case is opened,
//   linked to its step-1 case where there is one; by default (`by_post_instruction`) it is filed on its step-1
//   case and the sender told that step 2 is taken by post, or, when the sender has no step-1 case, received as a
//   step-1 complaint (on the step-1 clock, acknowledged) and the sender told how step 2 works;
// - a suggestion opens a suggestion case (P9), a complaint a complaint case at its step.
import type { InboxReason, Kind, Step } from '../case/model.ts';

/** A case as filing sees it. */
export interface FiledCase {
  id: string;
  reference: string;
  kind: Kind;
  step: Step | null;
}

export interface FilingFacts {
  /** Null when the message could not be read at all; `problem` says why. */
  reading: { kind: Kind; step: Step | null; automated: boolean; bounce: boolean } | null;
  problem: string | null;
  /** The sender's address as read (for the inbox note), or null. */
  sender: string | null;
  /** The case its In-Reply-To/References point to, if any. */
  threaded: FiledCase | null;
  /** The cases whose references the subject quotes, each saying whether the sender is its complainant. */
  subjectCases: ReadonlyArray<FiledCase & { senderIsComplainant: boolean }>;
  /** References (subject or body) of cases the sender is the complainant of. */
  ownRefs: readonly string[];
  policy: 'by_post_instruction' | 'accept';
}

export type Filed =
  | {
      to: 'inbox';
      reason: InboxReason;
      kind: Kind;
      note: string | null;
      /** The inbound row's filing: `inbox`. */
      filing: 'inbox';
    }
  | { to: 'case'; caseId: string; filing: 'filed_on_case' }
  | { to: 'step2_by_email'; step1CaseId: string }
  | {
      to: 'open';
      kind: 'complaint' | 'suggestion';
      step: Step | null;
      caseRefs: string[];
      /**
       * A step-2 request from a sender with no step-1 case, taken by post (P1.2): received as a step-1
       * complaint, acknowledged, and the sender told how step 2 works.
       */
      step2ByPost?: true;
    };

/** The case the message belongs to as a reply: its thread, else a case of the sender's quoted in the subject. */
export function relatedCase(f: FilingFacts): FiledCase | null {
  return f.threaded ?? f.subjectCases.find((c) => c.senderIsComplainant) ?? null;
}

/** Whether the message asks for step 2 of a case that is not a step-2 case already: the step-1 rule applies. */
export function asksForStep2(f: FilingFacts): boolean {
  const r = f.reading;
  if (!r || r.automated || r.kind !== 'complaint' || r.step !== 2) return false;
  const related = relatedCase(f);
  if (!related && f.subjectCases.length > 0) return false; // a stranger's reference: the inbox first
  return !(related && related.kind === 'complaint' && related.step === 2);
}

/** Where the message goes. `step1` is the step-1 case of a step-2 request (`asksForStep2`), else null. */
export function fileMessage(f: FilingFacts, step1: FiledCase | null): Filed {
  const r = f.reading;
  if (!r) return { to: 'inbox', reason: 'unparseable', kind: 'other', note: f.problem, filing: 'inbox' };
  if (r.automated)
    return {
      to: 'inbox',
      reason: r.bounce ? 'bounce' : 'automated',
      kind: 'other',
      note: f.threaded ? `It refers to case ${f.threaded.reference}.` : null,
      filing: 'inbox',
    };
  const related = relatedCase(f);
  if (!related && f.subjectCases.length > 0)
    return {
      to: 'inbox',
      reason: 'stranger_reference',
      kind: r.kind,
      note: `The subject quotes ${f.subjectCases.map((c) => c.reference).join(', ')}, a case of another complainant (from ${f.sender ?? 'an unknown sender'}): check who wrote before filing it.`,
      filing: 'inbox',
    };
  if (asksForStep2(f)) {
    if (f.policy === 'accept')
      return {
        to: 'open',
        kind: 'complaint',
        step: 2,
        caseRefs: [...new Set([...(step1 ? [step1.reference] : []), ...f.ownRefs])],
      };
    if (step1) return { to: 'step2_by_email', step1CaseId: step1.id };
    return { to: 'open', kind: 'complaint', step: 1, caseRefs: [], step2ByPost: true };
  }
  if (related) return { to: 'case', caseId: related.id, filing: 'filed_on_case' };
  if (r.kind === 'other')
    return { to: 'inbox', reason: 'other_kind', kind: 'other', note: null, filing: 'inbox' };
  if (r.kind === 'suggestion') return { to: 'open', kind: 'suggestion', step: null, caseRefs: [] };
  return { to: 'open', kind: 'complaint', step: r.step ?? 1, caseRefs: [...f.ownRefs] };
}
