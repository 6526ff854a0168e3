// The figures measure how long before the answer date an extension was told against the date they measure answers
// against (src/core/case/promise.ts extensionMeasuredAgainst): after a renewal of the promise, the procedure's date,
// not the renewed one. The counts per local day (report-days.repo.ts) measured the extensions told after a renewal
// against the date told: the days of the renewed and extended complaints are marked here, and the next report
// counts them again. Nothing else changes: the rows are only added to.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into report_day_marks (day, case_id, version)
    select distinct substr(received_at, 1, 10), '', 0 from cases
    where kind = 'complaint' and extensions > 0
      and exists (select 1 from events e where e.stream = 'case:' || cases.id and e.type = 'promise_renewed')
    on conflict do nothing`.execute(db);
}
