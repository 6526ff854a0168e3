// Marks stacked on one letter (a base letter followed by thousands of combining characters, "Zalgo" text) are drawn
// above and below their line, over what the page shows around them, buttons included. What a page shows keeps at
// most MAX_COMBINING_RUN of them on one letter: more than any script writes, so real text passes unchanged.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { MAX_COMBINING_RUN, withCombiningRunsCapped } from './clean-text.ts';

const MARKS = ['\u0301', '\u0308', '\u0327', '\u05B8', '\u0651', '\u0E34', '\u093F', '\u0F71', '\u20DD'];

describe('combining marks on one letter', () => {
  it('keeps at most the limit on any letter, and every letter', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.constantFrom('a', 'é', 'ש', 'ب', ' ', '\n', 'क'),
            fc.array(fc.constantFrom(...MARKS), { maxLength: 60 }),
          ),
        ),
        (parts) => {
          const text = parts.map(([base, marks]) => base + marks.join('')).join('');
          const shown = withCombiningRunsCapped(text);
          assert.ok(!new RegExp(`\\p{M}{${MAX_COMBINING_RUN + 1}}`, 'u').test(shown));
          assert.equal(shown.replace(/\p{M}/gu, ''), text.replace(/\p{M}/gu, ''));
          if (parts.every(([, marks]) => marks.length <= MAX_COMBINING_RUN)) assert.equal(shown, text);
        },
      ),
    );
  });

  it('leaves the texts of real scripts as they are', () => {
    for (const text of ['Nguyễn Thị Phương'.normalize('NFD'), 'בְּרֵאשִׁ֖ית בָּרָ֣א', 'مُحَمَّدٌ', 'ཀྵྰྀ', 'स्त्री', 'Zoë Çelik'])
      assert.equal(withCombiningRunsCapped(text), text);
  });

  it('cuts 100,000 marks on one letter to the limit', () => {
    const shown = withCombiningRunsCapped(`Z${'\u0301'.repeat(100_000)}algo`);
    assert.equal(shown, `Z${'\u0301'.repeat(MAX_COMBINING_RUN)}algo`);
  });
});
