// Anything under the API's prefix answers as the API does, however the address is written: a doubled or tripled
// slash, a trailing slash, the prefix in capitals, a slash or a letter percent-encoded, a dot segment. A program
// (or a person trying addresses) gets the API's JSON problem with the API's content type: never the HTML page meant
// for browsers, and never a cookie (the API takes bearer tokens only). The staff application's own "not found" stays
// a page. Spoken over real connections (node:http), since `inject` would read `//api/…` as a host name.
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import {
  apiSecret,
  createUser,
  type ListeningTestApp,
  listeningTestApp,
  sessionFor,
  type TestSession,
} from '../support/http.ts';

interface Answer {
  status: number;
  type: string;
  cookies: string[];
  body: string;
}

describe('odd addresses under the API prefix', () => {
  let t: ListeningTestApp;
  let staff: TestSession;

  /** One request over a real connection, with the path sent exactly as written. */
  const send = (path: string, o: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    new Promise<Answer>((resolve, reject) => {
      const r = request(
        { host: '127.0.0.1', port: t.port, path, method: o.method ?? 'GET', headers: o.headers ?? {} },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => {
            body += c;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              type: String(res.headers['content-type'] ?? ''),
              cookies: res.headers['set-cookie'] ?? [],
              body,
            }),
          );
        },
      );
      r.on('error', reject);
      r.end(o.body);
    });

  /** What the API answers: its JSON problem (or its JSON), its content type, no page, no cookie. */
  const assertApiAnswer = (a: Answer, path: string) => {
    const where = `${path} → ${a.status} ${a.type} ${a.body.slice(0, 80)}`;
    assert.equal(a.type, 'application/json; charset=utf-8', where);
    assert.deepEqual(a.cookies, [], where);
    assert.doesNotMatch(a.body, /<html|<!doctype/i, where);
    const json = JSON.parse(a.body) as { error?: { code?: unknown; message?: unknown } };
    if (a.status >= 400) {
      assert.equal(typeof json.error?.code, 'string', where);
      assert.equal(typeof json.error?.message, 'string', where);
    }
  };

  before(async () => {
    t = await listeningTestApp();
    staff = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
  });
  after(async () => {
    await t?.close();
  });

  const ODD = [
    '//api/v1/me',
    '///api/v1/cases',
    '//api/v1/cases?status=open',
    '/api',
    '/api/',
    '/api/v1/',
    '/api//v1/cases',
    '/api/v1//cases',
    '/API/v1/cases',
    '/Api/V1/Me',
    '/api/v1/me/',
    '/api/v1/cases/',
    '/api%2Fv1%2Fcases',
    '/api%2fv1/me',
    '/%2Fapi/v1/me',
    '/%61pi/v1/me',
    '/./api/v1/me',
    '/x/../api/v1/me',
    '/api\\v1\\me',
    '/api;x/v1/me',
    '/API/%C0',
    '/api%00/v1',
  ];

  it('answers every odd spelling as the API, with a token, without one, and to a browser', async () => {
    const secret = await apiSecret(t.ctx, 'agent');
    for (const path of ODD)
      for (const headers of [
        {} as Record<string, string>,
        { authorization: `Bearer ${secret}` },
        { accept: 'text/html,application/xhtml+xml', cookie: staff.cookie },
      ])
        assertApiAnswer(await send(path, { headers }), `${path} ${JSON.stringify(Object.keys(headers))}`);
  });

  it('answers a post to an odd spelling as the API: JSON, no CSRF refusal page, no cookie', async () => {
    for (const path of ['//api/v1/complaints', '/API/v1/complaints', '/api/v1/complaints/'])
      for (const headers of [
        { 'content-type': 'application/json' } as Record<string, string>,
        { 'content-type': 'application/x-www-form-urlencoded', cookie: staff.cookie, accept: 'text/html' },
      ]) {
        const a = await send(path, {
          method: 'POST',
          headers,
          body: headers['content-type']?.includes('json') ? '{}' : 'a=1',
        });
        assertApiAnswer(a, `POST ${path}`);
        assert.notEqual(a.status, 201, 'nothing is created through an odd spelling');
      }
  });

  it('property: the prefix written any way (case, repeated slashes, encodings, trailing slash) answers as the API', async () => {
    /** One character of the address as written: as it is, in the other case, or percent-encoded. */
    const spell = (c: string) =>
      fc.constantFrom(
        c,
        c.toUpperCase(),
        `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`,
        `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`,
      );
    const word = (w: string) => fc.tuple(...[...w].map(spell)).map((cs) => cs.join(''));
    const slash = fc.constantFrom('/', '//', '///', '%2F', '%2f', '/./');
    const rest = fc.constantFrom('', 'me', 'cases', 'cases/x', 'inbox', 'nothing-here', 'openapi.json');
    const tail = fc.constantFrom('', '/', '//', '?page=2');
    const odd = fc
      .tuple(slash, word('api'), slash, word('v1'), slash, rest, tail)
      .map((parts) => parts.join(''))
      .filter((p) => p.startsWith('/'));
    await fc.assert(
      fc.asyncProperty(odd, fc.boolean(), async (path, browser) => {
        const a = await send(path, {
          headers: browser ? { accept: 'text/html', cookie: staff.cookie } : {},
        });
        assertApiAnswer(a, path);
      }),
      { numRuns: 200 },
    );
  });

  it('keeps the staff application’s "not found" a page', async () => {
    for (const path of ['/nothing-here', '//cases', '/apix', '/api-docs', '/cases/x/y/z', '/apiv1/cases']) {
      const a = await send(path, { headers: { accept: 'text/html', cookie: staff.cookie } });
      assert.equal(a.status, 404, path);
      assert.equal(a.type, 'text/html; charset=utf-8', path);
      assert.match(a.body, /<!doctype html>/, path);
    }
  });

  it('answers the API’s own addresses as before', async () => {
    const me = await send('/api/v1/me');
    assert.equal(me.status, 401);
    assertApiAnswer(me, '/api/v1/me');
    const missing = await send('/api/v1/nothing-here', { headers: { accept: 'text/html' } });
    assert.equal(missing.status, 404);
    assertApiAnswer(missing, '/api/v1/nothing-here');
  });
});
