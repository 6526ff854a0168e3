// Acknowledging a case (P3): the 24-hour promise kept by construction. A complaint received by e-mail is
// acknowledged in the same transaction that files it (the mail doors call `afterCaseOpened`); a letter or an
// escalation is acknowledged by e-mail where an address is known, else a printable letter waits on the case as
// "acknowledgement letter to post" and the case counts as acknowledged when it is marked posted. Automated mail,
// flood-limited senders and restricted channels are never answered automatically: the case then waits for a
// person (the sweep alerts before the acknowledgement is late). A suggestion is thanked (P9.1) and, when a
// keyword rule names a department, forwarded to it.
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import type { AutoReply } from '../adapters/db/correspondence.repo.ts';
import { type ActorRef, actorName } from '../core/access/case-access.ts';
import { automaticMailVerdict } from '../core/access/designated-contact.ts';
import type { CaseState } from '../core/case/case.ts';
import { missingNow } from '../core/case/known-details.ts';
import type { MissingField } from '../core/case/model.ts';
import { DomainError } from '../core/case/refusal.ts';
import { acknowledgementExtras } from '../core/correspondence/case-texts.ts';
import { routeSuggestion, routesUnasked } from '../core/correspondence/suggestion-routing.ts';
import { actOnCaseIn, fileOutboundEmailIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { designatedContactIn, requireCaseActIn } from './designated-contact.ts';
import { forwardSuggestionIn } from './forward-suggestion.ts';
import { keepPromiseIn } from './keep-promise.ts';
import {
  complainantOfCase,
  type LatestInbound,
  organisationDetails,
  reachable,
  reachableByEmail,
  type Written,
  writeToComplainant,
} from './outbound-mail.ts';
import { inTransaction } from './transaction.ts';

/** What the mail door knows about the message that opened the case. */
export interface InboundFacts {
  correspondenceId: string | null;
  /** The door's verdict on answering automatically; null for a case not opened by an e-mail. */
  autoReply: AutoReply | null;
  /** The e-mail that opened the case (Message-ID, In-Reply-To): the acknowledgement replies to it. */
  email?: LatestInbound;
}

export type AfterOpened =
  | { acknowledged: 'email' | 'letter'; correspondenceId: string }
  | { acknowledged: null; reason: 'not_a_complaint' | 'already_acknowledged' | Exclude<AutoReply, 'allowed'> }
  | { thanked: boolean; forwardedTo: string | null };

/**
 * Called in the transaction that opened a case (mail doors, letters registered by staff, escalation): writes the
 * acknowledgement (or the thank-you for a suggestion) to the outbox with its event.
 */
export async function afterCaseOpened(
  ctx: AppContext,
  agg: Aggregates,
  opened: { caseId: string; state: CaseState },
  inbound: InboundFacts | null,
  actor = 'system',
): Promise<AfterOpened> {
  const { state } = await agg.loadCase(opened.caseId);
  if (!state)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no case ${opened.caseId}.`,
      details: { context: 'case' },
    });
  const autoReply = await withDesignatedContact(agg, state, inbound?.autoReply ?? 'allowed');
  if (state.kind === 'suggestion') {
    let thanked = false;
    const complainant = await complainantOfCase(agg, state);
    // By e-mail where the writer has an address; a suggestion that came by post from someone without one is
    // thanked by a letter to post (P9.1), as a postal complaint is acknowledged (P3.1). It is filed on the case
    // when posted (mark-letter-posted.ts).
    const byPost = state.channel === 'letter' && !reachableByEmail(complainant) && reachable(complainant);
    if (autoReply === 'allowed' && byPost) {
      await writeToComplainant(ctx, agg, state, {
        kind: 'suggestion_thanks',
        extras: {},
        automatic: true,
        actor,
      });
      thanked = true;
    } else if (autoReply === 'allowed' && reachableByEmail(complainant)) {
      const written = await writeToComplainant(ctx, agg, state, {
        kind: 'suggestion_thanks',
        extras: {},
        automatic: true,
        // The thanks answers the message that brought the suggestion (threading.ts).
        ...(inbound?.email ? { replyingTo: inbound.email } : {}),
        actor,
      });
      await fileOutboundEmailIn(ctx, agg, state.id, written.correspondenceId, actor);
      thanked = true;
    }
    const department = routesUnasked(autoReply)
      ? routeSuggestion(ctx.config.departments, `${state.subject}\n${state.fields.description ?? ''}`)
      : null;
    if (department)
      await forwardSuggestionIn(ctx, agg, state.id, { department, note: null, actor: 'system' });
    return { thanked, forwardedTo: department };
  }
  if (state.kind !== 'complaint') return { acknowledged: null, reason: 'not_a_complaint' };
  if (state.acknowledgedAt) return { acknowledged: null, reason: 'already_acknowledged' };
  if (autoReply !== 'allowed') return { acknowledged: null, reason: autoReply };
  // No e-mail address and no postal address: no letter is prepared for nobody; the case waits for a person.
  if (!reachable(await complainantOfCase(agg, state))) return { acknowledged: null, reason: 'no_address' };
  const written = await acknowledgeIn(ctx, agg, state, true, actor, inbound?.email);
  return { acknowledged: written.channel, correspondenceId: written.correspondenceId };
}

/**
 * The door's verdict on writing automatically, with the designated-contact rule applied to the case as opened
 * (P8.4; src/core/access/designated-contact.ts): nothing automatic where the contact handles this case, since all
 * correspondence then goes through them (the case is routed to them, open-case.ts). Where the contact may not
 * handle it (the other step, or their account is disabled), the case follows the usual routing and the usual
 * rule: a door that said `restricted_channel` only because a contact exists would otherwise leave the complaint
 * unacknowledged with nobody told to do it. Every door opens cases through here, and the by-post instruction of
 * P1.2 asks it too (answer-step2-request.ts): the rule is core/access/designated-contact.ts automaticMailVerdict.
 */
export async function withDesignatedContact(
  agg: Aggregates,
  state: CaseState,
  autoReply: AutoReply,
): Promise<AutoReply> {
  if (autoReply !== 'allowed' && autoReply !== 'restricted_channel') return autoReply;
  const contact = await designatedContactIn(agg, await agg.complainantState(state.complainantId));
  return automaticMailVerdict(autoReply, contact, state);
}

async function acknowledgeIn(
  ctx: AppContext,
  agg: Aggregates,
  given: CaseState,
  automatic: boolean,
  actor: string,
  replyingTo?: LatestInbound,
): Promise<Written> {
  // A promise is never in the past: when the answer date has already passed (a letter registered long after it
  // arrived, a message that waited for a person), the answer period is counted again from now, recorded as an
  // event, and the acknowledgement names that date (src/core/case/promise.ts).
  const state = await keepPromiseIn(ctx, agg, given, actor);
  const step1 = state.step1CaseId ? (await agg.loadCase(state.step1CaseId)).state : null;
  const asked = await askedOfComplainant(agg, state);
  const extras = acknowledgementExtras(
    state,
    state.language,
    organisationDetails(ctx.config),
    step1?.reference ?? null,
    asked,
  );
  const correspondenceId = ctx.newId();
  const written = await writeToComplainant(ctx, agg, state, {
    kind: 'acknowledgement',
    extras,
    correspondenceId,
    automatic,
    actor,
    ...(replyingTo ? { replyingTo } : {}),
  });
  // A letter acknowledges the case once it is posted (mark-letter-posted); an e-mail as it is queued.
  if (written.channel === 'email')
    await actOnCaseIn(
      ctx,
      agg,
      state.id,
      { type: 'acknowledge', channel: 'email', correspondenceId, asked },
      actor,
    );
  return written;
}

/**
 * What an acknowledgement asks the complainant for (P2.7, P3.2): what the case recorded as missing, less what
 * their record holds now (known-details.ts), e.g. an address staff added to a letter's writer before the
 * acknowledgement could go. The text and the case's waiting on the complainant both follow it.
 */
export async function askedOfComplainant(agg: Aggregates, state: CaseState): Promise<MissingField[]> {
  const complainant = await agg.complainantState(state.complainantId);
  return missingNow(state.missing, complainant?.details ?? null);
}

/**
 * Acknowledges a complaint that waited for an address, now that its complainant has one (inside the caller's
 * transaction). Null when the case does not wait: not a complaint, closed, acknowledged, or a letter to post.
 */
export async function acknowledgeWaitingIn(
  ctx: AppContext,
  agg: Aggregates,
  caseId: string,
  actor: string,
): Promise<Written | null> {
  const { state } = await agg.loadCase(caseId);
  if (state?.kind !== 'complaint' || state.status !== 'received' || state.acknowledgedAt) return null;
  if (state.lettersToPost.length) return null;
  if (!reachable(await complainantOfCase(agg, state))) return null;
  return acknowledgeIn(ctx, agg, state, false, actor);
}

/** Staff acknowledge a case by hand (e.g. one whose sender was not answered automatically). */
export function acknowledgeCase(ctx: AppContext, caseId: string, by: ActorRef): Promise<Written> {
  return inTransaction(ctx, async (agg) => {
    const { state } = await agg.loadCase(caseId);
    if (!state)
      throw new DomainError({
        code: 'case_not_found',
        message: `There is no case ${caseId}.`,
        details: { context: 'case' },
      });
    await requireCaseActIn(agg, by, 'acknowledge', state);
    if (state.kind === 'other')
      throw new DomainError({
        code: 'not_acknowledgeable',
        message: 'A case of kind "other" is not acknowledged.',
        details: { context: 'other' },
      });
    if (state.acknowledgedAt)
      throw new DomainError({
        code: 'already_acknowledged',
        message: `The case was acknowledged on ${state.acknowledgedAt}.`,
        details: { context: 'at', at: state.acknowledgedAt },
      });
    if (state.lettersToPost.length)
      throw new DomainError({
        code: 'invalid_command',
        message: 'An acknowledgement letter is already waiting to be posted; mark it posted instead.',
        details: { context: 'letter_waiting' },
      });
    return acknowledgeIn(ctx, agg, state, false, actorName(by));
  });
}
