// The quiet period (P4.6): an answered case closes by itself only after enough working days without a word from
// the complainant, and the store's first cut lets every such case through within a day.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { testCalendar } from '../../../test/support/calendar.ts';
import { closesForQuiet, quietCandidatesAnsweredUpTo, quietPeriodOver } from './quiet-period.ts';

const instant = (from: string, to: string) =>
  fc.integer({ min: Date.parse(from), max: Date.parse(to) }).map((ms) => new Date(ms).toISOString());

describe('quiet period', () => {
  it('counts working days from the local day of the answer (weekends and holidays do not count)', () => {
    // Answered on Friday 18 December 2026 at 23:30 in Berlin (22:30 UTC): the weekend does not count, and the
    // third working day after it is Wednesday 23, which starts at 23:00 UTC on the 22nd.
    const answeredAt = '2026-12-18T22:30:00.000Z';
    assert.equal(quietPeriodOver(answeredAt, '2026-12-23T12:00:00.000Z', 3, testCalendar), true);
    assert.equal(quietPeriodOver(answeredAt, '2026-12-22T22:59:00.000Z', 3, testCalendar), false);
    assert.equal(
      quietPeriodOver(answeredAt, '2026-12-22T23:00:00.000Z', 3, testCalendar),
      true,
      'Wednesday in Berlin',
    );
  });

  it('property: only an answered case the complainant has not written to since closes, once the period is over', () => {
    fc.assert(
      fc.property(
        instant('2026-01-01T00:00:00Z', '2027-12-01T00:00:00Z'),
        fc.integer({ min: 0, max: 40 * 86_400_000 }),
        fc.integer({ min: 1, max: 15 }),
        fc.constantFrom('answered', 'open', 'closed', undefined),
        fc.boolean(),
        (answeredAt, delay, quietDays, status, wroteSinceAnswer) => {
          const now = new Date(Date.parse(answeredAt) + delay).toISOString();
          const over = quietPeriodOver(answeredAt, now, quietDays, testCalendar);
          const closes = closesForQuiet(
            { status, answeredAt, wroteSinceAnswer },
            now,
            quietDays,
            testCalendar,
          );
          assert.equal(closes, status === 'answered' && !wroteSinceAnswer && over);
          assert.equal(
            closesForQuiet({ status, answeredAt: null, wroteSinceAnswer }, now, quietDays, testCalendar),
            false,
          );
          // Once over, it stays over: a later sweep still closes it.
          const later = new Date(Date.parse(now) + 86_400_000).toISOString();
          if (over) assert.equal(quietPeriodOver(answeredAt, later, quietDays, testCalendar), true);
          // The store's first cut never holds a case back by more than a day once its period is over.
          if (over) assert.ok(answeredAt <= quietCandidatesAnsweredUpTo(later, quietDays));
          // A case the first cut leaves out is at most on the last day of its period.
          if (answeredAt > quietCandidatesAnsweredUpTo(now, quietDays))
            assert.ok(
              testCalendar.workingDaysBetween(
                testCalendar.localDate(answeredAt),
                testCalendar.localDate(now),
              ) <= quietDays,
            );
        },
      ),
      { numRuns: 500 },
    );
  });
});
