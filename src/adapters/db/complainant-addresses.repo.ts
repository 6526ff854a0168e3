// The postal addresses of some complainants, read from their state (the complainants table keeps only what lists
// filter on). Queues ask it for the few rows of a page that have no usable e-mail address, to tell which of them
// wait "to address" (src/core/case/reachability.ts). One query whatever the number of rows.
import type { Kysely } from 'kysely';
import type { ComplainantState } from '../../core/case/complainant.ts';
import { complainantStream } from './aggregates.repo.ts';
import type { DB } from './schema.ts';

export async function postalAddressesOf(
  db: Kysely<DB>,
  complainantIds: readonly string[],
): Promise<Map<string, string[] | null>> {
  const ids = [...new Set(complainantIds)];
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('streams')
    .select(['stream', 'state'])
    .where('stream', 'in', ids.map(complainantStream))
    .execute();
  const out = new Map<string, string[] | null>();
  for (const r of rows) {
    const state = JSON.parse(r.state) as ComplainantState;
    out.set(r.stream.slice('complainant:'.length), state.details?.postalAddress ?? null);
  }
  return out;
}
