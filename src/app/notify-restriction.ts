// Telling a complainant about a restriction (P8.3–P8.4), when the person who decided it chooses to: a courteous
// notice of what changes and the review date, on the complainant's latest complaint (their latest suggestion when
// they have sent nothing else). Acknowledgements and answers
// go on being sent whatever the restriction (P8.4): nothing here stops them.
import { recordCaseOf, userName } from '../adapters/db/intake-lookups.repo.ts';
import { recordErased } from '../adapters/db/retention.repo.ts';
import { type ActorRef, actorName } from '../core/access/case-access.ts';
import { requireRecordAct } from '../core/access/complainant-record.ts';
import { DomainError } from '../core/case/refusal.ts';
import { restrictionExtras } from '../core/correspondence/case-texts.ts';
import { fileOutboundEmailIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { organisationDetails, type Written, writeToComplainant } from './outbound-mail.ts';
import { inTransaction } from './transaction.ts';

export function notifyRestriction(
  ctx: AppContext,
  complainantId: string,
  restrictionId: string,
  by: ActorRef,
): Promise<Written> {
  const actor = actorName(by);
  return inTransaction(ctx, async (agg) => {
    const { state: complainant } = await agg.loadComplainant(complainantId);
    // Who may tell the complainant (the record rule), before whether there is anything to tell.
    if (complainant)
      requireRecordAct(by, 'notify_restriction', {
        kind: 'record',
        mergedInto: complainant.mergedInto,
        erased: await recordErased(agg.db, complainantId),
      });
    const restriction = complainant?.restrictions.find((r) => r.id === restrictionId && !r.liftedAt);
    if (!complainant || !restriction)
      throw new DomainError({
        code: 'no_such_restriction',
        message: 'There is no such restriction in force.',
        details: { context: 'not_in_force' },
      });
    // Their latest complaint rather than a suggestion a department member reads (core/case/record-case.ts).
    const latest = await recordCaseOf(agg.db, complainantId);
    if (!latest)
      throw new DomainError({
        code: 'case_not_found',
        message: 'The complainant has no case to write about.',
        details: { context: 'no_case_to_write' },
      });
    const { state } = await agg.loadCase(latest.id);
    if (!state)
      throw new DomainError({
        code: 'case_not_found',
        message: 'The case was not found.',
        details: { context: 'case' },
      });
    const contactName = restriction.designatedContactId
      ? await userName(agg.db, restriction.designatedContactId)
      : null;
    const written = await writeToComplainant(ctx, agg, state, {
      kind: 'restriction_notice',
      extras: restrictionExtras(state.language, organisationDetails(ctx.config), {
        kind: restriction.kind,
        reviewBy: restriction.reviewBy,
        contactName,
      }),
      automatic: false,
      actor,
    });
    if (written.channel === 'email')
      await fileOutboundEmailIn(ctx, agg, state.id, written.correspondenceId, actor);
    return written;
  });
}
