// Searching cases: full text over cases and correspondence, or by reference, e-mail, ticket number, domain.
import { searchCaseIds } from '../adapters/db/search.repo.ts';
import { parseSearch } from '../core/search/search-query.ts';
import type { AppContext } from './context.ts';

export interface CaseSummary {
  id: string;
  reference: string;
  kind: string;
  step: number | null;
  status: string;
  subject: string;
  complainantName: string | null;
  complainantEmail: string | null;
  receivedAt: string;
  answerBy: string | null;
  answerByDate: string | null;
}

export async function searchCases(
  ctx: AppContext,
  input: string,
  options: { limit?: number; offset?: number; window?: number } = {},
): Promise<CaseSummary[]> {
  const query = parseSearch(input);
  if (!query.words.length && !query.keys.length) return [];
  const limit = Math.min(options.limit ?? 25, 100);
  const { db, engine } = ctx.database;
  const ids = await searchCaseIds(db, engine, query, {
    limit,
    offset: options.offset ?? 0,
    ...(options.window ? { window: options.window } : {}),
  });
  if (!ids.length) return [];
  const rows = await db
    .selectFrom('cases')
    .leftJoin('complainants', 'complainants.id', 'cases.complainant_id')
    .select([
      'cases.id',
      'cases.reference',
      'cases.kind',
      'cases.step',
      'cases.status',
      'cases.subject',
      'complainants.name as complainantName',
      'complainants.email as complainantEmail',
      'cases.received_at as receivedAt',
      'cases.answer_by as answerBy',
      'cases.answer_by_date as answerByDate',
    ])
    .where('cases.id', 'in', ids)
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
}
