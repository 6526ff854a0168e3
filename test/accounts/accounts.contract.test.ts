// Accounts, sessions, sign-in limits, API tokens and the audit log, on SQLite AND PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AccountsRepo } from '../../src/adapters/db/accounts.repo.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { authenticateApiToken, createApiToken, revokeApiToken } from '../../src/app/manage-api-tokens.ts';
import {
  acceptInvitation,
  addUser,
  changeOwnPassword,
  invitationAccount,
  inviteUser,
  setUserEnabled,
  updateUser,
} from '../../src/app/manage-users.ts';
import { listAudit } from '../../src/app/record-audit.ts';
import { resolveSession, signIn, signOutEverywhere } from '../../src/app/sign-in.ts';
import { loadConfig } from '../../src/config.ts';
import { AccessError } from '../../src/core/access/access-error.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const cli = { actor: 'cli', label: null, address: null };
const refused = (code: string) => (e: unknown) => e instanceof AccessError && e.code === code;

for (const engine of ENGINES) {
  describe(`accounts on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-11-23T09:00:00.000Z');
    before(async () => {
      tdb = await createTestDatabase(engine);
      const config = loadConfig({
        env: {
          REDRESS_SESSION_IDLE_MINUTES: '30',
          REDRESS_SESSION_MAX_HOURS: '2',
          REDRESS_SIGNIN_MAX_FAILURES_ACCOUNT: '3',
          REDRESS_SIGNIN_MAX_FAILURES_ADDRESS: '5',
          REDRESS_SIGNIN_FAILURE_WINDOW_MINUTES: '10',
          REDRESS_DEPARTMENTS: JSON.stringify([
            { name: 'Billing', email: 'billing@example.org' },
            { name: 'Hosting', email: 'hosting@example.org' },
          ]),
        },
      });
      ctx = createAppContext(config, tdb.database, { clock });
    });
    after(async () => {
      await tdb?.drop();
    });

    it('adds an account with a hashed password, refuses a second with the same e-mail in any case', async () => {
      const admin = await addUser(
        ctx,
        {
          email: 'Ada@Example.org',
          name: 'Ada',
          role: 'administrator',
          departments: [],
          language: 'en',
          password: 'a long admin passphrase',
        },
        cli,
      );
      assert.equal(admin.email, 'ada@example.org');
      assert.equal(admin.status, 'active');
      const row = await tdb.database.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      assert.match(row.password_hash!, /^scrypt\$/);
      assert.ok(!row.password_hash!.includes('passphrase'));
      await assert.rejects(
        addUser(
          ctx,
          {
            email: 'ADA@example.org',
            name: '',
            role: 'agent',
            departments: [],
            language: 'en',
            password: 'x'.repeat(12),
          },
          cli,
        ),
        refused('email_taken'),
      );
      await assert.rejects(
        addUser(
          ctx,
          {
            email: 'bo@example.org',
            name: '',
            role: 'agent',
            departments: [],
            language: 'en',
            password: 'short',
          },
          cli,
        ),
        refused('password_too_short'),
      );
    });

    it('signs in, keeps the session alive while used, ends it after idle time and at the absolute limit', async () => {
      clock.set('2026-11-23T09:00:00.000Z');
      const a = await signIn(ctx, {
        email: 'ada@example.org',
        password: 'a long admin passphrase',
        address: '10.0.0.1',
        userAgent: 'test',
      });
      const stored = await tdb.database.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
      assert.notEqual(stored.id, a.sessionToken, 'only the hash of the cookie value is stored');
      clock.advance(25 * 60_000);
      assert.equal((await resolveSession(ctx, a.sessionToken)).status, 'valid');
      clock.advance(25 * 60_000); // 25 minutes after the last use: still inside the idle time
      assert.equal((await resolveSession(ctx, a.sessionToken)).status, 'valid');
      clock.advance(31 * 60_000);
      assert.equal((await resolveSession(ctx, a.sessionToken)).status, 'expired');
      assert.equal(
        (await resolveSession(ctx, a.sessionToken)).status,
        'none',
        'an expired session is removed',
      );

      clock.set('2026-11-23T12:00:00.000Z');
      const b = await signIn(ctx, {
        email: 'ada@example.org',
        password: 'a long admin passphrase',
        address: null,
        userAgent: null,
      });
      for (let i = 0; i < 5; i++) {
        clock.advance(20 * 60_000);
        assert.equal((await resolveSession(ctx, b.sessionToken)).status, 'valid');
      }
      clock.advance(21 * 60_000); // 2 h 1 min after sign-in, used every 20 minutes
      assert.equal((await resolveSession(ctx, b.sessionToken)).status, 'expired');
    });

    it('refuses a wrong password, then slows an account down after 3 failures, even with the right password', async () => {
      clock.set('2026-11-23T15:00:00.000Z');
      const attempt = (password: string, address = '10.0.0.2') =>
        signIn(ctx, { email: 'ada@example.org', password, address, userAgent: null });
      for (let i = 0; i < 3; i++) await assert.rejects(attempt('wrong password!'), refused('sign_in_failed'));
      await assert.rejects(attempt('a long admin passphrase'), (e: unknown) => {
        assert.ok(e instanceof AccessError && e.code === 'sign_in_throttled');
        assert.ok(e.retryAfterSeconds !== null && e.retryAfterSeconds > 0 && e.retryAfterSeconds <= 600);
        return true;
      });
      clock.advance(10 * 60_000 + 1000);
      const ok = await attempt('a long admin passphrase');
      assert.equal(ok.user.email, 'ada@example.org');
    });

    it('limits one address across accounts (unknown accounts included)', async () => {
      clock.set('2026-11-23T16:00:00.000Z');
      for (let i = 0; i < 5; i++)
        await assert.rejects(
          signIn(ctx, {
            email: `nobody${i}@example.org`,
            password: 'guess guess guess',
            address: '10.9.9.9',
            userAgent: null,
          }),
          refused('sign_in_failed'),
        );
      await assert.rejects(
        signIn(ctx, {
          email: 'ada@example.org',
          password: 'a long admin passphrase',
          address: '10.9.9.9',
          userAgent: null,
        }),
        refused('sign_in_throttled'),
      );
      const other = await signIn(ctx, {
        email: 'ada@example.org',
        password: 'a long admin passphrase',
        address: '10.9.9.8',
        userAgent: null,
      });
      assert.ok(other.sessionToken);
    });

    it('invites an account; the link sets a password once, then stops working; expired links are refused', async () => {
      clock.set('2026-11-24T08:00:00.000Z');
      const admin = { actor: 'user:x', label: 'ada@example.org', address: null };
      const inv = await inviteUser(
        ctx,
        {
          email: 'dee@example.org',
          name: 'Dee',
          role: 'department_member',
          departments: ['Billing'],
          language: 'de',
        },
        admin,
      );
      assert.equal(inv.user.status, 'invited');
      assert.equal((await invitationAccount(ctx, inv.token)).id, inv.user.id);
      await assert.rejects(
        signIn(ctx, {
          email: 'dee@example.org',
          password: 'anything at all',
          address: null,
          userAgent: null,
        }),
        refused('sign_in_failed'),
      );
      const user = await acceptInvitation(ctx, inv.token, 'dee sets a good password', null);
      assert.equal(user.status, 'active');
      await assert.rejects(invitationAccount(ctx, inv.token), refused('invitation_invalid'));
      await signIn(ctx, {
        email: 'dee@example.org',
        password: 'dee sets a good password',
        address: null,
        userAgent: null,
      });

      const late = await inviteUser(
        ctx,
        { email: 'eve@example.org', name: 'Eve', role: 'agent', departments: [], language: 'fr' },
        admin,
      );
      clock.advance(73 * 3_600_000);
      await assert.rejects(
        acceptInvitation(ctx, late.token, 'eve sets a good password', null),
        refused('invitation_invalid'),
      );
      await assert.rejects(
        inviteUser(
          ctx,
          {
            email: 'dm@example.org',
            name: '',
            role: 'department_member',
            departments: [' '],
            language: 'en',
          },
          admin,
        ),
        refused('departments_required'),
      );
    });

    it('puts a department member only in departments that exist, naming the unknown one and the existing ones', async () => {
      const admin = { actor: 'user:x', label: 'ada@example.org', address: null };
      const member = (email: string, departments: string[]) =>
        inviteUser(ctx, { email, name: '', role: 'department_member', departments, language: 'en' }, admin);
      await assert.rejects(member('typo@example.org', ['Billing, Biling']), (e: unknown) => {
        assert.ok(e instanceof AccessError);
        assert.equal(e.code, 'unknown_department');
        assert.equal(e.field, 'departments');
        assert.deepEqual(e.details, {
          context: 'existing',
          department: 'Biling',
          existing: 'Billing, Hosting',
        });
        assert.match(e.message, /"Biling"/);
        assert.match(e.message, /Billing, Hosting/);
        return true;
      });
      // Nothing was created by the refused invitation.
      assert.equal(await new AccountsRepo(tdb.database.db).userByEmail('typo@example.org'), null);
      // The department as configured, whatever the case typed.
      const ok = await member('hosting.member@example.org', ['hosting']);
      assert.deepEqual(ok.user.departments, ['Hosting']);
      await assert.rejects(
        updateUser(
          ctx,
          ok.user.id,
          { name: 'H', role: 'department_member', departments: ['Hosting', 'Legal'], language: 'en' },
          admin,
        ),
        refused('unknown_department'),
      );
      assert.deepEqual((await new AccountsRepo(tdb.database.db).userById(ok.user.id))!.departments, [
        'Hosting',
      ]);
      // The command line's door (`redress user add`) asks the same rule.
      const added = (email: string, departments: string[]) =>
        addUser(
          ctx,
          {
            email,
            name: '',
            role: 'department_member',
            departments,
            language: 'en',
            password: 'x'.repeat(12),
          },
          cli,
        );
      await assert.rejects(added('legal@example.org', ['Legal']), (e: unknown) => {
        assert.ok(e instanceof AccessError);
        assert.equal(e.code, 'unknown_department');
        assert.deepEqual(e.details, {
          context: 'existing',
          department: 'Legal',
          existing: 'Billing, Hosting',
        });
        return true;
      });
      assert.equal(await new AccountsRepo(tdb.database.db).userByEmail('legal@example.org'), null);
      assert.deepEqual((await added('billing.member@example.org', ['BILLING'])).departments, ['Billing']);
    });

    it('changes roles, keeps the last administrator, disables (ending sessions) and signs out everywhere', async () => {
      const repo = new AccountsRepo(tdb.database.db);
      const ada = (await repo.userByEmail('ada@example.org'))!;
      const admin = { actor: `user:${ada.id}`, label: ada.email, address: null };
      await assert.rejects(
        updateUser(ctx, ada.id, { name: 'Ada', role: 'agent', departments: [], language: 'en' }, admin),
        refused('last_administrator'),
      );
      await assert.rejects(setUserEnabled(ctx, ada.id, false, admin), refused('last_administrator'));
      const dee = (await repo.userByEmail('dee@example.org'))!;
      const changed = await updateUser(
        ctx,
        dee.id,
        { name: 'Dee D.', role: 'lead', departments: [], language: 'de' },
        admin,
      );
      assert.equal(changed.role, 'lead');

      const s1 = await signIn(ctx, {
        email: 'dee@example.org',
        password: 'dee sets a good password',
        address: null,
        userAgent: null,
      });
      const s2 = await signIn(ctx, {
        email: 'dee@example.org',
        password: 'dee sets a good password',
        address: null,
        userAgent: null,
      });
      const lookup = await resolveSession(ctx, s1.sessionToken);
      assert.equal(
        lookup.status === 'valid' && lookup.user.role,
        'lead',
        'the role is read with the session',
      );
      assert.equal(await signOutEverywhere(ctx, changed, admin), 3);
      assert.equal((await resolveSession(ctx, s2.sessionToken)).status, 'none');

      const s3 = await signIn(ctx, {
        email: 'dee@example.org',
        password: 'dee sets a good password',
        address: null,
        userAgent: null,
      });
      await setUserEnabled(ctx, dee.id, false, admin);
      assert.equal((await resolveSession(ctx, s3.sessionToken)).status, 'none');
      await assert.rejects(
        signIn(ctx, {
          email: 'dee@example.org',
          password: 'dee sets a good password',
          address: null,
          userAgent: null,
        }),
        refused('sign_in_failed'),
      );
      await setUserEnabled(ctx, dee.id, true, admin);
      await assert.rejects(setUserEnabled(ctx, dee.id, true, admin), refused('already_in_state'));

      const keep = await signIn(ctx, {
        email: 'dee@example.org',
        password: 'dee sets a good password',
        address: null,
        userAgent: null,
      });
      const other = await signIn(ctx, {
        email: 'dee@example.org',
        password: 'dee sets a good password',
        address: null,
        userAgent: null,
      });
      await assert.rejects(
        changeOwnPassword(
          ctx,
          changed,
          { current: 'not it at all', next: 'another good password', keepSession: keep.session },
          admin,
        ),
        refused('password_wrong'),
      );
      await changeOwnPassword(
        ctx,
        changed,
        { current: 'dee sets a good password', next: 'another good password', keepSession: keep.session },
        admin,
      );
      assert.equal((await resolveSession(ctx, keep.sessionToken)).status, 'valid');
      assert.equal((await resolveSession(ctx, other.sessionToken)).status, 'none');
    });

    it('creates API tokens stored hashed, accepts them until revoked or expired', async () => {
      const admin = { actor: 'user:x', label: 'ada@example.org', address: null };
      const { token, secret } = await createApiToken(
        ctx,
        { name: 'CRM', role: 'agent', expiresInDays: 30 },
        admin,
      );
      assert.match(secret, /^rdt_/);
      const row = await tdb.database.db
        .selectFrom('api_tokens')
        .selectAll()
        .where('id', '=', token.id)
        .executeTakeFirstOrThrow();
      assert.notEqual(row.token_hash, secret);
      assert.ok(!JSON.stringify(row).includes(secret.slice(10)));
      assert.equal((await authenticateApiToken(ctx, secret))?.role, 'agent');
      assert.equal(await authenticateApiToken(ctx, `${secret}x`), null);
      await revokeApiToken(ctx, token.id, admin);
      assert.equal(await authenticateApiToken(ctx, secret), null);
      await assert.rejects(revokeApiToken(ctx, token.id, admin), refused('already_in_state'));

      const short = await createApiToken(ctx, { name: 'Report', role: 'auditor', expiresInDays: 1 }, admin);
      assert.ok(await authenticateApiToken(ctx, short.secret));
      clock.advance(86_400_000 + 1);
      assert.equal(await authenticateApiToken(ctx, short.secret), null);
    });

    it('keeps an audit log of every administrative act, newest first, filterable', async () => {
      const all = await listAudit(ctx, { page: 1, pageSize: 500 });
      const actions = new Set(all.rows.map((r) => r.action));
      for (const a of [
        'user_added',
        'sign_in',
        'sign_in_failed',
        'sign_in_throttled',
        'user_invited',
        'invitation_accepted',
        'user_role_changed',
        'sign_out_everywhere',
        'user_disabled',
        'user_enabled',
        'password_changed',
        'token_created',
        'token_revoked',
      ])
        assert.ok(actions.has(a), `audit has ${a}`);
      assert.ok(all.rows.every((r, i) => i === 0 || all.rows[i - 1]!.at >= r.at));
      const failed = await listAudit(ctx, { page: 1, pageSize: 3, action: 'sign_in_failed' });
      assert.equal(failed.rows.length, 3);
      assert.ok(failed.total > 3);
      assert.ok(failed.rows.every((r) => r.action === 'sign_in_failed' && r.actor === 'anonymous'));
      const text = JSON.stringify(all.rows);
      assert.ok(!/passphrase|good password|rdt_/.test(text), 'no secret in the audit log');
    });
  });
}
