// Categories in Chromium: an administrator renames a category's English label and adds a category in the
// catalogue editor; an agent opens a complaint whose words suggested a category, sees the suggestion with the
// words behind it, confirms it with one button, and sees the new label on the case. axe-core finds no serious or
// critical violation on the editor and on the case page; screenshots of both; no CSP violation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { fixedClock } from '../../src/core/ports.ts';
import {
  axeViolations,
  describeViolations,
  launchChromium,
  SHOTS,
  signedInContext,
  watchCsp,
} from '../support/browser.ts';
import { createTestApp, createUser, type TestApp } from '../support/http.ts';

describe('categories in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let adminContext: BrowserContext;
  let agentContext: BrowserContext;
  let page: Page;
  let caseId = '';
  const csp: string[] = [];

  before(async () => {
    t = await createTestApp({ clock: fixedClock('2026-11-23T09:00:00.000Z') });
    const admin = await createUser(t.ctx, 'administrator', { email: 'ada@example.org', name: 'Ada Admin' });
    const lead = await createUser(t.ctx, 'lead', { email: 'lea@example.org', name: 'Lea Lead' });
    const opened = await submitComplaint(
      t.ctx,
      {
        complainant: { name: 'Bea Beispiel', email: 'bea@example.org' },
        description: 'I was charged twice on my last invoice.',
        expectations: 'A refund of the second payment.',
      },
      { channel: 'web', actor: 'test' },
    );
    caseId = opened.caseId;
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    adminContext = await signedInContext(browser, t.ctx, admin, base);
    agentContext = await signedInContext(browser, t.ctx, lead, base);
    page = await adminContext.newPage();
    watchCsp(page, csp);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('lets the administrator rename a label and add a category', async () => {
    await page.goto(`${base}/admin/categories`);
    const billing = page.locator('fieldset.category', {
      has: page.locator('code', { hasText: /^billing$/ }),
    });
    await billing.getByLabel('Label in English').fill('Invoices and payments');
    const added = page.locator('fieldset.category').last();
    await added.getByLabel('Key', { exact: true }).fill('domain_parking');
    await added.getByLabel('Label in French').fill('Parking de domaines');
    await added.getByLabel('Label in English').fill('Domain parking');
    await added.getByLabel('Label in German').fill('Domain-Parking');
    await added.getByLabel('Keywords in English').fill('parked page, parking');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(`${base}/admin/categories`);
    await page.getByRole('status').filter({ hasText: /saved/i }).first().waitFor();
    assert.ok(t.ctx.config.categories.includes('domain_parking'));
    assert.equal(
      await page
        .locator('fieldset.category', { has: page.locator('code', { hasText: /^billing$/ }) })
        .getByLabel('Label in English')
        .inputValue(),
      'Invoices and payments',
    );
    await page.screenshot({ path: `${SHOTS}admin-categories.png`, fullPage: true });
    assert.deepEqual(
      describeViolations(
        await axeViolations(browser, adminContext, `${base}/admin/categories?try=parked+page`),
      ),
      [],
    );
  });

  it('shows the agent the suggested category with its words, and confirms it with one button', async () => {
    const agentPage = await agentContext.newPage();
    watchCsp(agentPage, csp);
    await agentPage.goto(`${base}/cases/${caseId}`);
    const note = agentPage.locator('#category-suggestion');
    assert.match(await note.innerText(), /Suggested: Invoices and payments/);
    assert.match(await note.innerText(), /because of: invoice, payment, refund, charged/);
    assert.deepEqual(
      describeViolations(await axeViolations(browser, agentContext, `${base}/cases/${caseId}`)),
      [],
    );
    await agentPage.screenshot({ path: `${SHOTS}case-category-suggestion.png`, fullPage: true });
    await agentPage.getByRole('button', { name: 'Confirm Invoices and payments' }).click();
    await agentPage.waitForURL(`${base}/cases/${caseId}`);
    await agentPage.locator('#category-suggestion').waitFor({ state: 'detached' });
    assert.match(await agentPage.locator('#facts-title + .facts').innerText(), /Invoices and payments/);
    await agentPage.close();
  });

  it('met no Content-Security-Policy violation', () => {
    assert.deepEqual(csp, []);
  });
});
