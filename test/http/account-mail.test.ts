// Accounts by mail, over HTTP on SQLite and PostgreSQL: an invitation goes by e-mail (one recipient, the person's
// language) and its link works once, expires and is replaced by a newer one; the link is shown to the
// administrator only when outbound mail is off. "Forgot your password?" answers the same whether or not an
// account exists, mails only an existing enabled account, is limited per address and per client, and its link
// works once, expires after an hour and ends the account's other sessions. Everything is in the audit log.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { sha256Hex } from '../../src/adapters/crypto/secrets.ts';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { smtpTransport } from '../../src/adapters/mail/smtp-transport.ts';
import { setUserEnabled } from '../../src/app/manage-users.ts';
import { listAudit } from '../../src/app/record-audit.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { signIn } from '../../src/app/sign-in.ts';
import { withLinkToken } from '../../src/core/correspondence/link-token.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { startSmtpSink } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  form,
  getPage,
  PASSWORD,
  postForm,
  sessionFor,
  setCookies,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

const START = '2026-11-23T09:00:00.000Z';
const NEW_PASSWORD = 'a brand new long password';

interface Mail {
  to: string | null;
  subject: string | null;
  text: string;
  purpose: string;
}

async function mailsTo(t: TestApp, address: string): Promise<Mail[]> {
  const rows = await t.tdb.database.db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .select(['c.to_address', 'c.subject', 'c.text_body', 'o.purpose', 'c.link_token'])
    .where('c.to_address', '=', address)
    .orderBy('c.created_at')
    .execute();
  return rows.map((r) => ({
    to: r.to_address,
    subject: r.subject,
    // As the outbox sends it: the link's token is kept beside the text until then (link-token.ts).
    text: r.link_token ? withLinkToken(r.text_body ?? '', r.link_token) : (r.text_body ?? ''),
    purpose: r.purpose,
  }));
}

const linkIn = (text: string, path: 'invitation' | 'reset-password') => {
  const m = new RegExp(`https?://[^\\s/]+(/${path}/([\\w-]{20,100}))`).exec(text);
  assert.ok(m, `a ${path} link in:\n${text}`);
  return { path: m[1]!, token: m[2]! };
};

