// What a careless or hostile client sends that no form or API call of ours would: JSON cut short or carrying
// `__proto__`, a form with hundreds of fields, a list limit out of range, a case id longer than any. Each is the
// sender's mistake: 400, 413 or 414 in the usual error shape (a page for browsers, `{"error":{code,message}}` for
// the API), logged at info, never 500 and never an error line in the log. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { apiSecret, createTestApp, createUser, setCookies, type TestApp } from '../support/http.ts';

/** The log lines at error level (pino level 50 and above) written since `from`. */
function errorLines(t: TestApp, from: number): string[] {
  return t.logs.slice(from).filter((l) => (JSON.parse(l) as { level: number }).level >= 50);
}

for (const engine of ENGINES) {
  describe(`malformed input (${engine})`, () => {
    let t: TestApp;
    let bearer = '';
    before(async () => {
      t = await createTestApp({ engine });
      await createUser(t.ctx, 'agent', { email: 'agnes@example.org' });
      bearer = await apiSecret(t.ctx, 'agent', 'api-agent');
    });
    after(async () => {
      await t?.close();
    });

    const api = (method: 'GET' | 'POST', url: string, payload?: string) =>
      t.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${bearer}`,
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(payload === undefined ? {} : { payload }),
      });

    it('JSON cut short or with __proto__ is 400 with the API error shape, logged at info', async () => {
      const from = t.logs.length;
      for (const payload of ['{"a":', '{"__proto__":{}}', '{"constructor":{"prototype":{}}}']) {
        const res = await api('POST', '/api/v1/complaints', payload);
        assert.equal(res.statusCode, 400, `${payload}: ${res.body}`);
        const body = res.json() as { error: { code: string; message: string } };
        assert.equal(body.error.code, 'bad_request');
        assert.match(body.error.message, /could not be read/);
      }
      assert.deepEqual(errorLines(t, from), []);
    });

    it('the same on a page: JSON posted to the sign-in form is a 400 page, not 500', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
      const c = setCookies(page).get('redress_csrf')!;
      const from = t.logs.length;
      const res = await t.app.inject({
        method: 'POST',
        url: '/sign-in',
        headers: { cookie: c.slice(0, c.indexOf(';')), 'content-type': 'application/json' },
        payload: '{"a":',
      });
      assert.equal(res.statusCode, 400, res.body.slice(0, 300));
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.deepEqual(errorLines(t, from), []);
    });

    it('a form with more fields than any of ours is 413, not 500', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/complain' });
      const c = setCookies(page).get('redress_csrf')!;
      const csrf = c.slice('redress_csrf='.length, c.indexOf(';'));
      const fd = new FormData();
      for (let i = 0; i < 150; i++) fd.append(`f${i}`, 'x');
      const request = new Request('http://localhost/', { method: 'POST', body: fd });
      const from = t.logs.length;
      for (const url of ['/complain', '/c/not-a-token']) {
        const res = await t.app.inject({
          method: 'POST',
          url: `${url}?_csrf=${csrf}`,
          headers: {
            cookie: c.slice(0, c.indexOf(';')),
            'content-type': request.headers.get('content-type')!,
          },
          payload: Buffer.from(await request.clone().arrayBuffer()),
        });
        assert.ok([404, 413].includes(res.statusCode), `${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (url === '/complain') assert.equal(res.statusCode, 413);
      }
      assert.deepEqual(errorLines(t, from), []);
    });

    it('takes an internationalised address on the API, refuses a list or a quoted local part', async () => {
      const complaint = (email: string) =>
        JSON.stringify({
          complainant: { name: 'Jürgen Müller', email },
          language: 'de',
          description: 'Die Domain ist nicht erreichbar.',
          expectations: 'Bitte reparieren.',
        });
      const ok = await api('POST', '/api/v1/complaints', complaint('Jürgen@Müller-Bau.de'));
      assert.equal(ok.statusCode, 201, ok.body);
      const row = await t.tdb.database.db
        .selectFrom('complainants')
        .select('email')
        .where('email', '=', 'jürgen@müller-bau.de')
        .execute();
      assert.equal(row.length, 1, 'kept as every door keeps it: lower case, NFC');
      for (const bad of ['a@example.org, b@example.org', '"a b"@example.org', 'a@b', 'a@[127.0.0.1]']) {
        const res = await api('POST', '/api/v1/complaints', complaint(bad));
        assert.equal(res.statusCode, 422, `${bad}: ${res.body}`);
      }
    });

    it('a list limit out of range names both bounds', async () => {
      for (const limit of ['-1', '0', '99999999999999999999', '1.5', 'x']) {
        const res = await api('GET', `/api/v1/cases?limit=${limit}`);
        assert.equal(res.statusCode, 422, `${limit}: ${res.body}`);
        const body = res.json() as { error: { fields: { field: string; message: string }[] } };
        const message = body.error.fields.find((f) => f.field === 'limit')?.message ?? '';
        assert.match(message, /from 1 to \d+/, `${limit}: ${message}`);
        assert.doesNotMatch(message, /…|9007199254740991/, `${limit}: ${message}`);
      }
    });

    it('a case id longer than any is 414 in the API error shape, without echoing the address', async () => {
      const long = 'RC-'.padEnd(300, '9');
      const res = await api('GET', `/api/v1/cases/${long}`);
      assert.equal(res.statusCode, 414, res.body);
      const body = res.json() as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'uri_too_long');
      assert.ok(!res.body.includes(long), 'the address is not echoed');
    });

    it('a case address longer than any is 414 on a page in the reader’s language, without echoing it', async () => {
      const long = 'RC-'.padEnd(300, '9');
      const res = await t.app.inject({
        method: 'GET',
        url: `/cases/${long}`,
        headers: { accept: 'text/html', 'accept-language': 'de' },
      });
      assert.equal(res.statusCode, 414, res.body);
      assert.match(String(res.headers['content-type']), /^text\/html/);
      assert.match(res.body, /<html lang="de">/);
      assert.ok(!res.body.includes(long), 'the address is not echoed');
    });
  });
}
