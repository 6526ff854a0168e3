// Extend is offered only when it can succeed, with only valid dates: every window built from the choices is
// accepted by the case rule, and when there are no choices the rule refuses every window.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bwHolidays, testCalendar, testPolicy } from '../../../test/support/calendar.ts';
import { BusinessCalendar } from '../calendar/business-calendar.ts';
import { type CaseState, decideCase, evolveCase } from './case.ts';
import { extensionChoices } from './extension.ts';
import { EXTENSION_HORIZON_WORKING_DAYS, earliestWindowStart, extensionHorizon } from './extension-window.ts';

function received(receivedAt: string): CaseState {
  const d = decideCase(
    null,
    {
      type: 'receive',
      caseId: 'c1',
      reference: 'RC-2026-000001',
      kind: 'complaint',
      step: 1,
      channel: 'letter',
      complainantId: 'p1',
      receivedAt,
      language: 'fr',
      subject: 'Réclamation',
      fields: { ticketRefs: [], domains: [], description: 'x', expectations: 'y' },
      missing: [],
      correspondenceId: null,
      step1: null,
    },
    { now: receivedAt, calendar: testCalendar, policy: testPolicy },
  );
  assert.ok(d.ok);
  let s: CaseState | null = null;
  for (const e of d.events) s = evolveCase(s, e, { at: receivedAt, actor: 'system' });
  return s!;
}

const ctxAt = (now: string) => ({ now, calendar: testCalendar, policy: testPolicy });

