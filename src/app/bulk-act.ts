// Bulk actions from a queue (issue 7): assign or categorise many cases at once, and hand every open case of
// someone who is away to a colleague. Each case gets its own event; one refusal does not stop the others.
import { decideCase } from '../core/case/case.ts';
import type { AppContext } from './context.ts';
import { inTransaction } from './transaction.ts';

export type BulkCommand =
  | { type: 'assign'; to: string | null }
  | { type: 'categorise'; category: string | null };

export interface BulkResult {
  changed: string[];
  /** Cases left as they were, with the reason (already so, closed, not found). */
  skipped: Array<{ caseId: string; code: string; message: string }>;
}

const MAX_BULK = 500;

export async function bulkAct(
  ctx: AppContext,
  caseIds: string[],
  command: BulkCommand,
  actor: string,
): Promise<BulkResult> {
  const ids = [...new Set(caseIds)].slice(0, MAX_BULK);
  return inTransaction(ctx, async (agg) => {
    const now = ctx.clock.now();
    const result: BulkResult = { changed: [], skipped: [] };
    for (const id of ids) {
      const loaded = await agg.loadCase(id);
      const d = decideCase(loaded.state, command, { now, calendar: ctx.calendar, policy: ctx.policy });
      if (!d.ok) {
        result.skipped.push({ caseId: id, code: d.refusal.code, message: d.refusal.message });
        continue;
      }
      await agg.saveCase(id, loaded, d.events, { at: now, actor });
      result.changed.push(id);
    }
    return result;
  });
}

/** Every open case owned by `fromUser` goes to `toUser` (someone is away). */
export async function reassignOpenCases(
  ctx: AppContext,
  fromUser: string,
  toUser: string,
  actor: string,
): Promise<BulkResult> {
  const rows = await ctx.database.db
    .selectFrom('cases')
    .select('id')
    .where('owner_id', '=', fromUser)
    .where('is_open', '=', 1)
    .limit(MAX_BULK)
    .execute();
  return bulkAct(
    ctx,
    rows.map((r) => r.id),
    { type: 'assign', to: toUser },
    actor,
  );
}
