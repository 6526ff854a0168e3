// The rules of the procedure as pure functions: each refusal, and that a step-2 request is never refused.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { testCalendar, testPolicy } from '../../../test/support/calendar.ts';
import { type ReceiveCommand, receiveCommand } from '../../../test/support/case-commands.ts';
import { type CaseCommand, type CaseState, decideCase, evolveCase, replayCase } from './case.ts';
import type { CaseEvent } from './case-events.ts';
import type { RefusalCode } from './refusal.ts';

const RECEIVED = '2026-12-23T17:00:00.000Z';
const ctxAt = (now: string) => ({ now, calendar: testCalendar, policy: testPolicy });
const ctx = ctxAt('2026-12-23T18:00:00.000Z');

function receive(over: Partial<ReceiveCommand> = {}): ReceiveCommand {
  return receiveCommand({ receivedAt: RECEIVED, ...over });
}

/** Applies commands in order, each at its own instant; fails on the first refusal. */
function run(commands: Array<[CaseCommand, string?]>): CaseState {
  let state: CaseState | null = null;
  for (const [command, at = '2026-12-23T18:00:00.000Z'] of commands) {
    const d = decideCase(state, command, ctxAt(at));
    assert.ok(d.ok, d.ok ? '' : `${command.type} refused: ${d.refusal.code} ${d.refusal.message}`);
    for (const e of d.events) state = evolveCase(state, e, { at, actor: 'user:test' });
  }
  return state!;
}

function refusedWith(state: CaseState | null, command: CaseCommand, code: RefusalCode, now = ctx.now): void {
  const d = decideCase(state, command, ctxAt(now));
  assert.equal(d.ok, false, `${command.type} should be refused with ${code}`);
  if (!d.ok) {
    assert.equal(d.refusal.code, code);
    assert.ok(d.refusal.message.length > 10, 'a refusal says what is wrong');
  }
}

const answer = {
  type: 'answer',
  outcome: 'partly_upheld',
  text: 'Nous vous accordons un avoir.',
  remedy: '1 mois offert',
  correspondenceId: null,
} as const;

describe('receiving', () => {
  it('opens a step-1 complaint with the deadlines of P3.1 and P4.2', () => {
    const s = run([[receive()]]);
    assert.equal(s.status, 'received');
    assert.equal(s.step, 1);
    assert.deepEqual(s.deadline, {
      acknowledgeBy: '2026-12-24T17:00:00.000Z',
      answerBy: '2027-01-11T22:59:59.999Z',
      answerByDate: '2027-01-11',
    });
    assert.deepEqual(s.originalDeadline, s.deadline);
  });

  it('gives a suggestion no clock (P9.2)', () => {
    const s = run([[receive({ kind: 'suggestion', step: null, reference: 'SG-2026-000001' })]]);
    assert.equal(s.deadline, null);
    assert.equal(s.step, null);
    assert.equal(s.suggestionStatus, 'received');
  });

  it('never refuses a step-2 request: linked when step 1 is answered, warned otherwise (P5.3)', () => {
    const step1 = run([[receive()], [answer]]);
    const linked = run([[receive({ caseId: 'c2', step: 2, step1 })]]);
    assert.equal(linked.step1CaseId, step1.id);
    assert.equal(linked.warning, null);
    const unanswered = run([[receive()]]);
    const warned = run([[receive({ caseId: 'c3', step: 2, step1: unanswered })]]);
    assert.equal(warned.warning, 'step1_not_answered');
    assert.equal(warned.flagged, true);
    const orphan = run([[receive({ caseId: 'c4', step: 2, step1: null })]]);
    assert.equal(orphan.warning, 'no_step1_case');
    assert.ok(orphan.deadline, 'step 2 has the same clock (P5.2)');
  });

  it('refuses to receive the same case twice', () => {
    refusedWith(run([[receive()]]), receive(), 'invalid_command');
  });
});

