// Changing the kind of a case after it was opened (P2.7, P7.4): a message read as a complaint because it carried
// the marker may be an abuse report, a domain dispute or a data-protection request (made `other`, with a reason,
// and so out of the complaint figures and off the clock), and a suggestion may be a complaint after all. The rule
// is the core's (`reclassify` in src/core/case/case.ts); who may do it is the case rule (case-access.ts: whoever
// handles the case as it is), and who owns it after follows the rule of who may own a case of its new kind.
//
// What follows is what every door does for a case of the new kind (`afterCaseOpened`): a case that becomes a
// complaint is acknowledged with its answer date (nothing if it was acknowledged before, when it was a complaint
// once already), a case that becomes a suggestion is thanked and forwarded by the keyword rules (nothing if it was
// a suggestion before). Whether that goes without a further look is the verdict of the inbox on the message that
// brought the case (handle-inbox-item.ts `storedMailVerdict`): automated mail, a sender field that is not one
// address, no address automatic mail may go to get nothing, and the case is flagged to wait for a person.
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { complainantEmail } from '../adapters/db/intake-lookups.repo.ts';
import { type ActorRef, actorName, mayOwn } from '../core/access/case-access.ts';
import { contactOwnerOf } from '../core/access/designated-contact.ts';
import type { CaseState } from '../core/case/case.ts';
import { designatedContactOf } from '../core/case/complainant.ts';
import type { Kind, OtherReason } from '../core/case/model.ts';
import { type AfterOpened, afterCaseOpened, type InboundFacts } from './acknowledge-case.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { designatedContactIn, staffAccountOf } from './designated-contact.ts';
import { storedMailVerdict } from './handle-inbox-item.ts';
import { inTransaction } from './transaction.ts';

export interface ReclassifyInput {
  kind: Kind;
  /** Why it is not a complaint (P7.4); required for `other`, ignored for the other kinds. */
  reason: OtherReason | null;
  note: string | null;
}

export interface Reclassified {
  state: CaseState;
  /** For a case that became a complaint or a suggestion: what followed (acknowledged, thanked, or why not). */
  afterOpened: AfterOpened | null;
}

export function reclassifyCase(
  ctx: AppContext,
  caseId: string,
  input: ReclassifyInput,
  by: ActorRef,
): Promise<Reclassified> {
  return inTransaction(ctx, async (agg) => {
    const before = (await agg.loadCase(caseId)).state;
    const saved = await actOnCaseIn(
      ctx,
      agg,
      caseId,
      { type: 'reclassify', kind: input.kind, reason: input.reason, note: input.note },
      by,
    );
    // Who may change the kind is asked of the case as it was (actOnCaseIn): whoever handles it. What it becomes
    // may be another team's (management makes a step-2 "complaint" that is an abuse report "other"; the team makes
    // a case it had as "other" a step-2 complaint again): its owner then follows the rule of who may own it.
    const state = await ownedAsItsKindSays(ctx, agg, saved.state, actorName(by));
    const firstTime =
      state.kind === 'complaint' || (state.kind === 'suggestion' && before?.suggestionStatus === null);
    if (!firstTime) return { state, afterOpened: null };
    const inbound = await inboundOf(ctx, agg, state);
    if (inbound.flag && !state.flagged)
      await actOnCaseIn(ctx, agg, caseId, { type: 'flag', reason: inbound.flag }, 'system');
    const afterOpened = await afterCaseOpened(ctx, agg, { caseId, state }, inbound.facts, actorName(by));
    return { state: (await agg.loadCase(caseId)).state ?? state, afterOpened };
  });
}

/**
 * The case's owner after its kind changed, by the rule of who may own a case (case-access.ts `mayOwn`): a step-2
 * complaint made "other" is no longer management's to handle, so its manager no longer owns it and it goes back
 * to the team's queue; and where the complainant has a designated contact who may own the case as it now is, it
 * goes to them (P8.4). Recorded as `assigned` events under whoever changed the kind.
 */
async function ownedAsItsKindSays(
  ctx: AppContext,
  agg: Aggregates,
  state: CaseState,
  actor: string,
): Promise<CaseState> {
  const contact = await designatedContactIn(agg, await agg.complainantState(state.complainantId));
  const toContact = contactOwnerOf(contact, state);
  const owner = state.ownerId ? await staffAccountOf(agg, state.ownerId) : null;
  const keeps = state.ownerId !== null && owner !== null && mayOwn(owner, state);
  const to = toContact ?? (keeps ? state.ownerId : null);
  if (to === state.ownerId) return state;
  const saved = await actOnCaseIn(ctx, agg, state.id, { type: 'assign', to }, actor);
  return saved.state;
}

/** The facts of the message that brought the case, as the follow-ups want them (null: none stored). */
async function inboundOf(
  ctx: AppContext,
  agg: Aggregates,
  state: CaseState,
): Promise<{ facts: InboundFacts | null; flag: string | null }> {
  const first = state.correspondenceIds[0];
  if (!first) return { facts: null, flag: null };
  const complainant = await agg.complainantState(state.complainantId);
  const stored = await storedMailVerdict(
    ctx,
    agg,
    first,
    await complainantEmail(agg.db, state.complainantId),
    designatedContactOf(complainant) !== null,
  );
  if (!stored) return { facts: null, flag: null };
  return {
    facts: {
      correspondenceId: first,
      autoReply: stored.verdict.autoReply,
      ...(stored.email ? { email: stored.email } : {}),
    },
    flag: stored.verdict.flag,
  };
}
