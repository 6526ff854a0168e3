// The open, unanswered, unextended complaints whose deadlines a calendar change may move (src/app/recompute-
// deadlines.ts), read in pages of ids with their current state.
import type { Kysely } from 'kysely';
import type { CaseState } from '../../core/case/case.ts';
import { caseStream } from './aggregates.repo.ts';
import type { DB } from './schema.ts';

/** Up to `limit` such cases with an id after `after`, in id order, each with its state. */
export async function recomputableCases(
  db: Kysely<DB>,
  after: string,
  limit: number,
): Promise<{ ids: string[]; states: Array<{ caseId: string; state: CaseState }> }> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('kind', '=', 'complaint')
    .where('status', '!=', 'closed')
    .where('answered_at', 'is', null)
    .where('extensions', '=', 0)
    .where('id', '>', after)
    .orderBy('id')
    .limit(limit)
    .execute();
  const ids = rows.map((r) => r.id);
  const streams = ids.length
    ? await db
        .selectFrom('streams')
        .select(['stream', 'state'])
        .where('stream', 'in', ids.map(caseStream))
        .execute()
    : [];
  return {
    ids,
    states: streams.map((r) => ({
      caseId: r.stream.slice('case:'.length),
      state: JSON.parse(r.state) as CaseState,
    })),
  };
}
