// Loads the facts for the rule "which step-1 case a step-2 request concerns" (src/core/case/step1-of-request.ts)
// and applies it: the one lookup of the mail door, the letter, the form, the API and the inbox.
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { step1CasesOf, step2CasesAloneOf } from '../adapters/db/step2-requests.repo.ts';
import type { CaseState } from '../core/case/case.ts';
import { type CaseFacts, step1OfRequest } from '../core/case/step1-of-request.ts';
import { type Step2RequestPlace, step2PlaceOfRequest } from '../core/case/step2-of-request.ts';

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

/**
 * Loads the facts for the rule "which case a step-2 request belongs to" (src/core/case/step2-of-request.ts) and
 * applies it: whether the request opens a step-2 case or joins one the writer has already. `step1` is what
 * findStep1Case found; `named` a case the request names itself (taken only when it is a step-2 complaint of the
 * writer's). A case merged into another stands for the case kept.
 */
export async function findStep2Place(
  agg: Aggregates,
  request: { complainantId: string | null; step1: CaseState | null; named?: CaseState | null },
): Promise<Step2RequestPlace> {
  const kept = async (id: string | null): Promise<CaseState | null> => {
    let state = id ? (await agg.loadCase(id)).state : null;
    for (let hops = 0; state?.mergedInto && hops < 10; hops++)
      state = (await agg.loadCase(state.mergedInto)).state;
    return state;
  };
  const isStep2 = (c: CaseState | null): c is CaseState => c?.kind === 'complaint' && c.step === 2;
  const who = request.complainantId;
  const named = request.named ? await kept(request.named.id) : null;
  const step2OfStep1 = request.step1?.step2CaseId ? await kept(request.step1.step2CaseId) : null;
  const escalated: string[] = [];
  const alone: string[] = [];
  if (who && !request.step1) {
    for (const c of await step1CasesOf(agg.db, who)) {
      const s = await kept(c.step2CaseId);
      if (isStep2(s)) escalated.push(s.id);
    }
    alone.push(...(await step2CasesAloneOf(agg.db, who)));
  }
  return step2PlaceOfRequest({
    named: isStep2(named) && who !== null && named.complainantId === who ? named.id : null,
    step1: request.step1
      ? { id: request.step1.id, step2CaseId: isStep2(step2OfStep1) ? step2OfStep1.id : null }
      : null,
    alone,
    escalated,
  });
}
