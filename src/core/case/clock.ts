// The clock of a case as staff see it (P3.1, P4.1, P7.3): which deadlines are still open, which comes first,
// and whether the case is late. One rule for every place that shows or sorts by a deadline: the queue (state,
// Late filter, "due first" order, through the stored `due_key`), the case page's clock card, the alerts and the
// API. An acknowledgement deadline is a deadline like the answer's: a complaint nobody acknowledged in time is
// late even when its answer date is weeks away. An acknowledgement counts here once it was given (went out), not
// when it was recorded: every caller hands in `acknowledgedAt` as core/correspondence/acknowledgement-given.ts
// (clockFactsAsGiven) gives it. Pure: the facts, the instant and the calendar come in.
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import type { CaseState } from './case.ts';
import type { Deadline } from './case-events.ts';

export type DeadlineKind = 'acknowledge' | 'answer';

/** What the clock needs to know about a case: its state row or its state, whichever the caller holds. */
export interface ClockFacts {
  kind: string;
  status: string;
  acknowledgeBy: string | null;
  acknowledgedAt: string | null;
  answerBy: string | null;
  answerByDate: string | null;
  answeredAt: string | null;
}

export interface OpenDeadline {
  kind: DeadlineKind;
  /** The last instant (UTC) by which it must be met. */
  by: string;
}

/** Where a case stands: late, due today, due soon (within N working days), later, or no open deadline. */
export type ClockState = 'overdue' | 'today' | 'soon' | 'later' | 'none';

export interface CaseClockView {
  state: ClockState;
  /** The deadline the state is about (the earliest open one), or null. */
  next: OpenDeadline | null;
  /** Working days from today to that deadline's local day: 0 = today, negative = late. Null without one. */
  workingDaysLeft: number | null;
}

/** A case without an open deadline sorts after every case with one (a fixed far instant, the same on both engines). */
export const NO_DUE = '9999-12-31T23:59:59.999Z';

const OPEN_STATUSES: ReadonlySet<string> = new Set(['received', 'acknowledged']);

/**
 * Whether a case is open: received or acknowledged. An answered case is not (it may still be escalated or reopened),
 * nor one closed without an answer (withdrawn, not a complaint after all, merged into another).
 */
export function isOpenStatus(status: string): boolean {
  return OPEN_STATUSES.has(status);
}

/**
 * Whether a complaint still owes its complainant the definitive answer (P4.1): open and not answered. A complaint
 * closed without an answer owes none. The open answer deadline below (and so the queue's order, its Late filter and
 * the report's "open and overdue"), the register and the regulator's return all ask this.
 */
export function owesAnswer(f: Pick<ClockFacts, 'kind' | 'status' | 'answeredAt'>): boolean {
  return f.kind === 'complaint' && isOpenStatus(f.status) && !f.answeredAt;
}

/** The clock facts of a case's state. */
export function clockFactsOf(s: CaseState): ClockFacts {
  return {
    kind: s.kind,
    status: s.status,
    acknowledgeBy: s.deadline?.acknowledgeBy ?? null,
    acknowledgedAt: s.acknowledgedAt,
    answerBy: s.deadline?.answerBy ?? null,
    answerByDate: s.deadline?.answerByDate ?? null,
    answeredAt: s.answeredAt,
  };
}

/**
 * The deadlines a case must still meet, earliest first: only an open complaint has any; the acknowledgement
 * until it is acknowledged (P3.1), the answer until it is answered (P4.1, moved by extensions).
 */
export function openDeadlines(f: ClockFacts): OpenDeadline[] {
  if (f.kind !== 'complaint' || !isOpenStatus(f.status)) return [];
  const out: OpenDeadline[] = [];
  if (!f.acknowledgedAt && f.acknowledgeBy) out.push({ kind: 'acknowledge', by: f.acknowledgeBy });
  if (owesAnswer(f) && f.answerBy) out.push({ kind: 'answer', by: f.answerBy });
  return out.sort((a, b) => (a.by < b.by ? -1 : a.by > b.by ? 1 : 0));
}

/** The earliest open deadline, or null. */
export function nextDeadline(f: ClockFacts): OpenDeadline | null {
  return openDeadlines(f)[0] ?? null;
}

/**
 * The queue's order key: the earliest open deadline; a complaint without one keeps its answer-by (so lists of
 * answered cases keep their order), else it sorts last. A case that is no complaint (any more: reclassified as a
 * suggestion or `other`, P7.4) keeps the date it once had on its row but has no clock, so it sorts last too and is
 * never late. "Late" is exactly `dueKey < now` for an open case.
 */
