// The business calendar (P3.1, P4.2): examples from the procedure and properties over generated instants.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { bwHolidays, testCalendar, testPolicy } from '../../../test/support/calendar.ts';
import {
  BusinessCalendar,
  computeDeadlines,
  type DeadlinePolicy,
  isInstantWithOffset,
  isIsoDate,
} from './business-calendar.ts';

const calendar = testCalendar;
const bw = bwHolidays;
const policy: DeadlinePolicy = testPolicy;

describe('business calendar', () => {
  it('answers by the 10th working day after the local day of receipt (P4.2), over Christmas in DE-BW', () => {
    const d = computeDeadlines(calendar, '2026-12-23T17:00:00Z', policy);
    assert.equal(d.answerByDate, '2027-01-11');
    assert.equal(d.answerBy, '2027-01-11T22:59:59.999Z');
    assert.equal(d.acknowledgeBy, '2026-12-24T17:00:00.000Z');
    assert.equal(d.receivedAt, '2026-12-23T17:00:00.000Z');
  });

  it('counts the local day: 23:30 UTC on a Friday is already Saturday in Berlin', () => {
    const fri = computeDeadlines(calendar, '2026-03-13T12:00:00Z', policy);
    const lateFri = computeDeadlines(calendar, '2026-03-13T23:30:00Z', policy);
    assert.equal(fri.answerByDate, '2026-03-27');
    assert.equal(
      lateFri.answerByDate,
      '2026-03-27',
      'a Saturday receipt is due the same day as a Friday one',
    );
  });

  it('ends the due day at local midnight across daylight saving (CET and CEST)', () => {
    // Received Wed 2026-03-18; 10 working days later is Wed 2026-04-01 (after the switch to CEST on 29 March).
    const d = computeDeadlines(calendar, '2026-03-18T09:00:00Z', policy);
    assert.equal(d.answerByDate, '2026-04-01');
    assert.equal(d.answerBy, '2026-04-01T21:59:59.999Z');
    // 24 calendar hours across the spring change are still 24 hours.
    const ack = computeDeadlines(calendar, '2026-03-28T12:00:00Z', policy);
    assert.equal(ack.acknowledgeBy, '2026-03-29T12:00:00.000Z');
  });

  it('acknowledges within N working days when so configured (P3.1)', () => {
    const d = computeDeadlines(calendar, '2026-12-24T10:00:00Z', {
      ...policy,
      acknowledge: { unit: 'working_days', amount: 1 },
    });
    assert.equal(d.acknowledgeBy, '2026-12-28T22:59:59.999Z');
  });

  it('skips closure days and honours another working week', () => {
    const closed = new BusinessCalendar({
      timeZone: 'Europe/Berlin',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: bw,
      closureDays: ['2026-12-28', '2026-12-29'],
    });
    assert.equal(computeDeadlines(closed, '2026-12-23T17:00:00Z', policy).answerByDate, '2027-01-13');
    const sixDays = new BusinessCalendar({
      timeZone: 'Europe/Paris',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
      holidays: bw,
      closureDays: [],
    });
    assert.equal(sixDays.addWorkingDays('2026-03-13', 1).toString(), '2026-03-14');
    assert.equal(calendar.nonWorkingReason(Temporal.PlainDate.from('2026-12-25')), 'holiday');
    assert.equal(closed.nonWorkingReason(Temporal.PlainDate.from('2026-12-28')), 'closure');
    assert.equal(calendar.nonWorkingReason(Temporal.PlainDate.from('2026-12-27')), 'weekend');
  });

  it('counts working days between two dates', () => {
    assert.equal(calendar.workingDaysBetween('2026-12-23', '2027-01-11'), 10);
    assert.equal(calendar.workingDaysBetween('2027-01-11', '2026-12-23'), 0);
  });

  it('refuses a calendar with no working day', () => {
    assert.throws(
      () => new BusinessCalendar({ timeZone: 'UTC', workingWeek: [], holidays: bw, closureDays: [] }),
      /no working day/,
    );
  });

  it('accepts only instants with an offset, and only real dates', () => {
    assert.equal(isInstantWithOffset('2026-12-23T17:00:00Z'), true);
    assert.equal(isInstantWithOffset('2026-12-23T18:00:00+01:00'), true);
    assert.equal(isInstantWithOffset('2026-12-23T17:00:00'), false);
    assert.equal(isInstantWithOffset('2026-12-23'), false);
    assert.equal(isInstantWithOffset('yesterday'), false);
    assert.equal(isIsoDate('2026-02-29'), false);
    assert.equal(isIsoDate('2028-02-29'), true);
  });
});

