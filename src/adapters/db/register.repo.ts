// The register of cases (P6, P7): one row per case received in a period, read a page at a time in the order of
// receipt (keyset pagination on received_at and id, on the index of the receipt date), so that a year's register
// streams in constant memory whatever its size. The original answer date of an extended case and the remedy of an
// answered one are facts of the case's events (the first extension, the last answer), kept on its row when it is
// written (registerColumns in aggregates.repo.ts), so that the register reads the cases alone.
import type { ReportFilter } from '../../core/report/report-filter.ts';
import type { Db } from './database.ts';
import { casesMatching } from './report-scope.ts';

/** The columns of a case that copy what its events recorded (registerColumns in aggregates.repo.ts writes them). */
export const REGISTER_COLUMNS = [
  'first_answer_by',
  'remedy',
  'remedy_amount',
  'remedy_currency',
  'root_cause',
  'root_cause_note',
] as const;

/** A case of the register as its row holds it. */
export interface RegisterRecord {
  id: string;
  reference: string;
  kind: string;
  step: number | null;
  channel: string;
  category: string | null;
  language: string;
  status: string;
  outcome: string | null;
  received_at: string;
  acknowledge_by: string | null;
  acknowledged_at: string | null;
  /** The procedure's answer date (promise.ts measuredPromise): the register measures against it. */
  procedure_answer_by: string | null;
  answered_at: string | null;
  /** A count (PostgreSQL may send it as text). */
  extensions: number | string;
  /** The answer deadline before the first extension the figures count (null when none). */
  first_answer_by: string | null;
  /** What the last answer recorded besides its text (null: not recorded). */
  remedy: string | null;
  remedy_amount: string | null;
  remedy_currency: string | null;
  root_cause: string | null;
  root_cause_note: string | null;
}

/** Where the next page starts: after this case in the order of receipt. */
export interface RegisterCursor {
  receivedAt: string;
  id: string;
}

/** Up to `limit` cases received in [start, endExclusive) after `cursor`, in the order of receipt. */
export async function registerPage(
  db: Db,
  start: string,
  endExclusive: string,
  cursor: RegisterCursor | null,
  limit: number,
  filter: ReportFilter = {},
): Promise<RegisterRecord[]> {
  let q = db
    .selectFrom('cases')
    .select([
      'cases.id',
      'cases.reference',
      'cases.kind',
      'cases.step',
      'cases.channel',
      'cases.category',
      'cases.language',
      'cases.status',
      'cases.outcome',
      'cases.received_at',
      'cases.acknowledge_by',
      'cases.acknowledged_at',
      'cases.procedure_answer_by',
      'cases.answered_at',
      'cases.extensions',
      ...REGISTER_COLUMNS,
    ])
    .where('cases.received_at', '>=', start)
    .where('cases.received_at', '<', endExclusive)
    .where('cases.merged_into', 'is', null)
    .where(casesMatching(filter));
  // The plain bound first, so that each page starts on the index where the last one ended (the OR alone would
  // make every page read the period from its start).
  if (cursor)
    q = q
      .where('cases.received_at', '>=', cursor.receivedAt)
      .where((eb) =>
        eb.or([
          eb('cases.received_at', '>', cursor.receivedAt),
          eb.and([eb('cases.received_at', '=', cursor.receivedAt), eb('cases.id', '>', cursor.id)]),
        ]),
      );
  return q.orderBy('cases.received_at').orderBy('cases.id').limit(limit).execute();
}
