// The drill-down lists behind two rare figures of the report (report-scope.ts casesBehind): complaints answered
// after their deadline and step-1 complaints escalated to step 2. Read newest first over a period, such a list
// would otherwise walk the receipt date's index through every case of the period to find its few rows; these
// partial indexes hold only those cases, in receipt order. Their conditions are written as the figures' own, so
// that both engines see that the list's conditions imply them.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create index cases_answered_late on cases (received_at) where answered_at > answer_by`.execute(
    db,
  );
  await sql`create index cases_escalated on cases (received_at) where step = 1 and step2_case_id is not null`.execute(
    db,
  );
}
