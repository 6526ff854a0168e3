// Every state-changing route of the web application (every POST outside the API, the public forms, sign-in and
// sign-out included) refuses a request without the CSRF token, with a wrong one, or with another session's, even
// from a session whose role the route allows: the route list is the application's own, so a route added later is
// tried too. The API takes bearer tokens only (no cookie, so nothing for a forged request to ride on).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { accessOf, allows, ROUTE_ACCESS } from '../../src/adapters/http/access.ts';
import { ROLES, type Role } from '../../src/core/access/roles.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  form,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

describe('CSRF on every state-changing route of the web application', () => {
  let t: TestApp;
  const sessions = new Map<Role, TestSession>();
  let other: TestSession;

  before(async () => {
    t = await createTestApp({ env: departmentsEnv('Billing') });
    const users = new Map<Role, User>();
    for (const role of ROLES) users.set(role, await createUser(t.ctx, role));
    for (const role of ROLES) sessions.set(role, await sessionFor(t.ctx, users.get(role)!));
    other = await sessionFor(t.ctx, await createUser(t.ctx, 'lead'));
  });
  after(async () => {
    await t?.close();
  });

  const POSTS = Object.keys(ROUTE_ACCESS).filter((k) => k.startsWith('POST ') && !k.includes(' /api/'));

  /** A session whose role the route allows (null: the route is public, tried as a visitor with a CSRF cookie). */
  const allowedSession = (key: string): TestSession | null => {
    const access = accessOf(key)!;
    if (access === 'public') return null;
    const role = ROLES.find((r) => allows(access, r))!;
    return sessions.get(role)!;
  };

  it('tries every POST route of the web application', () => {
    assert.ok(POSTS.length > 60, `${POSTS.length} routes`);
    assert.ok(POSTS.includes('POST /sign-in') && POSTS.includes('POST /sign-out'));
  });

  for (const variant of ['no token', 'a wrong token', 'another session’s token'] as const)
    it(`refuses each with ${variant} (403 csrf_invalid)`, async () => {
      const wrong: string[] = [];
      for (const key of POSTS) {
        const s = allowedSession(key);
        const url = key.slice('POST '.length).replace(/:(\w+)/g, 'x');
        // A visitor's CSRF cookie, as the public forms set it: the token sent must match it.
        const cookie = s ? s.cookie : `redress_csrf=${'v'.repeat(43)}`;
        const sent =
          variant === 'no token' ? undefined : variant === 'a wrong token' ? 'w'.repeat(43) : other.csrf;
        for (const type of [
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=b',
        ] as const) {
          const res = await t.app.inject({
            method: 'POST',
            url,
            headers: { cookie, accept: 'application/json', 'content-type': type },
            payload: type.startsWith('multipart')
              ? `--b\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${sent ?? ''}\r\n--b--\r\n`
              : form({ _csrf: sent }),
          });
          const code = res.headers['content-type']?.toString().includes('json')
            ? res.json()?.error?.code
            : undefined;
          // A route that takes no files answers a multipart post 415 before reading it: refused all the same.
          const unread = type.startsWith('multipart') && res.statusCode === 415;
          if (!unread && (res.statusCode !== 403 || code !== 'csrf_invalid'))
            wrong.push(`${key} (${type.split(';')[0]}): ${res.statusCode} ${code ?? ''}`);
        }
      }
      assert.deepEqual(wrong, []);
    });
});
