// What the case's full view reads beside its event streams (src/app/get-case.ts, P6.2): the case's
// correspondence, the complainant's other cases and the linked step-1/step-2 case. A fixed number of queries.
import type { Db } from './database.ts';

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

export interface OtherCase {
  id: string;
  reference: string;
  kind: string;
  step: number | null;
  status: string;
  receivedAt: string;
  /** A suggestion's department: who else may read it (a department member, only their departments'). */
  department: string | null;
}

export interface LinkedCase {
  id: string;
  reference: string;
  step: number | null;
  status: string;
}

/** The correspondence of a case in time order, at most `limit` pieces. */
export function correspondenceSummaries(
  db: Db,
  caseId: string,
  limit: number,
): Promise<CorrespondenceSummary[]> {
  return db
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
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The other cases of a complainant record, newest first, at most `limit`. */
export function otherCasesOf(
  db: Db,
  complainantId: string,
  caseId: string,
  limit: number,
): Promise<OtherCase[]> {
  return db
    .selectFrom('cases')
    .select(['id', 'reference', 'kind', 'step', 'status', 'received_at as receivedAt', 'department'])
    .where('complainant_id', '=', complainantId)
    .where('id', '!=', caseId)
    .orderBy('received_at', 'desc')
    .limit(limit)
    .execute();
}

/** Reference, step and status of these cases. */
export function linkedCases(db: Db, ids: readonly string[]): Promise<LinkedCase[]> {
  if (!ids.length) return Promise.resolve([]);
  return db
    .selectFrom('cases')
    .select(['id', 'reference', 'step', 'status'])
    .where('id', 'in', [...ids])
    .execute();
}
