// An administrator disables the account of a colleague who still owns open cases (they left, or are away for long):
// the account's page says how many open cases they own and that nobody works them until a lead hands them over,
// in the reader's language, so that the cases do not wait unseen behind a name. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES) {
  describe(`a disabled account's open cases on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(async () => {
      await t?.close();
    });

    it('the account page says how many open cases wait for a hand-over', async () => {
      const leaving = await createUser(t.ctx, 'agent', { name: 'Lea Leaving' });
      for (let i = 0; i < 2; i++) {
        const c = await openComplaint(t.ctx, { daysAgo: 2 });
        await actOnCase(t.ctx, c.caseId, { type: 'assign', to: leaving.id }, 'system');
      }
      for (const [lang, said] of [
        ['en', /2 open cases/],
        ['fr', /2 dossiers ouverts/],
        ['de', /2 offene Fälle/],
      ] as const) {
        const admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language: lang }));
        const url = `/admin/users/${leaving.id}`;
        if (lang === 'en') assert.equal((await postForm(t.app, admin, `${url}/disable`, {})).statusCode, 303);
        const page = await getPage(t.app, admin, url);
        assert.equal(page.statusCode, 200);
        assert.match(page.body, said, `${lang}: the open cases are counted`);
      }
    });

    it('an account owning no open case says nothing of it', async () => {
      const idle = await createUser(t.ctx, 'agent', { name: 'Ida Idle' });
      const admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language: 'en' }));
      const page = await getPage(t.app, admin, `/admin/users/${idle.id}`);
      assert.doesNotMatch(page.body, /open case/);
    });
  });
}
