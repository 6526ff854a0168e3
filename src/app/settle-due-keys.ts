// Part of the sweep: sets the stored due key of the open complaints whose key may disagree with the rule
// (adapters/db/due-key.repo.ts). The outbox moves a complaint's key off its acknowledge-by when it records the
// acknowledgement sent, on PostgreSQL partly after that commit; a process that dies in between, or a move that
// fails, leaves the key behind, and the case would show as late in the queue, /metrics and the report although the
// complainant has the acknowledgement, until it is next written. The reverse (a key on the answer date while the
// acknowledgement is still held) is put back too. A row an older instance wrote during a rolling upgrade has no
// given key, which the outbox needs to move its key: it gets both. Each page of cases is its own short transaction.
import { dueKeysApart, dueKeysUngiven, settleDueKeys } from '../adapters/db/due-key.repo.ts';
import type { AppContext } from './context.ts';
import { inTransaction } from './transaction.ts';

/** Cases per transaction: a short one, whichever engine. */
const PAGE = 200;

/**
 * Puts right the keys of the open complaints whose key is not their given key and of those without a given key (each
 * walked by id, a page at a time, to the end: the acknowledgements not given, and the rows of an older instance, few)
 * and of `notSent`, the complaints whose acknowledgement e-mail has not gone out (the sweep has read them from the
 * outbox already). Returns the cases whose key it changed.
 */
export async function settleDueKeysInSweep(ctx: AppContext, notSent: readonly string[]): Promise<string[]> {
  const { engine } = ctx.database;
  const changed: string[] = [];
  const seen = new Set<string>();
  const settle = async (ids: readonly string[]) => {
    if (ids.length === 0) return;
    changed.push(...(await inTransaction(ctx, (agg) => settleDueKeys(agg.db, engine, ids))));
    for (const id of ids) seen.add(id);
  };
  for (const candidates of [dueKeysApart, dueKeysUngiven]) {
    let after = '';
    for (;;) {
      // A case settled by the walk before is not settled again.
      const ids = await candidates(ctx.database.db, after, PAGE);
      if (ids.length === 0) break;
      await settle(ids.filter((id) => !seen.has(id)));
      after = ids.at(-1)!;
      if (ids.length < PAGE) break;
    }
  }
  const rest = notSent.filter((id) => !seen.has(id));
  for (let i = 0; i < rest.length; i += PAGE) await settle(rest.slice(i, i + PAGE));
  return changed;
}
