// Bulk actions from a queue: assign or categorise many cases at once, and hand every open case of
// someone who is away to a colleague. Each case gets its own event; one refusal does not stop the others. Each
// case is checked as if it were acted on alone (src/core/access/case-access.ts): a lead cannot touch step-2
// cases this way, and a case goes only to someone who may handle it at its step; the others are skipped with
// the reason. A case of a complainant with a designated contact stays with that contact (P8.4).
import { countOpenCasesOwnedBy, openCaseIdsOwnedBy } from '../adapters/db/cases.repo.ts';
import { type ActorRef, actorName } from '../core/access/case-access.ts';
import { decideCase } from '../core/case/case.ts';
import { caseCommandRefusal } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { inTransaction } from './transaction.ts';

export type BulkCommand =
  | { type: 'assign'; to: string | null }
  | { type: 'categorise'; category: string | null };

export interface BulkResult {
  changed: string[];
  /**
   * Cases left as they were, with the reason (already so, closed, not found, not yours to change): the refusal's
   * code and details (which refusal of its code, its values), for the page to say in the reader's language, and the
   * case's reference, null for a case the person may not see (its existence is not disclosed) or that is not there.
   */
  skipped: Array<{
    caseId: string;
    reference: string | null;
    code: string;
    message: string;
    details: Readonly<Record<string, unknown>>;
  }>;
}

const MAX_BULK = 500;

/** What the list the person chose from showed of a case: its owner and category then. */
export interface SeenCase {
  ownerId: string | null;
  category: string | null;
}

/**
 * `seen`: what the person's list showed of each case (absent: not checked). A case whose owner (for an
 * assignment) or category (for categorising) has changed since is left as it is, with the reason: the person chose
 * from what they saw, and changing it anyway would silently undo a colleague's change made meanwhile.
 */
export async function bulkAct(
  ctx: AppContext,
  caseIds: string[],
  command: BulkCommand,
  by: ActorRef,
  seen: ReadonlyMap<string, SeenCase> = new Map(),
): Promise<BulkResult> {
  const ids = [...new Set(caseIds)].slice(0, MAX_BULK);
  return inTransaction(ctx, async (agg) => {
    const now = ctx.clock.now();
    const result: BulkResult = { changed: [], skipped: [] };
    for (const id of ids) {
      const loaded = await agg.loadCase(id);
      if (loaded.state) {
        // The check of a command on one case (act-on-case.ts), here reported instead of thrown.
        const refused = await caseCommandRefusal(agg, loaded.state, command, by);
        if (refused) {
          // A case the person may not even read is reported as not found, like anywhere else.
          const hidden = refused.code === 'hidden';
          result.skipped.push({
            caseId: id,
            reference: hidden ? null : loaded.state.reference,
            code: hidden ? 'case_not_found' : refused.code,
            message: refused.message,
            details: refused.details,
          });
          continue;
        }
      }
      const changed = loaded.state ? changedMeanwhile(loaded.state, command, seen.get(id)) : null;
      if (changed) {
        result.skipped.push({
          caseId: id,
          reference: loaded.state?.reference ?? null,
          code: 'invalid_command',
          message:
            changed === 'owner_changed_meanwhile'
              ? 'Someone else changed who handles this case after the list was shown.'
              : 'Someone else changed the category of this case after the list was shown.',
          details: { context: changed },
        });
        continue;
      }
      const d = decideCase(loaded.state, command, { now, calendar: ctx.calendar, policy: ctx.policy });
      if (!d.ok) {
        result.skipped.push({
          caseId: id,
          reference: loaded.state?.reference ?? null,
          code: d.refusal.code,
          message: d.refusal.message,
          details: d.refusal.details ?? {},
        });
        continue;
      }
      await agg.saveCase(id, loaded, d.events, { at: now, actor: actorName(by) });
      result.changed.push(id);
    }
    return result;
  });
}

/**
 * Every open case owned by `fromUser` goes to `toUser` (someone is away), as far as both may handle it: all of them,
 * a batch of one bulk action at a time (each its own transaction, so that a colleague with years of cases does not
 * hold the database in one), and what stays is listed with its reason. One batch only would have moved the first
 * cases and said nothing of the others, which stayed with someone who is away.
 */
export async function reassignOpenCases(
  ctx: AppContext,
  fromUser: string,
  toUser: string,
  by: ActorRef,
): Promise<BulkResult> {
  const result: BulkResult = { changed: [], skipped: [] };
  // In id order from where the last batch ended: a case left behind (skipped) is not asked about again.
  let after: string | null = null;
  for (;;) {
    const ids = await openCaseIdsOwnedBy(ctx.database.db, fromUser, MAX_BULK, after);
    if (ids.length === 0) return result;
    const batch = await bulkAct(ctx, ids, { type: 'assign', to: toUser }, by);
    result.changed.push(...batch.changed);
    result.skipped.push(...batch.skipped);
    after = ids[ids.length - 1]!;
  }
}

/**
 * Whether the value the command sets was changed since the list showed the case. A case that already has the value
 * asked is not: the case rule says it is already so.
 */
function changedMeanwhile(
  state: { ownerId: string | null; category: string | null },
  command: BulkCommand,
  seen: SeenCase | undefined,
): 'owner_changed_meanwhile' | 'category_changed_meanwhile' | null {
  if (!seen) return null;
  if (command.type === 'assign')
    return state.ownerId !== command.to && state.ownerId !== seen.ownerId ? 'owner_changed_meanwhile' : null;
  return state.category !== command.category && state.category !== seen.category
    ? 'category_changed_meanwhile'
    : null;
}

/** How many open cases someone owns (an account's page says it: a disabled colleague's wait for a hand-over). */
export function openCasesOwnedBy(ctx: AppContext, userId: string): Promise<number> {
  return countOpenCasesOwnedBy(ctx.database.db, userId);
}
