// Pausing the clock while the case waits on the complainant (P4.5, configuration, off by default): when on, the
// business days between the request for information and the complainant's answer are added to the answer date
// when the wait ends, by one recorded event naming the days waited (P4.2: a deadline moves only through a recorded
// event). Off, nothing ever moves.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
import { testCalendar, testPolicy } from '../../../test/support/calendar.ts';
import { receiveCommand } from '../../../test/support/case-commands.ts';
import {
  BusinessCalendar,
  type DeadlinePolicy,
  WEEKDAYS,
  type Weekday,
} from '../calendar/business-calendar.ts';
import { type CaseCommand, type CaseState, decideCase, evolveCase } from './case.ts';
import type { CaseEvent } from './case-events.ts';
import { deadlineAfterWait } from './clock.ts';
import { measuredPromise } from './promise.ts';

const pausing: DeadlinePolicy = { ...testPolicy, pauseWhileWaiting: true };

function step(
  state: CaseState | null,
  command: CaseCommand,
  now: string,
  policy: DeadlinePolicy,
  calendar: BusinessCalendar = testCalendar,
): { state: CaseState; events: CaseEvent[] } {
  const d = decideCase(state, command, { now, calendar, policy });
  assert.ok(d.ok, d.ok ? '' : d.refusal.message);
  let s = state;
  for (const e of d.events) s = evolveCase(s, e, { at: now, actor: 'system' });
  return { state: s!, events: d.events };
}

const ask: CaseCommand = {
  type: 'request_information',
  missing: ['expectations'],
  note: null,
  correspondenceId: 'ask',
};
const theirAnswer = (id: string): CaseCommand => ({
  type: 'file_correspondence',
  correspondenceId: id,
  direction: 'in',
  channel: 'email',
  fromComplainant: true,
});

describe('the clock paused while the case waits on the complainant', () => {
  it('with the setting on, moves the answer date by the business days waited when they answer', () => {
    const received = step(
      null,
      receiveCommand({ receivedAt: '2026-11-02T09:00:00.000Z' }),
      '2026-11-02T09:00:00.000Z',
      pausing,
    ).state;
    assert.equal(received.deadline?.answerByDate, '2026-11-16');
    // Asked on Tuesday 3 November, answered on Friday 6 November: three business days waited.
    const asked = step(received, ask, '2026-11-03T10:00:00.000Z', pausing).state;
    const answered = step(asked, theirAnswer('r1'), '2026-11-06T08:00:00.000Z', pausing);
    const moved = answered.events.find((e) => e.type === 'answer_date_moved_by_wait');
    assert.ok(moved, 'one recorded event moves the date');
    assert.equal(moved.payload.daysWaited, 3);
    assert.equal(answered.state.deadline?.answerByDate, '2026-11-19');
    assert.equal(answered.state.deadline?.answerBy, testCalendar.endOfDay('2026-11-19'));
    assert.equal(answered.state.deadline?.acknowledgeBy, received.deadline?.acknowledgeBy);
    assert.equal(answered.state.waitingOnComplainant, false);
    // The figures read the moved date as they read an extension's: measured against it, the first date kept.
    assert.deepEqual(measuredPromise(answered.state), {
      answerBy: testCalendar.endOfDay('2026-11-19'),
      firstAnswerBy: received.deadline?.answerBy,
    });
  });

  it('with the setting off (the default), leaves the answer date as it was', () => {
    const received = step(
      null,
      receiveCommand({ receivedAt: '2026-11-02T09:00:00.000Z' }),
      '2026-11-02T09:00:00.000Z',
      testPolicy,
    ).state;
    const asked = step(received, ask, '2026-11-03T10:00:00.000Z', testPolicy).state;
    const answered = step(asked, theirAnswer('r1'), '2026-11-06T08:00:00.000Z', testPolicy);
    assert.deepEqual(answered.state.deadline, received.deadline);
    assert.ok(!answered.events.some((e) => e.type === 'answer_date_moved_by_wait'));
  });

  it('counts the wait from the acknowledgement that asked for what is missing', () => {
    const received = step(
      null,
      receiveCommand({ receivedAt: '2026-11-02T09:00:00.000Z', missing: ['name'] }),
      '2026-11-02T09:00:00.000Z',
      pausing,
    ).state;
    const acked = step(
      received,
      { type: 'acknowledge', channel: 'email', correspondenceId: 'ack', asked: ['name'] },
      '2026-11-02T10:00:00.000Z',
      pausing,
    ).state;
    assert.equal(acked.waitingOnComplainant, true);
    const answered = step(acked, theirAnswer('r1'), '2026-11-04T10:00:00.000Z', pausing).state;
    assert.equal(answered.deadline?.answerByDate, testCalendar.addWorkingDays('2026-11-16', 2).toString());
  });

  it('leaves an answered or closed case as it was, and a wait ended the day it began moves nothing', () => {
    const received = step(
      null,
      receiveCommand({ receivedAt: '2026-11-02T09:00:00.000Z' }),
      '2026-11-02T09:00:00.000Z',
      pausing,
    ).state;
    const asked = step(received, ask, '2026-11-03T10:00:00.000Z', pausing).state;
    const sameDay = step(asked, theirAnswer('r1'), '2026-11-03T15:00:00.000Z', pausing);
    assert.deepEqual(sameDay.state.deadline, received.deadline);
    assert.ok(!sameDay.events.some((e) => e.type === 'answer_date_moved_by_wait'));
    const closed = step(
      asked,
      { type: 'close', reason: 'withdrawn' },
      '2026-11-04T10:00:00.000Z',
      pausing,
    ).state;
    assert.equal(closed.waitingOnComplainant, false);
    const after = step(closed, theirAnswer('r2'), '2026-11-09T10:00:00.000Z', pausing).state;
    assert.deepEqual(after.deadline, received.deadline);
  });
});

