// Before a text that names the answer date goes out (the acknowledgement, a request for information), a date
// that has already passed is promised anew from now (src/core/case/promise.ts), recorded as an event in the same
// transaction as the text: no text ever names a day already gone.
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import type { CaseState } from '../core/case/case.ts';
import { answerDateAhead } from '../core/case/promise.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';

export async function keepPromiseIn(
  ctx: AppContext,
  agg: Aggregates,
  state: CaseState,
  actor: string,
): Promise<CaseState> {
  if (!state.deadline || state.answeredAt || answerDateAhead(state.deadline, ctx.clock.now())) return state;
  return (await actOnCaseIn(ctx, agg, state.id, { type: 'renew_promise' }, actor)).state;
}