describe('business calendar properties', () => {
  const instant = fc
    .date({
      min: new Date('2026-01-01T00:00:00Z'),
      max: new Date('2027-10-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((d) => d.toISOString());

  it('the answer-by day is always a working day, after the day of receipt', () => {
    fc.assert(
      fc.property(instant, (at) => {
        const d = computeDeadlines(calendar, at, policy);
        assert.ok(calendar.isWorkingDay(d.answerByDate), `${d.answerByDate} is not a working day`);
        assert.ok(d.answerBy > d.receivedAt);
        assert.equal(
          calendar.localDate(d.answerBy).toString(),
          d.answerByDate,
          'answerBy is on the local due day',
        );
        assert.equal(calendar.workingDaysBetween(calendar.localDate(at), d.answerByDate), 10);
      }),
    );
  });

  it('a Saturday receipt and the Friday before give the same day', () => {
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 0, max: 86_399 }),
        fc.integer({ min: 0, max: 86_399 }),
        (at, s1, s2) => {
          let day = calendar.localDate(at);
          while (day.dayOfWeek !== 5) day = day.add({ days: 1 });
          const friday = Temporal.Instant.from(calendar.startOfDay(day)).add({ seconds: s1 }).toString();
          const saturday = Temporal.Instant.from(calendar.startOfDay(day.add({ days: 1 })))
            .add({ seconds: s2 })
            .toString();
          assert.equal(
            computeDeadlines(calendar, friday, policy).answerByDate,
            computeDeadlines(calendar, saturday, policy).answerByDate,
          );
        },
      ),
    );
  });

  it('adding working days is monotonic', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 }), (at, a, b) => {
        const day = calendar.localDate(at);
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        assert.ok(
          Temporal.PlainDate.compare(calendar.addWorkingDays(day, lo), calendar.addWorkingDays(day, hi)) <= 0,
        );
        if (lo < hi)
          assert.ok(
            Temporal.PlainDate.compare(calendar.addWorkingDays(day, lo), calendar.addWorkingDays(day, hi)) <
              0,
          );
      }),
    );
  });

  it('a later receipt is never due earlier', () => {
    fc.assert(
      fc.property(instant, instant, (x, y) => {
        const [a, b] = x <= y ? [x, y] : [y, x];
        assert.ok(
          computeDeadlines(calendar, a, policy).answerBy <= computeDeadlines(calendar, b, policy).answerBy,
        );
      }),
    );
  });

  it('local dates and day bounds agree with Temporal in zones with odd offsets and DST (the memo tables)', () => {
    // Lord Howe moves its clocks by 30 minutes, Kathmandu is UTC+05:45, Chatham +12:45/+13:45.
    const zones = [
      'Europe/Berlin',
      'Australia/Lord_Howe',
      'Asia/Kathmandu',
      'Pacific/Chatham',
      'America/St_Johns',
    ];
    const calendars = zones.map(
      (timeZone) => new BusinessCalendar({ timeZone, workingWeek: ['mon'], holidays: bw, closureDays: [] }),
    );
    const anyInstant = fc
      .date({
        min: new Date('1990-01-01T00:00:00Z'),
        max: new Date('2040-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
    fc.assert(
      fc.property(fc.integer({ min: 0, max: zones.length - 1 }), anyInstant, (z, at) => {
        const cal = calendars[z]!;
        const expected = Temporal.Instant.from(at).toZonedDateTimeISO(zones[z]!).toPlainDate();
        assert.equal(cal.localDate(at).toString(), expected.toString(), `${at} in ${zones[z]}`);
        const end = expected.add({ days: 1 }).toZonedDateTime({ timeZone: zones[z]! }).toInstant();
        assert.equal(
          cal.endOfDay(expected),
          end.subtract({ milliseconds: 1 }).toString({ fractionalSecondDigits: 3 }),
        );
        assert.equal(
          cal.startOfDay(expected.toString()),
          expected
            .toZonedDateTime({ timeZone: zones[z]! })
            .toInstant()
            .toString({ fractionalSecondDigits: 3 }),
        );
      }),
      { numRuns: 2000 },
    );
    // Around a transition, the minutes either side of it (Berlin, 2026-03-29 01:00Z).
    const berlin = calendars[0]!;
    assert.equal(berlin.localDate('2026-03-28T22:59:59.999Z').toString(), '2026-03-28');
    assert.equal(berlin.localDate('2026-03-28T23:00:00.000Z').toString(), '2026-03-29');
    assert.equal(berlin.localDate('2026-10-24T21:59:59.999Z').toString(), '2026-10-24');
    assert.equal(berlin.localDate('2026-10-24T22:00:00.000Z').toString(), '2026-10-25');
    assert.equal(berlin.localDate('2026-03-29T02:30:00+02:00').toString(), '2026-03-29');
  });
});
