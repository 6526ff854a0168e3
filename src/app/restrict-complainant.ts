// Restricting how the organisation deals with a complainant (P8.2–P8.4): a recorded decision by a person, with
// kind, reason and review date; lifting it is recorded too. A designated contact takes the complainant's open cases.
import type { Saved } from '../adapters/db/aggregates.repo.ts';
import { unclosedCaseIdsOfComplainant } from '../adapters/db/cases.repo.ts';
import { decideCase } from '../core/case/case.ts';
import {
  type ComplainantCommand,
  type ComplainantState,
  decideComplainant,
  designatedContactOf,
} from '../core/case/complainant.ts';
import { DomainError, orThrow } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';
import { inTransaction } from './transaction.ts';

export type ComplainantAction = Exclude<ComplainantCommand, { type: 'register' }>;

export function actOnComplainant(
  ctx: AppContext,
  complainantId: string,
  command: ComplainantAction,
  actor: string,
): Promise<Saved<ComplainantState>> {
  return inTransaction(ctx, async (agg) => {
    const now = ctx.clock.now();
    const loaded = await agg.loadComplainant(complainantId);
    if (!loaded.state)
      throw new DomainError({ code: 'case_not_found', message: `There is no complainant ${complainantId}.` });
    const today = ctx.calendar.localDate(now).toString();
    const events = orThrow(decideComplainant(loaded.state, command, { today }));
    const saved = await agg.saveComplainant(complainantId, loaded, events, { at: now, actor });
    const contact = designatedContactOf(saved.state);
    if (command.type === 'restrict' && contact) {
      // P8.4: the designated contact handles every open case of the complainant.
      for (const id of await unclosedCaseIdsOfComplainant(agg.db, complainantId)) {
        const c = await agg.loadCase(id);
        const d = decideCase(
          c.state,
          { type: 'assign', to: contact },
          { now, calendar: ctx.calendar, policy: ctx.policy },
        );
        if (d.ok) await agg.saveCase(id, c, d.events, { at: now, actor });
      }
    }
    return saved;
  });
}
