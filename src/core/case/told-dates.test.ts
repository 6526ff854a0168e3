// An answer date told to a complainant stays told: a calendar change does not move it once the acknowledgement
// has carried it, and merging a duplicate never makes the promise later than the one the duplicate was given.
// A suggestion or "other" case made a complaint starts at step 1, so that it can be escalated once answered.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { bwHolidays, testPolicy } from '../../../test/support/calendar.ts';
import { type ReceiveCommand, receiveCommand } from '../../../test/support/case-commands.ts';
import { BusinessCalendar } from '../calendar/business-calendar.ts';
import { type CaseCommand, type CaseState, decideCase, evolveCase } from './case.ts';

const calendar = (closureDays: string[] = []) =>
  new BusinessCalendar({
    timeZone: 'Europe/Berlin',
    workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri'],
    holidays: bwHolidays,
    closureDays,
  });
const plain = calendar();

const receive = (o: Partial<ReceiveCommand> = {}): CaseCommand =>
  receiveCommand({
    receivedAt: '2026-11-02T09:00:00.000Z',
    language: 'en',
    subject: 'Service down',
    fields: { ticketRefs: [], domains: [], description: 'The site is down.', expectations: 'A credit.' },
    correspondenceId: null,
    ...o,
  });

/** Applies each command at its instant (and with its calendar); fails on the first refusal. */
function run(commands: Array<[CaseCommand, string, BusinessCalendar?]>, start: CaseState | null = null) {
  let state = start;
  for (const [command, at, cal = plain] of commands) {
    const d = decideCase(state, command, { now: at, calendar: cal, policy: testPolicy });
    assert.ok(d.ok, d.ok ? '' : `${command.type} refused: ${d.refusal.code} ${d.refusal.message}`);
    for (const e of d.events) state = evolveCase(state, e, { at, actor: 'user:test' });
  }
  return state!;
}

const acknowledge: CaseCommand = { type: 'acknowledge', channel: 'email', correspondenceId: 'ack' };
const recompute: CaseCommand = { type: 'recompute_deadlines', reason: 'closure days changed', written: [] };
const instant = (from: string, to: string) =>
  fc.integer({ min: Date.parse(from), max: Date.parse(to) }).map((ms) => new Date(ms).toISOString());
/** Up to five working days of November and December 2026, as closure days. */
const closures = fc.uniqueArray(
  fc.integer({ min: 0, max: 60 }).map((d) => new Date(Date.UTC(2026, 10, 1 + d)).toISOString().slice(0, 10)),
  { maxLength: 5 },
);

