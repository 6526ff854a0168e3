import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { caseForRecordMatters } from './record-case.ts';

const arbCase = fc.record({
  id: fc.uuid(),
  kind: fc.constantFrom('complaint' as const, 'suggestion' as const),
  receivedAt: fc
    .integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) })
    .map((ms) => new Date(ms).toISOString()),
});

describe('the case for matters of the record', () => {
  it('is the latest complaint when there is one, else the latest case, else none', () => {
    fc.assert(
      fc.property(fc.array(arbCase, { maxLength: 12 }), (cases) => {
        const chosen = caseForRecordMatters(cases);
        if (cases.length === 0) return assert.equal(chosen, null);
        const complaints = cases.filter((c) => c.kind === 'complaint');
        const pool = complaints.length ? complaints : cases;
        assert.ok(chosen && pool.includes(chosen));
        assert.ok(pool.every((c) => c.receivedAt <= chosen.receivedAt));
      }),
    );
  });

  it('prefers an older complaint to a newer suggestion', () => {
    const complaint = { id: 'c', kind: 'complaint' as const, receivedAt: '2026-01-01T00:00:00.000Z' };
    const suggestion = { id: 's', kind: 'suggestion' as const, receivedAt: '2026-06-01T00:00:00.000Z' };
    assert.equal(caseForRecordMatters([suggestion, complaint]), complaint);
    assert.equal(caseForRecordMatters([suggestion]), suggestion);
  });
});
