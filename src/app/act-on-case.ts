// Acting on a case: one command of the procedure on one case, decided by the core and saved as events.
// The verb-noun use cases (extend-case, answer-case, …) build on this and add their correspondence.
// Who may act is decided here too (src/core/access/case-access.ts), so that the web pages, the API and the bulk
// actions cannot differ: a person acting through a door is checked against the case (as the act the case-action
// registry, src/core/case/actions.ts, gives the command), and an assignment against the account it names; the
// system acting by name (intake, sweeper, command line) is not. What writes to the complainant, and who gets the case,
// also follows the complainant's designated contact (src/core/access/designated-contact.ts).
import { AccountsRepo } from '../adapters/db/accounts.repo.ts';
import type { Aggregates, Saved } from '../adapters/db/aggregates.repo.ts';
import {
  type ActorRef,
  accessErrorOf,
  actorName,
  requireAssignment,
  staffOf,
} from '../core/access/case-access.ts';
import { contactAssignmentRefusal } from '../core/access/designated-contact.ts';
import { actOfCommand } from '../core/case/actions.ts';
import { type CaseCommand, type CaseState, decideCase } from '../core/case/case.ts';
import { DomainError, orThrow } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';
import { designatedContactIn, requireCaseActIn } from './designated-contact.ts';
import { inTransaction } from './transaction.ts';

export type CaseAction = Exclude<CaseCommand, { type: 'receive' }>;

export function actOnCase(
  ctx: AppContext,
  caseId: string,
  command: CaseAction,
  by: ActorRef,
): Promise<Saved<CaseState>> {
  return inTransaction(ctx, (agg) => actOnCaseIn(ctx, agg, caseId, command, by));
}

/** Checks that `by` may give command to this case (throws the refusal); nothing for the system. */
export async function checkCaseCommand(
  agg: Aggregates,
  state: CaseState,
  command: CaseAction,
  by: ActorRef,
): Promise<void> {
  if (!staffOf(by)) return;
  if (command.type === 'assign') {
    const assignee = command.to ? await new AccountsRepo(agg.db).userById(command.to) : null;
    requireAssignment(by, state, command.to, assignee);
    const contact = await designatedContactIn(agg, await agg.complainantState(state.complainantId));
    const r = contactAssignmentRefusal(state, command.to, contact);
    if (r) throw accessErrorOf(r);
  } else await requireCaseActIn(agg, by, actOfCommand(command.type), state);
}

export async function actOnCaseIn(
  ctx: AppContext,
  agg: Aggregates,
  caseId: string,
  command: CaseAction,
  by: ActorRef,
): Promise<Saved<CaseState>> {
  const now = ctx.clock.now();
  const loaded = await agg.loadCase(caseId);
  if (!loaded.state)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no case ${caseId}.`,
      details: { context: 'case' },
    });
  await checkCaseCommand(agg, loaded.state, command, by);
  const events = orThrow(
    decideCase(loaded.state, command, { now, calendar: ctx.calendar, policy: ctx.policy }),
  );
  return agg.saveCase(caseId, loaded, events, { at: now, actor: actorName(by) });
}
