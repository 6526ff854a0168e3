// The report can be narrowed to the complaints without a category or without an outcome ("not set", so that the
// figures of each value add up to those of all cases). The counts per local day (report-days.repo.ts) kept the
// figures that need each case's times under a category only for the categorised complaints, and nothing under an
// outcome for those not answered: the days of such complaints are marked here, and the next report counts them
// again with both. Nothing else changes: the rows are only added to.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into report_day_marks (day, case_id, version)
    select distinct substr(received_at, 1, 10), '', 0 from cases
    where kind = 'complaint' and merged_into is null and (category is null or outcome is null)
    on conflict do nothing`.execute(db);
}
