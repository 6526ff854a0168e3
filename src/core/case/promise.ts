// A promise is never in the past. The acknowledgement tells the complainant the latest date of the answer
// (P3.2): 10 business days after receipt (P4.1). When a complaint is acknowledged after that date has already
// passed (a letter registered weeks after it arrived, a message that waited in the inbox), repeating it would
// promise a day already gone. The answer date is then renewed: the same answer period counted from the moment of
// the acknowledgement, recorded as an event (`promise_renewed`, with the old and the new deadline), so the
// complainant reads a date still ahead and staff see why it moved. The deadline it replaced stays on the case
// (`firstRenewal`): the figures still measure the case against the procedure's promise (`measuredPromise`), so an
// answer after that date counts as late whatever was told since.
// Pure: the deadline, the instant, the calendar and the policy come in.
import {
  type BusinessCalendar,
  computeDeadlines,
  type DeadlinePolicy,
} from '../calendar/business-calendar.ts';
import type { Deadline } from './case-events.ts';

/**
 * The texts to a complainant that name the answer date (P3.2): the acknowledgement, and a request for missing
 * information ("this does not delay our answer, still due by …"). An extension notice names its window, which
 * the case records as an extension.
 */
export const TEXTS_NAMING_ANSWER_DATE: readonly string[] = [
  'acknowledgement',
  'information_request',
  'answer_date_moved',
];

/**
 * Whether the answer date was written to the complainant, from the purposes of the texts written to them on the
 * case (as the outbox holds them, whether sent, waiting or printed for posting). A case counts as acknowledged
 * only once its acknowledgement is given (a letter: when posted), but a printed letter or a request for
 * information sent before anyone acknowledged the case already carries the date, and will be read.
 */
export function answerDateWritten(written: readonly string[]): boolean {
  return written.some((purpose) => TEXTS_NAMING_ANSWER_DATE.includes(purpose));
}

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

/**
 * The answer dates the figures measure a case against (see measuredPromise). Undefined: the state does not say (a
 * state stored before the fact was kept in it); the caller keeps what it has (the row the migration filled from the
 * events).
 */
export interface MeasuredPromise {
  /**
   * The procedure's answer date: the one in force before the first renewal (moved only by extensions told within
   * the period, P4.3), else the one in force. Null for a case without an answer date.
   */
  answerBy: string | null | undefined;
  /** The answer date first promised, before the first of those extensions moved it; null when none did. */
  firstAnswerBy: string | null | undefined;
}

/**
 * Which answer dates the figures (report, register, regulator's return) measure a case against. A renewal tells the
 * complainant a date still ahead, but it is no extension told within the period (P4.3): the case stays late
 * against the date it replaced, and an extension told after that date (after a renewal, any is) moves nothing for
 * the figures either. The operational views (queue, case page, alerts) keep the date told (`deadline`).
 */
export function measuredPromise(s: {
  deadline: Pick<Deadline, 'answerBy'> | null;
  extensions: ReadonlyArray<{ at: string; previousAnswerBy?: string }>;
  /** The moves of the answer date by waits on the complainant (P4.5, when the clock pauses): read as extensions. */
  waits?: ReadonlyArray<{ at: string; previousAnswerBy: string }>;
  promiseRenewals?: number;
  firstRenewal?: { at: string; from: Pick<Deadline, 'answerBy'> };
}): MeasuredPromise {
  const renewal = s.firstRenewal;
  if (s.promiseRenewals && !renewal) return { answerBy: undefined, firstAnswerBy: undefined };
  // A date moved by the days waited on the complainant is measured as an extension's is: the case is kept when
  // answered by it, and the date first promised is the one before the first move of either kind.
  const told = [...s.extensions, ...(s.waits ?? [])]
    .filter((e) => toldWithinPeriod(e, renewal))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  const first = told[0];
  return {
    answerBy: renewal ? renewal.from.answerBy : (s.deadline?.answerBy ?? null),
    firstAnswerBy: first ? first.previousAnswerBy : null,
  };
}

/**
 * Whether an extension moves the date the figures measure against: one told within the period (P4.3), that is
 * before the first renewal of the promise (none: every one). After a renewal the procedure's date had passed, so an
 * extension told since moves only the date told.
 */
export function toldWithinPeriod(
  extension: { at: string },
  firstRenewal: { at: string } | null | undefined,
): boolean {
  return !firstRenewal || extension.at < firstRenewal.at;
}

/**
 * The answer date the figures measure an extension's lead against (how long before it the complainant was told of
 * the new window), by the rule of measuredPromise: the date it moved when told within the period; after a renewal,
 * the procedure's date (the one the renewal replaced), not the renewed one or a later window told since.
 */
export function extensionMeasuredAgainst(
  extension: { at: string; previousAnswerBy?: string; previousAnswerByDate: string },
  firstRenewal: { at: string; from: Pick<Deadline, 'answerBy' | 'answerByDate'> } | null | undefined,
): { answerBy: string | undefined; answerByDate: string } {
  if (!firstRenewal || toldWithinPeriod(extension, firstRenewal))
    return { answerBy: extension.previousAnswerBy, answerByDate: extension.previousAnswerByDate };
  return { answerBy: firstRenewal.from.answerBy, answerByDate: firstRenewal.from.answerByDate };
}
