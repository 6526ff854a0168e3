// Escalating a case to step 2 by staff (P5.1): refused unless step 1 is answered; opens the linked step-2 case,
// received now, with the same clock (P5.2), in management's queue.
import { type ActorRef, actorName, requireCaseAct } from '../core/access/case-access.ts';
import { decideCase } from '../core/case/case.ts';
import { DomainError, orThrow } from '../core/case/refusal.ts';
import { afterCaseOpened } from './acknowledge-case.ts';
import type { AppContext } from './context.ts';
import { type OpenedCase, openCaseIn } from './open-case.ts';
import { inTransaction } from './transaction.ts';

export function escalateCase(ctx: AppContext, step1CaseId: string, by: ActorRef): Promise<OpenedCase> {
  const actor = actorName(by);
  return inTransaction(ctx, async (agg) => {
    const now = ctx.clock.now();
    const loaded = await agg.loadCase(step1CaseId);
    const step1 = loaded.state;
    if (!step1)
      throw new DomainError({
        code: 'case_not_found',
        message: `There is no case ${step1CaseId}.`,
        details: { context: 'case' },
      });
    // Escalating is an act of whoever handles step 1 (the step-2 case then goes to management's queue).
    requireCaseAct(by, 'escalate', step1);
    // Check the rule before numbering a new case; openCaseIn records `escalated` on step 1.
    orThrow(
      decideCase(
        step1,
        { type: 'escalate', step2CaseId: '-', step2Reference: '-' },
        {
          now,
          calendar: ctx.calendar,
          policy: ctx.policy,
        },
      ),
    );
    const opened = await openCaseIn(ctx, agg, {
      kind: 'complaint',
      step: 2,
      channel: 'escalation',
      receivedAt: now,
      language: step1.language,
      subject: step1.subject,
      complainant: {},
      complainantId: step1.complainantId,
      fields: step1.fields,
      missing: [],
      correspondenceId: null,
      caseRefs: [step1.reference],
      actor,
    });
    // The step-2 case is acknowledged like any new case: by e-mail, else a letter to post (P3, P5.2).
    await afterCaseOpened(ctx, agg, opened, null, actor);
    return opened;
  });
}
