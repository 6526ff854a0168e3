// Everything held on one complainant (P6.3): their record and its history, every case with its history, and
// every piece of correspondence with its text; originals are listed by SHA-256 and can be included.
import { caseStream, complainantStream } from '../adapters/db/aggregates.repo.ts';
import { caseIdsOfComplainants } from '../adapters/db/cases.repo.ts';
import { correspondenceOfCases } from '../adapters/db/complainants.repo.ts';
import { loadStream, type RecordedEvent, readStream } from '../adapters/db/event-store.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import type { CaseState } from '../core/case/case.ts';
import type { ComplainantState } from '../core/case/complainant.ts';
import { DomainError } from '../core/case/refusal.ts';
import type { AppContext } from './context.ts';

export interface ComplainantExport {
  exportedAt: string;
  complainant: ComplainantState;
  history: RecordedEvent[];
  cases: Array<{ state: CaseState; history: RecordedEvent[] }>;
  correspondence: Array<{
    id: string;
    caseId: string | null;
    direction: string;
    channel: string;
    subject: string;
    from: string | null;
    to: string | null;
    at: string;
    text: string | null;
    original: { sha256: string; size: number; contentType: string; base64?: string } | null;
  }>;
}

export async function exportComplainant(
  ctx: AppContext,
  complainantId: string,
  options: { includeOriginals?: boolean } = {},
): Promise<ComplainantExport> {
  const { db } = ctx.database;
  const loaded = await loadStream<ComplainantState>(db, complainantStream(complainantId));
  if (!loaded.state)
    throw new DomainError({ code: 'case_not_found', message: `There is no complainant ${complainantId}.` });
  // The person's records: this one and any merged into it.
  const ids = [complainantId, ...loaded.state.mergedFrom];
  const caseIds = await caseIdsOfComplainants(db, ids);
  const cases = [];
  for (const id of caseIds) {
    const c = await loadStream<CaseState>(db, caseStream(id));
    if (c.state) cases.push({ state: c.state, history: await readStream(db, caseStream(id)) });
  }
  const rows = await correspondenceOfCases(db, caseIds);
  const originals = new DatabaseOriginals(db);
  const correspondence = [];
  for (const r of rows) {
    let original: ComplainantExport['correspondence'][number]['original'] = null;
    if (r.original_sha256) {
      original = {
        sha256: r.original_sha256,
        size: r.size ?? 0,
        contentType: r.content_type ?? 'application/octet-stream',
      };
      if (options.includeOriginals) {
        const o = await originals.get(r.original_sha256);
        if (o) original.base64 = Buffer.from(o.content).toString('base64');
      }
    }
    correspondence.push({
      id: r.id,
      caseId: r.case_id,
      direction: r.direction,
      channel: r.channel,
      subject: r.subject,
      from: r.from_address,
      to: r.to_address,
      at: r.at,
      text: r.text_body,
      original,
    });
  }
  return {
    exportedAt: ctx.clock.now(),
    complainant: loaded.state,
    history: await readStream(db, complainantStream(complainantId)),
    cases,
    correspondence,
  };
}
