// The report counts an acknowledgement as given when it reached the complainant's way: an e-mail once the mail
// server took it, a letter once posted (src/core/correspondence/acknowledgement-given.ts). The counts per local day
// (report-days.repo.ts) counted an e-mail as given as soon as it was written to the outbox, also one held there
// because the relay refused our own sending, and they now keep the acknowledgements under each facet too. The days
// of the complaints that wrote an acknowledgement are marked here, and the next report counts them again. Nothing
// else changes: the rows are only added to.
import { type Kysely, sql } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`insert into report_day_marks (day, case_id, version)
    select distinct substr(received_at, 1, 10), '', 0 from cases
    where kind = 'complaint' and acknowledged_at is not null
    on conflict do nothing`.execute(db);
}

// The marks only make the next report count those days again, which counts them as the code in use does.
export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`insert into report_day_marks (day, case_id, version)
    select distinct substr(received_at, 1, 10), '', 0 from cases
    where kind = 'complaint' and acknowledged_at is not null
    on conflict do nothing`.execute(db);
}
