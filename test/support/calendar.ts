// A business calendar for core tests, with holidays as data (no library): Baden-Württemberg 2026–2027.
import { BusinessCalendar, type DeadlinePolicy } from '../../src/core/calendar/business-calendar.ts';
import type { HolidaySource } from '../../src/core/ports.ts';

export const bwHolidays: HolidaySource = {
  region: 'DE-BW',
  publicHolidays: (year) =>
    ({
      2026: [
        '2026-01-01',
        '2026-01-06',
        '2026-04-03',
        '2026-04-06',
        '2026-05-01',
        '2026-05-14',
        '2026-05-25',
        '2026-06-04',
        '2026-10-03',
        '2026-11-01',
        '2026-12-25',
        '2026-12-26',
      ],
      2027: [
        '2027-01-01',
        '2027-01-06',
        '2027-03-26',
        '2027-03-29',
        '2027-05-01',
        '2027-05-06',
        '2027-05-17',
        '2027-05-27',
        '2027-10-03',
        '2027-11-01',
        '2027-12-25',
        '2027-12-26',
      ],
    })[year] ?? [],
};

export const testCalendar = new BusinessCalendar({
  timeZone: 'Europe/Berlin',
  workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
  holidays: bwHolidays,
  closureDays: [],
});

export const testPolicy: DeadlinePolicy = {
  acknowledge: { unit: 'hours', amount: 24 },
  answerBusinessDays: 10,
};
