// Read-only roles see read-only pages: the auditor reads every page of the web application and is offered no
// form that changes anything (it would end in 403) and no field that looks editable. Walks every GET page the
// role table opens to the auditor, with real cases, complainants, users and texts behind the addresses.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { ROUTE_ACCESS } from '../../src/adapters/http/access.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import {
  createTestApp,
  createUser,
  departmentsEnv,
  getPage,
  sessionFor,
  type TestApp,
} from '../support/http.ts';
import { addInboxItem } from '../support/inbox-items.ts';
import { openComplaint } from '../support/staff.ts';

/** What in a page lets a person change something: a form that posts, or a control outside a search form. */
function writableParts(body: string): string[] {
  // The top bar's language switch and sign-out are the person's own, not the page's.
  const page = body.replace(/<header class="topbar">[\s\S]*?<\/header>/, '');
  const found: string[] = [];
  for (const m of page.matchAll(/<form\b[^>]*>/g)) if (/method="post"/i.test(m[0])) found.push(m[0]);
  // Controls inside GET forms (filters, search, the routing trial) only read.
  const outsideGetForms = page.replace(/<form\b[^>]*method="get"[\s\S]*?<\/form>/gi, '');
  for (const m of outsideGetForms.matchAll(/<(textarea|select|input)\b[^>]*>/g))
    if (!/type="hidden"/.test(m[0])) found.push(m[0]);
  for (const m of outsideGetForms.matchAll(/<button\b[^>]*type="submit"[^>]*>/g)) found.push(m[0]);
  return found;
}

describe('read-only roles see read-only pages', () => {
  let t: TestApp;
  let auditor: User;
  const ids: Record<string, string> = {};

  before(async () => {
    t = await createTestApp({ env: departmentsEnv('Billing') });
    auditor = await createUser(t.ctx, 'auditor', { name: 'Audrey Auditor' });
    const admin = await createUser(t.ctx, 'administrator', { name: 'Ada Admin' });
    const c = await openComplaint(t.ctx, { daysAgo: 2 });
    const suggestion = await openComplaint(t.ctx, { kind: 'suggestion', daysAgo: 1 });
    await forwardSuggestion(t.ctx, suggestion.caseId, { department: 'Billing', note: null, actor: 'system' });
    ids.caseId = c.caseId;
    ids.complainantId = c.complainantId;
    ids.userId = admin.id;
    ids.inboxId = (await addInboxItem(t.ctx, { subject: 'Waiting for a person' })).itemId;
    ids.suggestionId = suggestion.caseId;
  });
  after(async () => {
    await t?.close();
  });

  it('offers the auditor no form that writes and no field to type in, on every page it reads', async () => {
    const s = await sessionFor(t.ctx, auditor);
    const pages = Object.entries(ROUTE_ACCESS)
      .filter(([key]) => key.startsWith('GET /') && !key.startsWith('GET /api/'))
      .filter(([, access]) => Array.isArray(access) && (access as readonly string[]).includes('auditor'))
      .map(([key]) => key.slice(4));
    const fill: Record<string, string> = {
      '/cases/:id': `/cases/${ids.caseId}`,
      '/complainants/:id': `/complainants/${ids.complainantId}`,
      '/admin/users/:id': `/admin/users/${ids.userId}`,
      '/admin/templates/:kind/:language': '/admin/templates/answer/fr',
      '/inbox/:id': `/inbox/${ids.inboxId}`,
    };
    const seen: string[] = [];
    const problems: string[] = [];
    for (const pattern of pages) {
      if (pattern.includes(':') && !fill[pattern]) continue; // files and originals, not pages
      const url = fill[pattern] ?? pattern;
      const res = await getPage(t.app, s, url);
      if (res.statusCode !== 200 || !String(res.headers['content-type']).startsWith('text/html')) continue;
      seen.push(url);
      for (const part of writableParts(res.body)) problems.push(`${url}: ${part}`);
    }
    // a suggestion's page too
    const other = await getPage(t.app, s, `/cases/${ids.suggestionId}`);
    assert.equal(other.statusCode, 200);
    for (const part of writableParts(other.body)) problems.push(`suggestion: ${part}`);
    for (const expected of [
      '/admin/calendar',
      '/admin/organisation',
      '/admin/templates/answer/fr',
      `/cases/${ids.caseId}`,
    ])
      assert.ok(seen.includes(expected), `walked ${expected}`);
    assert.deepEqual(problems, []);
  });
});
