// The holiday source: public holidays only, regional ones included (P4.2).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkHolidayRegion, dateHolidaysSource } from './date-holidays.ts';

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
