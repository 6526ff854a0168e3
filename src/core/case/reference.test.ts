// Case references past 999,999 cases in a year: every reader (forms, search, replies quoting one) must take the
// references the counter writes, whatever their number, and nothing else.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { findCaseRefs } from '../intake/case-refs.ts';
import { parseSearch } from '../search/search-query.ts';
import { formatReference, isCaseReference, typedReference } from './reference.ts';

const numbers = fc.integer({ min: 1, max: 999_999_999 });
const years = fc.integer({ min: 2000, max: 2099 });

describe('case references', () => {
  it('reads every reference the counter writes, in forms, in search and in a quoted reply', () => {
    fc.assert(
      fc.property(years, numbers, fc.constantFrom('RC', 'SG'), (year, n, prefix) => {
        const ref = formatReference(prefix, year, n);
        assert.ok(isCaseReference(ref), ref);
        assert.ok(isCaseReference(ref.toLowerCase()), ref);
        assert.equal(typedReference(ref), ref);
        assert.deepEqual(parseSearch(ref).keys, [{ kind: 'reference', value: ref }]);
        assert.deepEqual(findCaseRefs([`Re: votre dossier ${ref}.`], ['RC', 'SG']), [ref]);
      }),
    );
  });

  it('writes seven digits and more past 999,999, without zeros in front', () => {
    assert.equal(formatReference('RC', 2026, 123), 'RC-2026-000123');
    assert.equal(formatReference('RC', 2026, 999_999), 'RC-2026-999999');
    assert.equal(formatReference('RC', 2026, 1_000_000), 'RC-2026-1000000');
  });

  it('takes a reference typed without its zeros in search', () => {
    assert.equal(typedReference('rc-2026-123'), 'RC-2026-000123');
    assert.equal(typedReference('RC-2026-0001234'), 'RC-2026-001234');
  });

  it('refuses what the counter never writes: fewer than six digits, zeros before a longer number, ten digits', () => {
    for (const text of [
      'RC-2026-12345',
      'RC-2026-0123456',
      'RC-2026-1234567890',
      'RC-26-123456',
      'R-2026-123456',
    ])
      assert.equal(isCaseReference(text), false, text);
    // In a text, a longer run of digits is not a reference at all (an account or order number).
    assert.deepEqual(findCaseRefs(['RC-2026-0123456', 'RC-2026-1234567890'], ['RC']), []);
  });
});
