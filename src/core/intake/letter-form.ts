// What a registered letter must carry at the least. A letter that lacks some of P2's information is still
// registered and its acknowledgement asks for what is missing (P2.7); but a form with nothing in it (no scan,
// no name, no text) is not a letter: registering it would open a counted complaint "(name unknown)" about
// nothing. The same rule for every door that registers letters (the web form, the API, the command line).

import { step2PlaceOfRequest } from '../case/step2-of-request.ts';

export interface LetterContent {
  hasScan: boolean;
  name: string | null;
  title: string | null;
  description: string | null;
  expectations: string | null;
}

/** True when the letter carries nothing to register: no scan, no name, no title and no text. */
export function isEmptyLetter(l: LetterContent): boolean {
  const blank = (s: string | null) => !s?.trim();
  return !l.hasScan && blank(l.name) && blank(l.title) && blank(l.description) && blank(l.expectations);
}

/** What the rule reads of the case a letter quotes (a subset of CaseState). */
export interface QuotedCase {
  id: string;
  kind: 'complaint' | 'suggestion' | 'other';
  step: 1 | 2 | null;
  complainantId: string;
  step2CaseId: string | null;
  /** The local day the case was received (YYYY-MM-DD). */
  receivedDay: string;
}

/**
 * Where a letter that quotes a case goes: a step-2 letter about a step-1 complaint opens its step-2 case
 * (`escalate`: a step-2 case is opened), or, when that complaint is at step 2 already, is filed on the step-2 case,
 * which management handles (P5.2): filed back on step 1 it would wait where nobody of step 2 looks. A step-2 letter
 * quoting a case that is not a complaint opens a step-2 case too. Any other letter is filed on the case it quotes. A letter whose writer gives the e-mail address of another complainant on record than the case's
 * is refused (`other_complainant`): either the reference or the address was misread, and going on would put one
 * person's letter in another's case and tell the case's complainant about it, while its writer hears nothing.
 * `writer`: the complainant on record with the address the letter gives (null when it gives none or nobody has it),
 * and whether that address is the case's complainant's own (the same person may have two records of one address).
 * A letter that quotes a case cannot have arrived before the local day that case was received (`arrived_before`,
 * `arrivedDay` being the letter's local day of arrival): its reference did not exist yet, so the date is mistyped,
 * and taken as it is it would open a step-2 case received before its step-1 case, or file a letter in a case's
 * history before the case began. The same day is possible (a date alone counts from 00:00).
 */
export function letterPlace(
  step: 1 | 2 | null,
  arrivedDay: string,
  quoted: QuotedCase,
  writer: { complainantId: string | null; addressIsCaseComplainants: boolean },
): { escalate: true } | { fileOn: string } | { refused: 'other_complainant' | 'arrived_before' } {
  if (
    writer.complainantId !== null &&
    writer.complainantId !== quoted.complainantId &&
    !writer.addressIsCaseComplainants
  )
    return { refused: 'other_complainant' };
  if (arrivedDay < quoted.receivedDay) return { refused: 'arrived_before' };
  if (step === 2 && quoted.kind === 'complaint' && quoted.step === 1)
    return quoted.step2CaseId ? { fileOn: quoted.step2CaseId } : { escalate: true };
  // A step-2 complaint quoting what is not a complaint (a suggestion, a matter of kind other) is still a step-2
  // complaint, received on its own clock (P1.2, P5.3: linked to the writer's step-1 case if they have one, else
  // recorded with a warning); filed on the suggestion it would have no clock and wait in no one's queue.
  if (step === 2 && quoted.kind !== 'complaint') return { escalate: true };
  return { fileOn: quoted.id };
}

/**
 * The step-2 case a step-2 letter quoting no complaint is filed on, or null: a step-2 case is opened. The rule of
 * every door (step2-of-request.ts) for a writer on record: `ownStep1` are their step-1 cases, `ownStep2Alone` their
 * step-2 complaints that rest on no step-1 case, `stillToEscalate` whether one of their step-1 cases is still to be
 * taken to step 2 (step1-of-request.ts found it). With several step-2 cases the rule cannot choose: one is opened and
 * a person is asked (open-case.ts names them on it).
 */
export function step2CaseOfWriter(
  ownStep1: readonly Pick<QuotedCase, 'kind' | 'step' | 'step2CaseId'>[],
  stillToEscalate: boolean,
  ownStep2Alone: readonly string[] = [],
): string | null {
  const escalated: string[] = [];
  for (const c of ownStep1)
    if (c.kind === 'complaint' && c.step === 1 && c.step2CaseId) escalated.push(c.step2CaseId);
  const place = step2PlaceOfRequest({
    named: null,
    step1: stillToEscalate ? { id: 'still-to-escalate', step2CaseId: null } : null,
    alone: ownStep2Alone,
    escalated,
  });
  return 'join' in place ? place.join : null;
}

/** What makes two letters without a scan the same letter: everything staff typed from it, arrival included. */
export interface TypedLetter {
  kind: string;
  step: number | null;
  receivedAt: string;
  complainant: {
    name: string | null;
    email: string | null;
    phone: string | null;
    postalAddress: readonly string[] | null;
  };
  title: string | null;
  ticketRefs: readonly string[];
  domains: readonly string[];
  description: string | null;
  expectations: string | null;
  caseReference: string | null;
}

/**
 * The identity of a letter registered without a scan (P1.4: each item processed exactly once), as text to be
 * hashed: a form sent twice (a double click, a second tab) or a letter received twice is registered once. A scan
 * is its letter's identity where there is one; without it, the letter is what staff typed of it and the day it
 * arrived, so a second letter of the same person that says anything else is another letter.
 */
export function typedLetterIdentity(l: TypedLetter): string {
  const fold = (s: string | null) => s?.replace(/\s+/g, ' ').trim().toLowerCase() ?? '';
  return JSON.stringify([
    l.kind,
    l.step,
    l.receivedAt,
    fold(l.complainant.name),
    fold(l.complainant.email),
    fold(l.complainant.phone),
    (l.complainant.postalAddress ?? []).map(fold),
    fold(l.title),
    [...l.ticketRefs].sort(),
    [...l.domains].sort(),
    fold(l.description),
    fold(l.expectations),
    (l.caseReference ?? '').toUpperCase(),
  ]);
}
