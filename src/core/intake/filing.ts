// Where an inbound e-mail is filed (P1, P2.7, P5, P7.4, P9): the mail door's rule, pure. The door loads the facts
// (the reading, who the message is from, the cases its thread names, the cases it quotes by reference and whose
// they are, and, for a step-2 request, the step-1 case the rule of step1-of-request.ts found), and this decides:
// - a message that cannot be read, automated mail (bounces apart) and kind `other` wait in the triage inbox
//   and never open a case;
// - a message joins a case as its complainant's own words only when its sender is that case's complainant
//   (`isSendersCase`): the sender's case its thread names (In-Reply-To, References, a forward it carries or that
//   carried it), else the sender's case whose reference the subject quotes;
// - a message whose thread headers or subject name only cases of other complainants waits in the inbox
//   (`stranger_reference`) for a person to say whose words they are, as a helpdesk files a stranger's follow-up
//   apart from the requester's: anybody can copy a Message-ID or a reference, and the complainant's case must not
//   show a reply, or a step-2 request, they never wrote, nor send them mail they never asked for. One exception:
//   a colleague (From: of the organisation's own domains) naming exactly one case is filed on it, as a
//   colleague's message, never as the complainant's (no step-2 request, nothing answered), and the case flagged
//   for a person (an own domain in From: is easily written by anyone);
// - where one Message-ID is on several cases (a sender may reuse another's Message-ID with a body of their own:
//   not a duplicate), the sender's own case among them is taken, else the inbox: never whichever row comes first;
// - a step-2 request (marker, or the management mailbox), P1.2 and P5.3: with `accept` a step-2 case is opened,
//   linked to its step-1 case where there is one; by default (`by_post_instruction`) it is filed on its step-1
//   case and the sender told that step 2 is taken by post, or, when the sender has no step-1 case, received as a
//   step-1 complaint (on the step-1 clock, acknowledged) and the sender told how step 2 works;
// - a suggestion opens a suggestion case (P9), a complaint a complaint case at its step.
import type { InboxReason, Kind, Step } from '../case/model.ts';
import { sameAddress } from './addresses.ts';
import { staffNote } from './staff-notes.ts';

/** A case as filing sees it, with whose it is. */
export interface FiledCase {
  id: string;
  reference: string;
  kind: Kind;
  step: Step | null;
  /** The case's complainant record. */
  complainantId: string;
  /** That complainant's e-mail address, lower case, or null. */
  complainantEmail: string | null;
}

/** Who the message is from, as far as mail shows it. */
export interface SenderFacts {
  /**
   * The one address the message verifiably comes from (complainant.ts `messageSender`: the address a new case
   * of theirs is registered by and automatic mail may go to): its From: address; behind a trusted relay, the
   * Reply-To it writes for; in a colleague's forward, the original sender. A red flag on a sender field does not
   * change it (it only stops automatic mail). Null when there is no such address (From: is not one address; a
   * Reply-To or an address in the body of an ordinary sender): such a message is nobody's own words.
   */
  address: string | null;
  /** The complainant record of `address` (a record merged into another leads to the one kept), or null. */
  complainantId: string | null;
  /** From: is an address of the organisation's own domains. */
  colleague: boolean;
}

