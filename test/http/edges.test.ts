// The edges an attacker tries first: a forged X-Forwarded-For, a redirect to another site after signing in,
// and secrets in the logs at the most talkative level. Run on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { ConfigError, loadConfig } from '../../src/config.ts';
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
} from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';
import { openComplaint, PDF, postMultipart } from '../support/staff.ts';

/** GET the sign-in page from `remoteAddress` (for the anonymous CSRF cookie), then POST the form. */
async function signIn(
  t: TestApp,
  email: string,
  password: string,
  o: { remoteAddress?: string; headers?: Record<string, string>; next?: string } = {},
) {
  const page = await t.app.inject({
    method: 'GET',
    url: '/sign-in',
    headers: o.headers ?? {},
    ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
  });
  const c = setCookies(page).get('redress_csrf')!;
  const csrf = c.slice('redress_csrf='.length, c.indexOf(';'));
  return t.app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: {
      ...(o.headers ?? {}),
      cookie: `redress_csrf=${csrf}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    ...(o.remoteAddress ? { remoteAddress: o.remoteAddress } : {}),
    payload: form({ _csrf: csrf, email, password, ...(o.next !== undefined ? { next: o.next } : {}) }),
  });
}

describe('proxy trust (configuration)', () => {
  it('refuses "true" (trust everyone) and says what to write instead', () => {
    for (const value of ['true', '1', 'yes']) {
      assert.throws(
        () => loadConfig({ env: { REDRESS_TRUST_PROXY: value }, cwd: '/nonexistent' }),
        (e: unknown) =>
          e instanceof ConfigError &&
          /REDRESS_TRUST_PROXY|trustProxy/.test(e.message) &&
          /10\.0\.0\.0\/8/.test(e.message) &&
          /"true" is refused/.test(e.message),
      );
    }
    assert.throws(
      () => loadConfig({ env: { REDRESS_TRUST_PROXY: '10.0.0.0/99' }, cwd: '/nonexistent' }),
      /10\.0\.0\.0\/99 is not valid/,
    );
  });

  it('takes a list of addresses and networks; false or nothing trusts no one', () => {
    const list = (v: string) =>
      loadConfig({ env: { REDRESS_TRUST_PROXY: v }, cwd: '/nonexistent' }).http.trustProxy;
    assert.deepEqual(list('127.0.0.1, 10.0.0.0/8,::1,fd00::/8,loopback'), [
      '127.0.0.1',
      '10.0.0.0/8',
      '::1',
      'fd00::/8',
      'loopback',
    ]);
    assert.deepEqual(list('false'), []);
    assert.deepEqual(loadConfig({ env: {}, cwd: '/nonexistent' }).http.trustProxy, []);
  });
});

for (const engine of ENGINES) {
  describe(`edges (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({
        engine,
        env: {
          REDRESS_TRUST_PROXY: '10.0.0.1',
          REDRESS_SIGNIN_MAX_FAILURES_ACCOUNT: '100',
          REDRESS_SIGNIN_MAX_FAILURES_ADDRESS: '3',
        },
      });
      await createUser(t.ctx, 'administrator', { email: 'admin@example.org' });
    });
    after(async () => {
      await t?.close();
    });

    it('a forged X-Forwarded-For from a peer that is not the proxy does not change the address counted', async () => {
      const attacker = '203.0.113.9';
      for (let i = 0; i < 3; i++) {
        const res = await signIn(t, `nobody${i}@example.org`, 'a wrong password here', {
          remoteAddress: attacker,
          headers: { 'x-forwarded-for': `198.51.100.${i + 1}` },
        });
        assert.equal(res.statusCode, 401);
      }
      const blocked = await signIn(t, 'nobody9@example.org', 'a wrong password here', {
        remoteAddress: attacker,
        headers: { 'x-forwarded-for': '198.51.100.77' },
      });
      assert.equal(blocked.statusCode, 429, 'the fourth failure from the same peer is refused');
    });

    it('behind the trusted proxy, each client is counted under its own forwarded address', async () => {
      const proxy = '10.0.0.1';
      for (let i = 0; i < 3; i++)
        assert.equal(
          (
            await signIn(t, `someone${i}@example.org`, 'a wrong password here', {
              remoteAddress: proxy,
              headers: { 'x-forwarded-for': '192.0.2.10' },
            })
          ).statusCode,
          401,
        );
      const same = await signIn(t, 'someone9@example.org', 'a wrong password here', {
        remoteAddress: proxy,
        headers: { 'x-forwarded-for': '192.0.2.10' },
      });
      assert.equal(same.statusCode, 429);
      const other = await signIn(t, 'someone9@example.org', 'a wrong password here', {
        remoteAddress: proxy,
        headers: { 'x-forwarded-for': '192.0.2.11' },
      });
      assert.equal(other.statusCode, 401, 'another client behind the proxy is not blocked');
    });

    it('a line break or control character in a letter’s name and address never breaks its PDF', async () => {
      const agent = await createUser(t.ctx, 'agent');
      const s = await sessionFor(t.ctx, agent);
      const res = await postForm(t.app, s, '/letters', {
        arrived: t.ctx.calendar.localDate(t.ctx.clock.now()).toString(),
        kind: 'complaint',
        language: 'fr',
        name: 'Marie\r\nMartin\u0000\u202E',
        postalAddress: '12 rue des Lilas\u2028Bât. B\r\n75011 Paris\u0007',
        title: 'Transmission de réclamation - Etape 1',
        description: 'Mon site est hors ligne.',
        expectations: 'Le rétablir.',
      });
      assert.equal(res.statusCode, 303, res.body.slice(0, 300));
      const caseId = /^\/cases\/([^/?#]+)/.exec(String(res.headers.location))![1]!;
      const letter = await t.tdb.database.db
        .selectFrom('correspondence')
        .innerJoin('outbound_items', 'outbound_items.correspondence_id', 'correspondence.id')
        .select(['correspondence.id', 'outbound_items.postal_address'])
        .where('correspondence.case_id', '=', caseId)
        .where('correspondence.channel', '=', 'letter')
        .where('correspondence.direction', '=', 'out')
        .executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(String(letter.postal_address)), [
        'Marie Martin',
        '12 rue des Lilas',
        'Bât. B',
        '75011 Paris',
      ]);
      const pdf = await getPage(t.app, s, `/cases/${caseId}/letters/${letter.id}`);
      assert.equal(pdf.statusCode, 200);
      assert.equal(pdf.rawPayload.subarray(0, 5).toString('latin1'), '%PDF-');
    });

    it('attachments: a PDF named .html goes out as .pdf; the API refuses what the web refuses', async () => {
      const agent = await createUser(t.ctx, 'agent');
      const s = await sessionFor(t.ctx, agent);
      const { secret } = await createApiToken(
        t.ctx,
        { name: 'crm', role: 'agent', expiresInDays: null },
        { actor: 'cli', label: null, address: null },
      );
      const html = Buffer.from('<html><body><script>alert(1)</script></body></html>');
      const attachmentsOf = (caseId: string) =>
        t.tdb.database.db
          .selectFrom('correspondence as c')
          .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
          .select(['o.attachments'])
          .where('c.case_id', '=', caseId)
          .where('o.purpose', '=', 'answer')
          .executeTakeFirst();

      // Web: HTML named .pdf is refused; a PDF named .html is sent, named .pdf.
      const web = await openComplaint(t.ctx, { daysAgo: 1 });
      const refused = await postMultipart(
        t.app,
        s,
        `/cases/${web.caseId}/answer`,
        { outcome: 'upheld', text: 'We checked.' },
        [{ field: 'attachments', filename: 'report.pdf', type: 'application/pdf', content: html }],
      );
      assert.equal(refused.statusCode, 422);
      assert.match(refused.body, /id="answer-attachments-error">&quot;report.pdf&quot; is not a PDF/);
      const sent = await postMultipart(
        t.app,
        s,
        `/cases/${web.caseId}/answer`,
        { outcome: 'upheld', text: 'We checked.' },
        [{ field: 'attachments', filename: 'invoice.html', type: 'text/html', content: PDF }],
      );
      assert.equal(sent.statusCode, 303, sent.body.slice(0, 500));
      const webOut = JSON.parse((await attachmentsOf(web.caseId))!.attachments) as Array<{
        filename: string;
        contentType: string;
      }>;
      assert.deepEqual(
        webOut.map((a) => [a.filename, a.contentType]),
        [['invoice.pdf', 'application/pdf']],
      );

      // API: the same two files, the same two verdicts.
      const api = await openComplaint(t.ctx, { daysAgo: 1 });
      const answer = (filename: string, contentType: string, content: Buffer) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${api.caseId}/answer`,
          headers: { authorization: `Bearer ${secret}` },
          payload: {
            outcome: 'upheld',
            text: 'We checked.',
            attachments: [{ filename, contentType, contentBase64: content.toString('base64') }],
          },
        });
      const apiRefused = await answer('report.pdf', 'application/pdf', html);
      assert.equal(apiRefused.statusCode, 409, apiRefused.body);
      assert.equal(apiRefused.json().error.code, 'invalid_command');
      assert.equal(apiRefused.json().error.field, 'attachments');
      assert.match(apiRefused.json().error.message, /“report\.pdf” is not a PDF, PNG or JPEG file\./);
      assert.equal(await attachmentsOf(api.caseId), undefined, 'nothing was sent');
      // A letter's scan through the API: HTML refused, a PDF named .html kept as .pdf.
      const letter = (content: Buffer, filename: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/letters',
          headers: { authorization: `Bearer ${secret}` },
          payload: {
            letter: {
              arrived: '2026-11-20',
              complainant: { name: 'Jean Dupont', postalAddress: ['12 rue des Lilas', '67000 Strasbourg'] },
              language: 'fr',
              description: 'Facture en double.',
              expectations: 'Un remboursement.',
            },
            scan: { contentBase64: content.toString('base64'), filename },
          },
        });
      assert.equal((await letter(html, 'scan.pdf')).statusCode, 409);
      const scanned = await letter(Buffer.concat([PDF, Buffer.from('% edges\n')]), 'scan.html');
      assert.equal(scanned.statusCode, 201, scanned.body);
      const reading = await t.tdb.database.db
        .selectFrom('correspondence')
        .select('reading')
        .where('id', '=', scanned.json().correspondenceId)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.parse(reading.reading!).scan.filename, 'scan.pdf');

      const apiSent = await answer('invoice.html', 'text/html', PDF);
      assert.equal(apiSent.statusCode, 200, apiSent.body);
      const apiOut = JSON.parse((await attachmentsOf(api.caseId))!.attachments) as Array<{
        filename: string;
        contentType: string;
      }>;
      assert.deepEqual(
        apiOut.map((a) => [a.filename, a.contentType]),
        [['invoice.pdf', 'application/pdf']],
      );
    });

    it('shows a look-alike domain with its punycode form, and no bidi control reaches a page', async () => {
      const agent = await createUser(t.ctx, 'agent');
      const s = await sessionFor(t.ctx, agent);
      const { itemId } = await addInboxItem(t.ctx, {
        fromName: 'Support \u202Efdp.exe\u202C Team',
        fromAddress: 'billing@\u0430pple.com',
        subject: 'Invoice \u2066\u202Egnp.js\u2069',
      });
      for (const url of ['/inbox', `/inbox/${itemId}`]) {
        const page = await getPage(t.app, s, url);
        assert.equal(page.statusCode, 200);
        assert.ok(
          !/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/.test(page.body),
          `${url}: no bidi control`,
        );
        assert.ok(page.body.includes('Support fdp.exe Team'), url);
        assert.ok(page.body.includes('billing@\u0430pple.com (xn--pple-43d.com)'), `${url}: punycode beside`);
      }
      const c = await openComplaint(t.ctx, {
        name: 'Eve \u202Eevil\u202C',
        email: 'eve@\u0430pple.com',
        subject: 'Refund \u202Efdp.exe',
      });
      const casePage = await getPage(t.app, s, `/cases/${c.caseId}`);
      assert.equal(casePage.statusCode, 200);
      assert.ok(!/[\u202A-\u202E\u2066-\u2069]/.test(casePage.body), 'case page: no bidi control');
      assert.ok(
        casePage.body.includes('eve@\u0430pple.com (xn--pple-43d.com)'),
        'case page: punycode beside',
      );
    });

    it('sends a signed-in person only to a path of this site, whatever `next` says', async () => {
      for (const next of ['/\t/evil.example', '/%09/evil.example', '/.//evil.example', '/\\evil.example']) {
        const res = await signIn(t, 'admin@example.org', PASSWORD, { remoteAddress: '192.0.2.200', next });
        assert.equal(res.statusCode, 303, next);
        const location = String(res.headers.location);
        assert.equal(
          new URL(location, 'https://complaints.example.org').origin,
          'https://complaints.example.org',
        );
      }
      const page = await t.app.inject({ method: 'GET', url: '/sign-in?next=/%09/evil.example' });
      assert.match(page.body, /<input type="hidden" name="next" value="\/">/, 'the form carries "/" on');
    });
  });
}

describe('logs at trace level', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ env: { REDRESS_LOG_LEVEL: 'trace' } });
  });
  after(async () => {
    await t?.close();
  });

  it('never carry cookies, CSRF values, passwords or bearer tokens (sign-in, multipart upload, API)', async () => {
    const admin = await createUser(t.ctx, 'agent', { email: 'boss@example.org' });
    const { secret } = await createApiToken(
      t.ctx,
      { name: 'crm', role: 'agent', expiresInDays: null },
      { actor: `user:${admin.id}`, label: admin.email, address: null },
    );
    const signed = await signIn(t, 'boss@example.org', PASSWORD);
    assert.equal(signed.statusCode, 303);
    const sessionCookie = setCookies(signed).get('redress_session')!;
    const sessionToken = sessionCookie.slice('redress_session='.length, sessionCookie.indexOf(';'));
    // The session's CSRF token is on every page.
    const page = await t.app.inject({
      method: 'GET',
      url: '/letters/new',
      headers: { cookie: `redress_session=${sessionToken}` },
    });
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const boundary = '----redress-test';
    const body = [
      `--${boundary}`,
      'Content-Disposition: form-data; name="arrived"',
      '',
      '2026-01-05',
      `--${boundary}`,
      'Content-Disposition: form-data; name="scan"; filename="scan.pdf"',
      'Content-Type: application/pdf',
      '',
      '%PDF-1.4\n%%EOF\n',
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const upload = await t.app.inject({
      method: 'POST',
      url: '/letters',
      headers: {
        cookie: `redress_session=${sessionToken}`,
        'x-csrf-token': csrf,
        'content-type': `multipart/form-data; boundary=${boundary}`,
      },
      payload: body,
    });
    assert.ok(upload.statusCode < 500, String(upload.statusCode));
    const api = await t.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${secret}` },
    });
    assert.equal(api.statusCode, 200);
    const all = t.logs.join('\n');
    assert.ok(/"level":10/.test(all), 'trace lines were written');
    assert.ok(/busboy/i.test(all), 'the multipart plugin logged its options');
    for (const value of [PASSWORD, sessionToken, csrf, secret])
      assert.ok(!all.includes(value), `the logs do not contain ${value.slice(0, 8)}…`);
  });
});
