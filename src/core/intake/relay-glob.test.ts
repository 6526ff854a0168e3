import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { matchesGlob } from './complainant.ts';

/** What a relay-sender glob means, said as a regular expression: `*` is any run of characters but a line break. */
function byPattern(address: string, glob: string): boolean {
  const source = glob
    .toLowerCase()
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`).test(address.toLowerCase());
}

test('a relay-sender glob matches exactly the addresses its pattern does', () => {
  // Few characters, so that parts repeat and overlap (`a*a` against `a`, `*@*` against `@@`).
  const char = fc.constantFrom('a', 'B', '@', '.', '-', '\n', 'é');
  const text = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
  const glob = fc.array(fc.oneof(char, fc.constant('*')), { maxLength: 8 }).map((cs) => cs.join(''));
  fc.assert(
    fc.property(text, glob, (address, pattern) => {
      assert.equal(matchesGlob(address, pattern), byPattern(address, pattern));
    }),
    { numRuns: 5000 },
  );
});

test('the usual relay globs', () => {
  assert.equal(matchesGlob('No-Reply@forms.example.org', 'no-reply@*'), true);
  assert.equal(matchesGlob('reply@forms.example.org', 'no-reply@*'), false);
  assert.equal(matchesGlob('wp@forms.example.org', '*@forms.example.org'), true);
  assert.equal(matchesGlob('wp@forms.example.org.evil.test', '*@forms.example.org'), false);
});