// Calendars: any non-empty working week, some closure days and holidays, in several time zones.
const someHolidays = {
  region: 'DE-BW',
  publicHolidays: (y: number) => (y === 2026 ? ['2026-11-01', '2026-12-25', '2026-12-26'] : ['2027-01-01']),
};
const calendars = fc
  .record({
    week: fc.subarray([...WEEKDAYS], { minLength: 1 }) as fc.Arbitrary<Weekday[]>,
    closures: fc.array(fc.integer({ min: 0, max: 120 }), { maxLength: 6 }),
    zone: fc.constantFrom('Europe/Berlin', 'Europe/Paris', 'America/New_York', 'Asia/Tokyo'),
  })
  .map(
    ({ week, closures, zone }) =>
      new BusinessCalendar({
        timeZone: zone,
        workingWeek: week,
        holidays: someHolidays,
        closureDays: closures.map((n) => Temporal.PlainDate.from('2026-10-01').add({ days: n }).toString()),
      }),
  );

const instantFrom = (base: string, hours: number) =>
  Temporal.Instant.from(base).add({ hours }).toString({ fractionalSecondDigits: 3 });

/** A wait: hours after the previous moment that the request went out, and hours after it that they answered. */
const waits = fc.array(
  fc.record({ before: fc.integer({ min: 0, max: 24 * 10 }), wait: fc.integer({ min: 0, max: 24 * 15 }) }),
  { minLength: 1, maxLength: 3 },
);

describe('the date moves by exactly the business days waited', () => {
  it('new date = old date + business days waited, each wait; off, nothing ever moves', () => {
    fc.assert(
      fc.property(calendars, waits, fc.boolean(), (calendar, list, on) => {
        const policy: DeadlinePolicy = { ...testPolicy, pauseWhileWaiting: on };
        const receivedAt = '2026-10-05T08:00:00.000Z';
        let s = step(null, receiveCommand({ receivedAt }), receivedAt, policy, calendar).state;
        const first = s.deadline!;
        let at = receivedAt;
        let i = 0;
        for (const w of list) {
          const askedAt = instantFrom(at, w.before + 1);
          const answeredAt = instantFrom(askedAt, w.wait);
          const before = s.deadline!;
          s = step(s, ask, askedAt, policy, calendar).state;
          // Asking again while waiting neither moves the date nor starts the wait anew.
          s = step(s, ask, askedAt, policy, calendar).state;
          assert.deepEqual(s.deadline, before);
          const r = step(s, theirAnswer(`r${i++}`), answeredAt, policy, calendar);
          s = r.state;
          const days = calendar.workingDaysBetween(
            calendar.localDate(askedAt),
            calendar.localDate(answeredAt),
          );
          const moved = r.events.filter((e) => e.type === 'answer_date_moved_by_wait');
          if (!on || days === 0) {
            assert.deepEqual(s.deadline, before);
            assert.equal(moved.length, 0);
          } else {
            const day = calendar.addWorkingDays(before.answerByDate, days).toString();
            assert.equal(moved.length, 1);
            assert.equal(moved[0]!.payload.daysWaited, days);
            assert.deepEqual(s.deadline, {
              acknowledgeBy: before.acknowledgeBy,
              answerBy: calendar.endOfDay(day),
              answerByDate: day,
            });
            assert.deepEqual(deadlineAfterWait(before, askedAt, answeredAt, calendar), {
              daysWaited: days,
              to: s.deadline,
            });
          }
          at = answeredAt;
        }
        if (!on) assert.deepEqual(s.deadline, first);
      }),
      { numRuns: 200 },
    );
  });
});
