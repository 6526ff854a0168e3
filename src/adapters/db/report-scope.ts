// The conditions of a report filter and of a report figure (src/core/report/report-filter.ts) in SQL, written once:
// the report's reads (report.repo.ts, register.repo.ts) and the queue's drill-down list (queue.repo.ts) use these,
// so that a number on the reports page and the list of cases behind it count the same cases.
import { type RawBuilder, type SqlBool, sql } from 'kysely';
import type { Figure, ReportFilter } from '../../core/report/report-filter.ts';
import type { Engine } from './database.ts';

const TRUE = sql<SqlBool>`1 = 1`;

const and = (parts: RawBuilder<SqlBool>[]) =>
  parts.length ? sql<SqlBool>`(${sql.join(parts, sql` and `)})` : TRUE;

/** The filter on the `cases` table (columns qualified, so it also serves joined queries). */
export function casesMatching(filter: ReportFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  // A dimension narrowed to null: the cases without a value in it.
  const equal = (column: string, value: string | null | undefined) => {
    if (value === undefined) return;
    parts.push(value === null ? sql`${sql.ref(column)} is null` : sql`${sql.ref(column)} = ${value}`);
  };
  equal('cases.category', filter.category);
  // The report counts a complaint without a step at step 1.
  if (filter.step === 1) parts.push(sql`(cases.step = 1 or cases.step is null)`);
  else if (filter.step === 2) parts.push(sql`cases.step = 2`);
  equal('cases.channel', filter.channel);
  equal('cases.language', filter.language);
  equal('cases.outcome', filter.outcome);
  equal('cases.owner_id', filter.owner);
  equal('cases.department', filter.department);
  return and(parts);
}

/**
 * The same filter on the day counts (case_counts), which store an absent value as '' and step 0. Only the counted
 * dimensions (COUNTED_FILTER_KEYS): the caller reads the cases for the others.
 */
export function countsMatching(filter: ReportFilter): RawBuilder<SqlBool> {
  const parts: RawBuilder<SqlBool>[] = [];
  // Not set (null) is the stored ''.
  if (filter.category !== undefined) parts.push(sql`category = ${filter.category ?? ''}`);
  if (filter.step === 1) parts.push(sql`step in (0, 1)`);
  else if (filter.step === 2) parts.push(sql`step = 2`);
  if (filter.channel !== undefined) parts.push(sql`channel = ${filter.channel}`);
  if (filter.language !== undefined) parts.push(sql`language = ${filter.language}`);
  if (filter.outcome !== undefined) parts.push(sql`outcome = ${filter.outcome ?? ''}`);
  if (filter.owner !== undefined || filter.department !== undefined)
    throw new RangeError('the day counts hold no owner or department: read the cases');
  return and(parts);
}

/** A case's acknowledgement written to its complainant (an outbound item of purpose `acknowledgement`). */
const ACKNOWLEDGEMENT_ITEMS = sql`from correspondence as ack
  join outbound_items as ack_item on ack_item.correspondence_id = ack.id
  where ack.case_id = cases.id and ack.direction = 'out' and ack_item.purpose = 'acknowledgement'
    and ack_item.audience = 'complainant'`;

/**
 * When a case's acknowledgement was given, or null: src/core/correspondence/acknowledgement-given.ts
 * (acknowledgementGivenAt) in SQL, for the figures counted in the database and the lists behind them, which read
 * the cases rather than each case's facts. Not recorded: null; recorded with nothing written: the record; else the
 * first of its e-mails sent and letters posted (none yet, or only one held or failed: null). Read through the index
 * of correspondence by case.
 */
const acknowledgementGivenAt = sql`(case when cases.acknowledged_at is not null then (select
    case when count(*) = 0 then cases.acknowledged_at else min(case
      when (ack.channel = 'email' and ack.status = 'sent') or (ack.channel = 'letter' and ack.status = 'posted')
      then ack.at end) end
    ${ACKNOWLEDGEMENT_ITEMS}) end)`;

