// Searching cases: full text over cases and correspondence, or by reference, e-mail, ticket number, domain.
import { type CaseSummary, caseSummaries, searchCaseIds } from '../adapters/db/search.repo.ts';
import { parseSearch } from '../core/search/search-query.ts';
import type { AppContext } from './context.ts';

export type { CaseSummary } from '../adapters/db/search.repo.ts';

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
  return caseSummaries(db, ids);
}
