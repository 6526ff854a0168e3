// The clock of a case: an acknowledgement deadline is a deadline like the answer's, and the queue's key, the
// Late filter and the state shown all say the same thing.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { testCalendar, testPolicy } from '../../../test/support/calendar.ts';
import { receiveCommand } from '../../../test/support/case-commands.ts';
import { type CaseCommand, type CaseState, decideCase, evolveCase } from './case.ts';
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
          // A case that is no complaint has no clock, whatever deadline it kept from when it was one.
          if (kind !== 'complaint') assert.equal(dueKey(f), NO_DUE);
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

// A free reply or an interim update (src/core/correspondence/reply.ts) is correspondence, never the definitive
// answer (P4.4): whatever the case went through before, recording one leaves its clock as it was.
describe('a free reply and the clock', () => {
  const RECEIVED = '2026-12-23T17:00:00.000Z';
  const receive = receiveCommand({
    receivedAt: RECEIVED,
    fields: { ticketRefs: [], domains: [], description: 'Le site est hors ligne.', expectations: null },
    missing: ['expectations'],
  });
  const commands: CaseCommand[] = [
    { type: 'acknowledge', channel: 'email', correspondenceId: null },
    { type: 'request_information', missing: ['expectations'], note: null, correspondenceId: null },
    { type: 'add_note', text: 'Appelé le registrar.' },
    { type: 'answer', outcome: 'upheld', text: 'Rétabli.', remedy: null, correspondenceId: null },
    { type: 'close', reason: 'Réglé.' },
    { type: 'reopen', reason: 'Nouveau message.' },
    { type: 'reply', kind: 'reply', correspondenceId: null },
    { type: 'reply', kind: 'update', correspondenceId: null },
  ];
  const factsOf = (s: CaseState): ClockFacts => ({
    kind: s.kind,
    status: s.status,
    acknowledgeBy: s.deadline?.acknowledgeBy ?? null,
    acknowledgedAt: s.acknowledgedAt,
    answerBy: s.deadline?.answerBy ?? null,
    answerByDate: s.deadline?.answerByDate ?? null,
    answeredAt: s.answeredAt,
  });

  it('property: after any history, a reply is accepted and changes neither the clock nor the status', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.constantFrom(...commands), fc.integer({ min: 1, max: 3 * 86_400_000 })), {
          maxLength: 12,
        }),
        fc.constantFrom('reply' as const, 'update' as const),
        fc.integer({ min: 0, max: 30 * 86_400_000 }),
        (history, kind, later) => {
          let at = Date.parse(RECEIVED);
          const ctxAt = (ms: number) => ({
            now: new Date(ms).toISOString(),
            calendar: testCalendar,
            policy: testPolicy,
          });
          let s: CaseState | null = null;
          for (const [command, gap] of [[receive, 0] as const, ...history]) {
            at += gap;
            const d = decideCase(s, command, ctxAt(at));
            if (!d.ok) continue;
            for (const e of d.events)
              s = evolveCase(s, e, { at: new Date(at).toISOString(), actor: 'user:t' });
          }
          const before = s!;
          at += later;
          const d = decideCase(before, { type: 'reply', kind, correspondenceId: 'r1' }, ctxAt(at));
          assert.ok(d.ok, 'a reply is never refused by the procedure');
          let after = before;
          for (const e of d.events)
            after = evolveCase(after, e, { at: new Date(at).toISOString(), actor: 'user:t' });
          assert.deepEqual(
            d.events.map((e) => e.type),
            ['replied'],
          );
          for (const key of [
            'status',
            'deadline',
            'originalDeadline',
            'acknowledgedAt',
            'answeredAt',
            'outcome',
            'closedAt',
            'extensions',
            'waitingOnComplainant',
          ] as const)
            assert.deepEqual(after[key], before[key], key);
          const now = new Date(at).toISOString();
          assert.deepEqual(
            clockAt(factsOf(after), now, testCalendar, 2),
            clockAt(factsOf(before), now, testCalendar, 2),
          );
          assert.equal(dueKey(factsOf(after)), dueKey(factsOf(before)));
        },
      ),
      { numRuns: 300 },
    );
  });
});
