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

/** Case ids per statement: well under the engines' limits on bound values. */
const CHUNK = 500;

/**
 * The purposes of the texts written to the complainant of each of these cases (outbound items, whatever their
 * status: sent, waiting in the outbox, printed for posting): whether one names the answer date is the rule's to say
 * (core/case/promise.ts answerDateWritten).
 */
export async function textsWrittenOf(
  db: Kysely<DB>,
  caseIds: Iterable<string>,
): Promise<Map<string, string[]>> {
  const ids = [...new Set(caseIds)];
  const out = new Map<string, string[]>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const rows = await db
      .selectFrom('correspondence as c')
      .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
      .select(['c.case_id', 'o.purpose'])
      .distinct()
      .where('c.case_id', 'in', ids.slice(i, i + CHUNK))
      .where('c.direction', '=', 'out')
      .where('o.audience', '=', 'complainant')
      .execute();
    for (const r of rows) {
      const list = out.get(r.case_id!) ?? [];
      list.push(r.purpose);
      out.set(r.case_id!, list);
    }
  }
  return out;
}
