// An acknowledgement at risk (P3.1): the rule the sweep asks before a deadline, so that an acknowledgement that has
// not reached the complainant is told to staff while it can still be given, at any hour, and once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { testCalendar, testPolicy } from '../../../test/support/calendar.ts';
import { computeDeadlines } from '../calendar/business-calendar.ts';
import { acknowledgementAtRisk, type ClockFacts } from './clock.ts';

const HOUR = 3_600_000;
const plus = (iso: string, ms: number) => new Date(Date.parse(iso) + ms).toISOString();

/** An open complaint whose acknowledgement is due by `by`, not given. */
const received = (by: string): ClockFacts => ({
  kind: 'complaint',
  status: 'received',
  acknowledgeBy: by,
  acknowledgedAt: null,
  answerBy: '2027-12-31T22:59:59.999Z',
  answerByDate: '2027-12-31',
  answeredAt: null,
});

describe('an acknowledgement at risk', () => {
  // Friday 20 November 2026, 19:30 in Berlin; due Saturday 19:30, when no digest goes out.
  const friday = received('2026-11-21T18:30:00.000Z');

  it('is at risk within the margin before its deadline, not before, not after (then it is late)', () => {
    assert.equal(acknowledgementAtRisk(friday, '2026-11-21T10:29:59.999Z', 8), null);
    assert.deepEqual(acknowledgementAtRisk(friday, '2026-11-21T10:30:00.000Z', 8), {
      kind: 'acknowledge',
      by: '2026-11-21T18:30:00.000Z',
    });
    assert.ok(acknowledgementAtRisk(friday, '2026-11-21T18:30:00.000Z', 8));
    assert.equal(acknowledgementAtRisk(friday, '2026-11-21T18:30:00.001Z', 8), null);
  });

  it('is never at risk once given, nor for what owes no acknowledgement, nor with a margin of 0', () => {
    const now = '2026-11-21T17:00:00.000Z';
    assert.equal(
      acknowledgementAtRisk({ ...friday, acknowledgedAt: '2026-11-21T16:00:00.000Z' }, now, 8),
      null,
    );
    assert.equal(acknowledgementAtRisk({ ...friday, kind: 'suggestion' }, now, 8), null);
    assert.equal(acknowledgementAtRisk({ ...friday, status: 'closed' }, now, 8), null);
    assert.equal(acknowledgementAtRisk({ ...friday, acknowledgeBy: null }, now, 8), null);
    assert.equal(acknowledgementAtRisk(friday, now, 0), null);
  });

  it('a sweep at least as frequent as the margin finds every undelivered acknowledgement before its deadline, as one risk', () => {
    fc.assert(
      fc.property(
        // Any minute of two years, in the calendar of Baden-Württemberg (weekends, holidays, daylight saving).
        fc.integer({ min: 0, max: 2 * 365 * 24 * 60 }),
        // The window: calendar hours, or working days to the end of a local day.
        fc.oneof(
          fc.record({ unit: fc.constant('hours' as const), amount: fc.integer({ min: 1, max: 72 }) }),
          fc.record({ unit: fc.constant('working_days' as const), amount: fc.integer({ min: 1, max: 5 }) }),
        ),
        fc.integer({ min: 1, max: 48 }),
        fc.integer({ min: 0, max: 10_000 }),
        // When the acknowledgement is given, as a share of the window: never, or at some point (late ones too).
        fc.option(fc.double({ min: 0, max: 1.5, noNaN: true }), { nil: null }),
        (minute, acknowledge, marginHours, stepSeed, givenShare) => {
          const arrival = plus('2026-01-01T00:00:00.000Z', minute * 60_000);
          const by = computeDeadlines(testCalendar, arrival, { ...testPolicy, acknowledge }).acknowledgeBy;
          // A sweep at most every `marginHours` (the margin allows it), from the arrival on.
          const step = 60_000 + (stepSeed % (marginHours * 60)) * 60_000;
          const span = Date.parse(by) - Date.parse(arrival);
          const givenAt = givenShare === null ? null : plus(arrival, Math.round(span * givenShare));
          const risks = new Set<string>();
          let told: string | null = null;
          for (let t = arrival; t <= plus(by, 2 * step); t = plus(t, step)) {
            const facts = {
              ...received(by),
              acknowledgedAt: givenAt !== null && givenAt <= t ? givenAt : null,
            };
            const risk = acknowledgementAtRisk(facts, t, marginHours);
            if (!risk) continue;
            assert.equal(risk.by, by);
            assert.ok(t <= by, 'never once late');
            assert.ok(Date.parse(by) - Date.parse(t) <= marginHours * HOUR, 'within the margin');
            risks.add(risk.by);
            told ??= t;
          }
          const undelivered = givenAt === null || givenAt > by;
          const givenBeforeMargin = givenAt !== null && givenAt <= plus(by, -marginHours * HOUR);
          if (undelivered)
            assert.equal(risks.size, 1, 'an undelivered acknowledgement is one risk, told in time');
          if (givenBeforeMargin || (givenAt !== null && givenAt <= arrival)) assert.equal(told, null);
        },
      ),
      { numRuns: 500 },
    );
  });
});
