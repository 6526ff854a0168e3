// Every body has a budget of fields, not only of bytes. A form or JSON body within the byte limit can still hold
// a hundred thousand tiny fields ("a1=&a2=&…"), and building that many keys takes the process far longer than
// reading the same bytes as one field, while everyone else waits: the public doors that take such a body before
// anyone is known (sign-in, language, forgotten password, set-password links, the complainant's page) refuse a
// form or JSON body with more fields than any of ours as too large (413), before it is built, as the multipart
// parser already does. A form with many fields but within the budget is read as before.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createTestApp, setCookies, type TestApp } from '../support/http.ts';

/** Far more fields than any form of ours sends (the largest, the category catalogue, sends about 800). */
const MANY = 20_000;
const TOKEN = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const DOORS = [
  '/sign-in',
  '/language',
  '/forgot-password',
  `/invitation/${TOKEN}`,
  `/reset-password/${TOKEN}`,
  `/c/${TOKEN}`,
];

describe('the field budget of a body (sqlite)', () => {
  let t: TestApp;
  let cookie = '';
  let csrf = '';
  before(async () => {
    t = await createTestApp();
    const page = await t.app.inject({ method: 'GET', url: '/sign-in' });
    const c = setCookies(page).get('redress_csrf')!;
    cookie = c.slice(0, c.indexOf(';'));
    csrf = c.slice('redress_csrf='.length, c.indexOf(';'));
  });
  after(async () => {
    await t?.close();
  });

  const post = (url: string, type: string, payload: string) =>
    t.app.inject({
      method: 'POST',
      url,
      headers: { cookie, 'content-type': type, 'accept-language': 'de' },
      payload,
    });

  it('refuses a form of tiny fields past the budget at every public door, as too large, on a page', async () => {
    const body = `_csrf=${csrf}&${Array.from({ length: MANY }, (_, i) => `f${i}=`).join('&')}`;
    assert.ok(body.length < 1024 * 1024, 'within the byte limit');
    for (const url of DOORS) {
      const res = await post(url, 'application/x-www-form-urlencoded', body);
      assert.equal(res.statusCode, 413, `${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.match(res.body, /Die Sendung ist zu groß\./);
    }
  });

  it('over a socket too, the body sent at once with its headers: refused, and the server goes on answering', async () => {
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    const { port } = t.app.server.address() as { port: number };
    // Near the byte limit; the public form, whose own limit is lower, refuses it by its length without reading it.
    const body = `_csrf=${csrf}&${Array.from({ length: 150_000 }, (_, i) => `${i.toString(36)}=`).join('&')}`;
    assert.ok(body.length < 1024 * 1024 && body.length > 800_000, String(body.length));
    for (const url of [...DOORS, '/complain']) {
      // One write, as a client whose whole request is in the server's buffer before any of it is read.
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let got = '';
        socket.on('data', (d) => {
          got += d.toString('utf8');
          if (got.includes('\r\n\r\n')) socket.destroy();
        });
        socket.on('close', () => resolve(got));
        socket.on('error', reject);
        socket.write(
          `POST ${url} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${cookie}\r\nAccept-Language: fr\r\n` +
            `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      });
      assert.match(answer, /^HTTP\/1\.1 413 /, `${url}: ${answer.slice(0, 100)}`);
    }
    assert.equal((await fetch(`http://127.0.0.1:${port}/healthz`)).status, 200);
  });

  it('refuses a JSON body with members past the budget the same way', async () => {
    const body = JSON.stringify(
      Object.fromEntries([['_csrf', csrf], ...Array.from({ length: MANY }, (_, i) => [`f${i}`, 0])]),
    );
    for (const url of DOORS) {
      const res = await post(url, 'application/json', body);
      assert.equal(res.statusCode, 413, `${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
    }
    const nested = JSON.stringify({ _csrf: csrf, list: Array.from({ length: MANY }, () => 0) });
    assert.equal((await post('/sign-in', 'application/json', nested)).statusCode, 413);
  });

  it('reads a form with many fields within the budget as before', async () => {
    const extra = Array.from({ length: 1500 }, (_, i) => `f${i}=`).join('&');
    const res = await post(
      '/sign-in',
      'application/x-www-form-urlencoded',
      `_csrf=${csrf}&email=nobody%40example.org&password=wrong&${extra}`,
    );
    assert.equal(res.statusCode, 401, res.body.slice(0, 200));
    // A text with many commas is one field: only the structure of JSON counts, not what its strings say.
    const json = await post(
      '/sign-in',
      'application/json',
      JSON.stringify({
        _csrf: csrf,
        email: 'nobody@example.org',
        password: 'wrong',
        note: '\\",'.repeat(2500).concat(':{['.repeat(500)),
      }),
    );
    assert.equal(json.statusCode, 401, json.body.slice(0, 200));
  });
});
