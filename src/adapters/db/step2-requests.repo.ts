// What the doors read to find the step-1 case of a step-2 request (the rule is src/core/case/step1-of-request.ts):
// a complainant's step-1 complaints, newest first, as the rule reads them. Runs in the caller's transaction.
import type { Kysely } from 'kysely';
import type { CaseFacts } from '../../core/case/step1-of-request.ts';
import type { DB } from './schema.ts';

/** How many of a complainant's step-1 cases the rule chooses among (the newest; one is what it takes). */
const CANDIDATES = 20;

export async function step1CasesOf(db: Kysely<DB>, complainantId: string): Promise<CaseFacts[]> {
  const rows = await db
    .selectFrom('cases')
    .select(['id', 'complainant_id', 'step2_case_id', 'received_at'])
    .where('complainant_id', '=', complainantId)
    .where('kind', '=', 'complaint')
    .where('step', '=', 1)
    .orderBy('received_at', 'desc')
    .limit(CANDIDATES)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    kind: 'complaint',
    step: 1,
    complainantId: r.complainant_id,
    step2CaseId: r.step2_case_id,
    receivedAt: r.received_at,
  }));
}

/**
 * A complainant's step-2 complaints that rest on no step-1 case (a step-2 request received with P5.3's warning),
 * not merged into another: with their step-1 cases' step-2 cases, the step-2 cases a later step-2 letter of theirs
 * may be about (letter-form.ts step2CaseOfWriter). Two are enough to say "several".
 */
export async function step2CasesAloneOf(db: Kysely<DB>, complainantId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('cases')
    .select('id')
    .where('complainant_id', '=', complainantId)
    .where('kind', '=', 'complaint')
    .where('step', '=', 2)
    .where('step1_case_id', 'is', null)
    .where('merged_into', 'is', null)
    .limit(2)
    .execute();
  return rows.map((r) => r.id);
}
