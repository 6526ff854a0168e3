// What the complainant page shows: the record and its history, every case of the person (records
// merged into this one included), restrictions with who decided them, and the names of the people involved.
// A fixed number of queries (no N+1).
import { complainantStream } from '../adapters/db/aggregates.repo.ts';
import { loadStream, type RecordedEvent, readStream } from '../adapters/db/event-store.ts';
import type { ComplainantState } from '../core/case/complainant.ts';
import { userNames } from './case-page.ts';
import type { AppContext } from './context.ts';

export interface ComplainantCaseRow {
  id: string;
  reference: string;
  kind: string;
  step: number | null;
  status: string;
  subject: string;
  receivedAt: string;
  answerByDate: string | null;
  outcome: string | null;
}

export interface ComplainantPage {
  state: ComplainantState;
  history: RecordedEvent[];
  cases: ComplainantCaseRow[];
  names: Map<string, string>;
  /** The record this one was merged into, with its name. */
  mergedInto: { id: string; name: string | null } | null;
}

export async function loadComplainantPage(ctx: AppContext, id: string): Promise<ComplainantPage | null> {
  const { db } = ctx.database;
  const [loaded, history] = await Promise.all([
    loadStream<ComplainantState>(db, complainantStream(id)),
    readStream(db, complainantStream(id)),
  ]);
  const state = loaded.state;
  if (!state) return null;
  const ids = [id, ...state.mergedFrom];
  const [cases, merged] = await Promise.all([
    db
      .selectFrom('cases')
      .select([
        'id',
        'reference',
        'kind',
        'step',
        'status',
        'subject',
        'received_at as receivedAt',
        'answer_by_date as answerByDate',
        'outcome',
      ])
      .where('complainant_id', 'in', ids)
      .orderBy('received_at', 'desc')
      .limit(200)
      .execute(),
    state.mergedInto
      ? db
          .selectFrom('complainants')
          .select(['id', 'name'])
          .where('id', '=', state.mergedInto)
          .executeTakeFirst()
      : Promise.resolve(undefined),
  ]);
  const people = new Set<string>();
  for (const e of history) if (e.actor.startsWith('user:')) people.add(e.actor.slice(5));
  for (const r of state.restrictions) {
    if (r.designatedContactId) people.add(r.designatedContactId);
    if (r.decidedBy.startsWith('user:')) people.add(r.decidedBy.slice(5));
    if (r.liftedBy?.startsWith('user:')) people.add(r.liftedBy.slice(5));
  }
  return {
    state,
    history,
    cases,
    names: await userNames(ctx, [...people]),
    mergedInto: merged ? { id: merged.id, name: merged.name } : null,
  };
}

/** Another record of a person, found by its e-mail address or by the reference of one of its cases. */
export async function findComplainant(ctx: AppContext, query: string): Promise<string | null> {
  const q = query.trim();
  const { db } = ctx.database;
  if (q.includes('@')) {
    const row = await db
      .selectFrom('complainants')
      .select('id')
      .where('email', '=', q.toLowerCase())
      .where('merged_into', 'is', null)
      .orderBy('created_at')
      .executeTakeFirst();
    return row?.id ?? null;
  }
  const row = await db
    .selectFrom('cases')
    .select('complainant_id')
    .where('reference', '=', q.toUpperCase())
    .executeTakeFirst();
  return row?.complainant_id ?? null;
}
