import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type CaseFacts, step1OfRequest } from './step1-of-request.ts';
import { step2PlaceOfRequest } from './step2-of-request.ts';

describe('which case a step-2 request belongs to', () => {
  it('joins the step-2 case the request names, else that of its step-1 case', () => {
    const facts = { alone: ['l1'], escalated: ['e1'] };
    assert.deepEqual(step2PlaceOfRequest({ ...facts, named: 'n', step1: null }), { join: 'n' });
    assert.deepEqual(step2PlaceOfRequest({ ...facts, named: null, step1: { id: 's1', step2CaseId: 'x' } }), {
      join: 'x',
    });
    assert.deepEqual(step2PlaceOfRequest({ ...facts, named: null, step1: { id: 's1', step2CaseId: null } }), {
      open: true,
      step1Id: 's1',
      askStaff: [],
    });
  });

  it('with nothing to take to step 2: the one lone step-2 case, else the one escalated, else a person asked', () => {
    const none = { named: null, step1: null };
    assert.deepEqual(step2PlaceOfRequest({ ...none, alone: ['a'], escalated: ['e'] }), { join: 'a' });
    assert.deepEqual(step2PlaceOfRequest({ ...none, alone: [], escalated: ['e', 'e'] }), { join: 'e' });
    assert.deepEqual(step2PlaceOfRequest({ ...none, alone: ['b', 'a'], escalated: ['e'] }), {
      open: true,
      step1Id: null,
      askStaff: ['a', 'b'],
    });
    assert.deepEqual(step2PlaceOfRequest({ ...none, alone: [], escalated: ['f', 'e'] }), {
      open: true,
      step1Id: null,
      askStaff: ['e', 'f'],
    });
    assert.deepEqual(step2PlaceOfRequest({ ...none, alone: [], escalated: [] }), {
      open: true,
      step1Id: null,
      askStaff: [],
    });
  });

  // Over the writer's cases (none; step-1 complaints open, answered or escalated; lone step-2 cases; several) and
  // what the request names, with step1-of-request.ts in front as every door asks it: a request never opens a
  // second step-2 case about a matter that has exactly one; it opens one only where there is none to join (then
  // linked to the step-1 case left to escalate, if any) or a person must choose among several (then named).
  it('never opens a second step-2 case where exactly one is the writer’s to join (property)', () => {
    const writer = 'w';
    const arb = fc.record({
      step1: fc.array(
        fc.record({
          escalatedTo: fc.option(fc.constantFrom('e1', 'e2', 'e3'), { nil: null }),
          day: fc.nat(30),
        }),
        { maxLength: 4 },
      ),
      alone: fc.uniqueArray(fc.constantFrom('l1', 'l2', 'l3'), { maxLength: 3 }),
      quotes: fc.option(fc.nat(3), { nil: null }),
    });
    fc.assert(
      fc.property(arb, ({ step1, alone, quotes }) => {
        const own: CaseFacts[] = step1.map((c, i) => ({
          id: `s${i}`,
          kind: 'complaint',
          step: 1,
          complainantId: writer,
          step2CaseId: c.escalatedTo,
          receivedAt: `2026-11-${String(c.day + 1).padStart(2, '0')}T10:00:00.000Z`,
        }));
        const quoted = quotes !== null && own[quotes] ? [own[quotes]] : [];
        const found = step1OfRequest({
          complainantId: writer,
          threaded: null,
          quoted,
          ownStep1: own,
          staffChose: false,
        });
        const escalated = own.flatMap((c) => (c.step2CaseId ? [c.step2CaseId] : []));
        const place = step2PlaceOfRequest({
          named: null,
          step1: found ? { id: found.id, step2CaseId: found.step2CaseId } : null,
          alone,
          escalated,
        });
        if (found?.step2CaseId) assert.deepEqual(place, { join: found.step2CaseId });
        else if (found) assert.deepEqual(place, { open: true, step1Id: found.id, askStaff: [] });
        else {
          const choices = alone.length > 0 ? alone : [...new Set(escalated)];
          if (choices.length === 1) assert.deepEqual(place, { join: choices[0] });
          else assert.deepEqual(place, { open: true, step1Id: null, askStaff: [...choices].sort() });
        }
        // Whatever it joins is one of the writer's step-2 cases.
        if ('join' in place) assert.ok([...alone, ...escalated].includes(place.join));
      }),
    );
  });
});
