// Sign-in failures and password-reset requests are counted per client as well as per account, so that one client
// cannot try passwords across every account (each try costs the server a password hash) or have reset mail sent
// to every colleague. An IPv6 client holds a whole /64 network of addresses, so it is counted by that network,
// as the public form counts its clients (rate-limit.ts): a new address of the same network is the same client.
// On both engines (the counts are kept in the database).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, form, PASSWORD, setCookies, type TestApp } from '../support/http.ts';

/** The default number of failures a client may have in the window (auth.maxFailuresPerAddress). */
const PER_CLIENT = 20;

for (const engine of ENGINES)
  describe(`limits per client network on ${engine}`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
      await createUser(t.ctx, 'agent', { email: 'agnes@example.org' });
    });
    after(async () => {
      await t?.close();
    });

    async function post(url: string, from: string, values: Record<string, string>) {
      const page = await t.app.inject({ method: 'GET', url, remoteAddress: from });
      const c = setCookies(page).get('redress_csrf')!;
      const csrf = c.slice('redress_csrf='.length, c.indexOf(';'));
      return t.app.inject({
        method: 'POST',
        url,
        remoteAddress: from,
        headers: { cookie: `redress_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ _csrf: csrf, ...values }),
      });
    }

    it('counts sign-in failures from one IPv6 /64 together, whichever of its addresses they come from', async () => {
      for (let i = 1; i <= PER_CLIENT; i++) {
        const res = await post('/sign-in', `2001:db8:0:1::${i.toString(16)}`, {
          email: `nobody${i}@example.org`,
          password: 'a guess that is wrong',
        });
        assert.equal(res.statusCode, 401, `try ${i}`);
      }
      const next = await post('/sign-in', '2001:db8:0:1:ffff:1:2:3', {
        email: 'agnes@example.org',
        password: PASSWORD,
      });
      assert.equal(next.statusCode, 429, 'the same network, another address: the same client');
      assert.ok(Number(next.headers['retry-after']) > 0);
      const other = await post('/sign-in', '2001:db8:0:2::1', {
        email: 'agnes@example.org',
        password: PASSWORD,
      });
      assert.equal(other.statusCode, 303, 'another network is another client');
    });

    it('counts password-reset requests from one IPv6 /64 together too', async () => {
      for (let i = 1; i <= PER_CLIENT; i++) {
        const res = await post('/forgot-password', `2001:db8:0:3::${i.toString(16)}`, {
          email: `colleague${i}@example.org`,
        });
        assert.equal(res.statusCode, 200, `request ${i}`);
      }
      const next = await post('/forgot-password', '2001:db8:0:3:abcd::9', { email: 'agnes@example.org' });
      assert.equal(next.statusCode, 429);
      const mail = await t.tdb.database.db
        .selectFrom('correspondence')
        .select('id')
        .where('to_address', '=', 'agnes@example.org')
        .execute();
      assert.equal(mail.length, 0, 'no reset mail went to the account asked about last');
    });
  });
