// The one order of rows that happened at an instant: by instant, then id, whatever order they came in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { byInstantThenId } from './order.ts';

describe('by instant, then id', () => {
  it('property: any shuffle sorts to the same order, instants ascending and ids ascending within one', () => {
    const row = fc.record({
      id: fc.string({ maxLength: 4 }),
      at: fc.constantFrom('2026-12-06T09:00:00.000Z', '2026-12-06T09:00:00.001Z', '2026-12-07T00:00:00.000Z'),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(row, { selector: (r) => r.id, maxLength: 12 }),
        fc.integer(),
        (rows, seed) => {
          const order = byInstantThenId<(typeof rows)[number]>((r) => r.at);
          const shuffled = [...rows].sort(
            (a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 17) % 5),
          );
          const sorted = [...shuffled].sort(order);
          assert.deepEqual(sorted, [...rows].sort(order));
          for (let i = 1; i < sorted.length; i++) {
            const [a, b] = [sorted[i - 1]!, sorted[i]!];
            assert.ok(a.at < b.at || (a.at === b.at && a.id < b.id));
          }
        },
      ),
    );
  });
});