describe('a calendar change and the answer date already told (P3.2, P4.2)', () => {
  it('moves the deadline of a complaint not acknowledged yet, recorded with the old and the new one', () => {
    const s = run([[receive(), '2026-11-02T09:00:00.000Z']]);
    const moved = run([[recompute, '2026-11-03T09:00:00.000Z', calendar(['2026-11-10'])]], s);
    assert.equal(s.deadline!.answerByDate, '2026-11-16');
    assert.equal(moved.deadline!.answerByDate, '2026-11-17');
    assert.equal(moved.originalDeadline!.answerByDate, '2026-11-16');
  });

  it('leaves an acknowledged complaint on the date its acknowledgement told, later or earlier', () => {
    const told = run([
      [receive(), '2026-11-02T09:00:00.000Z'],
      [acknowledge, '2026-11-02T09:01:00.000Z'],
    ]);
    // A closure day would make it later; Saturdays as working days would make it earlier.
    const sixDays = new BusinessCalendar({
      timeZone: 'Europe/Berlin',
      workingWeek: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
      holidays: bwHolidays,
      closureDays: [],
    });
    for (const cal of [calendar(['2026-11-10']), sixDays]) {
      const d = decideCase(told, recompute, {
        now: '2026-11-05T09:00:00.000Z',
        calendar: cal,
        policy: testPolicy,
      });
      assert.equal(d.ok, false);
      if (!d.ok) assert.match(d.refusal.message, /not been told/);
    }
  });

  it('property: once acknowledged, no calendar change moves either deadline', () => {
    fc.assert(
      fc.property(
        instant('2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z'),
        fc.integer({ min: 0, max: 3 * 86_400_000 }),
        closures,
        (receivedAt, delay, closureDays) => {
          const ackAt = new Date(Date.parse(receivedAt) + delay).toISOString();
          const s = run([
            [receive({ receivedAt }), receivedAt],
            [acknowledge, ackAt],
          ]);
          const d = decideCase(s, recompute, {
            now: ackAt,
            calendar: calendar(closureDays),
            policy: testPolicy,
          });
          const after = d.ok
            ? d.events.reduce<CaseState>((x, e) => evolveCase(x, e, { at: ackAt, actor: 't' }), s)
            : s;
          assert.deepEqual(after.deadline, s.deadline);
        },
      ),
    );
  });

  it('property: a text naming the answer date, once written (a request for information, an acknowledgement letter to post), keeps it; other texts do not', () => {
    const purposes = fc.subarray([
      'acknowledgement',
      'information_request',
      'step2_by_post',
      'restriction_notice',
      'answer',
    ]);
    fc.assert(
      fc.property(
        instant('2026-11-01T00:00:00Z', '2026-11-30T00:00:00Z'),
        fc.integer({ min: 0, max: 3 * 86_400_000 }),
        closures,
        purposes,
        (receivedAt, delay, closureDays, written) => {
          const now = new Date(Date.parse(receivedAt) + delay).toISOString();
          // Not acknowledged: nothing on the case itself says the date was told.
          const s = run([[receive({ receivedAt }), receivedAt]]);
          const ctx = { now, calendar: calendar(closureDays), policy: testPolicy };
          const d = decideCase(s, { ...recompute, written }, ctx);
          const untold = decideCase(s, { ...recompute, written: [] }, ctx);
          if (written.includes('acknowledgement') || written.includes('information_request')) {
            assert.equal(d.ok, false);
            if (!d.ok) assert.equal(d.refusal.details.context, 'deadline_told');
          } else assert.deepEqual(d, untold);
        },
      ),
    );
  });
});

