// A set-your-password link (an invitation, a reset) that the account's own later steps have made pointless stops
// working: disabling the account takes it back (an administrator who disables an account because its link went to
// the wrong mailbox, or because someone else asked for a reset, must not find that link working again the day the
// account is enabled; enabling asks for a new link instead), and so does the person choosing a new password on
// their account page (a reset they did not ask for, noticed and answered by changing the password).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { inviteUser, renewInvitation } from '../../src/app/manage-users.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  form,
  getPage,
  PASSWORD,
  postForm,
  sessionFor,
  type TestApp,
} from '../support/http.ts';

const ADMIN_ACTING = { actor: 'cli', label: null, address: null };
const NEW_PASSWORD = 'a brand new long password';

for (const engine of ENGINES) {
  describe(`set-your-password links that the account’s later steps take back, on ${engine}`, () => {
    let t: TestApp;
    let admin: User;

    before(async () => {
      t = await createTestApp({ engine, env: { REDRESS_OUTBOUND_ENABLED: 'false' } });
      admin = await createUser(t.ctx, 'administrator');
    });
    after(async () => {
      await t?.close();
    });

    /** Disables then enables the account through the administrators' pages. */
    const disableAndEnable = async (userId: string) => {
      const s = await sessionFor(t.ctx, admin);
      assert.equal((await postForm(t.app, s, `/admin/users/${userId}/disable`)).statusCode, 303);
      assert.equal((await postForm(t.app, s, `/admin/users/${userId}/enable`)).statusCode, 303);
    };

    /** Sets a password through the link as a stranger's browser would (its own anonymous CSRF token). */
    const useLink = async (path: string) => {
      const page = await t.app.inject({ method: 'GET', url: path });
      const csrf = /redress_csrf=([\w-]+)/.exec(String(page.headers['set-cookie']))?.[1] ?? '';
      const post = await t.app.inject({
        method: 'POST',
        url: path,
        headers: { cookie: `redress_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ _csrf: csrf, password: NEW_PASSWORD, confirm: NEW_PASSWORD }),
      });
      return { page: page.statusCode, post: post.statusCode };
    };

    it('an invitation sent before the account was disabled does not work once it is enabled again', async () => {
      const invited = await inviteUser(
        t.ctx,
        { email: 'wrong.mailbox@example.org', name: 'Wim', role: 'agent', departments: [], language: 'en' },
        ADMIN_ACTING,
      );
      await disableAndEnable(invited.user.id);
      const used = await useLink(`/invitation/${invited.token}`);
      assert.equal(used.page, 410, 'the old link is no longer offered');
      assert.notEqual(used.post, 303, 'and sets no password');
      const row = await t.tdb.database.db
        .selectFrom('users')
        .select(['status', 'password_hash'])
        .where('id', '=', invited.user.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.password_hash, null);
      assert.equal(row.status, 'invited');
      // A new link from the administrator works.
      const again = await renewInvitation(t.ctx, invited.user.id, ADMIN_ACTING);
      assert.deepEqual(await useLink(`/invitation/${again.token}`), { page: 200, post: 303 });
    });

    it('a link sent before the person changed their password on their account page no longer works', async () => {
      const agent = await createUser(t.ctx, 'agent', { email: 'changed.password@example.org' });
      const link = await renewInvitation(t.ctx, agent.id, ADMIN_ACTING);
      const s = await sessionFor(t.ctx, agent);
      const changed = await postForm(t.app, s, '/account/password', {
        current: PASSWORD,
        next: 'my own new long password',
        confirm: 'my own new long password',
      });
      assert.equal(changed.statusCode, 303);
      const used = await useLink(`/reset-password/${link.token}`);
      assert.equal(used.page, 410, 'the old link is no longer offered');
      assert.notEqual(used.post, 303, 'and does not replace the password just chosen');
      assert.equal((await getPage(t.app, s, '/account')).statusCode, 200, 'the person stays signed in');
    });

    it('a reset link asked for before the account was disabled does not work once it is enabled again', async () => {
      const agent = await createUser(t.ctx, 'agent', { email: 'reset.before@example.org' });
      const link = await renewInvitation(t.ctx, agent.id, ADMIN_ACTING);
      await disableAndEnable(agent.id);
      const used = await useLink(`/reset-password/${link.token}`);
      assert.equal(used.page, 410);
      assert.notEqual(used.post, 303);
    });
  });
}
