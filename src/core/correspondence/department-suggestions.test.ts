// The rules of a department's open suggestions (P9): which departments a new list may not leave out, and when a
// suggestion counts as done for its handling time.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { suggestionDoneAt } from '../report/regulator.ts';
import { departmentsWithOpenSuggestions } from './suggestion-routing.ts';

const name = fc.constantFrom('Billing', 'Hosting', 'Domains', 'Legal');
// A department as recorded on a case, spelt however the person typed it then.
const spellings = [
  (d: string) => d,
  (d: string) => d.toLowerCase(),
  (d: string) => d.toUpperCase(),
  (d: string) => ` ${d}  `,
];

describe('departments holding open suggestions', () => {
  it('names every department left out with open suggestions, with their sum, and no other', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 1 }),
        fc.array(name),
        fc.array(fc.record({ department: name, count: fc.nat(5), spelling: fc.nat(spellings.length - 1) })),
        (before, afterNames, openRaw) => {
          const open = openRaw.map((o) => ({
            department: spellings[o.spelling]!(o.department),
            count: o.count,
          }));
          const after = afterNames.map((d) => d.toLowerCase());
          const got = departmentsWithOpenSuggestions(before, after, open);
          const expected = before
            .filter((d) => !afterNames.includes(d))
            .map((d) => ({
              department: d,
              openSuggestions: openRaw.filter((o) => o.department === d).reduce((n, o) => n + o.count, 0),
            }))
            .filter((d) => d.openSuggestions > 0);
          assert.deepEqual(got, expected);
        },
      ),
    );
  });
});

describe('when a suggestion counts as done', () => {
  it('its last done, unless a reopening followed it', () => {
    assert.equal(suggestionDoneAt(null, null), null);
    assert.equal(suggestionDoneAt({ at: '2026-11-20T10:00:00Z', seq: 7 }, null), '2026-11-20T10:00:00Z');
    assert.equal(suggestionDoneAt({ at: '2026-11-20T10:00:00Z', seq: 7 }, 5), '2026-11-20T10:00:00Z');
    assert.equal(suggestionDoneAt({ at: '2026-11-09T10:00:00Z', seq: 4 }, 5), null);
  });
});
