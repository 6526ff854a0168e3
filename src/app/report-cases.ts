// Monitoring (P7): how many complaints of which type came in, and whether the procedure's promises were kept.
// Complaints received in a period (local dates) are counted by month, step, channel, category, language and
// outcome, with the compliance figures of P7.2: acknowledged within the deadline, answered by the due date,
// extended, escalated from step 1 to step 2, and the time taken. Suggestions and kind `other` (abuse reports,
// domain disputes, data-protection requests, spam, automated mail) are counted apart, never as complaints
// (P7.4). One pass over the period's cases, grouped in the database; the roll-ups are done here.
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import type { AppContext } from './context.ts';

export interface ReportPeriod {
  /** First local date included (YYYY-MM-DD). */
  from: string;
  /** Last local date included (YYYY-MM-DD). */
  to: string;
}

export interface Compliance {
  received: number;
  acknowledged: number;
  acknowledgedInTime: number;
  answered: number;
  answeredInTime: number;
  /** Open complaints whose answer-by has passed. */
  overdueOpen: number;
  extended: number;
  escalated: number;
  /** Mean calendar days from receipt to answer, over the answered ones; null when none. */
  meanDaysToAnswer: number | null;
}

export interface CaseReport {
  period: ReportPeriod;
  generatedAt: string;
  complaints: Compliance & {
    byStep: Record<string, Compliance>;
    byMonth: Record<string, number>;
    byChannel: Record<string, number>;
    byCategory: Record<string, number>;
    byLanguage: Record<string, number>;
    byOutcome: Record<string, number>;
  };
  suggestions: { received: number; byStatus: Record<string, number> };
  other: { received: number; byReason: Record<string, number> };
}

interface Row {
  kind: string;
  step: number | null;
  channel: string;
  category: string | null;
  language: string;
  outcome: string | null;
  other_reason: string | null;
  suggestion_status: string | null;
  month: string;
  n: number | string;
  acknowledged: number | string;
  acknowledged_in_time: number | string;
  answered: number | string;
  answered_in_time: number | string;
  overdue_open: number | string;
  extended: number | string;
  escalated: number | string;
  days_to_answer: number | string | null;
}

const emptyCompliance = (): Compliance => ({
  received: 0,
  acknowledged: 0,
  acknowledgedInTime: 0,
  answered: 0,
  answeredInTime: 0,
  overdueOpen: 0,
  extended: 0,
  escalated: 0,
  meanDaysToAnswer: null,
});

export async function reportCases(ctx: AppContext, period: ReportPeriod): Promise<CaseReport> {
  const { db, engine } = ctx.database;
  const now = ctx.clock.now();
  const start = ctx.calendar.startOfDay(period.from);
  const end = ctx.calendar.endOfDay(period.to);
  // Months are local: a complaint received at 23:30 UTC on 31 January is a February complaint in Berlin. The
  // boundaries are computed here, so the database compares text instants only.
  const month = monthLabel(ctx, period);
  const days =
    engine === 'sqlite'
      ? sql<number>`sum(case when answered_at is not null then julianday(answered_at) - julianday(received_at) end)`
      : sql<number>`sum(case when answered_at is not null then extract(epoch from (answered_at::timestamptz - received_at::timestamptz)) / 86400 end)`;
  const rows = (await db
    .selectFrom('cases')
    .select([
      'kind',
      'step',
      'channel',
      'category',
      'language',
      'outcome',
      'other_reason',
      'suggestion_status',
      month.as('month'),
      sql<number>`count(*)`.as('n'),
      sql<number>`sum(case when acknowledged_at is not null then 1 else 0 end)`.as('acknowledged'),
      sql<number>`sum(case when acknowledged_at is not null and acknowledged_at <= acknowledge_by then 1 else 0 end)`.as(
        'acknowledged_in_time',
      ),
      sql<number>`sum(case when answered_at is not null then 1 else 0 end)`.as('answered'),
      sql<number>`sum(case when answered_at is not null and answered_at <= answer_by then 1 else 0 end)`.as(
        'answered_in_time',
      ),
      sql<number>`sum(case when is_open = 1 and answer_by < ${now} then 1 else 0 end)`.as('overdue_open'),
      sql<number>`sum(case when extensions > 0 then 1 else 0 end)`.as('extended'),
      sql<number>`sum(case when step = 1 and step2_case_id is not null then 1 else 0 end)`.as('escalated'),
      days.as('days_to_answer'),
    ])
    .where('received_at', '>=', start)
    .where('received_at', '<=', end)
    .where('merged_into', 'is', null)
    .groupBy([
      'kind',
      'step',
      'channel',
      'category',
      'language',
      'outcome',
      'other_reason',
      'suggestion_status',
      'month',
    ])
    .execute()) as Row[];
  return rollUp(rows, period, now);
}

