// Closing answered cases after the quiet period (P4.6): the sweep reads the answered cases old enough, asks the
// rule (src/core/case/quiet-period.ts) whether each has gone quiet, and records the closing (`closed`, reason
// `quiet_period`). Escalation to step 2 stays possible after closing.
import { answeredCasesUpTo, wroteInAfter } from '../adapters/db/cases.repo.ts';
import { decideCase } from '../core/case/case.ts';
import {
  closesForQuiet,
  QUIET_PERIOD_REASON,
  quietCandidatesAnsweredUpTo,
  quietPeriodOver,
} from '../core/case/quiet-period.ts';
import type { AppContext } from './context.ts';
import { inTransaction } from './transaction.ts';

export { QUIET_PERIOD_REASON } from '../core/case/quiet-period.ts';

/** The answered cases due to close now; closes them and returns their ids. */
export async function closeQuietCases(ctx: AppContext): Promise<string[]> {
  const now = ctx.clock.now();
  const quiet = ctx.config.quietPeriodBusinessDays;
  const candidates = await answeredCasesUpTo(ctx.database.db, quietCandidatesAnsweredUpTo(now, quiet), 500);
  const closed: string[] = [];
  for (const { id, answered_at: answeredAt } of candidates) {
    // Counted on the calendar first, so that a case not due yet costs no transaction.
    if (!answeredAt || !quietPeriodOver(answeredAt, now, quiet, ctx.calendar)) continue;
    const done = await inTransaction(ctx, async (agg) => {
      const wroteSinceAnswer = await wroteInAfter(agg.db, id, answeredAt);
      const loaded = await agg.loadCase(id);
      const facts = { status: loaded.state?.status, answeredAt, wroteSinceAnswer };
      if (!closesForQuiet(facts, now, quiet, ctx.calendar)) return false;
      const d = decideCase(
        loaded.state,
        { type: 'close', reason: QUIET_PERIOD_REASON },
        { now, calendar: ctx.calendar, policy: ctx.policy },
      );
      if (!d.ok) return false;
      await agg.saveCase(id, loaded, d.events, { at: now, actor: 'system' });
      return true;
    });
    if (done) closed.push(id);
  }
  return closed;
}
