// Extend is offered only when it can succeed, with only valid dates: every window built from the choices is
// accepted by the case rule, and when there are no choices the rule refuses every window. No window starts before
// the answer date already given to the complainant.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Temporal } from 'temporal-polyfill';
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

  it('a case before its answer date: windows from the answer date, ending after it', () => {
    const s = received('2026-11-20T09:00:00.000Z'); // due Friday 4 December
    const c = extensionChoices(s, '2026-11-23T09:00:00.000Z', testCalendar, testPolicy)!;
    assert.equal(c.firstDays[0], '2026-12-04');
    assert.equal(c.lastDays[0], '2026-12-07');
  });

  it('accepts a window starting on the answer date in force, which the picker offers first; refuses one before it, naming the answer date and the first day', () => {
    const s = received('2026-11-20T09:00:00.000Z'); // due Friday 4 December
    const now = '2026-11-23T09:00:00.000Z'; // a Monday, well before the answer date
    const today = testCalendar.localDate(now);
    assert.equal(earliestWindowStart('2026-12-04', today, testCalendar).toString(), '2026-12-04');
    assert.ok(extendIn(s, now, '2026-12-04', '2026-12-10').ok, 'the answer date accepted');
    assert.ok(extendIn(s, now, '2026-12-07', '2026-12-10').ok, 'the day after accepted');
    // Today, and the day before the answer date: each would tell the complainant a date earlier than promised.
    for (const start of ['2026-11-23', '2026-12-03']) {
      const d = extendIn(s, now, start, '2026-12-10');
      assert.ok(!d.ok, `${start} refused`);
      assert.equal(d.refusal.code, 'window_starts_before_answer_date');
      assert.deepEqual(d.refusal.details, {
        context: 'extension',
        windowStart: start,
        answerByDate: '2026-12-04',
        earliestStart: '2026-12-04',
      });
      assert.match(
        d.refusal.message,
        new RegExp(
          `starts \\(${start}\\) before the answer date already given to the complainant \\(2026-12-04\\).*choose a first date from 2026-12-04\\.`,
        ),
      );
    }
    // On a Saturday too, the first day is the answer date; the Saturday is refused as before it.
    const saturday = '2026-11-28T10:00:00.000Z';
    assert.equal(extensionChoices(s, saturday, testCalendar, testPolicy)!.firstDays[0], '2026-12-04');
    const d = extendIn(s, saturday, '2026-11-28', '2026-12-10');
    assert.ok(!d.ok);
    assert.equal(d.refusal.code, 'window_starts_before_answer_date');
    // An answer date that is no working day (set on a calendar changed since): the next working day.
    assert.equal(earliestWindowStart('2026-12-05', today, testCalendar).toString(), '2026-12-07');
  });

  it('on the answer date itself, the last day to tell the complainant, a window from today is accepted; one before today is refused as in the past', () => {
    const s = received('2026-11-20T09:00:00.000Z'); // due Friday 4 December
    const now = '2026-12-04T15:00:00.000Z';
    const today = testCalendar.localDate(now);
    assert.equal(earliestWindowStart('2026-12-04', today, testCalendar).toString(), '2026-12-04');
    assert.equal(extensionChoices(s, now, testCalendar, testPolicy)!.firstDays[0], '2026-12-04');
    assert.ok(extendIn(s, now, '2026-12-04', '2026-12-10').ok);
    const d = extendIn(s, now, '2026-12-03', '2026-12-10');
    assert.ok(!d.ok);
    assert.equal(d.refusal.code, 'window_starts_in_past');
    assert.deepEqual(d.refusal.details, {
      context: 'extension',
      windowStart: '2026-12-03',
      today: '2026-12-04',
      earliestStart: '2026-12-04',
    });
    assert.match(d.refusal.message, /choose a first date from 2026-12-04\./);
  });

  it('after an extension, the answer date in force is the end of its window: a new window may not start before it', () => {
    const s0 = received('2026-11-20T09:00:00.000Z'); // due Friday 4 December
    const first = extendIn(s0, '2026-11-23T09:00:00.000Z', '2026-12-07', '2026-12-11');
    assert.ok(first.ok);
    let s = s0;
    for (const e of first.events) s = evolveCase(s, e, { at: '2026-11-23T09:00:00.000Z', actor: 'agent' });
    assert.equal(s.deadline!.answerByDate, '2026-12-11');
    const now = '2026-12-08T09:00:00.000Z';
    // Inside the first window, before its end: refused, since the complainant now holds 11 December.
    const d = extendIn(s, now, '2026-12-09', '2026-12-18');
    assert.ok(!d.ok);
    assert.equal(d.refusal.code, 'window_starts_before_answer_date');
    assert.equal(d.refusal.details?.earliestStart, '2026-12-11');
    assert.equal(extensionChoices(s, now, testCalendar, testPolicy)!.firstDays[0], '2026-12-11');
    assert.ok(extendIn(s, now, '2026-12-11', '2026-12-18').ok);
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
    const d = extendIn(s, '2026-11-23T09:00:00.000Z', '2026-12-05', '2026-12-08'); // a Saturday
    assert.ok(!d.ok);
    assert.equal(d.refusal.code, 'window_start_not_working_day');
    assert.match(
      d.refusal.message,
      /\(2026-12-05\) is not a working day: choose a working day, such as 2026-12-07\./,
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

  it('property: an accepted window starts on a working day from the answer date in force (and today) on and ends on a working day within the horizon, exactly as the picker offers', () => {
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
          const earliest = earliestWindowStart(s.deadline!.answerByDate, today, testCalendar).toString();
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
          assert.ok(start >= s.deadline!.answerByDate, `${start} is not before the answer date`);
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

  it('property: no accepted extension starts before the answer date in force (as received, or as an earlier extension set it); a start before it is refused, naming a first day the rule accepts', () => {
    const instant = (from: string, to: string) =>
      fc.integer({ min: Date.parse(from), max: Date.parse(to) }).map((ms) => new Date(ms).toISOString());
    const later = (at: string, ms: number) => new Date(Date.parse(at) + ms).toISOString();
    fc.assert(
      fc.property(
        instant('2026-01-01T00:00:00Z', '2027-06-30T00:00:00Z'),
        fc.integer({ min: 0, max: 15 * 86_400_000 }),
        // Earlier extensions, each a window of the picker's choices, then some time passing.
        fc.array(fc.tuple(fc.nat(25), fc.nat(25), fc.integer({ min: 0, max: 10 * 86_400_000 })), {
          maxLength: 3,
        }),
        fc.integer({ min: -20, max: 30 }),
        fc.integer({ min: 0, max: 40 }),
        (receivedAt, age, earlier, from, length) => {
          let s = received(receivedAt);
          let now = later(receivedAt, age);
          for (const [i, j, wait] of earlier) {
            const c = extensionChoices(s, now, testCalendar, testPolicy);
            if (!c) break;
            const start = c.firstDays[i % c.firstDays.length]!;
            const end = c.lastDays[j % c.lastDays.length]!;
            if (start > end) continue;
            const d = extendIn(s, now, start, end);
            assert.ok(d.ok, d.ok ? '' : `${start}–${end} offered but refused: ${d.refusal.code}`);
            for (const e of d.events) s = evolveCase(s, e, { at: now, actor: 'agent' });
            now = later(now, wait);
          }
          const inForce = s.deadline!.answerByDate;
          const start = Temporal.PlainDate.from(inForce).add({ days: from });
          const end = start.add({ days: length }).toString();
          const d = extendIn(s, now, start.toString(), end);
          if (d.ok) {
            assert.ok(start.toString() >= inForce, `${start} accepted before the answer date ${inForce}`);
            assert.equal(d.events[0]!.type, 'extended');
            return;
          }
          if (start.toString() >= inForce || now > s.deadline!.answerBy) return;
          // Before the date in force, and the case can still be extended: refused for its first day.
          assert.ok(
            d.refusal.code === 'window_starts_before_answer_date' ||
              d.refusal.code === 'window_starts_in_past',
            `${start} before ${inForce}: ${d.refusal.code}`,
          );
          const earliest = String(d.refusal.details?.earliestStart);
          assert.ok(earliest >= inForce, `${earliest} named, before ${inForce}`);
          const c = extensionChoices(s, now, testCalendar, testPolicy);
          assert.ok(c, 'the case can be extended');
          assert.equal(c.firstDays[0], earliest, 'the picker offers the day named first');
          const named = extendIn(s, now, earliest, c.lastDays.at(-1)!);
          assert.ok(named.ok, named.ok ? '' : `${earliest} named but refused: ${named.refusal.code}`);
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
