// Loads the facts for the rule "which step-1 case a step-2 request concerns" (src/core/case/step1-of-request.ts)
// and applies it: the one lookup of the mail door, the letter, the form, the API and the inbox.
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { step1CasesOf } from '../adapters/db/step2-requests.repo.ts';
import type { CaseState } from '../core/case/case.ts';
import { type CaseFacts, step1OfRequest } from '../core/case/step1-of-request.ts';

export async function findStep1Case(
  agg: Aggregates,
  request: {
    complainantId: string | null;
    threaded?: CaseState | null;
    quotedRefs: readonly string[];
    staffChose: boolean;
  },
): Promise<CaseState | null> {
  const quoted: CaseState[] = [];
  for (const ref of request.quotedRefs) {
    const id = await agg.caseIdByReference(ref.toUpperCase());
    const state = id ? (await agg.loadCase(id)).state : null;
    if (state) quoted.push(state);
  }
  const own: CaseFacts[] = request.complainantId ? await step1CasesOf(agg.db, request.complainantId) : [];
  const chosen = step1OfRequest<CaseFacts>({
    complainantId: request.complainantId,
    threaded: request.threaded ?? null,
    quoted,
    ownStep1: own,
    staffChose: request.staffChose,
  });
  if (!chosen) return null;
  const loaded = [request.threaded, ...quoted].find((c) => c?.id === chosen.id);
  return loaded ?? (await agg.loadCase(chosen.id)).state;
}
