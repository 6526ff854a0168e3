// Administration through the web application: inviting (a set-your-password link sent by e-mail), changing roles,
// the last administrator kept, disabling (sessions end), tokens shown once, and the audit log of all of it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import {
  createTestApp,
  createUser,
  form,
  getPage,
  postForm,
  sessionFor,
  setCookies,
  type TestApp,
} from '../support/http.ts';

describe('administration', () => {
  let t: TestApp;
  let admin: User;
  let auditor: User;

  before(async () => {
    t = await createTestApp({
      env: {
        REDRESS_DEPARTMENTS: JSON.stringify([
          { name: 'Billing', email: 'billing@example.org' },
          { name: 'Domains', email: 'domains@example.org' },
        ]),
      },
    });
    admin = await createUser(t.ctx, 'administrator', { email: 'admin@example.org', name: 'Ada Admin' });
    auditor = await createUser(t.ctx, 'auditor', { email: 'audit@example.org' });
  });
  after(async () => {
    await t?.close();
  });

  it('invites a user: inline errors first, then a one-time link that sets a password and signs in', async () => {
    const s = await sessionFor(t.ctx, admin);
    const bad = await postForm(t.app, s, '/admin/users', {
      email: 'not-an-address',
      name: '',
      role: 'department_member',
      departments: '',
      language: 'fr',
    });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="invite-email-error">Write an e-mail address like name@example.org./);
    assert.match(bad.body, /id="invite-name-error">Fill this in./);
    const noDept = await postForm(t.app, s, '/admin/users', {
      email: 'dora@example.org',
      name: 'Dora',
      role: 'department_member',
      departments: ' , ',
      language: 'fr',
    });
    assert.equal(noDept.statusCode, 422);
    assert.match(
      noDept.body,
      /id="invite-departments-error">A department member needs at least one department./,
    );
    // The form names the departments there are, so that a department member is put in one of them.
    const invitePage = await getPage(t.app, s, '/admin/users/new');
    assert.match(
      invitePage.body,
      /For department members: one or more of Billing, Domains, separated by commas\./,
    );
    // A department that does not exist is named, with the way out: the existing ones, or create it first.
    const unknown = await postForm(t.app, s, '/admin/users', {
      email: 'dora@example.org',
      name: 'Dora',
      role: 'department_member',
      departments: 'Billing, Legal',
      language: 'fr',
    });
    assert.equal(unknown.statusCode, 422);
    assert.match(
      unknown.body,
      /id="invite-departments-error">There is no department “Legal”. Choose among Billing, Domains, or add it first under Administration › Departments and routing./,
    );
    const ok = await postForm(t.app, s, '/admin/users', {
      email: 'Dora@Example.org',
      name: 'Dora',
      role: 'department_member',
      departments: 'Billing, Domains',
      language: 'fr',
    });
    assert.equal(ok.statusCode, 200);
    // The link goes to Dora by e-mail (test/http/account-mail.test.ts); the page says so.
    assert.match(ok.body, /on its way to dora@example.org/);
    const mail = await t.ctx.database.db
      .selectFrom('correspondence as c')
      .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
      .select(['c.text_body', 'c.link_token'])
      .where('c.to_address', '=', 'dora@example.org')
      .executeTakeFirstOrThrow();
    // Kept naming the link without its token, which the outbox holds beside it until it sends (link-token.ts).
    assert.match(mail.text_body ?? '', /\/invitation\/…/, 'the mail names the link');
    assert.ok(mail.link_token, 'the outbox holds its token');
    const path = `/invitation/${mail.link_token}`;
    const page = await t.app.inject({ method: 'GET', url: path });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /Welcome, Dora. Choose a password for dora@example.org./);
    const c = setCookies(page).get('redress_csrf')!;
    const csrf = c.slice('redress_csrf='.length, c.indexOf(';'));
    const post = (password: string, confirm: string) =>
      t.app.inject({
        method: 'POST',
        url: path,
        headers: { cookie: `redress_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ _csrf: csrf, password, confirm }),
      });
    const differ = await post('a good long password', 'a good long passw0rd');
    assert.equal(differ.statusCode, 422);
    assert.match(differ.body, /The two passwords are not the same/);
    const short = await post('short', 'short');
    assert.equal(short.statusCode, 422);
    assert.match(short.body, /id="invitation-password-error">Choose a password of at least 12 characters./);
    const set = await post('a good long password', 'a good long password');
    assert.equal(set.statusCode, 303);
    assert.equal(set.headers.location, '/sign-in');
    assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 410, 'the link works once');
    const users = await getPage(t.app, s, '/admin/users');
    assert.match(
      users.body,
      /dora@example.org<\/td>\s*<td>Department member <span class="muted">\(Billing, Domains\)<\/span>/,
    );
  });

  it('changes a role, keeps the last administrator, disables an account and ends its sessions', async () => {
    const s = await sessionFor(t.ctx, admin);
    const agent = await createUser(t.ctx, 'agent', { email: 'otto@example.org', name: 'Otto' });
    const agentSession = await sessionFor(t.ctx, agent);
    const change = await postForm(t.app, s, `/admin/users/${agent.id}`, {
      name: 'Otto',
      role: 'lead',
      departments: '',
      language: 'de',
    });
    assert.equal(change.statusCode, 303);
    const self = await postForm(t.app, s, `/admin/users/${admin.id}`, {
      name: 'Ada',
      role: 'agent',
      departments: '',
      language: 'en',
    });
    assert.equal(self.statusCode, 409);
    assert.match(
      self.body,
      /id="user-role-error">This is the last active administrator; appoint another one first./,
    );
    const disable = await postForm(t.app, s, `/admin/users/${agent.id}/disable`);
    assert.equal(disable.statusCode, 303);
    const kicked = await getPage(t.app, agentSession, '/inbox');
    assert.equal(kicked.statusCode, 303, 'the disabled account is signed out at once');
    const page = await getPage(t.app, s, `/admin/users/${agent.id}`);
    assert.match(page.body, /Disabled/);
    assert.match(page.body, /Enable the account/);
  });

  it('creates an API token shown once (never stored), the auditor sees the list without the forms', async () => {
    const s = await sessionFor(t.ctx, admin);
    const bad = await postForm(t.app, s, '/admin/tokens', { name: '', role: 'agent', expiresInDays: 'soon' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /id="token-name-error">Fill this in./);
    assert.match(bad.body, /id="token-expiresInDays-error">Write a whole number from 1 to 3650./);
    const ok = await postForm(t.app, s, '/admin/tokens', {
      name: 'CRM sync',
      role: 'agent',
      expiresInDays: '90',
    });
    assert.equal(ok.statusCode, 201);
    const secret = /id="token-secret" class="secret" type="text" readonly value="(rdt_[\w-]+)"/.exec(
      ok.body,
    )?.[1];
    assert.ok(secret);
    const me = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(me.json().name, 'CRM sync');
    const list = await getPage(t.app, s, '/admin/tokens');
    assert.ok(!list.body.includes(secret), 'the secret is not shown again');
    assert.match(list.body, new RegExp(`<code>${secret.slice(0, 10)}…</code>`));
    const asAuditor = await getPage(t.app, await sessionFor(t.ctx, auditor), '/admin/tokens');
    assert.equal(asAuditor.statusCode, 200);
    assert.match(asAuditor.body, /CRM sync/);
    assert.ok(!asAuditor.body.includes('action="/admin/tokens"'), 'no creation form for the auditor');
    assert.ok(!asAuditor.body.includes('/revoke"'), 'no revoke button for the auditor');
  });

  it('shows the audit log to administrators and auditors, filtered and in the reader’s language', async () => {
    const s = await sessionFor(t.ctx, auditor);
    const page = await getPage(t.app, s, '/audit');
    assert.equal(page.statusCode, 200);
    for (const text of [
      'User invited',
      'Password chosen',
      'Role changed',
      'Account disabled',
      'API token created',
    ])
      assert.ok(page.body.includes(text), text);
    const filtered = await getPage(t.app, s, '/audit?action=user_role_changed');
    assert.match(filtered.body, /from: agent, to: lead/);
    assert.ok(!filtered.body.includes('API token created</td>'));
    const api = await t.app.inject({
      method: 'GET',
      url: '/api/v1/audit?action=token_created',
      headers: { authorization: `Bearer ${await auditorToken()}` },
    });
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().entries[0].action, 'token_created');

    async function auditorToken() {
      const { createApiToken } = await import('../../src/app/manage-api-tokens.ts');
      return (
        await createApiToken(
          t.ctx,
          { name: 'audit', role: 'auditor', expiresInDays: 1 },
          {
            actor: 'cli',
            label: null,
            address: null,
          },
        )
      ).secret;
    }
  });

  it('ends the API tokens an administrator made once they are disabled or no longer an administrator', async () => {
    // Whoever made a token saw its secret: it must not outlive their right to make tokens.
    const s = await sessionFor(t.ctx, admin);
    const bearer = (secret: string) =>
      t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } });
    const makeToken = async (creator: User, name: string) => {
      const made = await postForm(t.app, await sessionFor(t.ctx, creator), '/admin/tokens', {
        name,
        role: 'administrator',
        expiresInDays: '',
      });
      assert.equal(made.statusCode, 201);
      const secret = /readonly value="(rdt_[\w-]+)"/.exec(made.body)?.[1];
      assert.ok(secret);
      assert.equal((await bearer(secret)).statusCode, 200);
      return secret;
    };
    const leaving = await createUser(t.ctx, 'administrator', {
      email: 'lea@example.org',
      name: 'Lea Leaving',
    });
    const moving = await createUser(t.ctx, 'administrator', { email: 'max@example.org', name: 'Max Moving' });
    const leavingToken = await makeToken(leaving, 'Backup export');
    const movingToken = await makeToken(moving, 'Ticket bridge');
    const adminToken = await makeToken(admin, 'Monitoring');
    const list = await getPage(t.app, s, '/admin/tokens');
    assert.match(list.body, /<td>Lea Leaving<\/td>/, 'the list names who made each token');

    const disable = await postForm(t.app, s, `/admin/users/${leaving.id}/disable`);
    assert.equal(disable.statusCode, 303);
    assert.equal((await bearer(leavingToken)).statusCode, 401, 'the disabled creator’s token is refused');
    const moved = await postForm(t.app, s, `/admin/users/${moving.id}`, {
      name: 'Max Moving',
      role: 'lead',
      departments: '',
      language: 'en',
    });
    assert.equal(moved.statusCode, 303);
    assert.equal((await bearer(movingToken)).statusCode, 401, 'no longer an administrator: the token ends');
    assert.equal((await bearer(adminToken)).statusCode, 200, 'other administrators’ tokens go on');

    // Enabling the account again does not bring the token back.
    assert.equal((await postForm(t.app, s, `/admin/users/${leaving.id}/enable`)).statusCode, 303);
    assert.equal((await bearer(leavingToken)).statusCode, 401);
    const audit = await getPage(t.app, s, '/audit?action=token_revoked');
    assert.match(audit.body, /creator_disabled/);
    assert.match(audit.body, /creator_no_longer_administrator/);
  });

  it('lets every signed-in person change their own password and end their other sessions', async () => {
    const person = await createUser(t.ctx, 'management', { email: 'mia@example.org' });
    const here = await sessionFor(t.ctx, person);
    const elsewhere = await sessionFor(t.ctx, person);
    const account = await getPage(t.app, here, '/account');
    assert.match(account.body, /Where you are signed in/);
    const wrong = await postForm(t.app, here, '/account/password', {
      current: 'not my password',
      next: 'my new long password',
      confirm: 'my new long password',
    });
    assert.equal(wrong.statusCode, 422);
    assert.match(wrong.body, /id="password-current-error">The current password is not right./);
    const ok = await postForm(t.app, here, '/account/password', {
      current: 'a good long test password',
      next: 'my new long password',
      confirm: 'my new long password',
    });
    assert.equal(ok.statusCode, 303);
    assert.equal((await getPage(t.app, here, '/account')).statusCode, 200, 'this session stays');
    assert.equal((await getPage(t.app, elsewhere, '/account')).statusCode, 303, 'the other one ended');
    const all = await postForm(t.app, here, '/account/sign-out-everywhere');
    assert.equal(all.statusCode, 303);
    assert.equal((await getPage(t.app, here, '/account')).statusCode, 303);
  });
});
