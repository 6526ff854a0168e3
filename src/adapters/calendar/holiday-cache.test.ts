// The region's holidays kept in a file for the next process (holiday-cache.ts, holiday-thread.ts): a process that
// finds the file needs neither the thread nor date-holidays; a file it cannot trust (a folder others may write
// to, a table of another shape) is ignored and the work done again.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { holidayLibraryLoaded } from './date-holidays.ts';
import { readHolidayCache } from './holiday-cache.ts';
import { forgetRegionHolidays, regionHolidays } from './holiday-thread.ts';

describe('the holiday cache', () => {
  const root = mkdtempSync(join(tmpdir(), 'redress-holiday-cache-'));
  after(() => rmSync(root, { recursive: true, force: true }));

  it('keeps a known region for the next process, which then reads it instead of working it out', () => {
    const dir = join(root, 'own');
    forgetRegionHolidays();
    const first = regionHolidays('DE-BW', dir);
    assert.deepEqual(first.check, { ok: true });
    const files = readdirSync(dir);
    assert.equal(files.length, 1, 'one file, no part left');
    assert.match(files[0]!, /^holidays-[\w.]+-DE-BW-\d{4}-\d{4}\.json$/);
    // A changed file shows that the next process reads it (a date no calendar has).
    const path = join(dir, files[0]!);
    const kept = JSON.parse(readFileSync(path, 'utf8')) as { years: Record<string, string[]> };
    const year = Object.keys(kept.years)[0]!;
    kept.years[year] = [...kept.years[year]!, `${year}-12-30`];
    writeFileSync(path, JSON.stringify(kept));
    forgetRegionHolidays();
    const next = regionHolidays('de-bw', dir);
    assert.deepEqual(next.check, { ok: true });
    assert.ok(next.table?.years[Number(year)]?.includes(`${year}-12-30`), 'read from the file');
    assert.equal(holidayLibraryLoaded(), false, 'date-holidays never loaded here');
  });

  it('ignores a folder that others may write to, and a file that is not a table of the region', () => {
    const dir = join(root, 'shared');
    forgetRegionHolidays();
    const made = regionHolidays('DE-BY', dir);
    const name = readdirSync(dir)[0]!;
    const [from, to] = name
      .match(/(\d{4})-(\d{4})\.json$/)!
      .slice(1)
      .map(Number) as [number, number];
    assert.ok(readHolidayCache(dir, 'DE-BY', from, to), 'a trusted file is read');
    chmodSync(dir, 0o777);
    assert.equal(
      readHolidayCache(dir, 'DE-BY', from, to),
      null,
      'a folder anyone may write to is not trusted',
    );
    chmodSync(dir, 0o700);
    const path = join(dir, name);
    for (const bad of [
      { region: 'DE-BW', years: made.table!.years },
      { region: 'DE-BY', years: { ...made.table!.years, [from]: ['1999-01-01'] } },
      { region: 'DE-BY', years: { [from]: made.table!.years[from] } },
    ]) {
      writeFileSync(path, JSON.stringify(bad));
      assert.equal(readHolidayCache(dir, 'DE-BY', from, to), null, JSON.stringify(bad).slice(0, 60));
    }
    writeFileSync(path, 'not json');
    assert.equal(readHolidayCache(dir, 'DE-BY', from, to), null);
    // Worked out again, and the file made whole again.
    forgetRegionHolidays();
    assert.deepEqual(regionHolidays('DE-BY', dir).table, made.table);
    assert.ok(readHolidayCache(dir, 'DE-BY', from, to));
  });

  it('keeps nothing for an unknown region', () => {
    const dir = join(root, 'unknown');
    forgetRegionHolidays();
    assert.equal(regionHolidays('DE-XX', dir).check.ok, false);
    assert.deepEqual(readdirSync(dir), []);
  });
});
