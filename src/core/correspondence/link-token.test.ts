import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { withoutLinkTokens } from '../case/complainant-link.ts';
import { linkWithoutToken, withLinkToken } from './link-token.ts';

describe('a link’s token kept apart from the text', () => {
  // A mail with a link is kept naming the link without its token, and sent with it: whatever the text around the
  // link, sending puts back exactly that token in exactly that place, and what is kept is what staff are shown.
  it('puts a token back where it was left out, and nowhere else', () => {
    const tokenChars = fc.constantFrom(...'ABCxyz019_-');
    const tokens = fc.array(tokenChars, { minLength: 43, maxLength: 43 }).map((cs) => cs.join(''));
    // Text around the link, with the characters links and tokens are made of, and the one that stands for a token.
    const words = fc.string({ unit: fc.constantFrom(...'ab /:.…\nc-_9'), maxLength: 60 });
    const paths = fc.constantFrom('/c/', '/invitation/', '/reset-password/');
    fc.assert(
      fc.property(tokens, words, words, paths, (token, before, after, path) => {
        const url = `https://redress.example/base${path}${token}`;
        const kept = `${before} ${linkWithoutToken(url)}\n${after}`;
        assert.ok(!kept.includes(token));
        const sent = withLinkToken(kept, token);
        assert.equal(sent, `${before} ${url}\n${after}`);
        if (path === '/c/') assert.equal(withoutLinkTokens(sent).text, kept, 'staff are shown what is kept');
      }),
    );
  });

  it('changes nothing without a link left without its token, or without a token', () => {
    const kept = 'See https://redress.example/c/… later';
    assert.equal(withLinkToken(kept, 'short'), kept);
    assert.equal(withLinkToken('No link here /c/… at all', 'A'.repeat(43)), 'No link here /c/… at all');
    assert.equal(
      withLinkToken('Already https://x.example/c/AAAA whole', 'B'.repeat(43)),
      'Already https://x.example/c/AAAA whole',
    );
  });
});
