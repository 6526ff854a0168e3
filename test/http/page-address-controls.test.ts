// A staff page's address holding a control character (a NUL typed as %00 in a case's address or a queue's filter):
// PostgreSQL keeps no NUL in a text, so looking it up failed as a server error (500) on that engine. Every page
// refuses such an address as the API refuses such a value, before anything is looked up: 400, a page in the
// reader's language saying what is wrong with the address and what to do. Tabs and line breaks, which a person
// pastes into the search box, are no such characters. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, sessionFor, type TestApp } from '../support/http.ts';

const ADDRESSES = [
  '/cases/%00',
  '/cases/RC-2026-000001%00',
  '/cases/%00/dossier',
  '/complainants/%00',
  '/inbox/%00',
  '/letters/new?case=%00',
  '/queues/all?category=%00',
  '/queues/all?owner=a%00b',
  '/queues/all?suggestion=%00',
  '/queues/all?department=%1B',
  '/search?q=%00abc',
];

for (const engine of ENGINES) {
  describe(`a control character in a page's address, on ${engine}`, () => {
    let t: TestApp;
    let cookie = '';
    before(async () => {
      t = await createTestApp({ engine });
      cookie = (await sessionFor(t.ctx, await createUser(t.ctx, 'lead', { language: 'de' }))).cookie;
    });
    after(async () => {
      await t?.close();
    });
    const get = (url: string) => t.app.inject({ method: 'GET', url, headers: { cookie } });

    it('is refused as an address no link of Redress holds, in the reader’s language, never a 500', async () => {
      for (const url of ADDRESSES) {
        const res = await get(url);
        assert.equal(res.statusCode, 400, `${url}: ${res.statusCode}`);
        assert.match(res.headers['content-type'] as string, /^text\/html/, url);
        assert.match(res.body, /Steuerzeichen/, url);
      }
    });

    it('still reads a search with a tab or a line break pasted into it', async () => {
      for (const url of ['/search?q=a%09b', '/search?q=a%0D%0Ab']) {
        const res = await get(url);
        assert.equal(res.statusCode, 200, `${url}: ${res.statusCode}`);
      }
    });
  });
}
