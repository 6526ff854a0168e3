// Acting on a case: one command of the procedure on one case, decided by the core and saved as events.
// The verb-noun use cases (extend-case, answer-case, …) build on this and add their correspondence.
import type { Aggregates, Saved } from '../adapters/db/aggregates.repo.ts';
import { type CaseCommand, type CaseState, decideCase } from '../core/case/case.ts';
import { DomainError, orThrow } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';
import { inTransaction } from './transaction.ts';

export type CaseAction = Exclude<CaseCommand, { type: 'receive' }>;

export function actOnCase(
  ctx: AppContext,
  caseId: string,
  command: CaseAction,
  actor: string,
): Promise<Saved<CaseState>> {
  return inTransaction(ctx, (agg) => actOnCaseIn(ctx, agg, caseId, command, actor));
}

export async function actOnCaseIn(
  ctx: AppContext,
  agg: Aggregates,
  caseId: string,
  command: CaseAction,
  actor: string,
): Promise<Saved<CaseState>> {
  const now = ctx.clock.now();
  const loaded = await agg.loadCase(caseId);
  if (!loaded.state)
    throw new DomainError({ code: 'case_not_found', message: `There is no case ${caseId}.` });
  const events = orThrow(
    decideCase(loaded.state, command, { now, calendar: ctx.calendar, policy: ctx.policy }),
  );
  return agg.saveCase(caseId, loaded, events, { at: now, actor });
}
