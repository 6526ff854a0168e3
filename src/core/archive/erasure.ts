// An erasure request (P6.3; the data subject's right to erasure): what of one complainant's data may be erased
// now, and for every case that is kept, why and until when. It is the retention rule applied to one person on the
// day they ask, not a second rule: a case goes when retention would let it go (closed, its period over, no legal
// hold, and its whole matter going with it), so that an erasure never removes what the organisation must keep to
// answer a complaint, to show what it answered, or for a court. The period comes from retention.ts.
//
// The complainant's own record (name, addresses) goes only when none of their cases is kept: a kept case needs a
// person to answer or to show what was answered.
//
// The inbox items on no case that came from the person's addresses (automated mail, a message dismissed or
// reclassified) serve no kept case: a handled one is erased now, whatever its period. One still awaiting triage is
// work not yet done (it may become a case), so it is kept and said so; a legal hold on the person keeps them all.

import { byInstantThenId } from '../text/order.ts';
import {
  planRetention,
  type RetentionCandidate,
  type RetentionPolicy,
  retentionEndsOn,
} from './retention.ts';

/** The latest of local dates (YYYY-MM-DD sort as text). */
const latest = (days: readonly string[]): string => [...days].sort().at(-1)!;

export interface ErasureHold {
  scope: string;
  reason: string;
  setBy: string;
  setAt: string;
}

export interface ErasureCandidate extends RetentionCandidate {
  /** The case belongs to the person who asked (the others are only there because they are linked). */
  subject: boolean;
  /** Anonymised already (by a retention run or an earlier request): nothing left to erase. */
  anonymised: boolean;
  /** The legal hold in force on the case or its complainant, if any. */
  hold?: ErasureHold | null;
}

export const ERASURE_REASONS = ['open', 'retention_period', 'legal_hold', 'linked_case_kept'] as const;
export type ErasureKeepReason = (typeof ERASURE_REASONS)[number];

export type ErasureDecision =
  | { id: string; reference: string; decision: 'erase'; closedOn: string; endsOn: string }
  | { id: string; reference: string; decision: 'already_anonymised' }
  | {
      id: string;
      reference: string;
      decision: 'keep';
      why: ErasureKeepReason;
      closedOn: string | null;
      /** The first day the case may go, when it is known (an open or held case: when it closes, or is lifted). */
      until: string | null;
      hold?: ErasureHold;
      /** `linked_case_kept`: the references of the kept cases of the same matter. */
      keptWith?: string[];
    };

export interface InboxErasureCandidate {
  id: string;
  /** When it arrived (an instant). */
  receivedAt: string;
  /** The local day it arrived (YYYY-MM-DD): the person knows their message by it. */
  receivedOn: string;
  /** Handled by a person (dismissed, reclassified); false while it awaits triage. */
  handled: boolean;
}

export const INBOX_KEEP_REASONS = ['awaiting_triage', 'legal_hold'] as const;
export type InboxKeepReason = (typeof INBOX_KEEP_REASONS)[number];

export type InboxErasureDecision =
  | { id: string; receivedAt: string; receivedOn: string; decision: 'erase' }
  | {
      id: string;
      receivedAt: string;
      receivedOn: string;
      decision: 'keep';
      why: InboxKeepReason;
      hold?: ErasureHold;
    };

export interface ErasurePlan {
  today: string;
  /** One decision per case of the person, ordered by reference. */
  cases: ErasureDecision[];
  /** One decision per inbox item on no case from the person's addresses, oldest first. */
  inboxItems: InboxErasureDecision[];
  /** The person's record (name, addresses) goes too: none of their cases is kept and no hold is on them. */
  complainantErased: boolean;
  /** The last known day until which something is kept; null when nothing is kept or an end is not known yet. */
  keptUntil: string | null;
}

/**
 * The decision for each inbox item on no case from the person. `hold`: a legal hold in force on the person (true
 * when only its existence is known), or false.
 */