export function dueKey(f: ClockFacts): string {
  return nextDeadline(f)?.by ?? (f.kind === 'complaint' ? f.answerBy : null) ?? NO_DUE;
}

/**
 * Whether the order key hangs on the acknowledgement having gone out: a complaint recorded as acknowledged whose
 * key would be its acknowledgement's deadline were the acknowledgement not given (still open, and due before the
 * answer). Only then does the stored key need the outbox's word (adapters/db/due-key.repo.ts).
 */
export function dueKeyHangsOnAcknowledgement(f: ClockFacts): boolean {
  return f.acknowledgedAt !== null && dueKey(f) !== dueKey({ ...f, acknowledgedAt: null });
}

/** Working days from `today` to a local day: positive ahead, 0 on the day, negative after it. */
export function workingDaysFrom(calendar: BusinessCalendar, today: string, day: string): number {
  if (day >= today) return calendar.workingDaysBetween(today, day);
  return -calendar.workingDaysBetween(day, today);
}

/** The clock at `now`: late when the earliest open deadline has passed, else how close it is. */
export function clockAt(
  f: ClockFacts,
  now: string,
  calendar: BusinessCalendar,
  soonWorkingDays: number,
): CaseClockView {
  const next = nextDeadline(f);
  if (!next) return { state: 'none', next: null, workingDaysLeft: null };
  const today = calendar.localDate(now).toString();
  const day =
    next.kind === 'answer' && f.answerByDate ? f.answerByDate : calendar.localDate(next.by).toString();
  const left = workingDaysFrom(calendar, today, day);
  const state: ClockState =
    now > next.by ? 'overdue' : day === today ? 'today' : left <= soonWorkingDays ? 'soon' : 'later';
  return { state, next, workingDaysLeft: left };
}

/** Whether a case is late at `now` (some open deadline has passed): the Late filter, the alerts, the report. */
export function isLate(f: ClockFacts, now: string): boolean {
  const next = nextDeadline(f);
  return next !== null && now > next.by;
}

/**
 * Whether the acknowledgement of a complaint is at risk at `now` (P3.1): not given (`acknowledgedAt` as given, so a
 * recorded acknowledgement the outbox has not sent, or one that failed, counts as not given; one that waits for a
 * person was never recorded) and its deadline within `marginHours` but not passed (past it, it is late, which the
 * breach alert says). Returns that deadline, which with the case names the risk: the sweep alerts once per case and
 * deadline, at any hour, since the daily digest goes out on working days only and a complaint of a Friday evening
 * would otherwise be first told once late. A margin of 0 says never; a margin wider than the whole window makes the
 * acknowledgement at risk from its receipt, which is what such a short window means.
 */
export function acknowledgementAtRisk(f: ClockFacts, now: string, marginHours: number): OpenDeadline | null {
  if (marginHours <= 0) return null;
  const ack = openDeadlines(f).find((d) => d.kind === 'acknowledge');
  if (!ack || now > ack.by) return null;
  return Date.parse(ack.by) - Date.parse(now) <= marginHours * 3_600_000 ? ack : null;
}

/**
 * The answer deadline once a wait on the complainant ends, where the organisation pauses the clock while it waits
 * (P4.5, configuration, off by default): the business days waited are those strictly after the local day the
 * request went out, up to and including the local day their answer came, counted as the answer period is (P4.2: a
 * request and an answer on the same day cost no day, one the next working day costs one). The answer date moves on
 * by that many business days of the organisation's calendar; the acknowledgement's deadline is left as it was.
 */
export function deadlineAfterWait(
  deadline: Deadline,
  waitedFrom: string,
  waitedUntil: string,
  calendar: BusinessCalendar,
): { daysWaited: number; to: Deadline } {
  const daysWaited = calendar.workingDaysBetween(
    calendar.localDate(waitedFrom),
    calendar.localDate(waitedUntil),
  );
  if (daysWaited === 0) return { daysWaited, to: deadline };
  const day = calendar.addWorkingDays(deadline.answerByDate, daysWaited);
  return {
    daysWaited,
    to: {
      acknowledgeBy: deadline.acknowledgeBy,
      answerBy: calendar.endOfDay(day),
      answerByDate: day.toString(),
    },
  };
}
