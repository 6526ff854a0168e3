// The clock of a case: an acknowledgement deadline is a deadline like the answer's, and the queue's key, the
// Late filter and the state shown all say the same thing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { testCalendar } from '../../../test/support/calendar.ts';
import { type ClockFacts, clockAt, dueKey, isLate, NO_DUE, nextDeadline, openDeadlines } from './clock.ts';

const letterLate: ClockFacts = {
  // Arrived Thursday 19 November 2026 (00:00 local), registered four days later, never acknowledged.
  kind: 'complaint',
  status: 'received',
  acknowledgeBy: '2026-11-19T23:00:00.000Z',
  acknowledgedAt: null,
  answerBy: '2026-12-03T22:59:59.999Z',
  answerByDate: '2026-12-03',
  answeredAt: null,
};

describe('the clock of a case', () => {
  it('a missed acknowledgement makes the case late, whatever the answer date', () => {
    const now = '2026-11-23T10:00:00.000Z';
    const c = clockAt(letterLate, now, testCalendar, 2);
    assert.equal(c.state, 'overdue');
    assert.equal(c.next?.kind, 'acknowledge');
    assert.equal(isLate(letterLate, now), true);
    assert.equal(dueKey(letterLate), letterLate.acknowledgeBy);
  });

  it('once acknowledged, the answer date is the clock', () => {
    const f = { ...letterLate, acknowledgedAt: '2026-11-23T10:00:00.000Z', status: 'acknowledged' };
    const c = clockAt(f, '2026-11-23T10:00:00.000Z', testCalendar, 2);
    assert.equal(c.next?.kind, 'answer');
    assert.equal(c.state, 'later');
    assert.equal(c.workingDaysLeft, 8);
    assert.equal(dueKey(f), f.answerBy);
  });

  it('no open deadline for an answered, closed or non-complaint case', () => {
    assert.deepEqual(openDeadlines({ ...letterLate, status: 'answered', answeredAt: 'x' }), []);
    assert.deepEqual(openDeadlines({ ...letterLate, status: 'closed' }), []);
    assert.deepEqual(openDeadlines({ ...letterLate, kind: 'suggestion' }), []);
    assert.equal(dueKey({ ...letterLate, kind: 'suggestion', answerBy: null }), NO_DUE);
  });

  it('property: late ⇔ the stored key has passed ⇔ the clock says overdue; the key is the earliest open deadline', () => {
    const instant = fc
      .integer({ min: Date.parse('2026-01-01T00:00:00Z'), max: Date.parse('2027-12-31T00:00:00Z') })
      .map((ms) => new Date(ms).toISOString());
    fc.assert(
      fc.property(
        instant,
        fc.integer({ min: 1, max: 40 * 86_400_000 }),
        fc.boolean(),
        fc.boolean(),
        fc.constantFrom('received', 'acknowledged', 'answered', 'closed'),
        fc.constantFrom('complaint', 'suggestion', 'other'),
        instant,
        (ackBy, gap, acknowledged, answered, status, kind, now) => {
          const answerBy = new Date(Date.parse(ackBy) + gap).toISOString();
          const f: ClockFacts = {
            kind,
            status,
            acknowledgeBy: ackBy,
            acknowledgedAt: acknowledged ? ackBy : null,
            answerBy,
            answerByDate: testCalendar.localDate(answerBy).toString(),
            answeredAt: answered ? answerBy : null,
          };
          const open = openDeadlines(f);
          const c = clockAt(f, now, testCalendar, 2);
          assert.equal(isLate(f, now), c.state === 'overdue');
          if (open.length) {
            assert.equal(dueKey(f) < now, c.state === 'overdue');
            assert.equal(Date.parse(dueKey(f)), Math.min(...open.map((d) => Date.parse(d.by))));
            assert.ok(open.every((d) => d.by >= dueKey(f)));
          } else assert.equal(c.state, 'none');
          if (kind === 'complaint' && (status === 'received' || status === 'acknowledged') && !acknowledged)
            assert.equal(
              nextDeadline(f)?.kind,
              'acknowledge',
              'an unacknowledged complaint is due by its acknowledgement',
            );
        },
      ),
      { numRuns: 500 },
    );
  });
});
