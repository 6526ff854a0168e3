// A step-2 request that arrives by e-mail under the default policy (P1.2, `step2ByEmail: by_post_instruction`):
// the mail door files it on the step-1 case, or, when the sender has no step-1 case, opens a step-1 case from it
// (acknowledged like any complaint), and calls this in the same transaction. It writes the instruction (step 2 is
// taken by post, with management's postal address and the marker) and records the request on the case, together:
// the event names the instruction it was written with, or says why nobody was told automatically (a restricted
// channel, a flood limit, no address), so that the history never claims a message that does not exist.
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { DomainError } from '../core/case/refusal.ts';
import type { AutoReply } from '../core/correspondence/auto-reply.ts';
import { step2ByPostExtras } from '../core/correspondence/case-texts.ts';
import { withDesignatedContact } from './acknowledge-case.ts';
import { actOnCaseIn, fileOutboundEmailIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import {
  complainantOfCase,
  type LatestInbound,
  organisationDetails,
  reachable,
  type Written,
  writeToComplainant,
} from './outbound-mail.ts';

export interface Step2RequestByEmail {
  /** The inbound request. */
  correspondenceId: string;
  /** The door's verdict on answering automatically. */
  autoReply: AutoReply;
  receivedAt: string;
  /** The request's Message-ID and what it replied to: the instruction threads on it. */
  email: LatestInbound;
  /** The case was opened from this request (the sender had no step-1 case): the text says so. */
  firstComplaint: boolean;
}

/** Why nobody was told, when the instruction could not be written (the door records it: `recordNotTold`). */
export const NOT_WRITTEN = 'not_written';

export async function afterStep2RequestByEmail(
  ctx: AppContext,
  agg: Aggregates,
  caseId: string,
  inbound: Step2RequestByEmail,
  actor = 'system',
): Promise<Written | null> {
  const { state } = await agg.loadCase(caseId);
  if (!state)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no case ${caseId}.`,
      details: { context: 'case' },
    });
  // The designated contact as for the acknowledgement: the door only knew whether one exists for the sender's own
  // record, not whether they handle this case, nor a restriction on the same mailbox written another way.
  const autoReply = await withDesignatedContact(agg, state, inbound.autoReply);
  const notTold =
    autoReply !== 'allowed'
      ? autoReply
      : !reachable(await complainantOfCase(agg, state))
        ? 'no_address'
        : null;
  if (notTold) {
    await recordNotTold(ctx, agg, caseId, inbound.correspondenceId, notTold, actor);
    return null;
  }
  const written = await writeToComplainant(ctx, agg, state, {
    kind: 'step2_by_post',
    extras: step2ByPostExtras(
      state.language,
      organisationDetails(ctx.config),
      inbound.receivedAt,
      inbound.firstComplaint,
    ),
    automatic: true,
    replyingTo: inbound.email,
    actor,
  });
  await actOnCaseIn(
    ctx,
    agg,
    caseId,
    {
      type: 'record_step2_request_by_email',
      correspondenceId: inbound.correspondenceId,
      instructionId: written.correspondenceId,
    },
    actor,
  );
  if (written.channel === 'email')
    await fileOutboundEmailIn(ctx, agg, caseId, written.correspondenceId, actor);
  return written;
}

/** Records the request with no instruction, and why (the door calls it when writing the instruction failed). */
export async function recordNotTold(
  ctx: AppContext,
  agg: Aggregates,
  caseId: string,
  correspondenceId: string,
  why: string,
  actor = 'system',
): Promise<void> {
  await actOnCaseIn(
    ctx,
    agg,
    caseId,
    { type: 'record_step2_request_by_email', correspondenceId, instructionId: null, notToldBecause: why },
    actor,
  );
}
