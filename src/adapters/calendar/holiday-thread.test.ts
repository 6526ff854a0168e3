// The region's check and holidays worked out on a short-lived thread (holiday-thread.ts): the same answers as
// date-holidays gives in this thread, without this thread ever loading it (no file kept: holiday-cache.test.ts).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateHolidaysSource, holidayLibraryLoaded } from './date-holidays.ts';
import { regionHolidays } from './holiday-thread.ts';

describe('regionHolidays', () => {
  it('answers without loading date-holidays in the thread that asks', () => {
    const r = regionHolidays('de-bw', null);
    assert.deepEqual(r.check, { ok: true });
    assert.equal(r.table?.region, 'DE-BW');
    assert.ok(r.table?.years[new Date().getUTCFullYear()]?.length);
    assert.equal(holidayLibraryLoaded(), false);
    // Once per region: the same answer, no second thread.
    assert.equal(regionHolidays('DE-BW', null), r);
  });

  it('refuses an unknown region with the values allowed, and has no table for it', () => {
    const r = regionHolidays('DE-XX', null);
    assert.equal(r.check.ok, false);
    assert.match(r.check.ok ? '' : r.check.allowed, /DE-BW/);
    assert.equal(r.table, null);
    assert.equal(holidayLibraryLoaded(), false);
  });

  it('gives the dates date-holidays gives, every year of its table', () => {
    for (const region of ['DE-BW', 'DE-BY', 'FR-67', 'AT']) {
      const { table } = regionHolidays(region, null);
      const here = dateHolidaysSource(region);
      const years = Object.keys(table!.years).map(Number);
      assert.ok(years.length >= 10, region);
      for (const y of years) assert.deepEqual(table!.years[y], here.publicHolidays(y), `${region} ${y}`);
    }
  });
});
