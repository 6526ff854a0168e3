// The days an extension window may use (P4.3), one rule for the page's picker (extension.ts) and the case rule
// (case.ts decideExtend): the first day on or after the answer date in force (and not before today), both ends on
// working days, and the end at most EXTENSION_HORIZON_WORKING_DAYS working days after the answer date in force. The
// complainant is told these dates, so a window starting on a Saturday or ending years ahead is refused with what to
// choose instead. Pure: the dates, today and the calendar come in.
//
// Why the window may not start before the answer date in force: the complainant was promised an answer by that
// date. An extension tells them the answer will come later; a window opening earlier ("between 20 November and
// 10 December" to someone promised 4 December) would say an earlier date than the one they hold, which reads as a
// new promise the extension does not make, and confuses. The answer date itself may open the window: it stays a
// day on which the answer may still come, and on that last day to tell them (P4.3 asks that they be told within
// the 10 business days) a window from today is still told in time. The day after is what the staff form proposes,
// since an extension is made because the answer will not come by then (case.page.ts).
//
// Today still bounds the first day: after a change of time zone the answer date as set may be yesterday here while
// its last instant has not passed. The picker and the case rule both start from earliestWindowStart, so what one
// offers the other accepts.
import { Temporal } from 'temporal-polyfill';
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import type { Refusal } from './refusal.ts';

/** How far a window may end: this many working days after the answer date in force (the picker's last day). */
export const EXTENSION_HORIZON_WORKING_DAYS = 20;

type Calendar = Pick<BusinessCalendar, 'isWorkingDay' | 'addWorkingDays'>;

/** The answer date in force, or today where that is later: where a window's first and last days are counted from. */
function answerDateOrToday(answerByDate: string, today: Temporal.PlainDate): Temporal.PlainDate {
  const answerBy = Temporal.PlainDate.from(answerByDate);
  return Temporal.PlainDate.compare(answerBy, today) > 0 ? answerBy : today;
}

/**
 * The earliest first day of a window: the answer date in force, or today where that is later, moved to the next
 * working day when it is not one.
 */
export function earliestWindowStart(
  answerByDate: string,
  today: Temporal.PlainDate,
  calendar: Calendar,
): Temporal.PlainDate {
  const from = answerDateOrToday(answerByDate, today);
  return calendar.isWorkingDay(from) ? from : calendar.addWorkingDays(from, 1);
}

/**
 * Why a window may not start on its first day, or null: it starts before today, or before the answer date in
 * force. Each names the first day allowed (earliestWindowStart).
 */
export function windowStartRefusal(
  windowStart: string,
  answerByDate: string,
  today: Temporal.PlainDate,
  calendar: Calendar,
): Refusal | null {
  const start = Temporal.PlainDate.from(windowStart);
  const earliest = earliestWindowStart(answerByDate, today, calendar).toString();
  if (Temporal.PlainDate.compare(start, today) < 0)
    return {
      code: 'window_starts_in_past',
      message: `The window starts (${windowStart}) before today (${today}): choose a first date from ${earliest}.`,
      details: { context: 'extension', windowStart, today: today.toString(), earliestStart: earliest },
    };
  if (Temporal.PlainDate.compare(start, Temporal.PlainDate.from(answerByDate)) < 0)
    return {
      code: 'window_starts_before_answer_date',
      message: `The window starts (${windowStart}) before the answer date already given to the complainant (${answerByDate}): an extension moves the answer later, so choose a first date from ${earliest}.`,
      details: { context: 'extension', windowStart, answerByDate, earliestStart: earliest },
    };
  return null;
}

/**
 * The last day a window may end on: EXTENSION_HORIZON_WORKING_DAYS working days after the answer date in force,
 * or after today where that is later.
 */
export function extensionHorizon(
  answerByDate: string,
  today: Temporal.PlainDate,
  calendar: Calendar,
): Temporal.PlainDate {
  return calendar.addWorkingDays(answerDateOrToday(answerByDate, today), EXTENSION_HORIZON_WORKING_DAYS);
}

/**
 * Why a window's days may not be told to the complainant, or null: the first or the last date is not a working
 * day, or the last is beyond the horizon. Each refusal names the date that is wrong and one to choose instead.
 * (The order of the dates, the first day (windowStartRefusal) and the end after the answer date are the case
 * rule's own checks.)
 */
export function windowDaysRefusal(
  window: { windowStart: string; windowEnd: string },
  answerByDate: string,
  today: Temporal.PlainDate,
  calendar: Calendar,
): Refusal | null {
  const start = Temporal.PlainDate.from(window.windowStart);
  const end = Temporal.PlainDate.from(window.windowEnd);
  if (!calendar.isWorkingDay(start))
    return {
      code: 'window_start_not_working_day',
      message: `The first date of the window (${window.windowStart}) is not a working day: choose a working day, such as ${calendar.addWorkingDays(start, 1)}.`,
      details: {
        context: 'extension',
        windowStart: window.windowStart,
        nextWorkingDay: calendar.addWorkingDays(start, 1).toString(),
      },
    };
  if (!calendar.isWorkingDay(end))
    return {
      code: 'window_end_not_working_day',
      message: `The last date of the window (${window.windowEnd}) is not a working day: choose a working day, such as ${calendar.addWorkingDays(end, 1)}.`,
      details: {
        context: 'extension',
        windowEnd: window.windowEnd,
        nextWorkingDay: calendar.addWorkingDays(end, 1).toString(),
      },
    };
  const horizon = extensionHorizon(answerByDate, today, calendar);
  if (Temporal.PlainDate.compare(end, horizon) > 0)
    return {
      code: 'window_too_far',
      message: `The window may end at most ${EXTENSION_HORIZON_WORKING_DAYS} working days after the answer date in force (${answerByDate}): choose a last date no later than ${horizon}.`,
      details: {
        context: 'extension',
        answerByDate,
        latestEnd: horizon.toString(),
        workingDays: EXTENSION_HORIZON_WORKING_DAYS,
      },
    };
  return null;
}
