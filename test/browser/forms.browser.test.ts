// Pages as a person meets them in Chromium: a refused form leaves the address of the page it is on, so reloading
// or sharing it works (with htmx, and in a browser without script); a department member reads the suggestion it
// was sent; the auditor reads the settings and the texts without a field that looks editable or a Preview
// that would be refused.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import type { OpenedCase } from '../../src/app/open-case.ts';
import { launchChromium, signedInContext, watchCsp } from '../support/browser.ts';
import { createTestApp, createUser, departmentsEnv, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

describe('forms and read-only pages in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const users: Record<string, User> = {};
  let complaint: OpenedCase;
  let suggestion: OpenedCase;
  const csp: string[] = [];
  const contexts: BrowserContext[] = [];
  const SUGGESTED = 'Could the invoices show the domain name next to each line?';

  before(async () => {
    t = await createTestApp({ env: departmentsEnv('Billing') });
    users.agent = await createUser(t.ctx, 'agent', { name: 'Ana Agent' });
    users.lead = await createUser(t.ctx, 'lead', { name: 'Lea Lead' });
    users.department = await createUser(t.ctx, 'department_member', {
      name: 'Dora Billing',
      departments: ['Billing'],
    });
    users.auditor = await createUser(t.ctx, 'auditor', { name: 'Audrey Auditor' });
    complaint = await openComplaint(t.ctx, { daysAgo: 1, name: 'Hélène Faure' });
    suggestion = await openComplaint(t.ctx, {
      kind: 'suggestion',
      daysAgo: 1,
      subject: 'An idea for the invoices',
      description: SUGGESTED,
    });
    await forwardSuggestion(t.ctx, suggestion.caseId, { department: 'Billing', note: null, actor: 'system' });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function as(who: string): Promise<Page> {
    const context = await signedInContext(browser, t.ctx, users[who]!, base);
    contexts.push(context);
    const page = await context.newPage();
    watchCsp(page, csp);
    return page;
  }

  it('keeps the case page address after a refused closing, and the page reloads', async () => {
    const page = await as('agent');
    const caseUrl = `${base}/cases/${complaint.caseId}`;
    await page.goto(caseUrl);
    await page.locator('#action-close > summary').click();
    await page.getByRole('button', { name: 'Close the case' }).click();
    await page.locator('#close-errors').waitFor();
    assert.equal(page.url(), caseUrl, 'the address is the case page, not the form’s');
    const reloaded = await page.reload();
    assert.equal(reloaded?.status(), 200);
    assert.equal(await page.locator('h1').innerText(), `Case ${complaint.reference}`);
  });

  it('keeps the complainant page address after a refused restriction', async () => {
    const page = await as('lead');
    const url = `${base}/complainants/${complaint.complainantId}`;
    await page.goto(url);
    await page.locator('#action-restrict > summary').click();
    await page.getByRole('button', { name: 'Record the restriction' }).click();
    await page.locator('#restrict-errors').waitFor();
    assert.equal(page.url(), url);
    assert.equal((await page.reload())?.status(), 200);
  });

  it('without script, opening the address a form posted to leads to the form’s page', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    contexts.push(context);
    const session = await sessionFor(t.ctx, users.agent!);
    await context.addCookies([
      { name: 'redress_session', value: session.cookie.split('=')[1]!, url: base, httpOnly: true },
    ]);
    const page = await context.newPage();
    await page.goto(`${base}/cases/${complaint.caseId}`);
    await page.locator('#action-close > summary').click();
    await page.getByRole('button', { name: 'Close the case' }).click();
    await page.waitForURL(`${base}/cases/${complaint.caseId}/close`);
    assert.match(await page.locator('#close-errors').innerText(), /Reason/);
    const opened = await page.goto(page.url());
    assert.equal(opened?.status(), 200);
    assert.equal(page.url(), `${base}/cases/${complaint.caseId}`);
  });

  it('shows a department member the suggestion it was sent, without a clock or a complaint checklist', async () => {
    const page = await as('department');
    await page.goto(`${base}/cases/${suggestion.caseId}`);
    // What the person wrote is shown first and wide; the side column says where it went.
    assert.match(await page.locator('section.case-words').innerText(), /domain name next to each line/);
    assert.equal(await page.locator('#suggestion-title').count(), 1);
    assert.equal(await page.locator('#clock-title').count(), 0);
    assert.equal(await page.locator('#checklist-title').count(), 0);
  });

  it('shows the auditor the calendar and the answer text as text, with no Preview', async () => {
    const page = await as('auditor');
    await page.goto(`${base}/admin/calendar`);
    const main = page.locator('main');
    assert.equal(await main.locator('input:not([type="hidden"]), select, textarea').count(), 0);
    assert.match(await main.innerText(), /Working days/i);
    await page.goto(`${base}/admin/templates/answer/fr`);
    assert.equal(await main.locator('input:not([type="hidden"]), select, textarea').count(), 0);
    assert.equal(await page.getByRole('button', { name: 'Preview' }).count(), 0);
    assert.match(await main.locator('pre.mail-text').innerText(), /\{\{text\}\}/);
  });

  it('saw no Content-Security-Policy violation', () => {
    assert.deepEqual(csp, []);
  });
});
