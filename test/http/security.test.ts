// Security of the web shell: CSRF refused, hostile mail shown as text or sanitised in a sandbox, brute-force
// sign-in slowed, revoked tokens refused, cookies and headers as they should be, no secrets in the logs.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { listAudit } from '../../src/app/record-audit.ts';
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
} from '../support/http.ts';
import { addInboxItem, HOSTILE } from '../support/inbox-items.ts';

/** Signs in through the form, as a browser does: GET the page (CSRF cookie), POST the form. */
async function signInThroughForm(
  t: TestApp,
  email: string,
  password: string,
  extra: Record<string, string> = {},
) {
  const page = await t.app.inject({ method: 'GET', url: '/sign-in', headers: extra });
  const csrfCookie = setCookies(page).get('redress_csrf')!;
  const csrf = csrfCookie.slice('redress_csrf='.length, csrfCookie.indexOf(';'));
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: {
      cookie: `redress_csrf=${csrf}`,
      'content-type': 'application/x-www-form-urlencoded',
      ...extra,
    },
    payload: form({ _csrf: csrf, email, password, next: '/inbox' }),
  });
}

describe('security', () => {
  let t: TestApp;
  let agent: User;
  let admin: User;
  let hostile: string;

  before(async () => {
    t = await createTestApp({
      env: { REDRESS_SIGNIN_MAX_FAILURES_ACCOUNT: '5', REDRESS_SIGNIN_MAX_FAILURES_ADDRESS: '50' },
    });
    agent = await createUser(t.ctx, 'agent', { email: 'agent@example.org' });
    admin = await createUser(t.ctx, 'administrator', { email: 'admin@example.org' });
    hostile = (await addInboxItem(t.ctx, HOSTILE)).itemId;
  });
  after(async () => {
    await t?.close();
  });

  describe('CSRF', () => {
    it('refuses a form post without the token, with a wrong one, or with another session’s token', async () => {
      const { itemId } = await addInboxItem(t.ctx);
      const mine = await sessionFor(t.ctx, agent);
      const other = await sessionFor(t.ctx, agent);
      const post = (headers: Record<string, string>, values: Record<string, string>) =>
        t.app.inject({
          method: 'POST',
          url: `/inbox/${itemId}/dismiss`,
          headers: { cookie: mine.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
          payload: form({ reason: 'not for us, forwarded by phone', ...values }),
        });
      for (const res of [
        await post({}, {}),
        await post({}, { _csrf: 'x'.repeat(43) }),
        await post({}, { _csrf: other.csrf }),
        await post({ 'x-csrf-token': other.csrf, 'hx-request': 'true' }, {}),
      ]) {
        assert.equal(res.statusCode, 403);
        assert.match(res.body, /The form had expired/);
      }
      const state = await t.tdb.database.db
        .selectFrom('inbox_items')
        .select('status')
        .where('id', '=', itemId)
        .executeTakeFirstOrThrow();
      assert.equal(state.status, 'open', 'nothing happened');
      const ok = await post({ 'x-csrf-token': mine.csrf, 'hx-request': 'true' }, {});
      assert.equal(ok.statusCode, 204, 'the htmx header carries the token too');
      assert.match(String(ok.headers['hx-location']), /"path":"\/inbox"/);
    });

    it('protects the sign-in form too (login CSRF): no anonymous token, no sign-in', async () => {
      const res = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({ email: 'agent@example.org', password: PASSWORD }),
      });
      assert.equal(res.statusCode, 403);
      assert.equal(setCookies(res).has('redress_session'), false);
    });
  });

  describe('hostile mail', () => {
    it('shows a <script> in the text, subject and sender as text, never as markup', async () => {
      const s = await sessionFor(t.ctx, agent);
      const res = await getPage(t.app, s, `/inbox/${hostile}`);
      assert.equal(res.statusCode, 200);
      assert.ok(res.body.includes('&lt;script&gt;alert(&quot;text&quot;)&lt;/script&gt;'));
      assert.ok(res.body.includes('Invoice &lt;script&gt;'));
      assert.ok(res.body.includes('Mallory &lt;b&gt;Bold&lt;/b&gt;'));
      assert.ok(!/<script>alert/.test(res.body));
      assert.ok(!/<img/i.test(res.body), 'the <img onerror> of the text is text too');
      // The list too.
      const list = await getPage(t.app, s, '/inbox');
      assert.ok(!/<script>alert/.test(list.body));
      assert.ok(list.body.includes('Invoice &lt;script&gt;'));
    });

    it('serves the HTML body sanitised, under a sandbox CSP, only framed by us; javascript: links lose their href', async () => {
      const s = await sessionFor(t.ctx, agent);
      const page = await getPage(t.app, s, `/inbox/${hostile}`);
      assert.match(
        page.body,
        /<iframe class="mail-html" src="\/inbox\/[^"]+\/body" sandbox="allow-popups allow-popups-to-escape-sandbox"/,
      );
      const res = await getPage(t.app, s, `/inbox/${hostile}/body`);
      assert.equal(res.statusCode, 200);
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /^sandbox allow-popups allow-popups-to-escape-sandbox;/);
      assert.match(csp, /default-src 'none'/);
      assert.match(csp, /frame-ancestors 'self'/);
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
      assert.ok(!/<script/i.test(res.body), 'no script element');
      assert.ok(!/javascript:/i.test(res.body), 'no javascript: URL');
      assert.ok(!/<[^>]*\son\w+\s*=/i.test(res.body), 'no event handler attribute');
      assert.ok(!/<(img|iframe|form|input)\b/i.test(res.body), 'no remote images, frames or forms');
      assert.match(res.body, /<a target="_blank" rel="noopener noreferrer nofollow">Click me<\/a>/);
      assert.match(res.body, /<a href="https:\/\/example.org\/help"/);
      assert.match(res.body, /<b>there<\/b>/, 'harmless formatting stays');
    });

    it('gives attachments and the original as downloads, never rendered', async () => {
      const s = await sessionFor(t.ctx, agent);
      const a = await getPage(t.app, s, `/inbox/${hostile}/attachments/0`);
      assert.equal(a.statusCode, 200);
      assert.equal(a.headers['content-type'], 'application/octet-stream');
      assert.match(String(a.headers['content-disposition']), /^attachment; filename="invoice.html"/);
      assert.equal(a.headers['x-content-type-options'], 'nosniff');
      assert.equal(a.body, '<script>alert("attachment")</script>');
      const o = await getPage(t.app, s, `/inbox/${hostile}/original`);
      assert.match(
        String(o.headers['content-disposition']),
        /^attachment; filename="original-[0-9a-f]{12}\.eml"/,
      );
      assert.match(o.body, /^From: "Mallory/);
      assert.equal((await getPage(t.app, s, `/inbox/${hostile}/attachments/7`)).statusCode, 404);
    });
  });

  describe('signing in', () => {
    it('signs in with a fresh session cookie (HttpOnly, SameSite=Lax) and refuses a wrong password', async () => {
      const ok = await signInThroughForm(t, 'agent@example.org', PASSWORD);
      assert.equal(ok.statusCode, 303);
      assert.equal(ok.headers.location, '/inbox');
      const cookie = setCookies(ok).get('redress_session')!;
      assert.match(cookie, /HttpOnly/);
      assert.match(cookie, /SameSite=Lax/);
      assert.match(cookie, /Path=\//);
      assert.doesNotMatch(cookie, /Secure/, 'plain http here');
      const wrong = await signInThroughForm(t, 'agent@example.org', 'not the password at all');
      assert.equal(wrong.statusCode, 401);
      assert.match(wrong.body, /The e-mail address or the password is not right/);
      assert.equal(setCookies(wrong).has('redress_session'), false);
    });

    it('slows brute force: after 5 failures even the right password is refused for a while (429, Retry-After)', async () => {
      const victim = await createUser(t.ctx, 'lead', { email: 'victim@example.org' });
      for (let i = 0; i < 5; i++)
        assert.equal((await signInThroughForm(t, victim.email, `guess number ${i} here`)).statusCode, 401);
      const blocked = await signInThroughForm(t, victim.email, PASSWORD);
      assert.equal(blocked.statusCode, 429);
      assert.ok(Number(blocked.headers['retry-after']) > 0);
      assert.match(blocked.body, /Too many failed sign-ins. Try again in \d+ minutes/);
      assert.equal(setCookies(blocked).has('redress_session'), false);
      const audit = await listAudit(t.ctx, { page: 1, pageSize: 10, action: 'sign_in_throttled' });
      assert.ok(audit.total >= 1);
    });

    it('marks cookies Secure and __Host- behind TLS (a trusted proxy saying https)', async () => {
      const secure = await createTestApp({ env: { REDRESS_TRUST_PROXY: '127.0.0.1' } });
      try {
        await createUser(secure.ctx, 'agent', { email: 'tls@example.org' });
        const headers = { 'x-forwarded-proto': 'https' };
        const page = await secure.app.inject({ method: 'GET', url: '/sign-in', headers });
        const csrfCookie = setCookies(page).get('__Host-redress_csrf')!;
        assert.match(csrfCookie, /Secure/);
        const csrf = csrfCookie.slice(csrfCookie.indexOf('=') + 1, csrfCookie.indexOf(';'));
        const res = await secure.app.inject({
          method: 'POST',
          url: '/sign-in',
          headers: {
            ...headers,
            cookie: `__Host-redress_csrf=${csrf}`,
            'content-type': 'application/x-www-form-urlencoded',
          },
          payload: form({ _csrf: csrf, email: 'tls@example.org', password: PASSWORD }),
        });
        assert.equal(res.statusCode, 303);
        assert.match(setCookies(res).get('__Host-redress_session')!, /; Secure/);
        assert.match(String(res.headers['strict-transport-security']), /max-age=/);
      } finally {
        await secure.close();
      }
    });

    it('never sends a signed-in person to another site after signing in', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
      const c = setCookies(page).get('redress_csrf')!;
      const csrf = c.slice('redress_csrf='.length, c.indexOf(';'));
      const res = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie: `redress_csrf=${csrf}`, 'content-type': 'application/x-www-form-urlencoded' },
        payload: form({
          _csrf: csrf,
          email: 'admin@example.org',
          password: PASSWORD,
          next: '//evil.example/x',
        }),
      });
      assert.equal(res.headers.location, '/');
    });

    it('ends a session at sign-out; the old cookie then leads to the sign-in page', async () => {
      const s = await sessionFor(t.ctx, agent);
      assert.equal((await getPage(t.app, s, '/inbox')).statusCode, 200);
      const out = await postForm(t.app, s, '/sign-out');
      assert.equal(out.statusCode, 303);
      const again = await getPage(t.app, s, '/inbox');
      assert.equal(again.statusCode, 303);
      assert.equal(again.headers.location, '/sign-in?next=%2Finbox');
      assert.ok(setCookies(again).has('redress_flash'), 'says the session has ended');
    });
  });

  describe('API tokens', () => {
    it('accepts a valid token, refuses it once revoked (401 token_invalid), and never takes cookies', async () => {
      const { token, secret } = await createApiToken(
        t.ctx,
        { name: 'CRM', role: 'agent', expiresInDays: null },
        { actor: `user:${admin.id}`, label: admin.email, address: null },
      );
      const me = () =>
        t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer ${secret}` } });
      assert.equal((await me()).statusCode, 200);
      assert.deepEqual((await me()).json(), { actor: `token:${token.id}`, name: 'CRM', role: 'agent' });
      const s = await sessionFor(t.ctx, admin);
      const revoke = await postForm(t.app, s, `/admin/tokens/${token.id}/revoke`);
      assert.equal(revoke.statusCode, 303);
      const res = await me();
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'token_invalid');
      assert.equal(res.headers['www-authenticate'], 'Bearer');
      const withCookie = await t.app.inject({
        method: 'GET',
        url: '/api/v1/inbox',
        headers: { cookie: s.cookie },
      });
      assert.equal(withCookie.statusCode, 401, 'the API ignores session cookies');
    });
  });

  describe('headers, limits, logs', () => {
    it('sends the security headers on pages', async () => {
      const res = await t.app.inject({ method: 'GET', url: '/sign-in' });
      const csp = String(res.headers['content-security-policy']);
      for (const d of [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "frame-ancestors 'none'",
        "form-action 'self'",
      ])
        assert.ok(csp.includes(d), d);
      assert.ok(!csp.includes('unsafe'), 'no unsafe-inline or unsafe-eval');
      assert.equal(res.headers['x-frame-options'], 'DENY');
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['referrer-policy'], 'same-origin');
      assert.equal(res.headers['cache-control'], 'no-store');
      assert.match(res.body, /<meta name="htmx-config" content="[^"]*&quot;allowEval&quot;:false/);
      assert.match(res.body, /&quot;includeIndicatorStyles&quot;:false/);
      assert.ok(!/<script>/.test(res.body) && !/ style="/.test(res.body), 'no inline script or style');
    });

    it('refuses a body over the limit with 413', async () => {
      const s = await sessionFor(t.ctx, agent);
      const res = await postForm(t.app, s, '/account/password', { current: 'x'.repeat(1_100_000) });
      assert.equal(res.statusCode, 413);
    });

    it('logs requests without cookies, passwords, tokens or message bodies', async () => {
      const { secret } = await createApiToken(
        t.ctx,
        { name: 'log', role: 'auditor', expiresInDays: null },
        {
          actor: 'cli',
          label: null,
          address: null,
        },
      );
      await t.app.inject({
        method: 'GET',
        url: '/api/v1/inbox',
        headers: { authorization: `Bearer ${secret}` },
      });
      await signInThroughForm(t, 'agent@example.org', PASSWORD);
      const s = await sessionFor(t.ctx, agent);
      await getPage(t.app, s, `/inbox/${hostile}`);
      const all = t.logs.join('\n');
      assert.ok(t.logs.length > 5);
      for (const secretish of [secret, PASSWORD, s.token, s.csrf, 'alert(', 'redress_session'])
        assert.ok(!all.includes(secretish), `the logs do not contain ${secretish.slice(0, 12)}…`);
    });
  });
});
