// The regulator's half-year return (regulator.ts): which complaints its "open" column holds (those still owed an
// answer, as the register and the report's "open and overdue" decide it: a complaint closed without an answer is
// not one), and that a return counts each complaint as it stood at the end of the half year, so that events after
// that end (an answer, a closure, a category, a reclassification, a merge) never move a return already filed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { testCalendar } from '../../../test/support/calendar.ts';
import { type CaseState, type EventMeta, replayCase } from '../case/case.ts';
import type { CaseEvent, Deadline } from '../case/case-events.ts';
import { registerEntry } from './register.ts';
import {
  type RegulatorComplaint,
  regulatorComplaintAsOf,
  regulatorComplaintOf,
  regulatorReturn,
} from './regulator.ts';
import type { ReportFilter } from './report-filter.ts';

/** The first instant after 2026-H1 in Berlin (the test calendar's zone). */
const END_H1 = testCalendar.startOfDay('2026-07-01');

const DEADLINE: Deadline = {
  acknowledgeBy: '2026-06-11T08:00:00.000Z',
  answerBy: '2026-06-24T21:59:59.999Z',
  answerByDate: '2026-06-24',
};

type Step = { event: CaseEvent; meta: EventMeta };

const at = (instant: string) => ({ at: instant, actor: 'test' });

const receipt = (receivedAt: string, recordedAt = receivedAt): Step => ({
  event: {
    type: 'case_received',
    payload: {
      kind: 'complaint',
      reference: 'RC-2026-000001',
      step: 1,
      channel: 'letter',
      complainantId: 'p1',
      receivedAt,
      language: 'de',
      subject: 'Beschwerde',
      fields: { ticketRefs: [], domains: [], description: 'x', expectations: 'y' },
      missing: [],
      correspondenceId: null,
      deadline: DEADLINE,
      step1CaseId: null,
      step1Reference: null,
      warning: null,
    },
  } as CaseEvent,
  meta: at(recordedAt),
});

const answered = (instant: string, outcome: 'upheld' | 'not_upheld' = 'upheld'): Step => ({
  event: {
    type: 'answered',
    payload: { outcome, text: 'Our answer.', remedy: null, correspondenceId: null },
  },
  meta: at(instant),
});
const closed = (instant: string, reason = 'withdrawn by the complainant'): Step => ({
  event: { type: 'closed', payload: { reason } },
  meta: at(instant),
});
const reopened = (instant: string): Step => ({
  event: { type: 'reopened', payload: { reason: 'wrote again' } },
  meta: at(instant),
});
const acknowledged = (instant: string): Step => ({
  event: { type: 'acknowledged', payload: { channel: 'letter', correspondenceId: null } },
  meta: at(instant),
});
const categorised = (instant: string, to: string): Step => ({
  event: { type: 'categorised', payload: { from: null, to } },
  meta: at(instant),
});
const reclassified = (instant: string): Step => ({
  event: {
    type: 'reclassified',
    payload: { from: 'complaint', to: 'other', reason: 'spam', deadline: null, note: null },
  },
  meta: at(instant),
});
const merged = (instant: string): Step => ({
  event: { type: 'merged_into', payload: { targetCaseId: 'c0', targetReference: 'RC-2026-000000' } },
  meta: at(instant),
});
const assigned = (instant: string, to: string | null): Step => ({
  event: { type: 'assigned', payload: { from: null, to } },
  meta: at(instant),
});
const extended = (instant: string): Step => ({
  event: {
    type: 'extended',
    payload: {
      reason: 'Waiting for the registry.',
      windowStart: '2026-07-01',
      windowEnd: '2026-07-10',
      previousAnswerBy: DEADLINE.answerBy,
      previousAnswerByDate: DEADLINE.answerByDate,
      answerBy: '2026-07-10T21:59:59.999Z',
      answerByDate: '2026-07-10',
    },
  } as CaseEvent,
  meta: at(instant),
});

/** A complaint as a return run right now would count it, from the state its whole history gives. */
const now = (history: Step[]) => regulatorComplaintOf(replayCase('c1', history) as CaseState);

