// The open complaints past due, as the report counts them (report.repo.ts overdueRows) and as the drill-down list
// behind that figure shows them (report-scope.ts casesBehind 'overdue'): open cases are few beside the archive,
// and this partial index holds only them, in receipt order, with every column the report groups by and the
// list's filters test. The report reads it alone (no table rows); the list, newest first, reads the table only
// for the page it shows, instead of walking the receipt date's index through the year's closed cases to find
// the open ones of a category. Its conditions are written as the queries' own literals (`is_open = 1`), so that
// both engines see that the queries' conditions imply them.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_open_report on cases (received_at, due_key, kind, step, channel, category,
    language, outcome, other_reason, suggestion_status, is_open, merged_into)
    where is_open = 1 and merged_into is null`.execute(db);
}