export function planInboxErasure(
  items: readonly InboxErasureCandidate[],
  hold: ErasureHold | boolean = false,
): InboxErasureDecision[] {
  return [...items].sort(byInstantThenId((i) => i.receivedAt)).map((i): InboxErasureDecision => {
    const base = { id: i.id, receivedAt: i.receivedAt, receivedOn: i.receivedOn };
    if (hold)
      return {
        ...base,
        decision: 'keep',
        why: 'legal_hold',
        ...(typeof hold === 'object' ? { hold } : {}),
      };
    if (!i.handled) return { ...base, decision: 'keep', why: 'awaiting_triage' };
    return { ...base, decision: 'erase' };
  });
}

/**
 * The decision for every case of the person (`subject: true`) on `today` (local YYYY-MM-DD). `cases` must hold
 * every case linked to one of theirs, as for `planRetention`; `complainantHold` is a hold on the person's record
 * (true when only its existence is known); `inbox` their inbox items on no case.
 */
export function planErasure(
  cases: readonly ErasureCandidate[],
  today: string,
  policy: RetentionPolicy,
  complainantHold: ErasureHold | boolean = false,
  inbox: readonly InboxErasureCandidate[] = [],
): ErasurePlan {
  const complainantHeld = !!complainantHold;
  const retention = planRetention(
    cases.map((c) => ({ ...c, held: !!c.hold || !!c.held })),
    today,
    policy,
  );
  const due = new Set(retention.due.map((d) => d.id));
  const waiting = new Map(retention.waiting.map((w) => [w.id, w.keptWith]));
  const byRef = new Map(cases.map((c) => [c.reference, c]));
  const endsOf = (c: ErasureCandidate) => (c.closedOn ? retentionEndsOn(c.closedOn, policy) : null);
  const decide = (c: ErasureCandidate): ErasureDecision => {
    const base = { id: c.id, reference: c.reference };
    if (c.anonymised) return { ...base, decision: 'already_anonymised' };
    if (due.has(c.id)) return { ...base, decision: 'erase', closedOn: c.closedOn!, endsOn: endsOf(c)! };
    if (c.hold || c.held)
      return {
        ...base,
        decision: 'keep',
        why: 'legal_hold',
        closedOn: c.closedOn,
        until: null,
        ...(c.hold ? { hold: c.hold } : {}),
      };
    if (!c.closedOn) return { ...base, decision: 'keep', why: 'open', closedOn: null, until: null };
    const keptWith = waiting.get(c.id);
    if (keptWith) {
      // Kept as long as the longest-kept case of the matter; unknown while one of them is open or held.
      const others = keptWith.map((r) => byRef.get(r));
      const ends = others.map((o) => (o && !o.hold && !o.held ? endsOf(o) : null));
      const until = ends.every((e) => e !== null) ? latest([...(ends as string[]), endsOf(c)!]) : null;
      return { ...base, decision: 'keep', why: 'linked_case_kept', closedOn: c.closedOn, until, keptWith };
    }
    return { ...base, decision: 'keep', why: 'retention_period', closedOn: c.closedOn, until: endsOf(c) };
  };
  const decisions = cases
    .filter((c) => c.subject)
    .map(decide)
    .sort((a, b) => (a.reference < b.reference ? -1 : a.reference > b.reference ? 1 : 0));
  const kept = decisions.filter((d) => d.decision === 'keep');
  const untils = kept.map((d) => (d.decision === 'keep' ? d.until : null));
  const inboxItems = planInboxErasure(inbox, complainantHold);
  // An item awaiting triage is kept until someone deals with it: a day nobody knows yet.
  const inboxKept = inboxItems.some((i) => i.decision === 'keep');
  return {
    today,
    cases: decisions,
    inboxItems,
    complainantErased: kept.length === 0 && !complainantHeld,
    keptUntil:
      kept.length && !inboxKept && untils.every((u) => u !== null) ? latest(untils as string[]) : null,
  };
}

/**
 * A request from someone no complainant record knows, only the messages on no case from their address: the same
 * rule over those messages (handled ones go, one awaiting triage is kept). There are no cases, no hold on a person
 * (holds are set on records) and no record, so nothing says a record was erased.
 */
export function planAddressErasure(
  inbox: readonly InboxErasureCandidate[],
  today: string,
  policy: RetentionPolicy,
): ErasurePlan {
  return { ...planErasure([], today, policy, false, inbox), complainantErased: false };
}
