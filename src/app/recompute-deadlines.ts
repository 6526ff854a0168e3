// A change of calendar (region, working week, closure days) moves open cases' deadlines only through recorded
// events (P4.2): first a preview of what would move, then applying it (`deadlines_recomputed` on each case, with
// the old and the new deadline). Only for complaints whose answer date nobody has told the complainant yet:
// acknowledged, answered or extended ones keep theirs, as do those with a text naming the date already written
// (a request for information, an acknowledgement letter to post) (the rule: `recompute_deadlines` in
// core/case/case.ts, with the texts written as the outbox holds them).

import { recomputableCases, textsWrittenOf } from '../adapters/db/recompute.repo.ts';
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import { decideCase } from '../core/case/case.ts';
import type { Deadline } from '../core/case/case-events.ts';
import type { AppContext } from './context.ts';
import { inTransaction } from './transaction.ts';

export interface DeadlineMove {
  caseId: string;
  reference: string;
  from: Deadline;
  to: Deadline;
}

const BATCH = 500;

/** What would move if the deadlines of open cases were computed with `calendar` (the configured one by default). */
export async function previewDeadlineRecompute(
  ctx: AppContext,
  calendar: BusinessCalendar = ctx.calendar,
): Promise<DeadlineMove[]> {
  const moves: DeadlineMove[] = [];
  const now = ctx.clock.now();
  let after = '';
  for (;;) {
    const { ids, states } = await recomputableCases(ctx.database.db, after, BATCH);
    const written = await textsWrittenOf(
      ctx.database.db,
      states.map((x) => x.caseId),
    );
    for (const { caseId, state } of states) {
      const d = decideCase(
        state,
        { type: 'recompute_deadlines', reason: 'preview', written: written.get(caseId) ?? [] },
        { now, calendar, policy: ctx.policy },
      );
      if (d.ok)
        for (const e of d.events)
          if (e.type === 'deadlines_recomputed')
            moves.push({
              caseId,
              reference: state.reference,
              from: e.payload.from,
              to: e.payload.to,
            });
    }
    if (ids.length < BATCH) return moves.sort((a, b) => a.reference.localeCompare(b.reference));
    after = ids.at(-1)!;
  }
}

/** Records the moves (each case in its own transaction, decided again on fresh state). Returns what moved. */
export async function applyDeadlineRecompute(
  ctx: AppContext,
  input: { reason: string; actor: string; calendar?: BusinessCalendar; caseIds?: string[] },
): Promise<DeadlineMove[]> {
  const calendar = input.calendar ?? ctx.calendar;
  const ids = input.caseIds ?? (await previewDeadlineRecompute(ctx, calendar)).map((m) => m.caseId);
  const moved: DeadlineMove[] = [];
  for (const id of ids) {
    const move = await inTransaction(ctx, async (agg) => {
      const now = ctx.clock.now();
      const loaded = await agg.loadCase(id);
      const written = (await textsWrittenOf(agg.db, [id])).get(id) ?? [];
      const d = decideCase(
        loaded.state,
        { type: 'recompute_deadlines', reason: input.reason, written },
        { now, calendar, policy: ctx.policy },
      );
      if (!d.ok) return null;
      await agg.saveCase(id, loaded, d.events, { at: now, actor: input.actor });
      const e = d.events.find((x) => x.type === 'deadlines_recomputed');
      return e?.type === 'deadlines_recomputed'
        ? { caseId: id, reference: loaded.state!.reference, from: e.payload.from, to: e.payload.to }
        : null;
    });
    if (move) moved.push(move);
  }
  return moved;
}
