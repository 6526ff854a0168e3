import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { safeRedirectPath } from './safe-redirect.ts';

/** Where a browser on `origin` would go with this Location header. */
const followed = (location: string, origin = 'https://complaints.example.org') => new URL(location, origin);

const BYPASSES = [
  '//evil.example/x',
  '/\\evil.example',
  '\\\\evil.example',
  '/\t/evil.example',
  '/%09/evil.example',
  '/\n/evil.example',
  '/\r\n/evil.example',
  ' //evil.example',
  '/ /evil.example',
  '/.//evil.example',
  '/./\\evil.example',
  'javascript:alert(1)',
  '/javascript:alert(1)',
  'https://evil.example',
  'http:evil.example',
  '//user@evil.example',
  '/@evil.example',
  '///evil.example',
  '/\u3002/evil.example',
  '%2F%2Fevil.example',
  '/%2F%2Fevil.example',
  '/%5Cevil.example',
  '\u0000//evil.example',
  '/\u00A0/evil.example',
];

describe('safeRedirectPath', () => {
  it('refuses or neutralises every usual open-redirect trick', () => {
    for (const attempt of BYPASSES) {
      const decoded = (() => {
        try {
          return decodeURIComponent(attempt);
        } catch {
          return attempt;
        }
      })();
      for (const input of [attempt, decoded]) {
        const out = safeRedirectPath(input);
        assert.equal(
          followed(out).origin,
          'https://complaints.example.org',
          `${JSON.stringify(input)} → ${out}`,
        );
      }
    }
  });

  it('keeps ordinary paths with their query and fragment', () => {
    assert.equal(safeRedirectPath('/inbox'), '/inbox');
    assert.equal(
      safeRedirectPath('/queues/step1?status=open&page=2#top'),
      '/queues/step1?status=open&page=2#top',
    );
    assert.equal(safeRedirectPath(undefined), '/');
    assert.equal(safeRedirectPath('nowhere', '/queues'), '/queues');
  });

  it('whatever the input, the target resolves to the same origin and is a plain path', () => {
    const piece = fc.constantFrom(
      '/',
      '\\',
      '//',
      '.',
      '..',
      '%2F',
      '%5C',
      '%09',
      '\t',
      '\n',
      ':',
      '@',
      'evil.example',
      'javascript:',
      ' ',
      '?',
      '#',
      'a',
    );
    const hostile = fc.array(piece, { maxLength: 8 }).map((xs) => xs.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), hostile), (input) => {
        const out = safeRedirectPath(input);
        assert.ok(out.startsWith('/') && !out.startsWith('//') && !out.startsWith('/\\'));
        assert.ok(!/[\p{Cc}\s\\]/u.test(out));
        for (const origin of ['https://complaints.example.org', 'http://127.0.0.1:8080'])
          assert.equal(followed(out, origin).origin, new URL(origin).origin);
      }),
      { numRuns: 3000 },
    );
  });
});
