import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { type ErasureCandidate, planAddressErasure, planErasure, planInboxErasure } from './erasure.ts';
import { DEFAULT_RETENTION, planRetention, type RetentionPolicy, retentionEndsOn } from './retention.ts';

const TODAY = '2026-12-05';
const hold = {
  scope: 'case',
  reason: 'Procès en cours',
  setBy: 'user:legal',
  setAt: '2026-11-01T09:00:00.000Z',
};
const c = (id: string, closedOn: string | null, more: Partial<ErasureCandidate> = {}): ErasureCandidate => ({
  id,
  reference: `RC-2018-00000${id}`,
  closedOn,
  linked: [],
  subject: true,
  anonymised: false,
  ...more,
});

it('erases what retention lets go and says why the rest is kept, and until when', () => {
  const plan = planErasure(
    [
      c('1', '2017-06-01'),
      c('2', null),
      c('3', '2018-05-01', { hold }),
      c('4', '2024-04-01'),
      c('5', '2017-02-01', { linked: ['6'] }),
      c('6', '2023-02-01', { linked: ['5'], subject: false }),
      c('7', '2016-01-01', { anonymised: true }),
    ],
    TODAY,
    DEFAULT_RETENTION,
  );
  assert.deepEqual(plan.cases, [
    { id: '1', reference: 'RC-2018-000001', decision: 'erase', closedOn: '2017-06-01', endsOn: '2024-01-01' },
    { id: '2', reference: 'RC-2018-000002', decision: 'keep', why: 'open', closedOn: null, until: null },
    {
      id: '3',
      reference: 'RC-2018-000003',
      decision: 'keep',
      why: 'legal_hold',
      closedOn: '2018-05-01',
      until: null,
      hold,
    },
    {
      id: '4',
      reference: 'RC-2018-000004',
      decision: 'keep',
      why: 'retention_period',
      closedOn: '2024-04-01',
      until: '2031-01-01',
    },
    {
      id: '5',
      reference: 'RC-2018-000005',
      decision: 'keep',
      why: 'linked_case_kept',
      closedOn: '2017-02-01',
      until: '2030-01-01',
      keptWith: ['RC-2018-000006'],
    },
    { id: '7', reference: 'RC-2018-000007', decision: 'already_anonymised' },
  ]);
  assert.equal(plan.complainantErased, false);
  // An open or held case has no known end: neither has what is kept as a whole.
  assert.equal(plan.keptUntil, null);
});

it('erases the record when nothing is kept, unless the person is under a hold', () => {
  const cases = [c('1', '2017-06-01'), c('2', '2015-01-01', { anonymised: true })];
  assert.equal(planErasure(cases, TODAY, DEFAULT_RETENTION).complainantErased, true);
  assert.equal(planErasure([], TODAY, DEFAULT_RETENTION).complainantErased, true);
  assert.equal(planErasure(cases, TODAY, DEFAULT_RETENTION, true).complainantErased, false);
  const kept = planErasure([c('1', '2024-04-01'), c('2', '2025-01-01')], TODAY, DEFAULT_RETENTION);
  assert.equal(kept.keptUntil, '2032-01-01');
});