export interface FilingFacts {
  /** Null when the message could not be read at all; `problem` says why. */
  reading: { kind: Kind; step: Step | null; automated: boolean; bounce: boolean } | null;
  problem: string | null;
  /**
   * The From: address when it is one valid address, else null: what the inbox note says the message comes from
   * when `from` names nobody. Never an address only a Reply-To or the text names: staff would read it as the sender.
   */
  sender: string | null;
  from: SenderFacts;
  /**
   * The cases its Message-IDs name, most telling first (In-Reply-To, References from the newest, what a forward
   * carries, a forward that carried it; on one Message-ID, oldest first). `reply`: named by In-Reply-To or
   * References; else only by a forward (the message carries one held on the case, or a forward there carried it).
   */
  threaded: ReadonlyArray<FiledCase & { reply: boolean }>;
  /** The cases whose references the message quotes (subject or body), in the order quoted. */
  quoted: ReadonlyArray<FiledCase & { inSubject: boolean }>;
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
  | {
      to: 'case';
      caseId: string;
      filing: 'filed_on_case';
      /** Whether it is filed as the complainant's own words (else a colleague's message on the case). */
      fromComplainant: boolean;
      /** Why the case is flagged for a person, if it is. */
      flag: string | null;
    }
  | {
      to: 'step2_by_email';
      step1CaseId: string;
      /**
       * Whether the by-post instruction may go by automatic mail: only when the complainant's address on file is
       * the one the message is from (it goes to the address on file; a sender writing from an old address of a
       * merged record is told by a person).
       */
      mayAnswer: boolean;
    }
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

/** Is the case the sender's own: is the one address the message is from its complainant's? */
export function isSendersCase(f: Pick<FilingFacts, 'from'>, c: FiledCase): boolean {
  const { address, complainantId } = f.from;
  if (address === null) return false;
  return (
    (complainantId !== null && c.complainantId === complainantId) || sameAddress(c.complainantEmail, address)
  );
}

/** The case the message belongs to as its sender's words: the sender's case its thread names, else its subject. */
export function relatedCase(f: FilingFacts): FiledCase | null {
  return (
    f.threaded.find((c) => isSendersCase(f, c)) ??
    f.quoted.find((c) => c.inSubject && isSendersCase(f, c)) ??
    null
  );
}

/**
 * Where the complainant's reply on a case goes once that case was escalated: to its step-2 case while that one is
 * open (management handles step 2, P5.2, and reads what the complainant says from then on; the step-1 case,
 * answered, is nobody's work any more), else where it was filed. `escalatedTo`: the step-2 case of the case the
 * reply joins, if any, and whether it is still open. Pure.
 */
export function followEscalation(filed: Filed, escalatedTo: { caseId: string; open: boolean } | null): Filed {
  if (filed.to !== 'case' || !filed.fromComplainant || !escalatedTo?.open) return filed;
  return { ...filed, caseId: escalatedTo.caseId };
}

/** References (subject or body) of the sender's own cases: a new case of theirs is linked to them. */
export function ownRefs(f: FilingFacts): string[] {
  return f.quoted.filter((c) => isSendersCase(f, c)).map((c) => c.reference);
}

/**
 * The cases of other complainants the message names in a way that says "this is about that case": its thread
 * headers (In-Reply-To, References) and references in its subject. What a forward merely carries, or a reference
 * in the body, does not: a complainant may show someone else's mail as evidence.
 */
export function othersNamed(f: FilingFacts): FiledCase[] {
  const named: FiledCase[] = [];
  for (const c of [...f.threaded.filter((t) => t.reply), ...f.quoted.filter((q) => q.inSubject)])
    if (!isSendersCase(f, c) && !named.some((n) => n.id === c.id)) named.push(c);
  return named;
}

/** Whether the message asks for step 2 of a case that is not a step-2 case already: the step-1 rule applies. */
export function asksForStep2(f: FilingFacts): boolean {
  const r = f.reading;
  if (!r || r.automated || r.kind !== 'complaint' || r.step !== 2) return false;
  const related = relatedCase(f);
  if (!related && othersNamed(f).length > 0) return false; // someone else's case: the inbox or a colleague's note
  return !(related && related.kind === 'complaint' && related.step === 2);
}

/**
 * Where the message goes. `step1` is the step-1 case of a step-2 request (`asksForStep2`), else null; one that is
 * not the sender's own is not taken (a request is recorded only on the requester's own case).
 */
export function fileMessage(f: FilingFacts, found: FiledCase | null): Filed {
  const step1 = found && isSendersCase(f, found) ? found : null;
  const r = f.reading;
  if (!r) return { to: 'inbox', reason: 'unparseable', kind: 'other', note: f.problem, filing: 'inbox' };
  const named = f.threaded.find((c) => c.reply) ?? f.threaded[0];
  if (r.automated)
    return {
      to: 'inbox',
      reason: r.bounce ? 'bounce' : 'automated',
      kind: 'other',
      note: named ? staffNote('refersToCase', { reference: named.reference }) : null,
      filing: 'inbox',
    };
  const related = relatedCase(f);
  const others = related ? [] : othersNamed(f);
  if (others.length === 1 && f.from.colleague)
    return {
      to: 'case',
      caseId: others[0]!.id,
      filing: 'filed_on_case',
      fromComplainant: false,
      flag:
        (f.from.address ?? f.sender)
          ? staffNote('colleagueNamesCase', { sender: (f.from.address ?? f.sender)! })
          : staffNote('colleagueNamesCaseUnknownSender'),
    };
  if (others.length > 0)
    return {
      to: 'inbox',
      reason: 'stranger_reference',
      kind: r.kind,
      note: namesOtherCases(
        others.map((c) => c.reference),
        f.from.address ?? f.sender,
      ),
      filing: 'inbox',
    };
  if (asksForStep2(f)) {
    if (f.policy === 'accept')
      return {
        to: 'open',
        kind: 'complaint',
        step: 2,
        caseRefs: [...new Set([...(step1 ? [step1.reference] : []), ...ownRefs(f)])],
      };
    if (step1)
      return {
        to: 'step2_by_email',
        step1CaseId: step1.id,
        mayAnswer: sameAddress(step1.complainantEmail, f.from.address),
      };
    return { to: 'open', kind: 'complaint', step: 1, caseRefs: [], step2ByPost: true };
  }
  if (related)
    return { to: 'case', caseId: related.id, filing: 'filed_on_case', fromComplainant: true, flag: null };
  if (r.kind === 'other')
    return { to: 'inbox', reason: 'other_kind', kind: 'other', note: null, filing: 'inbox' };
  if (r.kind === 'suggestion') return { to: 'open', kind: 'suggestion', step: null, caseRefs: [] };
  return { to: 'open', kind: 'complaint', step: r.step ?? 1, caseRefs: ownRefs(f) };
}

/** The note on a message that names another complainant's cases (staff-notes.ts). */
function namesOtherCases(references: string[], sender: string | null): string {
  const named = references.join(', ');
  return sender === null
    ? staffNote('namesOtherCasesUnknownSender', { references: named })
    : staffNote('namesOtherCases', { references: named, sender });
}
