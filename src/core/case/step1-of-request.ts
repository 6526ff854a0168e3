// Which step-1 case a step-2 request concerns (P5.1, P5.3, P1.2): the one rule of every door that receives a
// step-2 request (mail, letter, public form, API, a case opened from the triage inbox). The request is never
// refused for want of one: with no step-1 case it is received as the doors' policy says.
//
// In order: the case the message replies to (its thread), then the references it quotes, in the order quoted,
// then the complainant's latest step-1 complaint that has not been escalated yet. A case named by the request
// (its thread or a quoted reference) counts even when it was escalated already: the complainant says which
// case they mean, and staff are pointed to it. A quoted reference counts only when the case is the
// complainant's own, unless a person chose it (staff registering a letter or handling the inbox): a stranger
// quoting someone else's reference must not reach that case's history.

/** What the rule reads of a case (a subset of CaseState). */
export interface CaseFacts {
  id: string;
  kind: 'complaint' | 'suggestion' | 'other';
  step: 1 | 2 | null;
  complainantId: string;
  step2CaseId: string | null;
  receivedAt: string;
}

export interface Step2RequestFacts<C extends CaseFacts> {
  /** The complainant who asks, when known (null: a sender not on file yet). */
  complainantId: string | null;
  /** The case the message replies to by its thread (In-Reply-To / References), if any. */
  threaded: C | null;
  /** The cases behind the references the request quotes, in the order quoted (unknown references left out). */
  quoted: readonly C[];
  /** The complainant's step-1 cases (any order; the rule picks). */
  ownStep1: readonly C[];
  /** A person chose the quoted reference (a letter registered by staff, an item filed from the inbox). */
  staffChose: boolean;
}

const isStep1 = (c: CaseFacts): boolean => c.kind === 'complaint' && c.step === 1;

export function step1OfRequest<C extends CaseFacts>(f: Step2RequestFacts<C>): C | null {
  const mine = (c: C): boolean => f.complainantId !== null && c.complainantId === f.complainantId;
  if (f.threaded && isStep1(f.threaded)) return f.threaded;
  for (const c of f.quoted) if (isStep1(c) && (f.staffChose || mine(c))) return c;
  let latest: C | null = null;
  for (const c of f.ownStep1) {
    if (!isStep1(c) || !mine(c) || c.step2CaseId !== null) continue;
    if (
      !latest ||
      c.receivedAt > latest.receivedAt ||
      (c.receivedAt === latest.receivedAt && c.id > latest.id)
    )
      latest = c;
  }
  return latest;
}
