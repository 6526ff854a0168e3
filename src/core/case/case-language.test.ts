import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { caseLanguage } from './case-language.ts';
import { LANGUAGES } from './model.ts';

const lang = fc.constantFrom(...LANGUAGES);
const maybe = fc.option(lang, { nil: null });

describe('the language of a new case', () => {
  it('is the first of: chosen, the case continued, the complainant’s, the text’s, the default', () => {
    fc.assert(
      fc.property(maybe, maybe, maybe, maybe, lang, (chosen, continued, complainant, written, fallback) => {
        const got = caseLanguage({ chosen, continued, complainant, written, fallback });
        const expected = [chosen, continued, complainant, written].find((l) => l !== null) ?? fallback;
        assert.equal(got, expected);
      }),
    );
  });

  it('keeps a step-2 request in the language of its step-1 case, and a known complainant in theirs', () => {
    const none = { chosen: null, complainant: null, written: null, fallback: 'en' } as const;
    assert.equal(caseLanguage({ ...none, continued: 'fr', written: 'de' }), 'fr');
    assert.equal(caseLanguage({ ...none, continued: null, complainant: 'de', written: 'fr' }), 'de');
    assert.equal(caseLanguage({ ...none, continued: 'fr', chosen: 'de' }), 'de');
    assert.equal(caseLanguage({ ...none, continued: null }), 'en');
  });
});
