// Merging a duplicate case into another (P6.1): both histories are kept. The duplicate records
// `merged_into` and closes; the case it joins records `case_merged`, and the duplicate's correspondence and
// search entries move over. Whoever merges must handle both cases: merging moves the duplicate's mail and closes
// it, so it is an act on the duplicate as much as on the case it joins.
import type { Saved } from '../adapters/db/aggregates.repo.ts';
import { moveCorrespondenceToCase } from '../adapters/db/merges.repo.ts';
import { type ActorRef, actorName, requireCaseAct } from '../core/access/case-access.ts';
import { type CaseState, decideCase } from '../core/case/case.ts';
import { DomainError, orThrow } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';
import { inTransaction } from './transaction.ts';

export function mergeCases(
  ctx: AppContext,
  targetId: string,
  duplicateId: string,
  by: ActorRef,
): Promise<Saved<CaseState>> {
  return inTransaction(ctx, async (agg) => {
    const now = ctx.clock.now();
    const meta = { at: now, actor: actorName(by) };
    const decideCtx = { now, calendar: ctx.calendar, policy: ctx.policy };
    const target = await agg.loadCase(targetId);
    const duplicate = await agg.loadCase(duplicateId);
    if (!target.state)
      throw new DomainError({
        code: 'case_not_found',
        message: `There is no case ${targetId}.`,
        details: { context: 'case' },
      });
    if (!duplicate.state)
      throw new DomainError({
        code: 'case_not_found',
        message: `There is no case ${duplicateId}.`,
        details: { context: 'case' },
      });
    requireCaseAct(by, 'merge', target.state);
    requireCaseAct(by, 'merge', duplicate.state);
    const out = orThrow(decideCase(duplicate.state, { type: 'merge_into', target: target.state }, decideCtx));
    const into = orThrow(
      decideCase(target.state, { type: 'absorb_duplicate', source: duplicate.state }, decideCtx),
    );
    await agg.saveCase(duplicateId, duplicate, out, meta);
    const saved = await agg.saveCase(targetId, target, into, meta);
    await moveCorrespondenceToCase(agg.db, duplicateId, targetId);
    return saved;
  });
}
