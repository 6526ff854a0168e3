// A complainant in Chromium opens the private link from a German acknowledgement: the page speaks German, shows
// the reference and the promised dates and what is missing; they upload the missing document, and the agent sees
// it on the case (its text and the file). A tampered link, a revoked one and a case id in place of a link show
// the neutral page (expiry: test/http/complainant-link.test.ts, which moves the clock). Screenshots at 1366 px and
// 390 px; axe-core finds no serious or critical violation on the complainant's page, the neutral page and the
// staff's page of links; no CSP violation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { formatDate } from '../../src/core/correspondence/compose.ts';
import {
  axeViolations,
  describeViolations,
  launchChromium,
  SHOTS,
  signedInContext,
  watchCsp,
} from '../support/browser.ts';
import { acknowledgementText, linkTokenOf } from '../support/complainant-documents.ts';
import { createTestApp, createUser, type TestApp } from '../support/http.ts';
import { PDF } from '../support/staff.ts';

describe("the complainant's own page in Chromium", { timeout: 180_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token = '';
  let caseId = '';
  let reference = '';
  let answerByDate = '';
  const csp: string[] = [];

  before(async () => {
    t = await createTestApp({ env: { REDRESS_PUBLIC_FORM_MIN_FILL_SECONDS: '1' } });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    const s = await submitComplaint(
      t.ctx,
      {
        complainant: { name: 'Erika Mustermann', email: 'erika@example.de' },
        language: 'de',
        description: 'Seit dem Umzug am 12. November ist meine Domain nicht erreichbar.',
        expectations: null,
      },
      { channel: 'web', actor: 'web:test' },
    );
    caseId = s.caseId;
    reference = s.reference;
    answerByDate = s.deadline!.answerByDate;
    await actOnCase(
      t.ctx,
      caseId,
      { type: 'request_information', missing: ['expectations'], note: null, correspondenceId: null },
      'system',
    );
    const ack = await acknowledgementText(t.ctx, caseId);
    assert.match(ack, /persönlichen Seite/);
    token = await linkTokenOf(t.ctx, caseId);
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    watchCsp(page, csp);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('opens the page in German with the reference, the promised dates and what is missing', async () => {
    await page.goto(`${base}/c/${token}`);
    assert.equal(
      await page.locator('html').getAttribute('lang'),
      'de',
      'the case’s language, not the browser’s',
    );
    assert.equal(await page.locator('h1').textContent(), `Ihre Beschwerde ${reference}`);
    assert.equal(
      (await page.locator('#complainant-answer-by').textContent())?.trim(),
      formatDate(answerByDate, 'de', t.ctx.config.timezone),
    );
    assert.match((await page.locator('#complainant-dates').textContent()) ?? '', /Eingang bestätigt am/);
    assert.match((await page.locator('#complainant-status').textContent()) ?? '', /warten auf Angaben/);
    assert.match((await page.locator('#complainant-missing').textContent()) ?? '', /tun sollen/);
    await page.screenshot({ path: `${SHOTS}complainant-page-1366.png`, fullPage: true });
    assert.deepEqual(
      describeViolations(await axeViolations(browser, context, `${base}/c/${token}`, { locale: 'de-DE' })),
      [],
    );
  });

  it('uploads the missing document; the page thanks and lists it', async () => {
    await page
      .getByLabel('Ihre Nachricht')
      .fill('Ich erwarte eine Gutschrift für die drei Tage ohne Domain.');
    await page.locator('#complainant-files').setInputFiles({
      name: 'rechnung-november.pdf',
      mimeType: 'application/pdf',
      buffer: PDF,
    });
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Senden' }).click();
    await page.locator('#complainant-sent').waitFor();
    assert.match((await page.locator('#complainant-sent').textContent()) ?? '', /Vielen Dank/);
    await page.locator('#complainant-additions').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${SHOTS}complainant-page-390.png`, fullPage: true });
    const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
    assert.ok(width <= 390, `no sideways scrolling on a phone (${width} px)`);
  });

  it('the agent sees the addition on the case, with its document', async () => {
    const agent = await createUser(t.ctx, 'agent', { name: 'Agnes Agent', language: 'de' });
    const staff = await signedInContext(browser, t.ctx, agent, base, { locale: 'de-DE' });
    const p = await staff.newPage();
    watchCsp(p, csp);
    await p.goto(`${base}/cases/${caseId}`);
    const entry = p.getByRole('link', { name: `[${reference}] Ergänzung durch den Beschwerdeführer` });
    await entry.first().waitFor();
    await entry.first().click();
    await p.getByText('rechnung-november.pdf').waitFor();
    assert.match((await p.locator('main').textContent()) ?? '', /Gutschrift/);
    await p.goto(`${base}/cases/${caseId}/complainant-link`);
    await p.locator('#revoke-links').waitFor();
    assert.deepEqual(
      describeViolations(
        await axeViolations(browser, staff, `${base}/cases/${caseId}/complainant-link`, { locale: 'de-DE' }),
      ),
      [],
    );
    await staff.close();
  });

  it('works without scripts too: the form with its file is sent as it is', async () => {
    const plain = await browser.newContext({
      javaScriptEnabled: false,
      viewport: { width: 390, height: 844 },
    });
    const p = await plain.newPage();
    await p.goto(`${base}/c/${token}`);
    await p.locator('#complainant-text').fill('Anbei noch der Kontoauszug.');
    await p.locator('#complainant-files').setInputFiles({
      name: 'kontoauszug.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([PDF, Buffer.from('% statement')]),
    });
    await p.waitForTimeout(1200);
    await p.getByRole('button', { name: 'Senden' }).click();
    await p.locator('#complainant-sent').waitFor();
    await plain.close();
    const rows = await t.tdb.database.db
      .selectFrom('correspondence')
      .select('text_body')
      .where('case_id', '=', caseId)
      .where('filing', '=', 'filed_on_case')
      .execute();
    assert.equal(rows.length, 2);
  });

  it('a tampered link shows the neutral page', async () => {
    const tampered = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
    await page.setViewportSize({ width: 1366, height: 900 });
    const res = await page.goto(`${base}/c/${tampered}`);
    assert.equal(res?.status(), 404);
    await page.locator('#complainant-invalid').waitFor();
    assert.ok(!(await page.content()).includes(reference));
    assert.deepEqual(describeViolations(await axeViolations(browser, context, `${base}/c/${tampered}`)), []);
    assert.deepEqual(csp, [], 'no Content-Security-Policy violation');
  });
  it('a revoked link, and a case id in place of a link, show the same neutral page', async () => {
    const other = await submitComplaint(
      t.ctx,
      {
        subject: 'Beschwerdeweiterleitung - Stufe 1',
        complainant: { name: 'Max Muster', email: 'max@example.de' },
        language: 'de',
        description: 'Meine Rechnung ist falsch.',
        expectations: null,
      },
      { channel: 'web', actor: 'web:test' },
    );
    const asCaseId = await page.goto(`${base}/c/${other.caseId}`);
    assert.equal(asCaseId?.status(), 404);
    assert.ok(!(await page.content()).includes(other.reference));
    // The agent revokes the links from the case's page of links; the complainant's link then opens nothing.
    const agent = await createUser(t.ctx, 'agent', { name: 'Rolf Revoke', language: 'de' });
    const staff = await signedInContext(browser, t.ctx, agent, base, { locale: 'de-DE' });
    const p = await staff.newPage();
    watchCsp(p, csp);
    await p.goto(`${base}/cases/${caseId}/complainant-link`);
    // The form posts and comes back to the same address: wait for the answer to the post itself (the revocation is
    // committed before it is sent), not for an address the page already has.
    await Promise.all([
      p.waitForResponse(
        (r) => r.request().method() === 'POST' && r.url().endsWith('/complainant-link/revoke'),
      ),
      p.locator('#revoke-links').click(),
    ]);
    await staff.close();
    const res = await page.goto(`${base}/c/${token}`);
    assert.equal(res?.status(), 404);
    await page.locator('#complainant-invalid').waitFor();
    assert.ok(!(await page.content()).includes(reference));
    assert.deepEqual(csp, [], 'no Content-Security-Policy violation');
  });
});
