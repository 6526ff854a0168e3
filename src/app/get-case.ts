// Everything the case page shows (P6.2): state, the whole timeline of events and correspondence, the
// complainant with restrictions in force, their other cases, and the linked step-1/step-2 case.

import { caseStream, complainantStream } from '../adapters/db/aggregates.repo.ts';
import { loadStream, type RecordedEvent, readStream } from '../adapters/db/event-store.ts';
import type { CaseState } from '../core/case/case.ts';
import type { ComplainantState } from '../core/case/complainant.ts';
import { DomainError } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';

export interface CorrespondenceSummary {
  id: string;
  direction: string;
  channel: string;
  subject: string;
  fromAddress: string | null;
  fromName: string | null;
  toAddress: string | null;
  at: string;
  status: string;
  statusDetail: string | null;
  originalSha256: string | null;
}

export interface CaseView {
  state: CaseState;
  version: number;
  events: RecordedEvent[];
  correspondence: CorrespondenceSummary[];
  complainant: ComplainantState | null;
  otherCases: Array<{
    id: string;
    reference: string;
    kind: string;
    step: number | null;
    status: string;
    receivedAt: string;
  }>;
  linked: Array<{ id: string; reference: string; step: number | null; status: string }>;
}

export async function getCase(ctx: AppContext, caseId: string): Promise<CaseView> {
  const { db } = ctx.database;
  const loaded = await loadStream<CaseState>(db, caseStream(caseId));
  if (!loaded.state)
    throw new DomainError({ code: 'case_not_found', message: `There is no case ${caseId}.` });
  const state = loaded.state;
  const linkedIds = [state.step1CaseId, state.step2CaseId].filter((x): x is string => !!x);
  const [events, correspondence, complainant, otherCases, linked] = await Promise.all([
    readStream(db, caseStream(caseId)),
    db
      .selectFrom('correspondence')
      .select([
        'id',
        'direction',
        'channel',
        'subject',
        'from_address as fromAddress',
        'from_name as fromName',
        'to_address as toAddress',
        'at',
        'status',
        'status_detail as statusDetail',
        'original_sha256 as originalSha256',
      ])
      .where('case_id', '=', caseId)
      .orderBy('at')
      .limit(500)
      .execute(),
    loadStream<ComplainantState>(db, complainantStream(state.complainantId)),
    db
      .selectFrom('cases')
      .select(['id', 'reference', 'kind', 'step', 'status', 'received_at as receivedAt'])
      .where('complainant_id', '=', state.complainantId)
      .where('id', '!=', caseId)
      .orderBy('received_at', 'desc')
      .limit(20)
      .execute(),
    linkedIds.length
      ? db
          .selectFrom('cases')
          .select(['id', 'reference', 'step', 'status'])
          .where('id', 'in', linkedIds)
          .execute()
      : Promise.resolve([]),
  ]);
  return {
    state,
    version: loaded.version,
    events,
    correspondence,
    complainant: complainant.state,
    otherCases,
    linked,
  };
}
