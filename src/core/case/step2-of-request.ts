// Which case a step-2 request belongs to (P5.1, P5.3): the one rule of every door that receives one (the mail door
// under the `accept` policy, the letter, the public form, the API, a case opened from the triage inbox). Once
// step1-of-request.ts has found the step-1 case the request concerns, this says whether the request opens a step-2
// case or is a further message of a step-2 case the writer has already.
//
// A writer asks for step 2 about one matter once: a second request about it (a reminder, a letter after an e-mail,
// the form filled in again) is a message on the step-2 case that exists, as a ticket system files a follow-up on
// its ticket. Opened as a new case it would count the same matter twice at step 2, start a second clock and a
// second acknowledgement, and split management's file in two.
//
// In order:
// - a step-2 complaint of the writer's own that the request names (its reference, or the thread it replies to):
//   the request joins it;
// - the step-1 case the request concerns: its step-2 case when it has one (the request joins it), else a step-2
//   case is opened, linked to it;
// - no step-1 case left to take to step 2: the request is about a step-2 complaint of the writer's. First the one
//   that rests on no step-1 case (opened before by a request of the same kind, with P5.3's warning), else the one
//   step-2 case of their step-1 complaints: the request joins it;
// - with several of either the rule cannot tell which one the writer means: a step-2 case is opened and a person is
//   asked (`askStaff`: the cases it may be about), who may merge it into one of them;
// - nothing at all: a step-2 case is opened with P5.3's warning.

/** What the rule reads; every id is of a case that is not merged into another (the loader follows merges). */
export interface Step2RequestPlaceFacts {
  /** A step-2 complaint of the writer's own that the request names itself, or null. */
  named: string | null;
  /** The step-1 case the request concerns (step1OfRequest), with its step-2 case, or null. */
  step1: { id: string; step2CaseId: string | null } | null;
  /** The writer's step-2 complaints that rest on no step-1 case. */
  alone: readonly string[];
  /** The step-2 cases of the writer's step-1 complaints. */
  escalated: readonly string[];
}

export type Step2RequestPlace =
  | { join: string }
  | {
      open: true;
      /** The step-1 case the new step-2 case is linked to, or null (P5.3's warning). */
      step1Id: string | null;
      /** The writer's step-2 cases the request may be about, for a person to choose among (empty: none). */
      askStaff: string[];
    };

export function step2PlaceOfRequest(f: Step2RequestPlaceFacts): Step2RequestPlace {
  if (f.named) return { join: f.named };
  if (f.step1)
    return f.step1.step2CaseId
      ? { join: f.step1.step2CaseId }
      : { open: true, step1Id: f.step1.id, askStaff: [] };
  for (const list of [f.alone, f.escalated]) {
    const ids = [...new Set(list)];
    if (ids.length === 1) return { join: ids[0]! };
    if (ids.length > 1) return { open: true, step1Id: null, askStaff: ids.sort() };
  }
  return { open: true, step1Id: null, askStaff: [] };
}
