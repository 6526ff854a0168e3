// Builds the business calendar of the configuration (region holidays from date-holidays).

import type { Config } from '../../config.ts';
import { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import { dateHolidaysSource, type HolidayTable, holidayTable, tabledHolidaySource } from './date-holidays.ts';

type CalendarConfig = Pick<Config, 'timezone' | 'holidays' | 'workingWeek' | 'closureDays'>;

/** The calendar of a configuration; with `table` (the holidays of its region, see readerHolidays), from it. */
export function calendarFromConfig(config: CalendarConfig, table?: HolidayTable) {
  const holidays =
    table && table.region === config.holidays.toUpperCase()
      ? tabledHolidaySource(table)
      : dateHolidaysSource(config.holidays);
  return new BusinessCalendar({
    timeZone: config.timezone,
    workingWeek: config.workingWeek,
    holidays,
    closureDays: config.closureDays,
  });
}

/**
 * The holidays a thread that reads mail needs (deadlines of messages received around now): last year to two
 * years ahead. A message dated outside them still gets its deadlines; the thread then loads date-holidays.
 */
export function readerHolidays(config: CalendarConfig, nowYear: number): HolidayTable {
  return holidayTable(dateHolidaysSource(config.holidays), nowYear - 1, nowYear + 2);
}
