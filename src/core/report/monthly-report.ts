// When the monthly report goes to management (P7): on the first working day of a month (the organisation's
// business calendar: working week, public holidays, closure days), about the whole month before. Pure: the local
// date and the calendar come in. The sending is claimed once per month (src/app/report-monthly.ts), so an instance
// that checks again, or a second instance, sends nothing more.
import { Temporal } from 'temporal-polyfill';
import type { BusinessCalendar } from '../calendar/business-calendar.ts';

/** The first working day of the month of `date`, or null when the month has none. */
export function firstWorkingDayOfMonth(
  date: Temporal.PlainDate | string,
  calendar: Pick<BusinessCalendar, 'isWorkingDay'>,
): Temporal.PlainDate | null {
  const first = Temporal.PlainDate.from(date).with({ day: 1 });
  for (let d = first; d.month === first.month; d = d.add({ days: 1 })) if (calendar.isWorkingDay(d)) return d;
  return null;
}

/**
 * The month whose report is due on `today` (YYYY-MM, with its first and last dates), or null when today is not
 * the first working day of its month.
 */
export function monthlyReportDue(
  today: Temporal.PlainDate | string,
  calendar: Pick<BusinessCalendar, 'isWorkingDay'>,
): { month: string; from: string; to: string } | null {
  const day = Temporal.PlainDate.from(today);
  const first = firstWorkingDayOfMonth(day, calendar);
  if (!first?.equals(day)) return null;
  const start = day.with({ day: 1 }).subtract({ months: 1 });
  return {
    month: start.toString().slice(0, 7),
    from: start.toString(),
    to: start.with({ day: start.daysInMonth }).toString(),
  };
}
