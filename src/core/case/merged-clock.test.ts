// A duplicate merged into another case has no clock of its own any more (P4.1, P4.3): its complaint is answered on
// the case that remains, which took the earlier answer date of the two. Reopening it was accepted by the rule
// (every door: the page's form posted by hand, the API), which gave the duplicate its old deadline back: it came
// back into the queue as late or due, could be extended (a notice under the duplicate's reference) and answered
// apart, one complaint promised twice. Extending it was refused as "closed: reopen it first", which led there.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bwHolidays, testPolicy } from '../../../test/support/calendar.ts';
import { receiveCommand } from '../../../test/support/case-commands.ts';
import { BusinessCalendar } from '../calendar/business-calendar.ts';
import { type CaseCommand, type CaseState, decideCase, evolveCase } from './case.ts';
import { owesAnswer } from './clock.ts';

const calendar = new BusinessCalendar({
  timeZone: 'Europe/Berlin',
  workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
  holidays: bwHolidays,
  closureDays: [],
});
const ctx = (now: string) => ({ now, calendar, policy: testPolicy });

function apply(state: CaseState | null, command: CaseCommand, at: string): CaseState {
  const d = decideCase(state, command, ctx(at));
  assert.ok(d.ok, d.ok ? '' : `${command.type} refused: ${d.refusal.message}`);
  return d.events.reduce<CaseState>((s, e) => evolveCase(s, e, { at, actor: 'user:test' }), state!);
}

/** Two complaints of the same person; the second is merged into the first, as mergeCases records it. */
function mergedPair(receivedAt: string, acknowledged: boolean) {
  const at = receivedAt;
  let first = apply(null, receiveCommand({ caseId: 'A', reference: 'RC-2026-000001', receivedAt: at }), at);
  let dup = apply(null, receiveCommand({ caseId: 'B', reference: 'RC-2026-000002', receivedAt: at }), at);
  // The store gives each state its case's id (as told-dates.test.ts does by hand).
  first.id = 'A';
  dup.id = 'B';
  if (acknowledged) dup = apply(dup, { type: 'acknowledge', channel: 'email', correspondenceId: 'k' }, at);
  dup = apply(dup, { type: 'merge_into', target: first }, at);
  first = apply(first, { type: 'absorb_duplicate', source: dup }, at);
  return { first, dup };
}

const instant = fc
  .integer({ min: Date.parse('2026-10-01T00:00:00Z'), max: Date.parse('2026-12-20T00:00:00Z') })
  .map((ms) => new Date(ms).toISOString());

describe('a merged duplicate has no clock of its own', () => {
  it('property: reopening it is refused, saying to act on the case it was merged into; it owes no answer', () => {
    fc.assert(
      fc.property(instant, fc.boolean(), fc.integer({ min: 0, max: 20 * 86_400_000 }), (at, ack, later) => {
        const { dup } = mergedPair(at, ack);
        const now = new Date(Date.parse(at) + later).toISOString();
        const d = decideCase(dup, { type: 'reopen', reason: 'The complainant wrote again.' }, ctx(now));
        assert.equal(d.ok, false);
        if (!d.ok) {
          assert.equal(d.refusal.code, 'case_closed');
          assert.equal(d.refusal.details.context, 'merged');
        }
        assert.equal(owesAnswer(dup), false);
      }),
    );
  });

  it('property: every act on its clock is refused the same way, never "reopen it first"', () => {
    const acts: CaseCommand[] = [
      { type: 'acknowledge', channel: 'email', correspondenceId: 'k2' },
      { type: 'request_information', missing: ['expectations'], note: null, correspondenceId: null },
      { type: 'answer', outcome: 'upheld', text: 'Yes.', remedy: null, correspondenceId: null },
      { type: 'renew_promise' },
      { type: 'reopen', reason: 'Again.' },
    ];
    fc.assert(
      fc.property(instant, fc.boolean(), fc.constantFrom(...acts), (at, ack, command) => {
        const { dup } = mergedPair(at, ack);
        const d = decideCase(dup, command, ctx(at));
        assert.equal(d.ok, false, command.type);
        if (!d.ok && d.refusal.code === 'case_closed') assert.equal(d.refusal.details.context, 'merged');
      }),
    );
  });

  it('property: extending it is refused the same way (not "reopen it first")', () => {
    fc.assert(
      fc.property(instant, fc.boolean(), (at, ack) => {
        const { dup } = mergedPair(at, ack);
        const first = calendar.addWorkingDays(dup.deadline!.answerByDate, 1).toString();
        const last = calendar.addWorkingDays(dup.deadline!.answerByDate, 5).toString();
        const d = decideCase(
          dup,
          {
            type: 'extend',
            reason: 'An expert must look.',
            windowStart: first,
            windowEnd: last,
            correspondenceId: null,
          },
          ctx(at),
        );
        assert.equal(d.ok, false);
        if (!d.ok) {
          assert.equal(d.refusal.code, 'case_closed');
          assert.equal(d.refusal.details.context, 'merged');
        }
      }),
    );
  });
});