describe('the rules refuse what the procedure does not allow', () => {
  const open = () => run([[receive()]]);
  const answered = () => run([[receive()], [answer]]);
  const closed = () => run([[receive()], [answer], [{ type: 'close', reason: 'quiet period' }]]);

  it('escalating an unanswered case', () => {
    refusedWith(
      open(),
      { type: 'escalate', step2CaseId: 'c2', step2Reference: 'RC-2026-000002' },
      'not_answered',
    );
  });

  it('escalating a step-2 case, or one already escalated', () => {
    const s2 = run([[receive({ step: 2 })], [answer]]);
    refusedWith(s2, { type: 'escalate', step2CaseId: 'x', step2Reference: 'x' }, 'not_step_1');
    const escalated = run([
      [receive()],
      [answer],
      [{ type: 'escalate', step2CaseId: 'c2', step2Reference: 'RC-2026-000002' }],
    ]);
    assert.equal(escalated.step2CaseId, 'c2');
    refusedWith(escalated, { type: 'escalate', step2CaseId: 'c3', step2Reference: 'x' }, 'already_escalated');
  });

  it('escalating a closed answered case is still possible (P4.6)', () => {
    const d = decideCase(
      closed(),
      { type: 'escalate', step2CaseId: 'c2', step2Reference: 'RC-2026-000002' },
      ctx,
    );
    assert.ok(d.ok);
  });

  const extend = (windowStart: string, windowEnd: string) =>
    ({
      type: 'extend',
      reason: 'Expertise technique en cours',
      windowStart,
      windowEnd,
      correspondenceId: null,
    }) as const;

  it('extending after the answer-by', () => {
    refusedWith(open(), extend('2027-01-12', '2027-01-20'), 'answer_by_passed', '2027-01-12T08:00:00.000Z');
  });

  it('a window that ends before it starts', () => {
    refusedWith(open(), extend('2027-01-20', '2027-01-15'), 'window_reversed');
  });

  it('a window that does not end after the current answer-by, starts in the past or before the answer-by, or ends on a holiday', () => {
    refusedWith(open(), extend('2027-01-11', '2027-01-11'), 'window_not_later');
    refusedWith(open(), extend('2026-12-22', '2027-01-20'), 'window_starts_in_past');
    refusedWith(open(), extend('2027-01-04', '2027-01-20'), 'window_starts_before_answer_date');
    refusedWith(open(), extend('2027-01-12', '2027-01-16'), 'window_end_not_working_day');
    refusedWith(open(), { ...extend('2027-01-12', '2027-01-20'), reason: '  ' }, 'empty_text');
  });

  it('extending an answered case', () => {
    refusedWith(answered(), extend('2027-01-12', '2027-01-20'), 'already_answered');
  });

  it('answering a closed case, or answering twice', () => {
    refusedWith(closed(), answer, 'case_closed');
    refusedWith(answered(), answer, 'already_answered');
  });

  it('answering or extending a suggestion', () => {
    const sg = run([[receive({ kind: 'suggestion', step: null })]]);
    refusedWith(sg, answer, 'not_a_complaint');
    refusedWith(sg, extend('2027-01-12', '2027-01-20'), 'not_a_complaint');
  });

  it('acknowledging twice, or a case of kind other', () => {
    const acked = run([[receive()], [{ type: 'acknowledge', channel: 'email', correspondenceId: 'o1' }]]);
    refusedWith(
      acked,
      { type: 'acknowledge', channel: 'email', correspondenceId: null },
      'already_acknowledged',
    );
    const other = run([
      [receive()],
      [{ type: 'reclassify', kind: 'other', reason: 'abuse_report', note: null }],
    ]);
    refusedWith(
      other,
      { type: 'acknowledge', channel: 'email', correspondenceId: null },
      'not_acknowledgeable',
    );
  });

  it('reclassifying as other without a reason', () => {
    refusedWith(open(), { type: 'reclassify', kind: 'other', reason: null, note: null }, 'invalid_command');
  });

  it('reclassifying: a reason with another kind is no change; a closed case only leaves the figures', () => {
    refusedWith(open(), { type: 'reclassify', kind: 'complaint', reason: 'spam', note: null }, 'same_value');
    refusedWith(
      closed(),
      { type: 'reclassify', kind: 'suggestion', reason: null, note: null },
      'case_closed',
    );
    const other = run([
      [receive()],
      [answer],
      [{ type: 'close', reason: 'quiet period' }],
      [{ type: 'reclassify', kind: 'other', reason: 'data_protection', note: '  GDPR request.  ' }],
    ]);
    assert.equal(other.kind, 'other');
    assert.equal(other.otherReason, 'data_protection');
  });

  it('closing twice, reopening an open case, empty notes', () => {
    refusedWith(closed(), { type: 'close', reason: 'again' }, 'case_closed');
    refusedWith(open(), { type: 'reopen', reason: 'why' }, 'case_not_closed');
    refusedWith(open(), { type: 'add_note', text: '   ' }, 'empty_text');
  });

  it('marking posted a letter that is not waiting', () => {
    refusedWith(open(), { type: 'mark_letter_posted', letterId: 'l1' }, 'no_such_letter');
  });

  it('acting on a case that does not exist', () => {
    refusedWith(null, { type: 'assign', to: 'u1' }, 'case_not_found');
  });
});

