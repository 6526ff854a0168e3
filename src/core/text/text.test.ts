import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  cleanAddressLines,
  cleanLine,
  cleanName,
  NAME_MAX_LENGTH,
  withoutBidiControls,
} from './clean-text.ts';
import { displayDomain } from './display-domain.ts';

describe('cleanName / cleanAddressLines', () => {
  it('turns line breaks and control characters into spaces and drops bidi overrides', () => {
    assert.equal(cleanName('Marie\r\nMartin'), 'Marie Martin');
    assert.equal(cleanName('Marie\u0000\u0007\tMartin\u2028'), 'Marie Martin');
    assert.equal(cleanName('\u202Egnp.exe\u202C Martin'), 'gnp.exe Martin');
    assert.equal(cleanName('Zo\u200Bë'), 'Zoë');
    assert.equal(cleanName('   \n '), null);
    assert.equal(cleanName('$& $1 {{name}}'), '$& $1 {{name}}', 'kept as text; templates must not expand it');
  });

  it('caps the length without cutting a character in two', () => {
    const long = '😀'.repeat(500);
    const out = cleanName(long)!;
    assert.equal([...out].length, NAME_MAX_LENGTH);
    assert.ok(out.isWellFormed());
  });

  it('splits an address at its line breaks, so nothing typed is lost', () => {
    assert.deepEqual(cleanAddressLines(['12 rue des Lilas\r\n75011 Paris', '', ' France\u0085']), [
      '12 rue des Lilas',
      '75011 Paris',
      'France',
    ]);
    assert.equal(cleanAddressLines(['', ' \n ']), null);
  });

  it('whatever the input, a clean line has no control, separator or bidi character', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        const out = cleanLine(s);
        assert.ok(!/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u00AD\u200B]/u.test(out));
        assert.ok([...out].length <= NAME_MAX_LENGTH);
        assert.equal(out, out.trim());
      }),
    );
  });

  it('removes bidi controls for display', () => {
    assert.equal(withoutBidiControls('Invoice \u202Efdp.exe\u2066x\u2069\u200E\u061C'), 'Invoice fdp.exex');
  });
});

describe('displayDomain', () => {
  it('shows the punycode form of a mixed-script look-alike (Cyrillic "а" in apple.com)', () => {
    const d = displayDomain('\u0430pple.com');
    assert.equal(d.suspicious, true);
    assert.equal(d.ascii, 'xn--pple-43d.com');
    assert.equal(d.text, 'аpple.com (xn--pple-43d.com)');
  });

  it('shows the punycode form of a whole-script Cyrillic look-alike, not of a Cyrillic name under .рф', () => {
    assert.equal(displayDomain('аррӏе.com').suspicious, true);
    assert.equal(displayDomain('раураl.com').suspicious, true);
    assert.equal(displayDomain('пример.рф').suspicious, false);
    assert.equal(displayDomain('москва.com').suspicious, false, 'not only look-alike letters');
  });

  it('leaves ordinary names alone: ASCII, accented Latin, Chinese, Japanese, Korean, Greek words', () => {
    for (const name of [
      'example.org',
      'müller-bau.de',
      'crêperie-sophie.fr',
      '例子.中国',
      'ドメイン名例.jp',
      '도메인.kr',
      'παράδειγμα.ελ',
    ])
      assert.equal(displayDomain(name).suspicious, false, name);
    assert.equal(displayDomain('xn--mller-bau-q9a.de').text, 'müller-bau.de');
  });

  it('flags Latin mixed with Greek, and invisible or slash-like characters', () => {
    assert.equal(displayDomain('gοogle.com').suspicious, true, 'Greek omicron');
    assert.equal(displayDomain('example\u2044evil.com').suspicious, true);
    assert.equal(displayDomain('exam\u00ADple.com').text, 'example.com', 'IDNA drops the soft hyphen');
  });
});
