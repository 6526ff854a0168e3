// The counts behind the monitoring report (P7): per UTC day of receipt and per kind, step, channel, category,
// language, outcome, reason and suggestion status, how many cases came in and how the procedure's promises were
// kept. A year's report then adds up a few thousand rows instead of reading every case of the year (DESIGN.md:
// ≤ 200 ms at 1,000,000 cases).
//
// Kept in step with the `cases` rows in the same transaction: every time an aggregate writes a case row, the
// row's contribution before is taken away and its contribution after is added (`countCaseChange`), as an
// upsert that adds (inside a unit of work, one multi-row statement: write-buffer.ts). Keyed by UTC day, the
// counts do not depend on the organisation's time zone, which administrators may change; the report reads the
// days that a local day or month cuts in two from the cases themselves (report-cases.ts).
//
// Acknowledgements are not counted here. An acknowledgement counts as given when the e-mail is sent or the letter
// posted (core/correspondence/acknowledgement-given.ts), which no write of the case row says, so the report takes
// "acknowledged" and "acknowledged in time" from counts that follow that rule (report-days.repo.ts, or the cases:
// report-cases.ts withAcknowledgementsGiven). The table keeps its columns `acknowledged` and
// `acknowledged_in_time`, written 0 in new rows and left alone after: during an upgrade an instance of the release
// before may still run, whose writes name them (they are NOT NULL). Nothing reads them; recording an
// acknowledgement no longer writes a row here.
import { type Kysely, sql } from 'kysely';
import type { CasesTable } from './core.tables.ts';
import type { Engine } from './database.ts';
import type { CaseCountsTable } from './report.tables.ts';
import type { DB } from './schema.ts';
import { insertRow } from './write-buffer.ts';

/** What of a case row the counts read. */
export type CountedCase = Pick<
  CasesTable,
  | 'received_at'
  | 'merged_into'
  | 'kind'
  | 'step'
  | 'channel'
  | 'category'
  | 'language'
  | 'outcome'
  | 'other_reason'
  | 'suggestion_status'
  | 'answered_at'
  | 'extensions'
  | 'step2_case_id'
> & {
  /** The procedure's answer date, which the figures measure against (promise.ts measuredPromise). */
  procedure_answer_by: string | null;
};

/** What a count is kept for: the UTC day of receipt and these dimensions (the table's key, in order). */
export const COUNT_DIMENSIONS = [
  'kind',
  'step',
  'channel',
  'category',
  'language',
  'outcome',
  'other_reason',
  'suggestion_status',
] as const;
export const COUNT_KEY = ['day', ...COUNT_DIMENSIONS] as const;
const KEY = COUNT_KEY;
/** What a case adds to its row (not the acknowledgements: see above). */
const METRICS = ['n', 'answered', 'answered_in_time', 'extended', 'escalated', 'days_to_answer'] as const;

const DAY_MS = 86_400_000;

/** A case's row in the counts (one case: n = 1), or null for a case merged into another (not counted). */
export function contributionOf(c: CountedCase): CaseCountsTable | null {
  if (c.merged_into !== null) return null;
  const answered = c.answered_at !== null;
  return {
    day: c.received_at.slice(0, 10),
    kind: c.kind,
    step: c.step ?? 0,
    channel: c.channel,
    category: c.category ?? '',
    language: c.language,
    outcome: c.outcome ?? '',
    other_reason: c.other_reason ?? '',
    suggestion_status: c.suggestion_status ?? '',
    n: 1,
    // Only for a row this case creates (the columns are NOT NULL); never added to an existing row (METRICS).
    acknowledged: 0,
    acknowledged_in_time: 0,
    answered: answered ? 1 : 0,
    // Against the procedure's date, not a renewed one (promise.ts measuredPromise).
    answered_in_time:
      answered && c.procedure_answer_by !== null && c.answered_at! <= c.procedure_answer_by ? 1 : 0,
    extended: c.extensions > 0 ? 1 : 0,
    escalated: c.step === 1 && c.step2_case_id !== null ? 1 : 0,
    days_to_answer: answered ? (Date.parse(c.answered_at!) - Date.parse(c.received_at)) / DAY_MS : 0,
  };
}

const keyOf = (row: CaseCountsTable) => KEY.map((k) => row[k]).join('\u0000');

const UPSERT = `on conflict (${KEY.map((k) => `"${k}"`).join(', ')}) do update set ${METRICS.map(
  (m) => `"${m}" = "case_counts"."${m}" + excluded."${m}"`,
).join(', ')}`;

function addInto(pending: Record<string, unknown>, next: Record<string, unknown>): void {
  for (const m of METRICS) pending[m] = (pending[m] as number) + (next[m] as number);
}

/** Records that a case row changed from `before` (null: new case) to `after`, in the caller's transaction. */
export async function countCaseChange(
  db: Kysely<DB>,
  before: CountedCase | null,
  after: CountedCase,
): Promise<void> {
  const was = before ? contributionOf(before) : null;
  const is = contributionOf(after);
  const deltas = new Map<string, CaseCountsTable>();
  for (const [row, sign] of [
    [was, -1],
    [is, 1],
  ] as const) {
    if (!row) continue;
    const key = keyOf(row);
    const delta = deltas.get(key);
    if (!delta) {
      const signed = { ...row };
      for (const m of METRICS) signed[m] = row[m] * sign;
      deltas.set(key, signed);
    } else for (const m of METRICS) delta[m] += row[m] * sign;
  }
  for (const [key, delta] of deltas) {
    if (METRICS.every((m) => delta[m] === 0)) continue;
    await insertRow(db, 'case_counts', delta, { tail: UPSERT, key, merge: addInto });
  }
}

/**
 * Counts every case again from the `cases` table (after a bulk load; the migration that created the counts, which
 * ran before the procedure's answer date had a column of its own and counts against `answer_by`: migration
 * 202612061100 counts again).
 */
export async function rebuildCaseCounts(
  db: Kysely<DB>,
  engine: Engine,
  answerDate: 'procedure_answer_by' | 'answer_by' = 'procedure_answer_by',
): Promise<void> {
  const days =
    engine === 'sqlite'
      ? sql`sum(case when answered_at is not null then julianday(answered_at) - julianday(received_at) else 0 end)`
      : sql`coalesce(sum(case when answered_at is not null then extract(epoch from (answered_at::timestamptz - received_at::timestamptz)) / 86400 end), 0)`;
  await sql`delete from case_counts`.execute(db);
  await sql`
    insert into case_counts (day, kind, step, channel, category, language, outcome, other_reason,
      suggestion_status, n, acknowledged, acknowledged_in_time, answered, answered_in_time, extended, escalated,
      days_to_answer)
    select substr(received_at, 1, 10), kind, coalesce(step, 0), channel, coalesce(category, ''), language,
      coalesce(outcome, ''), coalesce(other_reason, ''), coalesce(suggestion_status, ''),
      count(*),
      0,
      0,
      sum(case when answered_at is not null then 1 else 0 end),
      sum(case when answered_at is not null and answered_at <= ${sql.ref(answerDate)} then 1 else 0 end),
      sum(case when extensions > 0 then 1 else 0 end),
      sum(case when step = 1 and step2_case_id is not null then 1 else 0 end),
      ${days}
    from cases
    where merged_into is null
    group by substr(received_at, 1, 10), kind, coalesce(step, 0), channel, coalesce(category, ''), language,
      coalesce(outcome, ''), coalesce(other_reason, ''), coalesce(suggestion_status, '')`.execute(db);
}
