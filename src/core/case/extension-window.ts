// The days an extension window may use (P4.3), one rule for the page's picker (extension.ts) and the case rule
// (case.ts decideExtend): the first day from today on, both ends on working days, and the end at most
// EXTENSION_HORIZON_WORKING_DAYS working days after the answer date in force. The complainant is told these dates,
// so a window starting on a Saturday or ending years ahead is refused with what to choose instead. Pure: the dates,
// today and the calendar come in.
//
// Why today is a first day like any other: P4.3 asks that the complainant be told, within the 10 business days,
// the window in which to expect the answer; it does not ask that the window open after the day they are told. On
// the answer date itself (the last day to tell them) a window from today is still told in time. The picker and
// the case rule both start from earliestWindowStart, so what one offers the other accepts.
import { Temporal } from 'temporal-polyfill';
import type { BusinessCalendar } from '../calendar/business-calendar.ts';
import type { Refusal } from './refusal.ts';

/** How far a window may end: this many working days after the answer date in force (the picker's last day). */
export const EXTENSION_HORIZON_WORKING_DAYS = 20;

type Calendar = Pick<BusinessCalendar, 'isWorkingDay' | 'addWorkingDays'>;

/** The earliest first day of a window: today when it is a working day, else the next working day. */
export function earliestWindowStart(today: Temporal.PlainDate, calendar: Calendar): Temporal.PlainDate {
  return calendar.isWorkingDay(today) ? today : calendar.addWorkingDays(today, 1);
}

/** Why a window may not start on its first day, or null: it starts before today. */
export function windowStartRefusal(
  windowStart: string,
  today: Temporal.PlainDate,
  calendar: Calendar,
): Refusal | null {
  if (Temporal.PlainDate.compare(Temporal.PlainDate.from(windowStart), today) >= 0) return null;
  const earliest = earliestWindowStart(today, calendar).toString();
  return {
    code: 'window_starts_in_past',
    message: `The window starts (${windowStart}) before today (${today}): choose a first date from ${earliest}.`,
    details: { context: 'extension', windowStart, today: today.toString(), earliestStart: earliest },
  };
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
  const answerBy = Temporal.PlainDate.from(answerByDate);
  const from = Temporal.PlainDate.compare(answerBy, today) > 0 ? answerBy : today;
  return calendar.addWorkingDays(from, EXTENSION_HORIZON_WORKING_DAYS);
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
