// Closing answered cases after the quiet period (P4.6): an answered case that has heard nothing from the
// complainant for `quietPeriodBusinessDays` working days is closed by the sweep (`closed`, reason
// `quiet_period`). A case the complainant wrote to after the answer stays open for a person to decide.
// Escalation to step 2 stays possible after closing.
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
  const candidates = await ctx.database.db
    .selectFrom('cases')
    .select(['id', 'answered_at'])
    .where('status', '=', 'answered')
    .where('answered_at', '<=', new Date(Date.parse(now) - quiet * 86_400_000).toISOString())
    .orderBy('answered_at')
    .limit(500)
    .execute();
  const closed: string[] = [];
  for (const c of candidates) {
    if (!c.answered_at) continue;
    if (ctx.calendar.workingDaysBetween(ctx.calendar.localDate(c.answered_at), today) < quiet) continue;
    const done = await inTransaction(ctx, async (agg) => {
      const wroteAgain = await agg.db
        .selectFrom('correspondence')
        .select('id')
        .where('case_id', '=', c.id)
        .where('direction', '=', 'in')
        .where('at', '>', c.answered_at!)
        .executeTakeFirst();
      if (wroteAgain) return false;
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