/** A CASE expression naming the local month (YYYY-MM) of `received_at` within the period. */
function monthLabel(ctx: AppContext, period: ReportPeriod) {
  const starts: Array<{ label: string; from: string }> = [];
  let month = Temporal.PlainDate.from(period.from).with({ day: 1 });
  const last = Temporal.PlainDate.from(period.to);
  while (Temporal.PlainDate.compare(month, last) <= 0) {
    starts.push({ label: month.toString().slice(0, 7), from: ctx.calendar.startOfDay(month) });
    month = month.add({ months: 1 });
  }
  const whens = starts.slice(1).map((m, i) => sql`when received_at < ${m.from} then ${starts[i]!.label}`);
  if (!whens.length) return sql<string>`${starts[0]!.label}`;
  return sql<string>`case ${sql.join(whens, sql` `)} else ${starts.at(-1)!.label} end`;
}

function rollUp(rows: Row[], period: ReportPeriod, now: string): CaseReport {
  const report: CaseReport = {
    period,
    generatedAt: now,
    complaints: {
      ...emptyCompliance(),
      byStep: {},
      byMonth: {},
      byChannel: {},
      byCategory: {},
      byLanguage: {},
      byOutcome: {},
    },
    suggestions: { received: 0, byStatus: {} },
    other: { received: 0, byReason: {} },
  };
  const daySums = new Map<Compliance, number>();
  const add = (c: Compliance, r: Row) => {
    c.received += Number(r.n);
    c.acknowledged += Number(r.acknowledged);
    c.acknowledgedInTime += Number(r.acknowledged_in_time);
    c.answered += Number(r.answered);
    c.answeredInTime += Number(r.answered_in_time);
    c.overdueOpen += Number(r.overdue_open);
    c.extended += Number(r.extended);
    c.escalated += Number(r.escalated);
    daySums.set(c, (daySums.get(c) ?? 0) + Number(r.days_to_answer ?? 0));
  };
  const bump = (m: Record<string, number>, key: string | null, n: number) => {
    const k = key ?? 'none';
    m[k] = (m[k] ?? 0) + n;
  };
  const c = report.complaints;
  for (const r of rows) {
    const n = Number(r.n);
    if (r.kind === 'suggestion') {
      report.suggestions.received += n;
      bump(report.suggestions.byStatus, r.suggestion_status, n);
      continue;
    }
    if (r.kind !== 'complaint') {
      report.other.received += n;
      bump(report.other.byReason, r.other_reason, n);
      continue;
    }
    add(c, r);
    const step = String(r.step ?? 1);
    c.byStep[step] ??= emptyCompliance();
    add(c.byStep[step], r);
    bump(c.byMonth, r.month, n);
    bump(c.byChannel, r.channel, n);
    bump(c.byCategory, r.category, n);
    bump(c.byLanguage, r.language, n);
    if (r.outcome) bump(c.byOutcome, r.outcome, n);
  }
  for (const [compliance, sum] of daySums)
    compliance.meanDaysToAnswer = compliance.answered
      ? Math.round((sum / compliance.answered) * 10) / 10
      : null;
  return report;
}