describe("the regulator's open column", () => {
  const complaint = (over: Partial<RegulatorComplaint>): RegulatorComplaint => ({
    receivedAt: '2026-03-02T09:00:00.000Z',
    answeredAt: null,
    answerBy: '2026-03-16T22:59:59.999Z',
    outcome: null,
    category: null,
    status: 'acknowledged',
    values: {
      category: over.category ?? null,
      step: 1,
      channel: 'email',
      language: 'fr',
      outcome: over.outcome ?? null,
      owner: null,
      department: null,
    },
    ...over,
  });

  it('counts the complaints still owed an answer, not those closed without one', () => {
    const r = regulatorReturn(
      '2026-H1',
      [
        complaint({ status: 'received' }),
        complaint({ status: 'acknowledged' }),
        // Withdrawn by the complainant, or closed as not a complaint: received, but no answer is owed.
        complaint({ status: 'closed' }),
        complaint({ status: 'closed', category: 'billing' }),
        complaint({ status: 'answered', answeredAt: '2026-03-03T09:00:00.000Z', outcome: 'upheld' }),
      ],
      testCalendar,
    );
    assert.equal(r.received, 5);
    assert.equal(r.open, 2);
    assert.equal(r.answeredWithin3BusinessDays, 1);
    assert.deepEqual(
      { received: r.byCategory.billing?.received, open: r.byCategory.billing?.open },
      { received: 1, open: 0 },
    );
  });

  it('agrees with the register on what is owed an answer', () => {
    const status = fc.constantFrom('received', 'acknowledged', 'answered', 'closed');
    fc.assert(
      fc.property(status, fc.boolean(), (s, hasAnswer) => {
        const answeredAt = hasAnswer ? '2026-03-20T09:00:00.000Z' : null;
        const c = complaint({ status: s, answeredAt });
        const r = regulatorReturn('2026-H1', [c], testCalendar);
        const entry = registerEntry(
          {
            reference: 'RC-2026-000001',
            kind: 'complaint',
            step: 1,
            channel: 'email',
            category: null,
            language: 'fr',
            status: s,
            outcome: null,
            receivedAt: c.receivedAt,
            acknowledgeBy: null,
            acknowledgedAt: null,
            answerBy: c.answerBy,
            answeredAt,
            extensions: 0,
            firstAnswerBy: null,
            remedy: null,
          },
          '2026-09-01T00:00:00.000Z',
        );
        const owedInRegister = entry.answerMet === 'overdue' || entry.answerMet === 'pending';
        assert.equal(r.open === 1, owedInRegister, `${s}, answered: ${hasAnswer}`);
      }),
    );
  });
});

