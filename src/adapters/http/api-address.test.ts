// Which addresses are the API's when no route took them (api-address.ts): the prefix however written, and nothing
// else; the staff application's own addresses stay pages.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isApiAddress, isApiRequest } from './api-address.ts';

describe('addresses under the API prefix', () => {
  it('reads the prefix however it is written', () => {
    for (const url of [
      '/api',
      '/api/',
      '/api/v1/cases',
      '//api/v1/me',
      '/API/v1/cases',
      '/api%2Fv1%2Fcases',
      '/%2561pi/v1',
      '/./api/v1',
      '/x/../api/v1',
      '/api\\v1',
      '/api;x/v1',
      '/api%00/v1',
      '/api?x=/cases',
    ])
      assert.equal(isApiAddress(url), true, url);
    for (const url of [
      '/',
      '/cases',
      '/apix',
      '/api-docs',
      '/apiv1/cases',
      '/api/../cases',
      '/c/api',
      '/?/api',
      '',
    ])
      assert.equal(isApiAddress(url), false, url);
  });

  it('takes a matched route for what it is, whatever the address looked like', () => {
    assert.equal(isApiRequest({ url: '/%61pi/v1/me', routeOptions: { url: '/api/v1/me' } as never }), true);
    assert.equal(isApiRequest({ url: '/cases', routeOptions: { url: '/cases' } as never }), false);
    assert.equal(isApiRequest({ url: '//api/v1/me', routeOptions: {} as never }), true);
  });

  it('property: a staff address is never read as the API’s, and any text is answered without throwing', () => {
    const segment = fc.stringMatching(/^[a-z0-9._%-]{1,12}$/).filter((s) => s.toLowerCase() !== 'api');
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 4 }), (segments) => {
        const url = `/${segments.join('/')}`;
        const first = segments.find((s) => s !== '.' && s !== '..');
        if (!first || segments.includes('..') || /%/.test(url)) return;
        assert.equal(isApiAddress(url), false, url);
      }),
    );
    fc.assert(fc.property(fc.string(), (text) => void isApiAddress(text)));
  });
});
