// One use case, one transaction: load aggregates, decide, save events (and, later, enqueue follow-ups).
// A write that lost a race with another writer (another process or instance) is run again on fresh state.
import { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { isRetryable } from '../adapters/db/event-store.ts';
import type { AppContext } from './context.ts';

const MAX_ATTEMPTS = 8;

export async function inTransaction<T>(ctx: AppContext, fn: (agg: Aggregates) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.database.transaction((trx) => fn(new Aggregates(trx, ctx.database.engine)));
    } catch (e) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(e)) throw e;
      await new Promise((r) => setTimeout(r, Math.random() * 10 * attempt));
    }
  }
}