/** A visitor without a session: the CSRF cookie from a GET, then the form posted with it. */
async function visitAndPost(
  t: TestApp,
  path: string,
  values: Record<string, string>,
  ip = '198.51.100.1',
  getPath = path,
) {
  const page = await t.app.inject({ method: 'GET', url: getPath, remoteAddress: ip });
  const c = setCookies(page).get('redress_csrf')!;
  const csrf = c.slice('redress_csrf='.length, c.indexOf(';'));
  return t.app.inject({
    method: 'POST',
    url: path,
    remoteAddress: ip,
    headers: { cookie: `redress_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
    payload: form({ _csrf: csrf, ...values }),
  });
}

/** The page's words, without what changes from one answer to the next (CSRF tokens). */
const wordsOf = (body: string) =>
  body.replace(/value="[\w-]{20,}"/g, 'value=""').replace(/&quot;[\w-]{20,}&quot;/g, '&quot;&quot;');

for (const engine of ENGINES) {
  describe(`accounts by mail on ${engine}`, () => {
    let t: TestApp;
    let admin: TestSession;
    let adminUser: User;
    const clock = fixedClock(START);

    before(async () => {
      t = await createTestApp({
        engine,
        clock,
        env: { REDRESS_SIGNIN_MAX_FAILURES_ACCOUNT: '3', REDRESS_SIGNIN_MAX_FAILURES_ADDRESS: '6' },
      });
      adminUser = await createUser(t.ctx, 'administrator', { email: 'admin@example.org' });
    });
    // The tests move the clock forward (expiry): each starts with a fresh session.
    beforeEach(async () => {
      admin = await sessionFor(t.ctx, adminUser);
    });
    after(async () => {
      await t?.close();
    });

    describe('invitations', () => {
      it('sends the invitation by e-mail (one recipient, in the person’s language); the link works once', async () => {
        const res = await postForm(t.app, admin, '/admin/users', {
          email: 'Dora@Example.org',
          name: 'Dora Schmidt',
          role: 'agent',
          departments: '',
          language: 'de',
        });
        assert.equal(res.statusCode, 200);
        assert.match(
          res.body,
          /An e-mail with a link to choose a password is on its way to dora@example.org/,
        );
        assert.doesNotMatch(res.body, /\/invitation\/[\w-]{20,}/, 'the secret link is not shown when mailed');
        const mails = await mailsTo(t, 'dora@example.org');
        assert.equal(mails.length, 1);
        const mail = mails[0]!;
        assert.equal(mail.purpose, 'account_invitation');
        assert.equal(mail.to, 'dora@example.org', 'one recipient: the invited address');
        assert.match(mail.subject!, /Ihr Konto/);
        assert.match(mail.text, /Guten Tag Dora Schmidt/);
        const { path, token } = linkIn(mail.text, 'invitation');
        const stored = await t.tdb.database.db
          .selectFrom('users')
          .select('invitation_hash')
          .where('email', '=', 'dora@example.org')
          .executeTakeFirstOrThrow();
        assert.equal(stored.invitation_hash, sha256Hex(token), 'stored only as its SHA-256');

        const page = await t.app.inject({ method: 'GET', url: path });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /Welcome, Dora Schmidt/);
        assert.ok(!t.logs.join('\n').includes(token), 'the link’s secret is not in the request logs');
        const set = await visitAndPost(t, path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
        assert.equal(set.statusCode, 303);
        assert.equal(set.headers.location, '/sign-in');
        assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 410, 'used: gone');
        const again = await visitAndPost(
          t,
          path,
          { password: NEW_PASSWORD, confirm: NEW_PASSWORD },
          undefined,
          '/sign-in',
        );
        assert.equal(again.statusCode, 410);
        const signed = await signIn(t.ctx, {
          email: 'dora@example.org',
          password: NEW_PASSWORD,
          address: null,
          userAgent: null,
        });
        assert.equal(signed.user.status, 'active');

        const audit = (await listAudit(t.ctx, { page: 1, pageSize: 200 })).rows;
        const invited = audit.find(
          (e) => e.action === 'user_invited' && e.targetLabel === 'dora@example.org',
        );
        assert.deepEqual(invited?.detail, { role: 'agent', mailed: true });
        assert.ok(
          audit.some((e) => e.action === 'invitation_accepted' && e.targetLabel === 'dora@example.org'),
        );
      });

      it('expires after auth.invitationHours, and a new link replaces the old one', async () => {
        await postForm(t.app, admin, '/admin/users', {
          email: 'eve@example.org',
          name: 'Eve',
          role: 'agent',
          departments: '',
          language: 'fr',
        });
        const first = linkIn((await mailsTo(t, 'eve@example.org'))[0]!.text, 'invitation');
        assert.match((await mailsTo(t, 'eve@example.org'))[0]!.subject!, /votre compte/);
        const eve = await t.tdb.database.db
          .selectFrom('users')
          .select('id')
          .where('email', '=', 'eve@example.org')
          .executeTakeFirstOrThrow();
        clock.advance(1000);
        const renewed = await postForm(t.app, admin, `/admin/users/${eve.id}/invitation`);
        assert.equal(renewed.statusCode, 200);
        const mails = await mailsTo(t, 'eve@example.org');
        assert.equal(mails.length, 2);
        const second = linkIn(mails[1]!.text, 'invitation');
        assert.equal((await t.app.inject({ method: 'GET', url: first.path })).statusCode, 410, 'replaced');
        assert.equal((await t.app.inject({ method: 'GET', url: second.path })).statusCode, 200);
        clock.advance(t.ctx.config.auth.invitationHours * 3_600_000 + 1000);
        assert.equal((await t.app.inject({ method: 'GET', url: second.path })).statusCode, 410, 'expired');
      });

      it('shows the link to the administrator when outbound mail is off, and queues nothing', async () => {
        const outbound = t.ctx.config.outbound as { enabled: boolean };
        outbound.enabled = false;
        try {
          const res = await postForm(t.app, admin, '/admin/users', {
            email: 'fritz@example.org',
            name: 'Fritz',
            role: 'agent',
            departments: '',
            language: 'de',
          });
          assert.equal(res.statusCode, 200);
          assert.match(res.body, /Outbound mail is switched off/);
          assert.match(res.body, /value="http:\/\/[^"]+\/invitation\/[\w-]{20,}"/);
          assert.equal((await mailsTo(t, 'fritz@example.org')).length, 0);
        } finally {
          outbound.enabled = true;
        }
      });
    });

    describe('password reset', () => {
      let agent: User;
      before(async () => {
        agent = await createUser(t.ctx, 'agent', {
          email: 'agnes@example.org',
          name: 'Agnes',
          language: 'fr',
        });
      });

      it('offers "Forgot your password?" on the sign-in page', async () => {
        const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
        assert.match(page.body, /<a href="\/forgot-password">Forgot your password\?<\/a>/);
        const forgot = await t.app.inject({ method: 'GET', url: '/forgot-password' });
        assert.equal(forgot.statusCode, 200);
        assert.match(forgot.body, /name="email"/);
      });

      it('mails an existing account, and answers an unknown or disabled one the same, sending nothing', async () => {
        const known = await visitAndPost(
          t,
          '/forgot-password',
          { email: 'Agnes@example.org' },
          '198.51.100.10',
        );
        const unknown = await visitAndPost(
          t,
          '/forgot-password',
          { email: 'nobody@example.org' },
          '198.51.100.11',
        );
        const gone = await createUser(t.ctx, 'agent', { email: 'gone@example.org' });
        await setUserEnabled(t.ctx, gone.id, false, { actor: 'cli', label: null, address: null });
        const disabled = await visitAndPost(
          t,
          '/forgot-password',
          { email: 'gone@example.org' },
          '198.51.100.12',
        );
        for (const r of [known, unknown, disabled]) assert.equal(r.statusCode, 200);
        assert.match(known.body, /If an account has the address Agnes@example.org, a link/);
        assert.equal(
          wordsOf(unknown.body).replace('nobody@example.org', 'X'),
          wordsOf(known.body).replace('Agnes@example.org', 'X'),
          'the same answer: no way to learn whether an account exists',
        );
        assert.equal(
          wordsOf(disabled.body).replace('gone@example.org', 'X'),
          wordsOf(known.body).replace('Agnes@example.org', 'X'),
        );
        const mails = await mailsTo(t, 'agnes@example.org');
        assert.equal(mails.length, 1);
        assert.equal(mails[0]!.purpose, 'password_reset');
        assert.match(mails[0]!.subject!, /nouveau mot de passe/, 'in the account’s language');
        assert.equal((await mailsTo(t, 'nobody@example.org')).length, 0);
        assert.equal((await mailsTo(t, 'gone@example.org')).length, 0);
        const audit = (await listAudit(t.ctx, { page: 1, pageSize: 200, action: 'password_reset_requested' }))
          .rows;
        assert.ok(audit.some((e) => e.targetId === agent.id && e.detail?.mailed === true));
        assert.ok(audit.some((e) => e.actorLabel === 'nobody@example.org' && e.detail?.mailed === false));
      });

      it('sets a new password through the link once, ends the other sessions, and audits it', async () => {
        const phone = await sessionFor(t.ctx, agent);
        const laptop = await sessionFor(t.ctx, agent);
        assert.equal((await getPage(t.app, phone, '/account')).statusCode, 200);
        await visitAndPost(t, '/forgot-password', { email: 'agnes@example.org' }, '198.51.100.20');
        const mails = await mailsTo(t, 'agnes@example.org');
        const { path, token } = linkIn(mails.at(-1)!.text, 'reset-password');
        const stored = await t.tdb.database.db
          .selectFrom('users')
          .select('invitation_hash')
          .where('id', '=', agent.id)
          .executeTakeFirstOrThrow();
        assert.equal(stored.invitation_hash, sha256Hex(token), 'stored only as its SHA-256');
        const page = await t.app.inject({ method: 'GET', url: path });
        assert.equal(page.statusCode, 200);
        assert.match(page.body, /Choose a new password for agnes@example.org/);
        const short = await visitAndPost(t, path, { password: 'short', confirm: 'short' });
        assert.equal(short.statusCode, 422, 'the same password rules');
        const set = await visitAndPost(t, path, { password: NEW_PASSWORD, confirm: NEW_PASSWORD });
        assert.equal(set.statusCode, 303);
        assert.equal((await t.app.inject({ method: 'GET', url: path })).statusCode, 410, 'works once');
        assert.ok(!t.logs.join('\n').includes(token), 'the link’s secret is not in the request logs');
        for (const s of [phone, laptop])
          assert.notEqual((await getPage(t.app, s, '/account')).statusCode, 200, 'other sessions ended');
        await assert.rejects(
          signIn(t.ctx, { email: 'agnes@example.org', password: PASSWORD, address: null, userAgent: null }),
        );
        const signed = await signIn(t.ctx, {
          email: 'agnes@example.org',
          password: NEW_PASSWORD,
          address: null,
          userAgent: null,
        });
        assert.equal(signed.user.id, agent.id);
        const audit = (await listAudit(t.ctx, { page: 1, pageSize: 50, action: 'password_reset' })).rows;
        assert.equal(audit.length, 1);
        assert.equal(audit[0]!.targetId, agent.id);
        assert.deepEqual(audit[0]!.detail, { otherSessionsEnded: 2 });
      });

      it('expires the link after an hour, and a newer request replaces it', async () => {
        const bob = await createUser(t.ctx, 'agent', { email: 'bob@example.org' });
        await visitAndPost(t, '/forgot-password', { email: 'bob@example.org' }, '198.51.100.30');
        clock.advance(1000);
        await visitAndPost(t, '/forgot-password', { email: 'bob@example.org' }, '198.51.100.30');
        const mails = await mailsTo(t, 'bob@example.org');
        assert.equal(mails.length, 2);
        const first = linkIn(mails[0]!.text, 'reset-password');
        const second = linkIn(mails[1]!.text, 'reset-password');
        assert.equal((await t.app.inject({ method: 'GET', url: first.path })).statusCode, 410, 'replaced');
        clock.advance(59 * 60_000);
        assert.equal((await t.app.inject({ method: 'GET', url: second.path })).statusCode, 200);
        clock.advance(2 * 60_000);
        assert.equal((await t.app.inject({ method: 'GET', url: second.path })).statusCode, 410, 'expired');
        const late = await visitAndPost(
          t,
          second.path,
          { password: NEW_PASSWORD, confirm: NEW_PASSWORD },
          undefined,
          '/sign-in',
        );
        assert.equal(late.statusCode, 410);
        const old = await signIn(t.ctx, {
          email: bob.email,
          password: PASSWORD,
          address: null,
          userAgent: null,
        });
        assert.equal(old.user.id, bob.id, 'the old password still works');
      });

      it('limits requests per address asked about and per client, whether the account exists or not', async () => {
        await createUser(t.ctx, 'agent', { email: 'carol@example.org' });
        await createUser(t.ctx, 'agent', { email: 'dave@example.org' });
        // Per address: three in the window (from different clients), then refused, with when to try again.
        for (const ip of ['203.0.113.1', '203.0.113.2', '203.0.113.3'])
          assert.equal(
            (await visitAndPost(t, '/forgot-password', { email: 'carol@example.org' }, ip)).statusCode,
            200,
          );
        const fourth = await visitAndPost(
          t,
          '/forgot-password',
          { email: 'carol@example.org' },
          '203.0.113.4',
        );
        assert.equal(fourth.statusCode, 429);
        assert.ok(Number(fourth.headers['retry-after']) > 0, `retry-after: ${fourth.headers['retry-after']}`);
        assert.match(fourth.body, /Too many requests for a new password/);
        assert.equal((await mailsTo(t, 'carol@example.org')).length, 3);
        // Per client: six requests about six addresses (known or not), then refused.
        for (let i = 0; i < 6; i++)
          assert.equal(
            (await visitAndPost(t, '/forgot-password', { email: `probe${i}@example.org` }, '203.0.113.99'))
              .statusCode,
            200,
          );
        const seventh = await visitAndPost(
          t,
          '/forgot-password',
          { email: 'dave@example.org' },
          '203.0.113.99',
        );
        assert.equal(seventh.statusCode, 429);
        assert.equal((await mailsTo(t, 'dave@example.org')).length, 0, 'refused by the client limit');
        assert.equal((await mailsTo(t, 'carol@example.org')).length, 3);
        // The window moves on: allowed again.
        clock.advance(t.ctx.config.auth.failureWindowMinutes * 60_000 + 1000);
        const later = await visitAndPost(
          t,
          '/forgot-password',
          { email: 'carol@example.org' },
          '203.0.113.4',
        );
        assert.equal(later.statusCode, 200);
        assert.equal((await mailsTo(t, 'carol@example.org')).length, 4);
        const audit = (await listAudit(t.ctx, { page: 1, pageSize: 200, action: 'password_reset_requested' }))
          .rows;
        assert.ok(
          audit.some((e) => e.detail?.throttled === 'account'),
          JSON.stringify(audit.map((e) => e.detail)),
        );
        assert.ok(audit.some((e) => e.detail?.throttled === 'client'));
      });
    });

    it('sends the account mail through the outbox to a real SMTP server, each to exactly one RCPT TO', async () => {
      const sink = await startSmtpSink();
      const transport = smtpTransport({
        host: '127.0.0.1',
        port: sink.port,
        secure: false,
        requireTls: false,
      });
      try {
        const report = await sendDueMail(t.ctx, transport);
        assert.equal(report.failed, 0);
        assert.ok(sink.received.length >= 5, `sent: ${sink.received.length}`);
        for (const m of sink.received) assert.equal(m.envelopeTo.length, 1, `one RCPT TO: ${m.envelopeTo}`);
        const dora = sink.received.find((m) => m.envelopeTo[0] === 'dora@example.org');
        assert.ok(dora, 'the invitation arrived');
        assert.match(dora.mail.subject ?? '', /Ihr Konto/);
        assert.match(dora.mail.text ?? '', /\/invitation\/[\w-]{20,}/);
        assert.equal(dora.header('auto-submitted'), 'auto-generated');
        assert.ok(sink.received.some((m) => m.envelopeTo[0] === 'agnes@example.org'));
        assert.ok(
          !sink.received.some((m) => m.envelopeTo[0]!.startsWith('nobody@')),
          'nothing to an unknown address',
        );
      } finally {
        transport.close();
        await sink.stop();
      }
    });
  });
}
