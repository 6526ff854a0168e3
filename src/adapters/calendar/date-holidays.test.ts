// The holiday source: public holidays only, regional ones included (P4.2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calendarFromConfig, readerHolidays } from './calendar.ts';
import {
  checkHolidayRegion,
  dateHolidaysSource,
  holidayTable,
  tabledHolidaySource,
} from './date-holidays.ts';

const has = (region: string, date: string) =>
  dateHolidaysSource(region)
    .publicHolidays(Number(date.slice(0, 4)))
    .includes(date);

describe('date-holidays source', () => {
  it('keeps public holidays only (Christmas Eve and New Year’s Eve are working days in Germany)', () => {
    assert.ok(has('DE-BW', '2026-12-25'));
    assert.ok(!has('DE-BW', '2026-12-24'));
    assert.ok(!has('DE-BW', '2026-12-31'));
  });

  it('includes regional holidays where they apply', () => {
    assert.ok(has('DE-BW', '2026-06-04'), 'Fronleichnam in BW');
    assert.ok(has('DE-BY', '2026-06-04'), 'Fronleichnam in BY');
    assert.ok(has('DE-NW', '2026-06-04'), 'Fronleichnam in NW');
    assert.ok(!has('DE-BE', '2026-06-04'), 'no Fronleichnam in BE');
    assert.ok(has('DE-SN', '2026-11-18'), 'Buß- und Bettag in SN');
    assert.ok(!has('DE-BW', '2026-11-18'), 'no Buß- und Bettag in BW');
    assert.ok(has('DE-BE', '2026-03-08') || has('DE-BE', '2027-03-08'), 'Frauentag in BE');
    assert.ok(has('DE-MV', '2026-03-08'), 'Frauentag in MV');
    assert.ok(has('DE-SN', '2026-10-31'), 'Reformationstag in SN');
    assert.ok(!has('DE-BW', '2026-10-31'), 'no Reformationstag in BW');
    assert.ok(has('DE-BW', '2026-01-06'), 'Epiphany in BW');
    assert.ok(!has('DE-BE', '2026-01-06'), 'no Epiphany in BE');
  });

  it('knows Alsace-Moselle (Good Friday and St Stephen’s Day) but not the rest of France', () => {
    for (const dept of ['FR-57', 'FR-67', 'FR-68']) {
      assert.ok(has(dept, '2026-04-03'), `Good Friday in ${dept}`);
      assert.ok(has(dept, '2026-12-26'), `26 December in ${dept}`);
    }
    assert.ok(!has('FR', '2026-04-03'));
    assert.ok(has('FR', '2026-07-14'));
  });

  it('names the allowed values for an unknown region', () => {
    assert.deepEqual(checkHolidayRegion('DE-BW'), { ok: true });
    const bad = checkHolidayRegion('DE-XX');
    assert.equal(bad.ok, false);
    assert.match(!bad.ok ? bad.allowed : '', /DE-BW/);
    assert.equal(checkHolidayRegion('ZZ').ok, false);
  });
});

describe('holiday table for the threads that read mail', () => {
  it('answers the years it holds as date-holidays does, and any other year from date-holidays', () => {
    const source = dateHolidaysSource('DE-SN');
    const table = holidayTable(source, 2026, 2027);
    // Sent to another thread as data: it survives structured cloning.
    const tabled = tabledHolidaySource(structuredClone(table));
    assert.equal(tabled.region, 'DE-SN');
    for (const year of [2026, 2027, 2031, 1999])
      assert.deepEqual(tabled.publicHolidays(year), source.publicHolidays(year), String(year));
    assert.ok(tabled.publicHolidays(2031).includes('2031-11-19'), 'Buß- und Bettag 2031, outside the table');
  });

  it('gives the same calendar as the configuration, and falls back when the region changed', () => {
    const config = {
      timezone: 'Europe/Berlin',
      holidays: 'DE-BY',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'] as Array<'mon' | 'tue' | 'wed' | 'thu' | 'fri'>,
      closureDays: [],
    };
    const table = readerHolidays(config, 2026);
    assert.deepEqual(Object.keys(table.years), ['2025', '2026', '2027', '2028']);
    const direct = calendarFromConfig(config);
    const fromTable = calendarFromConfig(config, table);
    for (const day of ['2026-06-04', '2026-08-15', '2028-11-01', '2026-11-18'])
      assert.equal(fromTable.isWorkingDay(day), direct.isWorkingDay(day), day);
    // A table of another region is not used.
    const berlin = calendarFromConfig({ ...config, holidays: 'DE-BE' }, table);
    assert.equal(berlin.region, 'DE-BE');
    assert.equal(berlin.isWorkingDay('2026-01-06'), true, 'no Epiphany in Berlin');
    assert.equal(fromTable.isWorkingDay('2026-01-06'), false, 'Epiphany in Bavaria');
  });
});
