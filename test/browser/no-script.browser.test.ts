// Forms with files work in a browser that runs no script (Chromium with JavaScript switched off): a letter
// registered with its scan, a free reply sent with a PDF, a snippet inserted by the server. Their CSRF token
// travels in the form's address, since the check runs before a multipart body's parts are read
// (request-context.ts); htmx, which would send it as a header, does not run here. The same door stays shut to a
// post whose address carries no token or a wrong one, and the address is read for multipart posts only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext } from 'playwright-core';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { getCase } from '../../src/app/get-case.ts';
import { saveSnippet } from '../../src/app/manage-snippets.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { launchChromium, SHOTS } from '../support/browser.ts';
import { createTestApp, createUser, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint, PDF, PNG } from '../support/staff.ts';

describe('forms with files in Chromium without JavaScript', { timeout: 180_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let agent: User;
  const clock = fixedClock('2026-11-23T09:00:00.000Z'); // Monday

  before(async () => {
    t = await createTestApp({ clock });
    agent = await createUser(t.ctx, 'agent', { email: 'ana@example.org', name: 'Ana Agent' });
    const acting = { actor: 'cli', label: null, address: null };
    await saveSnippet(
      t.ctx,
      null,
      { language: 'en', title: 'Refund sent', body: 'Your refund left on 3 December.' },
      acting,
    );
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A signed-in context that runs no script at all. */
  const noScript = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({
      javaScriptEnabled: false,
      locale: 'en-GB',
      viewport: { width: 1366, height: 900 },
    });
    const session = await sessionFor(t.ctx, agent);
    const value = session.cookie.slice(session.cookie.indexOf('=') + 1);
    await context.addCookies([
      { name: 'redress_session', value, url: base, httpOnly: true, sameSite: 'Lax' },
    ]);
    context.setDefaultTimeout(20_000);
    return context;
  };

  it('registers a letter with its scan', async () => {
    const context = await noScript();
    const page = await context.newPage();
    await page.goto(`${base}/letters/new`);
    // The page's own scripts did not run (htmx would have defined itself).
    assert.equal(await page.evaluate('typeof htmx'), 'undefined', 'scripts are off');
    await page
      .getByLabel('Title or subject line of the letter')
      .fill('Transmission de réclamation - Etape 1');
    await page.getByLabel('Name', { exact: true }).fill('Claire Petit');
    await page.getByLabel('E-mail address').fill('claire.petit@example.fr');
    await page.getByLabel('Language of the letter').selectOption('fr');
    await page.getByLabel('Description of the complaint').fill('Ma facture est fausse.');
    await page.getByLabel('Date it arrived').fill('2026-11-23');
    await page
      .getByLabel('Scan of the letter')
      .setInputFiles({ name: 'lettre.png', mimeType: 'image/png', buffer: PNG });
    await page.getByRole('button', { name: 'Register the letter' }).click();
    await page.waitForURL(/\/cases\/[^/?]+$/);
    const caseId = new URL(page.url()).pathname.replace('/cases/', '');
    const view = await getCase(t.ctx, caseId);
    const letter = view.correspondence.find((c) => c.direction === 'in' && c.channel === 'letter');
    assert.ok(letter?.originalSha256, 'the letter is on the case with its scan');
    await page.screenshot({ path: `${SHOTS}no-script-letter-1366.png`, fullPage: true });
    await context.close();
  });

  it('inserts a snippet through the server and sends a free reply with a PDF', async () => {
    const opened = await openComplaint(t.ctx, { daysAgo: 1, language: 'en', email: 'dora@example.net' });
    const context = await noScript();
    const page = await context.newPage();
    await page.goto(`${base}/cases/${opened.caseId}`);
    // The toolbar's forms open without script (details/summary).
    await page.locator('#action-reply > summary').click();
    await page.getByLabel('Your text').fill('Thank you for asking.');
    await page.getByLabel('Snippet').selectOption({ label: 'Refund sent' });
    await page.getByRole('button', { name: 'Insert the snippet' }).click();
    // Without script the server puts the snippet at the end of the text and shows the form again.
    await page.waitForURL(/\/reply\/preview/);
    assert.equal(
      await page.getByLabel('Your text').inputValue(),
      'Thank you for asking.\n\nYour refund left on 3 December.',
    );
    await page
      .getByLabel('Files to send with your reply')
      .setInputFiles({ name: 'refund.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.locator('#action-reply button.primary').click();
    await page.waitForURL(/\/cases\/[^/?]+$/);
    assert.match(await page.locator('#confirmation').innerText(), /reply/i);
    const { db } = t.ctx.database;
    const sent = await db
      .selectFrom('outbound_items as o')
      .innerJoin('correspondence as c', 'c.id', 'o.correspondence_id')
      .select(['o.purpose', 'o.attachments', 'c.text_body'])
      .where('c.case_id', '=', opened.caseId)
      .where('o.purpose', '=', 'reply')
      .execute();
    assert.equal(sent.length, 1, 'one reply in the outbox');
    assert.match(sent[0]!.text_body ?? '', /Thank you for asking\.\s+Your refund left on 3 December\./);
    const files = JSON.parse(sent[0]!.attachments ?? '[]') as Array<{ filename: string }>;
    assert.deepEqual(
      files.map((f) => f.filename),
      ['refund.pdf'],
    );
    await context.close();
  });

  it('refuses a form with files whose address has no token or a wrong one, and reads the address for multipart only', async () => {
    const opened = await openComplaint(t.ctx, { daysAgo: 1 });
    const session = await sessionFor(t.ctx, agent);
    const multipart = async (url: string) => {
      const fd = new FormData();
      fd.append('kind', 'reply');
      fd.append('text', 'Hello.');
      const request = new Request('http://localhost/', { method: 'POST', body: fd });
      return t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: session.cookie, 'content-type': request.headers.get('content-type')! },
        payload: Buffer.from(await request.arrayBuffer()),
      });
    };
    const path = `/cases/${opened.caseId}/reply/preview`;
    assert.equal((await multipart(path)).statusCode, 403, 'no token');
    assert.equal((await multipart(`${path}?_csrf=${'x'.repeat(43)}`)).statusCode, 403, 'a wrong token');
    assert.equal((await multipart(`${path}?_csrf=${session.csrf}`)).statusCode, 200, 'its own token');
    // A form without files sends its token as a field; the address is not read for it.
    const urlencoded = await t.app.inject({
      method: 'POST',
      url: `/cases/${opened.caseId}/note?_csrf=${session.csrf}`,
      headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'text=A+note',
    });
    assert.equal(urlencoded.statusCode, 403, 'an urlencoded post with its token only in the address');
  });
});
