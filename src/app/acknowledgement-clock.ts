// The clock's acknowledgement deadline as the promise counts it: a complaint recorded as acknowledged whose
// acknowledgement has not reached the complainant (the e-mail waits in the outbox, is held there because our own
// sending was refused, or failed, and no letter was posted instead) still has that deadline open, and is late once
// it passes. The stored case row knows only that the acknowledgement was recorded; the outbox knows whether it went.
// The queue's rows and the case page's clock card read their clock facts through here, as the sweep's alerts,
// /metrics and the report do (core/correspondence/acknowledgement-given.ts is the rule, and its clockFactsAsGiven
// the one mapping of it onto the clock).
import { acknowledgementItemsOf } from '../adapters/db/acknowledgements.repo.ts';
import type { ClockFacts } from '../core/case/clock.ts';
import { clockFactsAsGiven } from '../core/correspondence/acknowledgement-given.ts';
import type { AppContext } from './context.ts';

const OPEN = new Set(['received', 'acknowledged']);

/**
 * The clock facts with `acknowledgedAt` the instant the acknowledgement was given (null while it is not), read for
 * the open complaints recorded as acknowledged (one query for all of them); other facts are returned as they are.
 */
export async function clockFactsWithAcknowledgementGiven<F extends ClockFacts & { id: string }>(
  ctx: AppContext,
  facts: readonly F[],
): Promise<F[]> {
  const asked = facts.filter(
    (f) => f.kind === 'complaint' && f.acknowledgedAt !== null && OPEN.has(f.status),
  );
  if (asked.length === 0) return [...facts];
  const items = await acknowledgementItemsOf(
    ctx.database.db,
    asked.map((f) => f.id),
  );
  return clockFactsAsGiven(facts, items);
}
