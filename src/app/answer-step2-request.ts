// A step-2 request that arrives by e-mail under the default policy (P1.2, `step2ByEmail: by_post_instruction`):
// the mail door files it on the step-1 case (`step2_requested_by_email`) and calls this in the same transaction,
// which writes the instruction: step 2 is taken by post, with management's postal address and the marker.
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { DomainError } from '../core/case/refusal.ts';
import { step2ByPostExtras } from '../core/correspondence/case-texts.ts';
import type { InboundFacts } from './acknowledge-case.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { organisationDetails, type Written, writeToComplainant } from './outbound-mail.ts';

export async function afterStep2RequestByEmail(
  ctx: AppContext,
  agg: Aggregates,
  step1CaseId: string,
  inbound: InboundFacts & { receivedAt: string },
  actor = 'system',
): Promise<Written | null> {
  const { state } = await agg.loadCase(step1CaseId);
  if (!state) throw new DomainError({ code: 'case_not_found', message: `There is no case ${step1CaseId}.` });
  if ((inbound.autoReply ?? 'allowed') !== 'allowed') return null;
  const written = await writeToComplainant(ctx, agg, state, {
    kind: 'step2_by_post',
    extras: step2ByPostExtras(state.language, organisationDetails(ctx.config), inbound.receivedAt),
    automatic: true,
    actor,
  });
  if (written.channel === 'email')
    await actOnCaseIn(
      ctx,
      agg,
      step1CaseId,
      {
        type: 'file_correspondence',
        correspondenceId: written.correspondenceId,
        direction: 'out',
        channel: 'email',
        fromComplainant: false,
      },
      actor,
    );
  return written;
}
