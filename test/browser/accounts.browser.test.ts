// "Forgot your password?" in a real Chromium: from the sign-in page to the neutral answer, the link from the
// e-mail, a new password, signing in with it; no serious or critical axe-core violation on the pages it adds, no
// Content-Security-Policy violation; screenshots under test-output/screenshots/. And a letter's PDF scan opens in
// the browser's viewer (not a download) under its sandbox policy.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createTestApp, createUser, sessionFor, type TestApp } from '../support/http.ts';
import { postMultipart } from '../support/staff.ts';

/** A one-page PDF a viewer can show. */
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const SHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'];
const NEW_PASSWORD = 'a brand new long password';

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string }>;
}

describe('accounts by mail in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const cspViolations: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp();
    await createUser(t.ctx, 'agent', { email: 'rosa@example.org', name: 'Rosa', language: 'de' });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text()))
        cspViolations.push(`${page.url()}: ${m.text()}`);
    });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  async function axe(url: string): Promise<AxeResult['violations']> {
    const ctx = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
    try {
      const p = await ctx.newPage();
      await p.goto(url);
      await p.addScriptTag({ path: AXE });
      const result = (await p.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResult;
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    } finally {
      await ctx.close();
    }
  }

  it('resets a forgotten password through the e-mailed link, then signs in with the new one', async () => {
    await page.goto(`${base}/sign-in`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.waitForURL(`${base}/forgot-password`);
    assert.deepEqual(await axe(`${base}/forgot-password`), []);
    await page.getByLabel('E-mail address').fill('rosa@example.org');
    await page.getByRole('button', { name: 'Send the link' }).click();
    await page.locator('p.notice').waitFor();
    assert.match(
      await page.locator('p.notice').innerText(),
      /If an account has the address rosa@example.org/,
    );
    await page.screenshot({ path: `${SHOTS}forgot-password-sent.png`, fullPage: true });

    const mail = await t.ctx.database.db
      .selectFrom('correspondence as c')
      .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
      .select(['c.text_body', 'c.link_token'])
      .where('c.to_address', '=', 'rosa@example.org')
      .executeTakeFirstOrThrow();
    // The text names the link without its token, which the outbox holds beside it until it sends (link-token.ts).
    assert.match(mail.text_body ?? '', /\/reset-password\/…/);
    const path = `/reset-password/${mail.link_token}`;
    assert.match(mail.text_body ?? '', /Guten Tag Rosa/);
    assert.deepEqual(await axe(base + path), []);
    await page.goto(base + path);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('New password again').fill(NEW_PASSWORD);
    await page.screenshot({ path: `${SHOTS}reset-password.png`, fullPage: true });
    await page.getByRole('button', { name: 'Save password' }).click();
    await page.waitForURL(`${base}/sign-in`);
    await page.getByLabel('E-mail address').fill('rosa@example.org');
    await page.getByLabel('Password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((u) => u.pathname !== '/sign-in');
    assert.deepEqual(cspViolations, []);
  });

  it("opens a letter's PDF scan in the browser's viewer, not as a download", async () => {
    const agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
    const res = await postMultipart(
      t.app,
      agent,
      '/letters',
      {
        arrived: '2026-11-20',
        kind: 'complaint',
        language: 'en',
        title: 'Complaint escalation - Step 1',
        name: 'Pat Post',
        postalAddress: '1 High Street\nLondon',
        description: 'My site is down.',
        expectations: 'A refund.',
        confirmLate: 'yes',
      },
      [{ field: 'scan', filename: 'letter.pdf', type: 'application/pdf', content: PDF }],
    );
    assert.equal(res.statusCode, 303, res.body);
    const caseId = res.headers.location!.toString().replace('/cases/', '');
    const item = await t.ctx.database.db
      .selectFrom('correspondence')
      .select('id')
      .where('case_id', '=', caseId)
      .where('direction', '=', 'in')
      .executeTakeFirstOrThrow();
    const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    try {
      await ctx.addCookies([{ name: 'redress_session', value: agent.token, url: base }]);
      const p = await ctx.newPage();
      let downloaded = false;
      p.on('download', () => {
        downloaded = true;
      });
      const answer = await p.goto(`${base}/cases/${caseId}/correspondence/${item.id}/original`);
      assert.equal(answer?.headers()['content-type'], 'application/pdf');
      assert.match(answer?.headers()['content-disposition'] ?? '', /^inline;/);
      assert.equal(downloaded, false, 'shown, not downloaded');
    } finally {
      await ctx.close();
    }
  });
});
