// A wait on the complainant moves the answer date (P4.5, when the clock pauses) only when the request told them the
// days waited are added: a request made while the setting was off, or stored before starts were kept, told them the
// date stands, and their answer moves nothing; a note tells staff why, so they may extend (P4.3).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { testCalendar, testPolicy } from '../../../test/support/calendar.ts';
import { receiveCommand } from '../../../test/support/case-commands.ts';
import type { DeadlinePolicy } from '../calendar/business-calendar.ts';
import { staffNote } from '../intake/staff-notes.ts';
import { type CaseCommand, type CaseState, decideCase, evolveCase } from './case.ts';
import type { CaseEvent } from './case-events.ts';

const pausing: DeadlinePolicy = { ...testPolicy, pauseWhileWaiting: true };
const running: DeadlinePolicy = { ...testPolicy, pauseWhileWaiting: false };

function step(state: CaseState | null, command: CaseCommand, now: string, policy: DeadlinePolicy) {
  const d = decideCase(state, command, { now, calendar: testCalendar, policy });
  assert.ok(d.ok, d.ok ? '' : d.refusal.message);
  let s = state;
  for (const e of d.events) s = evolveCase(s, e, { at: now, actor: 'system' });
  return { state: s!, events: d.events as CaseEvent[] };
}

const ask: CaseCommand = {
  type: 'request_information',
  missing: ['expectations'],
  note: null,
  correspondenceId: 'a',
};
const answer: CaseCommand = {
  type: 'file_correspondence',
  correspondenceId: 'r',
  direction: 'in',
  channel: 'email',
  fromComplainant: true,
};

describe('a wait whose request told the complainant the date stands', () => {
  it('moves nothing when they answer with the clock pausing, and notes why for staff', () => {
    fc.assert(
      fc.property(fc.boolean(), fc.integer({ min: 1, max: 8 }), (storedBefore, days) => {
        const received = step(
          null,
          receiveCommand({ receivedAt: '2026-11-02T09:00:00.000Z' }),
          '2026-11-02T09:00:00.000Z',
          running,
        ).state;
        let asked = step(received, ask, '2026-11-03T10:00:00.000Z', storedBefore ? pausing : running).state;
        // As an earlier release stored it: waiting, without a start.
        if (storedBefore) asked = { ...asked, waitingSince: undefined };
        const at = new Date(Date.parse('2026-11-03T10:00:00.000Z') + days * 86_400_000).toISOString();
        const after = step(asked, answer, at, pausing);
        assert.ok(!after.events.some((e) => e.type === 'answer_date_moved_by_wait'));
        assert.equal(after.state.deadline?.answerByDate, received.deadline?.answerByDate);
        assert.equal(after.state.waitingOnComplainant, false);
        const note = after.events.find((e) => e.type === 'note_added');
        assert.equal(note?.type === 'note_added' ? note.payload.text : null, staffNote('waitStartUnknown'));
      }),
    );
  });

  it('moves the date when the request told them the days are added', () => {
    const received = step(
      null,
      receiveCommand({ receivedAt: '2026-11-02T09:00:00.000Z' }),
      '2026-11-02T09:00:00.000Z',
      pausing,
    ).state;
    const asked = step(received, ask, '2026-11-03T10:00:00.000Z', pausing);
    const requested = asked.events.find((e) => e.type === 'information_requested');
    assert.equal(requested?.type === 'information_requested' && requested.payload.clockPaused, true);
    const after = step(asked.state, answer, '2026-11-06T08:00:00.000Z', pausing);
    assert.ok(after.events.some((e) => e.type === 'answer_date_moved_by_wait'));
    assert.ok(!after.events.some((e) => e.type === 'note_added'));
  });
});
