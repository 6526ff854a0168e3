// Closing answered cases after the quiet period (P4.6): an answered case that has heard nothing from the
// complainant for `quietPeriodBusinessDays` working days is closed by the sweep (`closed`, reason
// `quiet_period`). A case the complainant wrote to after the answer stays open for a person to decide.
// Escalation to step 2 stays possible after closing.
import { answeredCasesUpTo, wroteInAfter } from '../adapters/db/cases.repo.ts';
import { decideCase } from '../core/case/case.ts';
import type { AppContext } from './context.ts';
import { inTransaction } from './transaction.ts';

export const QUIET_PERIOD_REASON = 'quiet_period';

/** The answered cases due to close now; closes them and returns their ids. */
export async function closeQuietCases(ctx: AppContext): Promise<string[]> {
  const now = ctx.clock.now();
  const today = ctx.calendar.localDate(now);
  const quiet = ctx.config.quietPeriodBusinessDays;
  // Answered on a local day at least `quiet` working days back: a cheap bound first, then the calendar.
  const candidates = await answeredCasesUpTo(
    ctx.database.db,
    new Date(Date.parse(now) - quiet * 86_400_000).toISOString(),
    500,
  );
  const closed: string[] = [];
  for (const c of candidates) {
    if (!c.answered_at) continue;
    if (ctx.calendar.workingDaysBetween(ctx.calendar.localDate(c.answered_at), today) < quiet) continue;
    const done = await inTransaction(ctx, async (agg) => {
      if (await wroteInAfter(agg.db, c.id, c.answered_at!)) return false;
      const loaded = await agg.loadCase(c.id);
      const d = decideCase(
        loaded.state,
        { type: 'close', reason: QUIET_PERIOD_REASON },
        { now, calendar: ctx.calendar, policy: ctx.policy },
      );
      if (!d.ok || loaded.state?.status !== 'answered') return false;
      await agg.saveCase(c.id, loaded, d.events, { at: now, actor: 'system' });
      return true;
    });
    if (done) closed.push(c.id);
  }
  return closed;
}