describe('merging duplicates keeps the earliest promise (P4.1, P7.2)', () => {
  const caseAt = (id: string, receivedAt: string, reference: string) => {
    const s = run([[receive({ caseId: id, reference, receivedAt }), receivedAt]]);
    s.id = id;
    return s;
  };

  it('an older, overdue duplicate merged into a newer case: the survivor takes its answer date, shown as missed', () => {
    const older = caseAt('A', '2026-11-02T09:00:00.000Z', 'RC-2026-000001');
    const newer = caseAt('B', '2026-11-20T09:00:00.000Z', 'RC-2026-000002');
    const now = '2026-11-23T09:00:00.000Z';
    const survivor = run([[{ type: 'absorb_duplicate', source: older }, now]], newer);
    assert.equal(survivor.deadline!.answerByDate, '2026-11-16');
    assert.equal(
      survivor.deadline!.acknowledgeBy,
      newer.deadline!.acknowledgeBy,
      'its own acknowledgement deadline',
    );
    assert.ok(survivor.deadline!.answerBy < now, 'the missed date stays visible on the case that remains');
    // The other way round nothing changes: the survivor's date is already the earlier one.
    const kept = run([[{ type: 'absorb_duplicate', source: newer }, now]], older);
    assert.deepEqual(kept.deadline, older.deadline);
  });

  it('property: the survivor is never due later than an unanswered complaint merged into it', () => {
    fc.assert(
      fc.property(
        instant('2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z'),
        instant('2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z'),
        fc.boolean(),
        (a, b, answerSurvivor) => {
          const src = caseAt('A', a, 'RC-2026-000001');
          let survivor = caseAt('B', b, 'RC-2026-000002');
          const later = [a, b].sort()[1]!;
          if (answerSurvivor)
            survivor = run(
              [
                [
                  { type: 'answer', outcome: 'upheld', text: 'Yes.', remedy: null, correspondenceId: null },
                  later,
                ],
              ],
              survivor,
            );
          const merged = run([[{ type: 'absorb_duplicate', source: src }, later]], survivor);
          if (answerSurvivor)
            assert.deepEqual(merged.deadline, survivor.deadline, 'an answered case keeps its own');
          else assert.ok(merged.deadline!.answerBy <= src.deadline!.answerBy);
          assert.ok(merged.deadline!.answerBy <= survivor.deadline!.answerBy);
        },
      ),
    );
  });

  /** Merging `dup` into `into` is refused from both sides (the duplicate's and the case that would remain). */
  const refusedBothWays = (dup: CaseState, into: CaseState, code: string, message: RegExp) => {
    for (const [s, command] of [
      [dup, { type: 'merge_into', target: into }],
      [into, { type: 'absorb_duplicate', source: dup }],
    ] as Array<[CaseState, CaseCommand]>) {
      const d = decideCase(s, command, {
        now: '2026-11-04T09:00:00.000Z',
        calendar: plain,
        policy: testPolicy,
      });
      assert.equal(d.ok, false, command.type);
      if (!d.ok) {
        assert.equal(d.refusal.code, code);
        assert.match(d.refusal.message, message);
      }
    }
  };

  it("refuses merging another person's case: a duplicate is the same complainant's", () => {
    const theirs = run([
      [
        receive({ caseId: 'B', reference: 'RC-2026-000002', complainantId: 'p2' }),
        '2026-11-02T10:00:00.000Z',
      ],
    ]);
    theirs.id = 'B';
    refusedBothWays(
      caseAt('A', '2026-11-02T09:00:00.000Z', 'RC-2026-000001'),
      theirs,
      'invalid_command',
      /another complainant record: .* merge the complainant records first/,
    );
  });

  it('refuses merging into a closed case, from either side', () => {
    const closed = run(
      [[{ type: 'close', reason: 'Withdrawn by the complainant.' }, '2026-11-03T09:00:00.000Z']],
      caseAt('B', '2026-11-02T10:00:00.000Z', 'RC-2026-000002'),
    );
    refusedBothWays(
      caseAt('A', '2026-11-02T09:00:00.000Z', 'RC-2026-000001'),
      closed,
      'case_closed',
      /RC-2026-000002 is closed: reopen it first/,
    );
  });
});

describe('reclassifying into a complaint', () => {
  it('a suggestion made a complaint is at step 1, and can be escalated once answered', () => {
    const s = run([
      [receive({ kind: 'suggestion', step: null }), '2026-11-02T09:00:00.000Z'],
      [
        { type: 'reclassify', kind: 'complaint', reason: null, note: 'A complaint after all.' },
        '2026-11-02T10:00:00.000Z',
      ],
      [acknowledge, '2026-11-02T10:00:00.000Z'],
      [
        { type: 'answer', outcome: 'not_upheld', text: 'No.', remedy: null, correspondenceId: null },
        '2026-11-03T10:00:00.000Z',
      ],
    ]);
    assert.equal(s.step, 1);
    run(
      [
        [
          { type: 'escalate', step2CaseId: 'c2', step2Reference: 'RC-2026-000009' },
          '2026-11-04T10:00:00.000Z',
        ],
      ],
      s,
    );
  });

  it('a step-2 complaint made "other" and back keeps its step', () => {
    const s = run([
      [receive({ step: 2 }), '2026-11-02T09:00:00.000Z'],
      [{ type: 'reclassify', kind: 'other', reason: 'abuse_report', note: null }, '2026-11-02T10:00:00.000Z'],
      [{ type: 'reclassify', kind: 'complaint', reason: null, note: null }, '2026-11-02T11:00:00.000Z'],
    ]);
    assert.equal(s.step, 2);
  });
});