describe('a return counts each complaint as it stood at the end of the half year', () => {
  const received = receipt('2026-06-10T08:00:00.000Z');

  it('keeps a complaint answered after the end open in the return', () => {
    const history = [
      received,
      acknowledged('2026-06-10T09:00:00.000Z'),
      answered('2026-08-12T09:00:00.000Z'),
    ];
    assert.equal(now(history)?.answeredAt, '2026-08-12T09:00:00.000Z');
    const asOfEnd = regulatorComplaintAsOf(history, END_H1);
    assert.deepEqual(
      { answeredAt: asOfEnd?.answeredAt, outcome: asOfEnd?.outcome, status: asOfEnd?.status },
      { answeredAt: null, outcome: null, status: 'acknowledged' },
    );
    assert.equal(regulatorReturn('2026-H1', [asOfEnd!], testCalendar).open, 1);
  });

  it('keeps a complaint closed without an answer after the end open, and one closed before it not', () => {
    const later = regulatorComplaintAsOf([received, closed('2026-07-03T10:00:00.000Z')], END_H1)!;
    const before = regulatorComplaintAsOf([received, closed('2026-06-12T10:00:00.000Z')], END_H1)!;
    const r = regulatorReturn('2026-H1', [later, before], testCalendar);
    assert.deepEqual({ received: r.received, open: r.open }, { received: 2, open: 1 });
  });

  it('keeps the answer given within the half year through a reopening and a second answer after it', () => {
    const history = [
      received,
      answered('2026-06-11T09:00:00.000Z', 'not_upheld'),
      reopened('2026-07-20T09:00:00.000Z'),
      answered('2026-07-28T09:00:00.000Z', 'upheld'),
    ];
    const c = regulatorComplaintAsOf(history, END_H1)!;
    assert.deepEqual(
      { answeredAt: c.answeredAt, outcome: c.outcome },
      { answeredAt: '2026-06-11T09:00:00.000Z', outcome: 'not_upheld' },
    );
  });

  it('counts a complaint reclassified or merged after the end, and not one reclassified or merged before', () => {
    assert.notEqual(
      regulatorComplaintAsOf([received, reclassified('2026-07-02T09:00:00.000Z')], END_H1),
      null,
    );
    assert.notEqual(regulatorComplaintAsOf([received, merged('2026-07-02T09:00:00.000Z')], END_H1), null);
    assert.equal(regulatorComplaintAsOf([received, reclassified('2026-06-20T09:00:00.000Z')], END_H1), null);
    assert.equal(regulatorComplaintAsOf([received, merged('2026-06-20T09:00:00.000Z')], END_H1), null);
  });

  it('counts a letter that arrived within the half year and was registered after it, open', () => {
    const c = regulatorComplaintAsOf(
      [receipt('2026-06-29T08:00:00.000Z', '2026-07-06T08:00:00.000Z')],
      END_H1,
    );
    assert.equal(c?.status, 'received');
    assert.equal(c?.receivedAt, '2026-06-29T08:00:00.000Z');
  });

  // Any history within the half year, then any events after its end: the return does not move.
  const inHalf = fc
    .integer({ min: Date.parse('2026-06-10T09:00:00.000Z'), max: Date.parse(END_H1) - 1 })
    .map((ms) => new Date(ms).toISOString());
  const afterEnd = fc
    .integer({ min: Date.parse(END_H1), max: Date.parse('2027-03-01T00:00:00.000Z') })
    .map((ms) => new Date(ms).toISOString());
  const stepAt = (instant: fc.Arbitrary<string>): fc.Arbitrary<Step> =>
    fc.oneof(
      instant.map((t) => acknowledged(t)),
      fc
        .tuple(instant, fc.constantFrom('upheld', 'not_upheld') as fc.Arbitrary<'upheld' | 'not_upheld'>)
        .map(([t, o]) => answered(t, o)),
      instant.map((t) => closed(t)),
      instant.map((t) => reopened(t)),
      fc.tuple(instant, fc.constantFrom('billing', 'dns')).map(([t, c]) => categorised(t, c)),
      instant.map((t) => extended(t)),
      fc.tuple(instant, fc.constantFrom('u1', 'u2', null)).map(([t, to]) => assigned(t, to)),
      instant.map((t) => reclassified(t)),
      instant.map((t) => merged(t)),
    );
  const sorted = (steps: Step[]) => [...steps].sort((a, b) => (a.meta.at < b.meta.at ? -1 : 1));

  it('is the same whenever it is run (property)', () => {
    fc.assert(
      fc.property(
        fc.array(stepAt(inHalf), { maxLength: 6 }),
        fc.array(stepAt(afterEnd), { minLength: 1, maxLength: 6 }),
        (before, after) => {
          const filed = sorted(before);
          const history = [received, ...filed];
          const later = [...history, ...sorted(after)];
          // Run at the end of the half year, the return reads the rows as they are: the state of the history so far.
          const atEnd = now(history);
          assert.deepEqual(regulatorComplaintAsOf(history, END_H1), atEnd);
          // Run at any time after it, the events since change nothing.
          assert.deepEqual(regulatorComplaintAsOf(later, END_H1), atEnd);
          const ret = (c: RegulatorComplaint | null) =>
            regulatorReturn('2026-H1', c ? [c] : [], testCalendar);
          assert.deepEqual(ret(regulatorComplaintAsOf(later, END_H1)), ret(atEnd));
        },
      ),
    );
  });

  // The filters a return can be run with, on the dimensions events change (a category, an answer's outcome, an
  // owner) and those they do not.
  const filterArb: fc.Arbitrary<ReportFilter> = fc.record(
    {
      category: fc.constantFrom('billing', 'dns', null),
      outcome: fc.constantFrom('upheld', 'not_upheld', null),
      owner: fc.constantFrom('u1', 'u2', null),
      step: fc.constantFrom(1 as const, 2 as const),
      channel: fc.constantFrom('letter', 'email'),
      language: fc.constantFrom('de', 'fr'),
      department: fc.constantFrom('network', null),
    },
    { requiredKeys: [] },
  );

  it('is the same whenever it is run, filtered too: a filter selects by the values at the end (property)', () => {
    fc.assert(
      fc.property(
        fc.array(stepAt(inHalf), { maxLength: 6 }),
        fc.array(stepAt(afterEnd), { minLength: 1, maxLength: 6 }),
        filterArb,
        (before, after, filter) => {
          const history = [received, ...sorted(before)];
          const later = [...history, ...sorted(after)];
          const ret = (c: RegulatorComplaint | null) =>
            regulatorReturn('2026-H1', c ? [c] : [], testCalendar, filter);
          const filed = ret(now(history));
          assert.deepEqual(ret(regulatorComplaintAsOf(later, END_H1)), filed);
          // The filter keeps the complaint exactly when its state at the end has the values asked for.
          const s = replayCase('c1', history)!;
          const kept =
            s.kind === 'complaint' &&
            !s.mergedInto &&
            (filter.category === undefined || s.category === filter.category) &&
            (filter.outcome === undefined || s.outcome === filter.outcome) &&
            (filter.owner === undefined || s.ownerId === filter.owner) &&
            (filter.step === undefined || (s.step ?? 1) === filter.step) &&
            (filter.channel === undefined || s.channel === filter.channel) &&
            (filter.language === undefined || s.language === filter.language) &&
            (filter.department === undefined || s.department === filter.department);
          assert.equal(filed.received, kept ? 1 : 0);
        },
      ),
    );
  });

  it('selects a complaint categorised after the end by its category at the end', () => {
    const history = [received, categorised('2026-07-06T09:00:00.000Z', 'dns')];
    const c = regulatorComplaintAsOf(history, END_H1)!;
    assert.equal(regulatorReturn('2026-H1', [c], testCalendar, { category: 'dns' }).received, 0);
    assert.equal(regulatorReturn('2026-H1', [c], testCalendar, { category: null }).received, 1);
  });
});
