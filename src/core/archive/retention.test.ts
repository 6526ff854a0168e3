import assert from 'node:assert/strict';
import { it } from 'node:test';
import fc from 'fast-check';
import { DEFAULT_RETENTION, planInboxRetention, planRetention, retentionEndsOn } from './retention.ts';

it('counts six years from the end of the year of closure by default', () => {
  assert.equal(retentionEndsOn('2019-01-01', DEFAULT_RETENTION), '2026-01-01');
  assert.equal(retentionEndsOn('2019-12-31', DEFAULT_RETENTION), '2026-01-01');
  assert.equal(retentionEndsOn('2020-01-01', DEFAULT_RETENTION), '2027-01-01');
  assert.equal(retentionEndsOn('2019-06-15', { years: 10, countFrom: 'end_of_year' }), '2030-01-01');
  assert.equal(retentionEndsOn('2019-06-15', { years: 6, countFrom: 'closure' }), '2025-06-15');
  assert.equal(retentionEndsOn('2020-02-29', { years: 1, countFrom: 'closure' }), '2021-02-28');
});

it('the end of retention never comes before closure plus the period, and never sooner for a later closure', () => {
  const day = fc
    .date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const policy = fc.record({
    years: fc.integer({ min: 1, max: 30 }),
    countFrom: fc.constantFrom('end_of_year' as const, 'closure' as const),
  });
  fc.assert(
    fc.property(day, day, policy, (a, b, p) => {
      const [early, late] = a <= b ? [a, b] : [b, a];
      assert.ok(retentionEndsOn(early, p) <= retentionEndsOn(late, p));
      const ends = retentionEndsOn(early, p);
      assert.ok(Number(ends.slice(0, 4)) - Number(early.slice(0, 4)) >= p.years);
    }),
  );
});

it('keeps a due case while a case of the same matter is kept, and lets the matter go together', () => {
  const cases = [
    { id: 'a', reference: 'RC-2018-000001', closedOn: '2018-05-01', linked: ['b'] },
    { id: 'b', reference: 'RC-2018-000002', closedOn: '2018-09-01', linked: ['a'] },
    { id: 'c', reference: 'RC-2018-000003', closedOn: '2018-03-01', linked: ['d'] },
    { id: 'd', reference: 'RC-2022-000004', closedOn: null, linked: ['c'] },
    { id: 'e', reference: 'RC-2021-000005', closedOn: '2021-03-01', linked: [] },
    { id: 'f', reference: 'RC-2019-000006', closedOn: '2019-12-31', linked: ['g'] },
    { id: 'g', reference: 'RC-2020-000007', closedOn: '2020-01-02', linked: ['f'] },
  ];
  const plan = planRetention(cases, '2026-12-05', DEFAULT_RETENTION);
  assert.deepEqual(
    plan.due.map((d) => [d.reference, d.endsOn]),
    [
      ['RC-2018-000001', '2025-01-01'],
      ['RC-2018-000002', '2025-01-01'],
    ],
  );
  assert.deepEqual(
    plan.waiting.map((w) => [w.reference, w.keptWith]),
    [
      ['RC-2018-000003', ['RC-2022-000004']],
      ['RC-2019-000006', ['RC-2020-000007']],
    ],
  );
});

it('a legal hold keeps a case whose period is over, and the cases of its matter wait for it', () => {
  const cases = [
    { id: 'a', reference: 'RC-2018-000001', closedOn: '2018-05-01', linked: ['b'], held: true },
    { id: 'b', reference: 'RC-2018-000002', closedOn: '2018-09-01', linked: ['a'] },
    { id: 'c', reference: 'RC-2018-000003', closedOn: '2018-03-01', linked: [] },
    { id: 'd', reference: 'RC-2024-000004', closedOn: '2024-03-01', linked: [], held: true },
  ];
  const plan = planRetention(cases, '2026-12-05', DEFAULT_RETENTION);
  assert.deepEqual(
    plan.due.map((d) => d.reference),
    ['RC-2018-000003'],
  );
  assert.deepEqual(
    plan.held.map((d) => d.reference),
    ['RC-2018-000001'],
  );
  assert.deepEqual(
    plan.waiting.map((w) => [w.reference, w.keptWith]),
    [['RC-2018-000002', ['RC-2018-000001']]],
  );
});

it('an inbox item on no case goes when the period has run from the day it was handled; one awaiting triage never', () => {
  const plan = planInboxRetention(
    [
      { id: 'spam', handledOn: '2018-03-02' },
      { id: 'open', handledOn: null },
      { id: 'recent', handledOn: '2021-06-01' },
      { id: 'held', handledOn: '2017-01-10', held: true },
      { id: 'older', handledOn: '2017-05-05' },
    ],
    '2026-12-05',
    DEFAULT_RETENTION,
  );
  assert.deepEqual(plan.due, [
    { id: 'older', handledOn: '2017-05-05', endsOn: '2024-01-01' },
    { id: 'spam', handledOn: '2018-03-02', endsOn: '2025-01-01' },
  ]);
  assert.deepEqual(plan.held, [{ id: 'held', handledOn: '2017-01-10', endsOn: '2024-01-01' }]);
});

it('an inbox item is due exactly when handled, its period over and not held; held ones are listed apart', () => {
  const day = fc
    .date({ min: new Date('2000-01-01'), max: new Date('2040-12-31'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10));
  const policy = fc.record({
    years: fc.integer({ min: 1, max: 12 }),
    countFrom: fc.constantFrom('end_of_year' as const, 'closure' as const),
  });
  const items = fc.uniqueArray(fc.record({ id: fc.uuid(), handledOn: fc.option(day), held: fc.boolean() }), {
    selector: (i) => i.id,
    maxLength: 30,
  });
  fc.assert(
    fc.property(items, day, policy, (list, today, p) => {
      const plan = planInboxRetention(list, today, p);
      const due = new Set(plan.due.map((d) => d.id));
      const held = new Set(plan.held.map((d) => d.id));
      for (const i of list) {
        const over = i.handledOn !== null && retentionEndsOn(i.handledOn, p) <= today;
        assert.equal(due.has(i.id), over && !i.held, `due ${JSON.stringify(i)}`);
        assert.equal(held.has(i.id), over && i.held, `held ${JSON.stringify(i)}`);
      }
      assert.equal(due.size, plan.due.length);
      for (let k = 1; k < plan.due.length; k++)
        assert.ok(plan.due[k - 1]!.handledOn <= plan.due[k]!.handledOn);
    }),
  );
});
