// The doors anyone reaches before signing in (sign-in, forgotten password) take an e-mail address typed by anyone,
// and it was written as typed into the failure counts and the audit log, and looked up: a NUL in it (which no
// address holds, and PostgreSQL keeps in no text) made each a server error (500) on that engine. Such a value is
// refused at the field as not an e-mail address, in the reader's language, and nothing is recorded. Both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, form, setCookies, type TestApp } from '../support/http.ts';

for (const engine of ENGINES) {
  describe(`a control character in an address typed at the account doors, on ${engine}`, () => {
    let t: TestApp;
    let cookie = '';
    let csrf = '';
    before(async () => {
      t = await createTestApp({ engine });
      const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
      const c = setCookies(page).get('redress_csrf')!;
      cookie = c.slice(0, c.indexOf(';'));
      csrf = c.slice('redress_csrf='.length, c.indexOf(';'));
    });
    after(async () => {
      await t?.close();
    });
    const audits = async () =>
      Number(
        (
          await t.tdb.database.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('is refused at the field as no e-mail address, never a 500, and nothing is recorded', async () => {
      const before = await audits();
      for (const [url, values] of [
        ['/sign-in', { email: 'anna\u0000@example.org', password: 'a good long test password' }],
        ['/sign-in', { email: 'anna@example.org\u001b', password: 'a good long test password' }],
        ['/forgot-password', { email: 'anna\u0000@example.org' }],
        ['/forgot-password', { email: '\u0000' }],
      ] as const) {
        const res = await t.app.inject({
          method: 'POST',
          url,
          headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fr' },
          payload: form({ _csrf: csrf, ...values }),
        });
        assert.equal(res.statusCode, 422, `${url} ${JSON.stringify(values.email)}: ${res.statusCode}`);
        assert.match(res.body, /Écrivez une adresse e-mail/, url);
      }
      assert.equal(await audits(), before, 'nothing was recorded');
    });
  });
}
