// Everything the case page shows (P6.2): state, the whole timeline of events and correspondence, the
// complainant with restrictions in force, their other cases, and the linked step-1/step-2 case.

import { caseStream, complainantStream } from '../adapters/db/aggregates.repo.ts';
import {
  type CorrespondenceSummary,
  correspondenceSummaries,
  type LinkedCase,
  linkedCases,
  type OtherCase,
  otherCasesOf,
} from '../adapters/db/case-view.repo.ts';
import { loadStream, type RecordedEvent, readStream } from '../adapters/db/event-store.ts';
import type { CaseState } from '../core/case/case.ts';
import type { ComplainantState } from '../core/case/complainant.ts';
import { DomainError } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';

export type { CorrespondenceSummary } from '../adapters/db/case-view.repo.ts';

export interface CaseView {
  state: CaseState;
  version: number;
  events: RecordedEvent[];
  correspondence: CorrespondenceSummary[];
  complainant: ComplainantState | null;
  otherCases: OtherCase[];
  linked: LinkedCase[];
}

/** At most this many pieces of correspondence are shown with a case. */
export const CORRESPONDENCE_SHOWN = 500;

export async function getCase(ctx: AppContext, caseId: string): Promise<CaseView> {
  const { db } = ctx.database;
  // What needs only the case's id is asked at once (on PostgreSQL each query is a round trip); what needs the
  // complainant's id waits for the state.
  const [loaded, events, correspondence] = await Promise.all([
    loadStream<CaseState>(db, caseStream(caseId)),
    readStream(db, caseStream(caseId)),
    correspondenceSummaries(db, caseId, CORRESPONDENCE_SHOWN),
  ]);
  if (!loaded.state)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no case ${caseId}.`,
      details: { context: 'case' },
    });
  const state = loaded.state;
  const linkedIds = [state.step1CaseId, state.step2CaseId].filter((x): x is string => !!x);
  const [complainant, otherCases, linked] = await Promise.all([
    loadStream<ComplainantState>(db, complainantStream(state.complainantId)),
    otherCasesOf(db, state.complainantId, caseId, 20),
    linkedCases(db, linkedIds),
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
