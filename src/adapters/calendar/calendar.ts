// Builds the business calendar of the configuration (region holidays from date-holidays).

import type { Config } from '../../config.ts';
import { BusinessCalendar } from '../../core/calendar/business-calendar.ts';
import { dateHolidaysSource } from './date-holidays.ts';

export function calendarFromConfig(
  config: Pick<Config, 'timezone' | 'holidays' | 'workingWeek' | 'closureDays'>,
) {
  return new BusinessCalendar({
    timeZone: config.timezone,
    workingWeek: config.workingWeek,
    holidays: dateHolidaysSource(config.holidays),
    closureDays: config.closureDays,
  });
}