describe('extension choices', () => {
  it('a late case gets none, and the rule refuses it', () => {
    const s = received('2026-11-02T09:00:00.000Z'); // due 16 November
    const now = '2026-11-23T09:00:00.000Z';
    assert.equal(extensionChoices(s, now, testCalendar, testPolicy), null);
  });

  it('a case before its answer date: windows from today, ending after the answer date', () => {
    const s = received('2026-11-20T09:00:00.000Z'); // due Friday 4 December
    const c = extensionChoices(s, '2026-11-23T09:00:00.000Z', testCalendar, testPolicy)!;
    assert.equal(c.firstDays[0], '2026-11-23');
    assert.equal(c.lastDays[0], '2026-12-07');
  });

  it('accepts a window starting today, which the picker offers first; refuses one before today, naming the first day', () => {
    const s = received('2026-11-20T09:00:00.000Z'); // due Friday 4 December
    for (const [now, today] of [
      ['2026-11-23T09:00:00.000Z', '2026-11-23'], // a Monday
      ['2026-12-04T15:00:00.000Z', '2026-12-04'], // the answer date itself, the last day to tell the complainant
    ] as const) {
      assert.equal(earliestWindowStart(testCalendar.localDate(now), testCalendar).toString(), today);
      assert.ok(extendIn(s, now, today, '2026-12-10').ok, `${today} accepted`);
      assert.equal(extensionChoices(s, now, testCalendar, testPolicy)!.firstDays[0], today);
      const yesterday = testCalendar.localDate(now).subtract({ days: 1 }).toString();
      const d = extendIn(s, now, yesterday, '2026-12-10');
      assert.ok(!d.ok);
      assert.equal(d.refusal.code, 'window_starts_in_past');
      assert.deepEqual(d.refusal.details, {
        context: 'extension',
        windowStart: yesterday,
        today,
        earliestStart: today,
      });
      assert.match(d.refusal.message, new RegExp(`choose a first date from ${today}\\.`));
    }
    // On a Saturday the first day offered is Monday, and Saturday itself is refused as no working day.
    const saturday = '2026-11-28T10:00:00.000Z';
    assert.equal(
      earliestWindowStart(testCalendar.localDate(saturday), testCalendar).toString(),
      '2026-11-30',
    );
    assert.equal(extensionChoices(s, saturday, testCalendar, testPolicy)!.firstDays[0], '2026-11-30');
    const d = extendIn(s, saturday, '2026-11-28', '2026-12-10');
    assert.ok(!d.ok);
    assert.equal(d.refusal.code, 'window_start_not_working_day');
  });

  it('reads the due date as set, not the answer-by instant in a time zone changed since', () => {
    const s = received('2026-11-16T09:00:00.000Z'); // due Monday 30 November, until 23:59:59.999 in Berlin
    // In Tokyo that instant is already 1 December: the windows must still end from the day after 30 November.
    const tokyo = new BusinessCalendar({
      timeZone: 'Asia/Tokyo',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
      holidays: bwHolidays,
      closureDays: [],
    });
    assert.equal(s.deadline!.answerByDate, '2026-11-30');
    assert.equal(tokyo.localDate(s.deadline!.answerBy).toString(), '2026-12-01');
    const c = extensionChoices(s, '2026-11-23T09:00:00.000Z', tokyo, testPolicy)!;
    assert.equal(c.answerByDate, '2026-11-30');
    assert.equal(c.lastDays[0], '2026-12-01');
  });

  const extendIn = (s: CaseState, now: string, windowStart: string, windowEnd: string) =>
    decideCase(
      s,
      { type: 'extend', reason: 'r', windowStart, windowEnd, correspondenceId: null },
      ctxAt(now),
    );

  it('refuses a window starting on a day that is not a working day, naming a working day to choose', () => {
    const s = received('2026-11-20T09:00:00.000Z'); // due 4 December
    const d = extendIn(s, '2026-11-23T09:00:00.000Z', '2026-11-28', '2026-12-08'); // a Saturday
    assert.ok(!d.ok);
    assert.equal(d.refusal.code, 'window_start_not_working_day');
    assert.match(
      d.refusal.message,
      /\(2026-11-28\) is not a working day: choose a working day, such as 2026-11-30\./,
    );
  });

  it("refuses a window ending beyond the picker's horizon, naming the last day it may end on", () => {
    const s = received('2026-11-20T09:00:00.000Z'); // due 4 December
    const now = '2026-11-23T09:00:00.000Z';
    const c = extensionChoices(s, now, testCalendar, testPolicy)!;
    const last = c.lastDays.at(-1)!;
    assert.equal(last, extensionHorizon('2026-12-04', testCalendar.localDate(now), testCalendar).toString());
    assert.equal(c.lastDays.length, EXTENSION_HORIZON_WORKING_DAYS);
    assert.ok(extendIn(s, now, '2026-12-07', last).ok, 'the last day offered is accepted');
    const beyond = testCalendar.addWorkingDays(last, 1).toString();
    for (const end of [beyond, '2028-06-01']) {
      const d = extendIn(s, now, '2026-12-07', end);
      assert.ok(!d.ok);
      assert.equal(d.refusal.code, 'window_too_far');
      assert.match(
        d.refusal.message,
        new RegExp(
          `after the answer date in force \\(2026-12-04\\): choose a last date no later than ${last}\\.`,
        ),
      );
    }
  });

  it('property: an accepted window starts on a working day from today on and ends on a working day within the horizon, exactly as the picker offers', () => {
    const instant = (from: string, to: string) =>
      fc.integer({ min: Date.parse(from), max: Date.parse(to) }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(
        instant('2026-01-01T00:00:00Z', '2027-06-30T00:00:00Z'),
        fc.integer({ min: 0, max: 15 * 86_400_000 }),
        fc.integer({ min: -3, max: 50 }),
        fc.integer({ min: 0, max: 60 }),
        (receivedAt, age, from, length) => {
          const s = received(receivedAt);
          const now = new Date(Date.parse(receivedAt) + age).toISOString();
          const today = testCalendar.localDate(now);
          const start = today.add({ days: from }).toString();
          const end = today.add({ days: from + length }).toString();
          const d = extendIn(s, now, start, end);
          const earliest = earliestWindowStart(today, testCalendar).toString();
          if (!d.ok) {
            // A start before today is refused as such (unless the case cannot be extended at all).
            if (start < today.toString() && end > s.deadline!.answerByDate && now <= s.deadline!.answerBy)
              assert.ok(
                d.refusal.code === 'window_starts_in_past',
                `${start} before ${earliest}: ${d.refusal.code}`,
              );
            return;
          }
          assert.ok(testCalendar.isWorkingDay(start), `${start} is a working day`);
          assert.ok(start >= today.toString(), `${start} is not before today`);
          assert.ok(start >= earliest, `${start} is not before ${earliest}`);
          assert.ok(testCalendar.isWorkingDay(end), `${end} is a working day`);
          assert.ok(end > s.deadline!.answerByDate, `${end} is after the answer date`);
          const horizon = extensionHorizon(s.deadline!.answerByDate, today, testCalendar).toString();
          assert.ok(end <= horizon, `${end} is within the horizon ${horizon}`);
          // What the server accepts is what the picker offers, from the same earliest day.
          const c = extensionChoices(s, now, testCalendar, testPolicy)!;
          assert.equal(c.firstDays[0], earliest);
          assert.ok(c.lastDays.includes(end), `${end} is offered`);
          assert.ok(c.firstDays.includes(start), `${start} is offered`);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('property: every window made of the choices is accepted; no choices means every window is refused', () => {
    const instant = (from: string, to: string) =>
      fc.integer({ min: Date.parse(from), max: Date.parse(to) }).map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(
        instant('2026-01-01T00:00:00Z', '2027-06-30T00:00:00Z'),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.nat(14),
        fc.nat(14),
        (receivedAt, age, i, j) => {
          const s = received(receivedAt);
          const now = new Date(Date.parse(receivedAt) + age).toISOString();
          const c = extensionChoices(s, now, testCalendar, testPolicy);
          if (c) {
            const start = c.firstDays[i]!;
            const end = c.lastDays[j]!;
            const today = testCalendar.localDate(now).toString();
            for (const d of c.firstDays) assert.ok(d >= today, 'no first date in the past');
            for (const d of c.lastDays) assert.ok(d > today, 'no last date today or in the past');
            if (start <= end) {
              const d = decideCase(
                s,
                { type: 'extend', reason: 'r', windowStart: start, windowEnd: end, correspondenceId: null },
                ctxAt(now),
              );
              assert.ok(d.ok, d.ok ? '' : `${start}–${end} refused: ${d.refusal.code}`);
            }
          } else {
            const tomorrow = testCalendar.addWorkingDays(testCalendar.localDate(now), 1).toString();
            const later = testCalendar.addWorkingDays(testCalendar.localDate(now), 30).toString();
            const d = decideCase(
              s,
              {
                type: 'extend',
                reason: 'r',
                windowStart: tomorrow,
                windowEnd: later,
                correspondenceId: null,
              },
              ctxAt(now),
            );
            assert.equal(d.ok, false, 'no choices: the rule refuses');
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
