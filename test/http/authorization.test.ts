// The role table, checked over the whole application: every registered route is in the table, and for every
// route and every role, with a valid session (or API token) and a valid CSRF token, the answer is allowed or
// 403 `forbidden_role` exactly as the table says. The auditor changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { accessOf, allows, ROUTE_ACCESS } from '../../src/adapters/http/access.ts';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import {
  assignmentRefusal,
  type CaseAct,
  type CaseScope,
  caseActRefusal,
} from '../../src/core/access/case-access.ts';
import { ROLES, type Role } from '../../src/core/access/roles.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  form,
  sessionFor,
  type TestApp,
} from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';

describe('authorisation over the whole route table', () => {
  let t: TestApp;
  const users = new Map<Role, User>();
  const bearer = new Map<Role, string>();
  let params: Record<string, string>;

  before(async () => {
    t = await createTestApp({ env: departmentsEnv('Billing') });
    for (const role of ROLES) users.set(role, await createUser(t.ctx, role));
    const acting = { actor: 'cli', label: null, address: null };
    for (const role of ROLES)
      bearer.set(
        role,
        (await createApiToken(t.ctx, { name: `t-${role}`, role, expiresInDays: null }, acting)).secret,
      );
    const item = await addInboxItem(t.ctx);
    const target = await createUser(t.ctx, 'agent', { email: 'target@example.org' });
    const spare = await createApiToken(t.ctx, { name: 'spare', role: 'agent', expiresInDays: null }, acting);
    params = { ':id': item.itemId, ':name': 'app.css', ':token': 'x'.repeat(43), ':index': '0' };
    // Routes under /admin/users/:id and /admin/tokens/:id act on real records, so "allowed" is not a 404.
    params[':user'] = target.id;
    params[':tokenId'] = spare.token.id;
  });
  after(async () => {
    await t?.close();
  });

  const urlOf = (key: string) => {
    const path = key.slice(key.indexOf(' ') + 1);
    return path.replace(/:(\w+)/g, (m) => {
      if (m === ':id' && path.startsWith('/admin/users/')) return params[':user']!;
      if (m === ':id' && path.startsWith('/admin/tokens/')) return params[':tokenId']!;
      return params[m] ?? 'x';
    });
  };

  async function call(key: string, role: Role | null) {
    const method = key.slice(0, key.indexOf(' ')) as 'GET' | 'POST';
    const url = urlOf(key);
    if (url.startsWith('/api/')) {
      return t.app.inject({
        method,
        url,
        headers: {
          accept: 'application/json',
          ...(role ? { authorization: `Bearer ${bearer.get(role)}` } : {}),
        },
        ...(method === 'POST' ? { payload: {} } : {}),
      });
    }
    const session = role ? await sessionFor(t.ctx, users.get(role)!) : null;
    return t.app.inject({
      method,
      url,
      headers: {
        accept: 'application/json',
        ...(session ? { cookie: session.cookie, 'x-csrf-token': session.csrf } : {}),
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(method === 'POST' ? { payload: form({ _csrf: session?.csrf }) } : {}),
    });
  }

  it('registers exactly the routes of the role table, no more, no fewer', () => {
    assert.deepEqual([...t.app.routeKeys].sort(), Object.keys(ROUTE_ACCESS).sort());
  });

  it('answers every route for every role as the table says (allowed, or 403 forbidden_role)', async () => {
    const mismatches: string[] = [];
    let checked = 0;
    for (const key of Object.keys(ROUTE_ACCESS)) {
      const access = accessOf(key)!;
      for (const role of ROLES) {
        const res = await call(key, role);
        checked++;
        const code = res.headers['content-type']?.toString().includes('json')
          ? res.json()?.error?.code
          : undefined;
        if (allows(access, role)) {
          if (res.statusCode === 401 || res.statusCode === 403 || res.statusCode >= 500)
            mismatches.push(`${key} as ${role}: expected allowed, got ${res.statusCode} ${code ?? ''}`);
        } else if (res.statusCode !== 403 || code !== 'forbidden_role')
          mismatches.push(
            `${key} as ${role}: expected 403 forbidden_role, got ${res.statusCode} ${code ?? ''}`,
          );
      }
    }
    assert.deepEqual(mismatches, []);
    assert.equal(checked, Object.keys(ROUTE_ACCESS).length * ROLES.length);
  });

  it('refuses the signed out everywhere but on public routes (401, never a page with data)', async () => {
    for (const key of Object.keys(ROUTE_ACCESS)) {
      const res = await call(key, null);
      if (accessOf(key) === 'public') {
        // A public form still needs the anonymous CSRF token (login CSRF): 403 csrf_invalid, never a role refusal.
        const code = res.headers['content-type']?.toString().includes('json')
          ? res.json()?.error?.code
          : undefined;
        assert.ok(
          res.statusCode !== 401 && code !== 'forbidden_role',
          `${key} is public, got ${res.statusCode}`,
        );
        continue;
      }
      assert.equal(res.statusCode, 401, `${key} signed out`);
      assert.match(res.json().error.code, /^(unauthenticated|token_invalid)$/);
    }
  });

  it('the auditor may read but no non-GET route of the organisation lets it change anything', async () => {
    for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
      if (key.startsWith('GET ') || access === 'public' || access === 'signed_in') continue;
      assert.ok(!(access as readonly Role[]).includes('auditor'), `${key} must not allow the auditor`);
    }
    const db = t.tdb.database.db;
    const fingerprint = async () =>
      JSON.stringify(
        await Promise.all([
          db.selectFrom('events').select(['stream', 'seq', 'hash']).orderBy('id').execute(),
          db.selectFrom('users').selectAll().orderBy('id').execute(),
          db.selectFrom('api_tokens').selectAll().orderBy('id').execute(),
          db.selectFrom('inbox_items').selectAll().orderBy('id').execute(),
          db.selectFrom('cases').select('id').execute(),
        ]),
      );
    const before = await fingerprint();
    for (const [key, access] of Object.entries(ROUTE_ACCESS)) {
      if (key.startsWith('GET ') || access === 'public' || access === 'signed_in') continue;
      const res = await call(key, 'auditor');
      assert.equal(res.statusCode, 403, key);
    }
    assert.equal(await fingerprint(), before);
  });

  it('lets a case action route to exactly the roles the case rule lets act on some case (one rule)', () => {
    // Each route that acts on a case, and the act of src/core/access/case-access.ts it performs.
    const ACTS: Record<string, CaseAct> = {
      'POST /cases/:id/assign': 'assign',
      'POST /cases/:id/categorise': 'categorise',
      'POST /cases/:id/note': 'note',
      'POST /cases/:id/acknowledge': 'acknowledge',
      'POST /cases/:id/request-information': 'request_information',
      'POST /cases/:id/extend': 'extend',
      'POST /cases/:id/answer': 'answer',
      'POST /cases/:id/answer/preview': 'answer',
      'POST /cases/:id/escalate': 'escalate',
      'POST /cases/:id/close': 'close',
      'POST /cases/:id/reopen': 'reopen',
      'POST /cases/:id/merge': 'merge',
      'POST /cases/:id/forward': 'forward',
      'POST /cases/:id/suggestion-acknowledge': 'suggestion_acknowledge',
      'POST /cases/:id/suggestion-done': 'suggestion_done',
      'POST /cases/:id/letters/:letterId/posted': 'post_letter',
      'POST /cases/:id/correspondence/:cid/resend-letter': 'resend_letter',
      'POST /inbox/:id/file': 'file_correspondence',
      'POST /inbox/:id/open-case': 'open',
      'POST /api/v1/inbox/:id/file': 'file_correspondence',
      'POST /api/v1/inbox/:id/open-case': 'open',
      'POST /api/v1/cases/:id/assign': 'assign',
      'POST /api/v1/cases/:id/categorise': 'categorise',
      'POST /api/v1/cases/:id/notes': 'note',
      'POST /api/v1/cases/:id/request-information': 'request_information',
      'POST /api/v1/cases/:id/extend': 'extend',
      'POST /api/v1/cases/:id/answer': 'answer',
      'POST /api/v1/cases/:id/escalate': 'escalate',
      'POST /api/v1/cases/:id/close': 'close',
      'POST /api/v1/cases/:id/reopen': 'reopen',
    };
    const shapes: CaseScope[] = [];
    for (const kind of ['complaint', 'suggestion', 'other'] as const)
      for (const step of [1, 2, null] as const)
        shapes.push({ kind, step, department: 'Billing', ownerId: null });
    const mismatches: string[] = [];
    for (const [key, act] of Object.entries(ACTS)) {
      const access = accessOf(key);
      assert.ok(Array.isArray(access), `${key} is a case action route of the role table`);
      for (const role of ROLES) {
        const v = { role, userId: 'me', departments: ['Billing'] };
        const someCase = shapes.some((s) =>
          act === 'assign'
            ? assignmentRefusal(v, s, 'me', { role, status: 'active' }) === null
            : caseActRefusal(v, act, s) === null,
        );
        if (someCase !== allows(access, role))
          mismatches.push(`${key} as ${role}: table ${allows(access, role)}, case rule ${someCase}`);
      }
    }
    assert.deepEqual(mismatches, []);
  });

  it('a valid role with a route it may use still needs the CSRF token (a 403 above meant the role)', async () => {
    const session = await sessionFor(t.ctx, users.get('agent')!);
    const res = await t.app.inject({
      method: 'POST',
      url: `/inbox/${params[':id']}/dismiss`,
      headers: {
        cookie: session.cookie,
        accept: 'application/json',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: form({ reason: 'duplicate of another message' }),
    });
    assert.equal(res.statusCode, 403);
    assert.equal(res.json().error.code, 'csrf_invalid');
  });
});