/**
 * An open complaint recorded as acknowledged whose acknowledgement is not given past its deadline: the e-mail still
 * waits in the outbox (held until our sending settings are fixed, or the server down) or failed, and no letter went
 * instead. The stored due key stays on the acknowledge-by until the acknowledgement is given (due-key.repo.ts), so
 * it says these are late already; "overdue" still adds them for the keys that do not follow that rule: those an
 * instance of the release before writes during an upgrade, from the record alone (migration
 * 202612062230-due-key-given). Driven by the outbox's e-mails not sent (few), not by the open cases.
 */
export function acknowledgementNotGivenPast(now: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`(cases.kind = 'complaint' and cases.status in ('received', 'acknowledged')
    and cases.acknowledge_by < ${now}
    and cases.id in (select ack.case_id from correspondence as ack
      join outbound_items as ack_item on ack_item.correspondence_id = ack.id
      where ack.status in ('pending', 'sending', 'failed') and ack.direction = 'out' and ack.channel = 'email'
        and ack_item.purpose = 'acknowledgement' and ack_item.audience = 'complainant')
    and ${acknowledgementGivenAt} is null)`;
}

/**
 * The cases behind one figure, among complaints (the caller adds the kind, the period and the filter). `now` is the
 * instant the report was read at: what is overdue changes with the clock.
 */
export function casesBehind(figure: Figure, engine: Engine, now: string): RawBuilder<SqlBool> {
  // The figures measure against the procedure's answer date, not one a renewal of the promise told since
  // (src/core/case/promise.ts measuredPromise), and the date first promised: before the first extension counted
  // moved it (promise-figures.ts answerMet).
  const due = sql`cases.procedure_answer_by`;
  const firstPromised = sql`coalesce(cases.first_answer_by, cases.procedure_answer_by)`;
  switch (figure) {
    case 'received':
      return TRUE;
    case 'acknowledged':
      return sql`(${acknowledgementGivenAt} is not null)`;
    case 'acknowledged_in_time':
      return sql`(${acknowledgementGivenAt} <= cases.acknowledge_by)`;
    case 'answered':
      return sql`cases.answered_at is not null`;
    case 'answered_in_time':
      return sql`(cases.answered_at is not null and cases.answered_at <= ${due})`;
    case 'answered_original':
      return sql`(cases.answered_at is not null and ${due} is not null and cases.answered_at <= ${firstPromised})`;
    case 'answered_extended':
      return sql`(cases.answered_at is not null and cases.answered_at <= ${due} and cases.answered_at > ${firstPromised})`;
    case 'answered_late':
      return sql`(cases.answered_at is not null and cases.answered_at > ${due})`;
    case 'overdue':
      // Late as the queue says it (src/core/case/clock.ts: the earliest open deadline has passed), or past the
      // procedure's answer date when a renewed promise moved the date told (an open case is not answered).
      return sql`(cases.is_open = 1 and (cases.due_key < ${now} or (cases.kind = 'complaint' and ${due} < ${now})
        or ${acknowledgementNotGivenPast(now)}))`;
    case 'extended':
      return sql`cases.extensions > 0`;
    case 'escalated':
      // As the counts keep it (case-counts.repo.ts): a step-1 case with a step-2 case behind it.
      return sql`(cases.step = 1 and cases.step2_case_id is not null)`;
    case 'reopened':
      return sql`exists (select 1 from events where events.stream = 'case:' || cases.id and events.type = 'reopened')`;
    case 'root_cause_our_error':
    case 'root_cause_third_party':
    case 'root_cause_customer_misunderstanding':
    case 'root_cause_policy_as_designed':
    case 'root_cause_no_fault_found': {
      // As the figures count it (report.repo.ts complaintTimesIn): the root cause of the last answer.
      const cause =
        engine === 'sqlite'
          ? sql.raw(`json_extract(events.payload, '$.rootCause.cause')`)
          : sql.raw(`(events.payload::jsonb -> 'rootCause' ->> 'cause')`);
      return sql`(cases.answered_at is not null and (select ${cause} from events
        where events.stream = 'case:' || cases.id and events.type = 'answered' order by events.seq desc limit 1)
        = ${figure.slice('root_cause_'.length)})`;
    }
  }
}
