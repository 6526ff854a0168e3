// A promise is never in the past. The acknowledgement tells the complainant the latest date of the answer
// (P3.2): 10 business days after receipt (P4.1). When a complaint is acknowledged after that date has already
// passed (a letter registered weeks after it arrived, a message that waited in the inbox), repeating it would
// promise a day already gone. The answer date is then renewed: the same answer period counted from the moment of
// the acknowledgement, recorded as an event (`promise_renewed`, with the old and the new deadline), so the
// complainant reads a date still ahead and staff see why it moved. The original deadline stays on the case
// (`originalDeadline`): the figures still count the case as answered late against the procedure's promise.
// Pure: the deadline, the instant, the calendar and the policy come in.
import {
  type BusinessCalendar,
  computeDeadlines,
  type DeadlinePolicy,
} from '../calendar/business-calendar.ts';
import type { Deadline } from './case-events.ts';

/** Is the promised answer date still today or later at `now`? (`answerBy` is the last instant of its day.) */
export function answerDateAhead(deadline: Pick<Deadline, 'answerBy'>, now: string): boolean {
  return now <= deadline.answerBy;
}

/** The deadline promised anew at `now`: the answer period counted from now; the acknowledgement deadline stays. */
export function renewedDeadline(
  deadline: Deadline,
  now: string,
  calendar: BusinessCalendar,
  policy: DeadlinePolicy,
): Deadline {
  const fresh = computeDeadlines(calendar, now, policy);
  return {
    acknowledgeBy: deadline.acknowledgeBy,
    answerBy: fresh.answerBy,
    answerByDate: fresh.answerByDate,
  };
}

export interface PromiseForecast {
  /** The answer date counted from receipt (P4.1). */
  answerByDate: string;
  /** Whether it has passed at `now`: the acknowledgement will then promise `renewedAnswerByDate` instead. */
  passed: boolean;
  renewedAnswerByDate: string | null;
}

/**
 * What the acknowledgement of a complaint received at `receivedAt` will promise if written at `now`: shown to
 * staff before they register a letter whose answer date has passed.
 */
export function promiseForecast(
  receivedAt: string,
  now: string,
  calendar: BusinessCalendar,
  policy: DeadlinePolicy,
): PromiseForecast {
  const d = computeDeadlines(calendar, receivedAt, policy);
  if (answerDateAhead(d, now))
    return { answerByDate: d.answerByDate, passed: false, renewedAnswerByDate: null };
  return {
    answerByDate: d.answerByDate,
    passed: true,
    renewedAnswerByDate: renewedDeadline(d, now, calendar, policy).answerByDate,
  };
}
