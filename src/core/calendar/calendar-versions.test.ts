// The choice of the calendar version in force at an instant (src/core/calendar/calendar-versions.ts): against a
// reference that reads the rule as written, and the property the report stands on: recording a new version changes
// the choice only for instants from its own on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { bwHolidays, testCalendar } from '../../../test/support/calendar.ts';
import { BusinessCalendar } from './business-calendar.ts';
import {
  BEGINNING_OF_TIME,
  CalendarHistory,
  type CalendarVersionRef,
  calendarChangedSince,
  firstEffectOf,
  versionInForce,
} from './calendar-versions.ts';

// Instants as stored: ISO 8601 UTC with milliseconds and Z, over a few years (ties are likely at minute steps).
const instant = fc
  .integer({ min: Date.UTC(2025, 0, 1) / 60_000, max: Date.UTC(2028, 0, 1) / 60_000 })
  .map((m) => new Date(m * 60_000).toISOString());

/** Versions numbered 1..n in the order recorded, with instants in any order (clocks of several instances). */
const versions = fc
  .array(instant, { minLength: 0, maxLength: 8 })
  .map((at) => at.map((effectiveAt, i) => ({ version: i + 1, effectiveAt })));

/** The rule read literally: of the versions already in force, the one recorded last. */
function reference(vs: readonly CalendarVersionRef[], at: string): CalendarVersionRef | undefined {
  const inForce = vs.filter((v) => Date.parse(v.effectiveAt) <= Date.parse(at));
  return inForce.sort((a, b) => b.version - a.version)[0];
}

describe('calendar versions', () => {
  it('picks the last recorded of the versions in force at the instant', () => {
    fc.assert(
      fc.property(versions, instant, (vs, at) => {
        assert.equal(versionInForce(vs, at)?.version, reference(vs, at)?.version);
      }),
      { numRuns: 2000 },
    );
  });

  it('a version recorded later leaves every earlier instant on the version it was on', () => {
    fc.assert(
      fc.property(versions, instant, instant, (vs, added, at) => {
        const next = [...vs, { version: vs.length + 1, effectiveAt: added }];
        const before = versionInForce(vs, at)?.version;
        const after = versionInForce(next, at)?.version;
        if (at < added) assert.equal(after, before);
        else assert.equal(after, vs.length + 1);
        // The report counts again from the first instant whose choice may differ: nothing before it moved.
        const from = firstEffectOf(next, vs.length);
        assert.equal(from, added);
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps the first version, from the beginning of time, for every instant until a change', () => {
    fc.assert(
      fc.property(instant, instant, (change, at) => {
        const vs = [
          { version: 1, effectiveAt: BEGINNING_OF_TIME },
          { version: 2, effectiveAt: change },
        ];
        assert.equal(versionInForce(vs, at)?.version, at < change ? 1 : 2);
      }),
    );
    assert.equal(versionInForce([], '2026-01-01T00:00:00.000Z'), undefined);
  });

  it('gives the calendar of the version in force, and the current calendar alone when none is recorded', () => {
    const closed = new BusinessCalendar({
      timeZone: 'Europe/Berlin',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: bwHolidays,
      closureDays: ['2026-03-04'],
    });
    const history = new CalendarHistory([
      { version: 2, effectiveAt: '2026-03-03T09:00:00.000Z', calendar: () => closed },
      { version: 1, effectiveAt: BEGINNING_OF_TIME, calendar: () => testCalendar },
    ]);
    assert.equal(history.latest.version, 2);
    assert.equal(history.at('2026-03-02T09:00:00.000Z'), testCalendar);
    assert.equal(history.at('2026-03-03T09:00:00.000Z'), closed);
    assert.equal(history.get(1)?.calendar(), testCalendar);
    const single = CalendarHistory.single(closed);
    assert.equal(single.recorded, false);
    assert.equal(single.at('1999-01-01T00:00:00.000Z'), closed);
    assert.throws(() => new CalendarHistory([]), RangeError);
  });
});

describe('a save of the calendar made on an older version', () => {
  it('is refused only when another version was recorded since the one it was made on', () => {
    assert.equal(calendarChangedSince(undefined, 5), false, 'a save naming no base is applied in turn');
    assert.equal(calendarChangedSince(3, 3), false);
    assert.equal(calendarChangedSince(2, 3), true);
    // None recorded yet: the calendar in force is version 1.
    assert.equal(calendarChangedSince(1, undefined), false);
    assert.equal(calendarChangedSince(2, undefined), true);
  });
});

describe('the start of a local day across a change of time zone', () => {
  const inZone = (timeZone: string) =>
    new BusinessCalendar({
      timeZone,
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: bwHolidays,
      closureDays: [],
    });
  const berlin = inZone('Europe/Berlin');
  const tokyo = inZone('Asia/Tokyo');
  const history = (change: string, before: BusinessCalendar, after: BusinessCalendar) =>
    new CalendarHistory([
      { version: 1, effectiveAt: BEGINNING_OF_TIME, calendar: () => before },
      { version: 2, effectiveAt: change, calendar: () => after },
    ]);
  /** The local day of an instant as the report keys it: in the zone of the version in force then. */
  const dayOf = (h: CalendarHistory, at: string) => h.at(at).localDate(at).toString();

  it('is each version’s own start, and the change itself for a day the change skipped (zone moved east)', () => {
    // 1 June 2026, 22:00 in Berlin = 2 June, 05:00 in Tokyo: 2 June starts at the change.
    const change = '2026-06-01T20:00:00.000Z';
    const h = history(change, berlin, tokyo);
    assert.equal(h.startOfDay('2026-06-01'), '2026-05-31T22:00:00.000Z');
    assert.equal(h.startOfDay('2026-06-02'), change);
    assert.equal(h.startOfDay('2026-06-03'), '2026-06-02T15:00:00.000Z');
    // A local time: on the zone in force at it; in the hours skipped, the change.
    assert.equal(h.instantOf('2026-06-01T21:30'), '2026-06-01T19:30:00.000Z');
    assert.equal(h.instantOf('2026-06-02T04:00'), change);
    assert.equal(h.instantOf('2026-06-02T06:00'), '2026-06-01T21:00:00.000Z');
    assert.equal(CalendarHistory.single(tokyo).startOfDay('2026-06-02'), tokyo.startOfDay('2026-06-02'));
  });

  it('property: when the zone moves east, an instant lies in the day the report keys it by', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: -36 * 60, max: 36 * 60 }), (change, minutes) => {
        const h = history(change, berlin, tokyo);
        const at = new Date(Date.parse(change) + minutes * 60_000).toISOString();
        const day = dayOf(h, at);
        const next = Temporal.PlainDate.from(day).add({ days: 1 }).toString();
        assert.ok(h.startOfDay(day) <= at, `${at} after the start of ${day}`);
        assert.ok(at < h.startOfDay(next), `${at} before the start of ${next}`);
      }),
    );
  });

  it('gives the later start when the zone moved west over midnight (the hour before the change counts a day earlier)', () => {
    // 1 April 2026, 01:00 in Tokyo = 31 March, 18:00 in Berlin.
    const change = '2026-03-31T16:00:00.000Z';
    const h = history(change, tokyo, berlin);
    assert.equal(dayOf(h, '2026-03-31T15:30:00.000Z'), '2026-04-01');
    assert.equal(dayOf(h, '2026-03-31T17:00:00.000Z'), '2026-03-31');
    assert.equal(h.startOfDay('2026-04-01'), '2026-03-31T22:00:00.000Z');
    assert.equal(h.startOfDay('2026-03-31'), '2026-03-30T15:00:00.000Z');
  });
});
