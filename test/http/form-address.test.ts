// Where a refused form leaves the person: a form posts to an address of its own (`/cases/…/answer`) that has no
// page. When the answer is the form again with its errors, the address shown must be the page the form is on
// (htmx is told with HX-Replace-Url), and opening a post-only address (a reload without script, a copied link)
// leads to that page instead of "This page does not exist". Checked for the forms named in the report and, by
// walking the route table, for every other post-only address of the web application.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

describe('a refused form keeps an address that can be reloaded', () => {
  let t: TestApp;
  const u: Record<string, User> = {};

  before(async () => {
    t = await createTestApp();
    u.agent = await createUser(t.ctx, 'agent', { name: 'Ana Agent' });
    u.lead = await createUser(t.ctx, 'lead', { name: 'Lea Lead' });
    u.administrator = await createUser(t.ctx, 'administrator', { name: 'Ada Admin' });
  });
  after(async () => {
    await t?.close();
  });

  const htmx = { 'hx-request': 'true' };

  it('shows the case page address after a refused answer, extension or closing, and it reloads', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    const s = await sessionFor(t.ctx, u.agent!);
    const page = `/cases/${c.caseId}`;
    for (const [action, values] of [
      ['extend', { reason: '', windowStart: 'soon', windowEnd: '' }],
      ['close', { reason: '' }],
      ['note', { text: '' }],
      ['request-information', {}],
    ] as const) {
      const refused = await postForm(t.app, s, `${page}/${action}`, values, htmx);
      assert.equal(refused.statusCode, 422, action);
      assert.equal(refused.headers['hx-replace-url'], page, action);
      // the same address without htmx (a browser without script, a copied address) opens the case page
      const opened = await getPage(t.app, s, `${page}/${action}`);
      assert.equal(opened.statusCode, 303, action);
      assert.equal(opened.headers.location, page, action);
    }
    // the answer form is multipart; an empty one is refused the same way
    const fd = new FormData();
    fd.append('outcome', '');
    const request = new Request('http://localhost/', { method: 'POST', body: fd });
    const answer = await t.app.inject({
      method: 'POST',
      url: `${page}/answer`,
      headers: {
        cookie: s.cookie,
        'x-csrf-token': s.csrf,
        'content-type': request.headers.get('content-type')!,
        ...htmx,
      },
      payload: Buffer.from(await request.arrayBuffer()),
    });
    assert.equal(answer.statusCode, 422);
    assert.equal(answer.headers['hx-replace-url'], page);
    const reload = await getPage(t.app, s, `${page}/answer`);
    assert.equal(reload.statusCode, 303);
    assert.equal(reload.headers.location, page);
    const followed = await getPage(t.app, s, String(reload.headers.location));
    assert.equal(followed.statusCode, 200);
  });

  it('shows the complainant page address after a refused restriction', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 1 });
    const s = await sessionFor(t.ctx, u.lead!);
    const page = `/complainants/${c.complainantId}`;
    const refused = await postForm(
      t.app,
      s,
      `${page}/restrictions`,
      { kind: 'written_only', reason: '', reviewBy: '' },
      htmx,
    );
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.headers['hx-replace-url'], page);
    const opened = await getPage(t.app, s, `${page}/restrictions`);
    assert.equal(opened.statusCode, 303);
    assert.equal(opened.headers.location, page);
  });

  it('shows the template page address after a preview or a refused save', async () => {
    const s = await sessionFor(t.ctx, u.administrator!);
    const page = '/admin/templates/acknowledgement/fr';
    const preview = await postForm(t.app, s, `${page}/preview`, { subject: '', body: '' }, htmx);
    assert.equal(preview.statusCode, 422);
    assert.equal(preview.headers['hx-replace-url'], page);
    const opened = await getPage(t.app, s, `${page}/preview`);
    assert.equal(opened.statusCode, 303);
    assert.equal(opened.headers.location, page);
  });

  it('leads every post-only address of the web application to a page, never to "does not exist"', async () => {
    const keys = [...t.app.routeKeys];
    const gets = new Set(keys.filter((k) => k.startsWith('GET ')).map((k) => k.slice(4)));
    const postOnly = keys
      .filter((k) => k.startsWith('POST ') && !k.startsWith('POST /api/'))
      .map((k) => k.slice(5))
      .filter((url) => !gets.has(url));
    assert.ok(postOnly.length > 20, 'the walk found the forms');
    const s = await sessionFor(t.ctx, u.administrator!);
    for (const url of postOnly) {
      const concrete = url.replace(/:(\w+)/g, (_, name: string) => `some-${name}`);
      const opened = await getPage(t.app, s, concrete);
      assert.equal(opened.statusCode, 303, `GET ${concrete}`);
      const location = String(opened.headers.location);
      const pattern = [...gets].find(
        (g) => new RegExp(`^${g.replace(/:\w+/g, '[^/]+')}$`).test(location) && g !== '/health',
      );
      assert.ok(pattern, `GET ${concrete} leads to ${location}, a page`);
    }
  });
});
