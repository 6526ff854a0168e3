// The figures measure a complaint against the procedure's answer date (P4.1, moved only by an extension told within
// the period, P4.3). A complaint acknowledged after that date, or asked for information after it, is promised a new
// date (src/core/case/promise.ts), which the row's `answer_by` holds for the queue, the case page and the alerts;
// the figures counted against it too, so an answer after the procedure's date counted as on time. The row now keeps
// the procedure's date apart (`procedure_answer_by`, aggregates.repo.ts caseRow), filled here: `answer_by` for a case
// never renewed, else the date the first renewal replaced (its event's `from`). The first answer date promised
// (`first_answer_by`) of a renewed case is the one before the first extension told before that renewal (an
// extension after it moves nothing for the figures). The report's counts kept per UTC day are counted again from
// the rows (case_counts) and the days of the renewed cases marked for counting again (report_day_marks).
// A column and an index are only added: an older instance keeps working (a case it opens meanwhile has no
// procedure's date on its row until it is saved by this release).
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema.alterTable('cases').addColumn('procedure_answer_by', 'text').execute();
  // Written out here rather than imported: a migration stays what it was when it ran, whatever the code becomes.
  const field = (path: string) =>
    engine === 'sqlite'
      ? sql.raw(`json_extract(e.payload, '$.${path}')`)
      : sql.raw(
          `(e.payload::jsonb ${path
            .split('.')
            .map((k, i, all) => `${i === all.length - 1 ? '->>' : '->'} '${k}'`)
            .join(' ')})`,
        );
  await sql`update cases set procedure_answer_by = answer_by`.execute(db);
  await sql`update cases set
      procedure_answer_by = (select ${field('from.answerBy')} from events e
        where e.stream = 'case:' || cases.id and e.type = 'promise_renewed' order by e.seq limit 1),
      first_answer_by = (select ${field('previousAnswerBy')} from events e
        where e.stream = 'case:' || cases.id and e.type = 'extended'
          and not exists (select 1 from events r
            where r.stream = e.stream and r.type = 'promise_renewed' and r.seq < e.seq)
        order by e.seq limit 1)
    where exists (select 1 from events e where e.stream = 'case:' || cases.id and e.type = 'promise_renewed')`.execute(
    db,
  );
  // The drill-down list of the complaints answered late reads their own partial index (as migration 202612050735's
  // did, which measured against `answer_by` and is left to older instances).
  await sql`create index cases_answered_late_procedure on cases (received_at)
    where answered_at > procedure_answer_by`.execute(db);
  // The counts per UTC day (case-counts.repo.ts rebuildCaseCounts, as it is now).
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
      sum(case when acknowledged_at is not null then 1 else 0 end),
      sum(case when acknowledged_at is not null and acknowledged_at <= acknowledge_by then 1 else 0 end),
      sum(case when answered_at is not null then 1 else 0 end),
      sum(case when answered_at is not null and answered_at <= procedure_answer_by then 1 else 0 end),
      sum(case when extensions > 0 then 1 else 0 end),
      sum(case when step = 1 and step2_case_id is not null then 1 else 0 end),
      ${days}
    from cases
    where merged_into is null
    group by substr(received_at, 1, 10), kind, coalesce(step, 0), channel, coalesce(category, ''), language,
      coalesce(outcome, ''), coalesce(other_reason, ''), coalesce(suggestion_status, '')`.execute(db);
  // The counts per local day (report-days.repo.ts) of the renewed cases' days, counted again by the next report.
  await sql`insert into report_day_marks (day, case_id, version)
    select distinct substr(received_at, 1, 10), '', 0 from cases
    where exists (select 1 from events e where e.stream = 'case:' || cases.id and e.type = 'promise_renewed')
    on conflict do nothing`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop index cases_answered_late_procedure`.execute(db);
  await db.schema.alterTable('cases').dropColumn('procedure_answer_by').execute();
}