describe('what the rules record', () => {
  it('an extension moves answer-by to the end of the window and keeps the original (P4.3)', () => {
    const s = run([
      [receive()],
      [
        {
          type: 'extend',
          reason: 'Expertise',
          windowStart: '2027-01-12',
          windowEnd: '2027-01-20',
          correspondenceId: null,
        },
      ],
      [
        {
          type: 'extend',
          reason: 'Encore',
          windowStart: '2027-01-21',
          windowEnd: '2027-01-29',
          correspondenceId: null,
        },
        '2027-01-15T10:00:00.000Z',
      ],
    ]);
    assert.equal(s.deadline?.answerByDate, '2027-01-29');
    assert.equal(s.deadline?.answerBy, '2027-01-29T22:59:59.999Z');
    assert.equal(s.originalDeadline?.answerByDate, '2027-01-11');
    assert.deepEqual(
      s.extensions.map((e) => [e.previousAnswerByDate, e.answerByDate]),
      [
        ['2027-01-11', '2027-01-20'],
        ['2027-01-20', '2027-01-29'],
      ],
    );
  });

  it('requesting information waits on the complainant without stopping the clock (P4.5)', () => {
    const s = run([
      [receive()],
      [{ type: 'request_information', missing: ['expectations'], note: null, correspondenceId: null }],
    ]);
    assert.equal(s.waitingOnComplainant, true);
    assert.equal(s.deadline?.answerByDate, '2027-01-11');
    const d = decideCase(
      s,
      {
        type: 'file_correspondence',
        correspondenceId: 'm2',
        direction: 'in',
        channel: 'email',
        fromComplainant: true,
      },
      ctx,
    );
    assert.ok(d.ok);
    assert.deepEqual(d.ok && d.events.map((e) => e.type), ['correspondence_filed', 'information_received']);
  });

  it('close, reopen and the whole lifecycle replay to the same state', () => {
    const at = (i: number) => `2026-12-2${4 + (i % 5)}T10:00:00.000Z`;
    const commands: CaseCommand[] = [
      receive(),
      { type: 'acknowledge', channel: 'email', correspondenceId: 'o1' },
      { type: 'assign', to: 'u1' },
      { type: 'categorise', category: 'billing' },
      { type: 'add_note', text: 'Called billing.' },
      answer,
      { type: 'close', reason: 'quiet period' },
      { type: 'reopen', reason: 'complainant wrote again' },
    ];
    const log: Array<{ event: CaseEvent; meta: { at: string; actor: string } }> = [];
    let state: CaseState | null = null;
    commands.forEach((c, i) => {
      const d = decideCase(state, c, ctxAt(at(i)));
      assert.ok(d.ok);
      for (const event of d.events) {
        const meta = { at: at(i), actor: 'user:test' };
        state = evolveCase(state, event, meta);
        log.push({ event, meta });
      }
    });
    const s = state as unknown as CaseState;
    assert.equal(s.status, 'answered');
    assert.equal(s.ownerId, 'u1');
    assert.equal(s.category, 'billing');
    assert.deepEqual(replayCase('', log), s);
  });

  it('a suggestion is forwarded, acknowledged by the department and done (P9)', () => {
    const s = run([
      [receive({ kind: 'suggestion', step: null })],
      [{ type: 'forward_suggestion', department: 'hosting', note: null }],
      [{ type: 'department_acknowledge_suggestion' }],
      [{ type: 'complete_suggestion', note: 'Added to the roadmap' }],
    ]);
    assert.equal(s.suggestionStatus, 'done');
    assert.equal(s.department, 'hosting');
  });
});