const day = fc
  .date({ min: new Date('2005-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));
const policy: fc.Arbitrary<RetentionPolicy> = fc.record({
  years: fc.integer({ min: 1, max: 12 }),
  countFrom: fc.constantFrom('end_of_year' as const, 'closure' as const),
});
/** A register of up to 12 cases with random links (both ways), holds, owners and earlier anonymisations. */
const register = fc.integer({ min: 0, max: 12 }).chain((n) =>
  fc
    .tuple(
      fc.array(
        fc.record({
          closedOn: fc.option(day, { nil: null }),
          held: fc.boolean(),
          subject: fc.boolean(),
          anonymised: fc.boolean(),
        }),
        { minLength: n, maxLength: n },
      ),
      fc.array(fc.tuple(fc.nat(Math.max(0, n - 1)), fc.nat(Math.max(0, n - 1))), { maxLength: n }),
    )
    .map(([rows, links]) =>
      rows.map(
        (r, i): ErasureCandidate => ({
          id: `c${i}`,
          reference: `RC-2020-${String(i).padStart(6, '0')}`,
          closedOn: r.closedOn,
          // Only a closed case can have been anonymised (a reopened one counts as not anonymised).
          anonymised: r.anonymised && r.closedOn !== null,
          subject: r.subject,
          hold: r.held ? hold : null,
          linked: links.flatMap(([a, b]) =>
            a === i && b !== i ? [`c${b}`] : b === i && a !== i ? [`c${a}`] : [],
          ),
        }),
      ),
    ),
);

it('never erases an open or held case, nor one in its period; erases exactly what retention would', () => {
  fc.assert(
    fc.property(register, day, policy, (cases, today, p) => {
      const plan = planErasure(cases, today, p);
      const retention = planRetention(
        cases.map((x) => ({ ...x, held: !!x.hold })),
        today,
        p,
      );
      const due = new Set(retention.due.map((d) => d.id));
      const byId = new Map(cases.map((x) => [x.id, x]));
      // One decision per case of the person, none for the others.
      assert.deepEqual(
        plan.cases.map((d) => d.id).sort(),
        cases
          .filter((x) => x.subject)
          .map((x) => x.id)
          .sort(),
      );
      for (const d of plan.cases) {
        const x = byId.get(d.id)!;
        if (d.decision === 'erase') {
          assert.ok(x.closedOn && !x.hold, 'only a closed case without a hold is erased');
          assert.ok(d.endsOn <= today && d.endsOn === retentionEndsOn(x.closedOn, p));
          assert.ok(due.has(d.id), 'the same cases as retention');
        }
        if (d.decision === 'keep') {
          assert.ok(!due.has(d.id) && !x.anonymised);
          if (d.why === 'open') assert.equal(x.closedOn, null);
          if (d.why === 'legal_hold') assert.ok(x.hold);
          if (d.why === 'retention_period') assert.ok(d.until && d.until > today && !x.hold && x.closedOn);
          if (d.why === 'linked_case_kept') assert.ok(d.keptWith?.length);
          if (d.until !== null) assert.ok(d.until > today || d.why === 'linked_case_kept');
        }
        if (d.decision === 'already_anonymised') assert.ok(x.anonymised);
        if (!x.anonymised && due.has(d.id)) assert.equal(d.decision, 'erase');
      }
      // The record goes exactly when nothing of the person's is kept.
      assert.equal(
        plan.complainantErased,
        plan.cases.every((d) => d.decision !== 'keep'),
      );
      // Asking twice the same day, after the first erasure, erases nothing more and keeps the same cases.
      const after = cases.map((x) => (due.has(x.id) ? { ...x, anonymised: true } : x));
      const again = planErasure(after, today, p);
      assert.ok(again.cases.every((d) => d.decision !== 'erase'));
      assert.deepEqual(
        again.cases.filter((d) => d.decision === 'keep'),
        plan.cases.filter((d) => d.decision === 'keep'),
      );
    }),
    { numRuns: 300 },
  );
});

it('erases the person’s handled inbox items on no case now, and keeps one awaiting triage, saying why', () => {
  const inbox = [
    { id: 'b', receivedAt: '2026-11-30T08:00:00.000Z', receivedOn: '2026-11-30', handled: false },
    { id: 'a', receivedAt: '2019-02-01T08:00:00.000Z', receivedOn: '2019-02-01', handled: true },
  ];
  const plan = planErasure([c('1', '2017-06-01')], TODAY, DEFAULT_RETENTION, false, inbox);
  assert.deepEqual(plan.inboxItems, [
    { id: 'a', receivedAt: '2019-02-01T08:00:00.000Z', receivedOn: '2019-02-01', decision: 'erase' },
    {
      id: 'b',
      receivedAt: '2026-11-30T08:00:00.000Z',
      receivedOn: '2026-11-30',
      decision: 'keep',
      why: 'awaiting_triage',
    },
  ]);
  // The record is not needed for an item waiting in the inbox; but when it goes, nobody knows yet.
  assert.equal(plan.complainantErased, true);
  assert.equal(plan.keptUntil, null);
  // A legal hold on the person keeps every item, with the hold.
  const held = planErasure([], TODAY, DEFAULT_RETENTION, { ...hold, scope: 'complainant' }, inbox);
  assert.deepEqual(
    held.inboxItems.map((i) => (i.decision === 'keep' ? [i.id, i.why, i.hold?.scope] : [i.id, i.decision])),
    [
      ['a', 'legal_hold', 'complainant'],
      ['b', 'legal_hold', 'complainant'],
    ],
  );
  assert.equal(held.complainantErased, false);
});

it('an inbox item is erased exactly when handled and the person is not held', () => {
  const item = fc.record({
    id: fc.uuid(),
    receivedAt: fc
      .date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    receivedOn: fc.constant('2020-01-01'),
    handled: fc.boolean(),
  });
  fc.assert(
    fc.property(
      fc.uniqueArray(item, { selector: (i) => i.id, maxLength: 20 }),
      fc.boolean(),
      (items, held) => {
        const out = planInboxErasure(items, held);
        assert.equal(out.length, items.length);
        for (const d of out) {
          const i = items.find((x) => x.id === d.id)!;
          assert.equal(d.decision === 'erase', i.handled && !held);
          if (d.decision === 'keep') assert.equal(d.why, held ? 'legal_hold' : 'awaiting_triage');
        }
        for (let k = 1; k < out.length; k++) assert.ok(out[k - 1]!.receivedAt <= out[k]!.receivedAt);
      },
    ),
  );
});

it('for an address with no record, decides its messages as for a person and never says a record was erased', () => {
  const item = fc.record({
    id: fc.uuid(),
    receivedAt: fc
      .date({ min: new Date('2000-01-01'), max: new Date('2040-01-01'), noInvalidDate: true })
      .map((d) => d.toISOString()),
    receivedOn: fc.constant('2020-01-01'),
    handled: fc.boolean(),
  });
  fc.assert(
    fc.property(fc.uniqueArray(item, { selector: (i) => i.id, maxLength: 20 }), policy, (items, p) => {
      const plan = planAddressErasure(items, '2030-06-01', p);
      assert.deepEqual(plan.cases, []);
      assert.equal(plan.complainantErased, false, 'there is no record to erase');
      // The same decisions as for a person without a hold: one rule.
      assert.deepEqual(plan.inboxItems, planInboxErasure(items, false));
      assert.equal(plan.keptUntil, null);
    }),
  );
});
