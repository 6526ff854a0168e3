// The numbers on the queue tabs: how many open cases each tab shows with its default filters, for this person.
import { type QueueCounts, queueCounts } from '../adapters/db/queue-view.repo.ts';
import type { AppContext } from './context.ts';

export type { QueueCounts };

export function countQueues(
  ctx: AppContext,
  viewer: { userId: string | null; departments: readonly string[] | null },
): Promise<QueueCounts> {
  return queueCounts(ctx.database.db, viewer);
}
