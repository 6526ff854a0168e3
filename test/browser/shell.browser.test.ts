// The web shell in a real Chromium (playwright-core + Debian's /usr/bin/chromium): signing in and out, a wrong
// password, the language switch, the inbox actions, hostile mail shown safely; screenshots for a reviewer under
// test-output/screenshots/; no serious or critical axe-core violation on the sign-in page and the inbox; and not
// one Content-Security-Policy violation while htmx does its work.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { openCase } from '../../src/app/open-case.ts';
import { createTestApp, createUser, PASSWORD, type TestApp } from '../support/http.ts';
import { addInboxItem, HOSTILE } from '../support/inbox-items.ts';

const require = createRequire(import.meta.url);
const AXE = require.resolve('axe-core/axe.min.js');
const SHOTS = new URL('../../test-output/screenshots/', import.meta.url).pathname;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }>;
}

describe('web shell in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  const cspViolations: string[] = [];
  const dialogs: string[] = [];
  const items: Record<string, string> = {};
  let caseRef: string;

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp();
    await createUser(t.ctx, 'agent', { email: 'ana@example.org', name: 'Ana Agent' });
    const opened = await openCase(t.ctx, {
      kind: 'complaint',
      step: 1,
      channel: 'email',
      receivedAt: '2026-11-20T10:00:00.000Z',
      language: 'en',
      subject: 'Complaint escalation - Step 1',
      complainant: { name: 'Sam Sender', email: 'sender@example.net' },
      fields: { ticketRefs: [], domains: [], description: 'Down', expectations: 'Refund' },
      missing: [],
      correspondenceId: null,
      actor: 'mailbox:complaints',
    });
    caseRef = opened.reference;
    items.hostile = (await addInboxItem(t.ctx, HOSTILE)).itemId;
    items.dismiss = (
      await addInboxItem(t.ctx, { subject: 'Out of office until Monday', reason: 'automated' })
    ).itemId;
    items.reclassify = (
      await addInboxItem(t.ctx, { subject: 'Phishing site on your network', fromName: 'CERT Desk' })
    ).itemId;
    items.open = (
      await addInboxItem(t.ctx, {
        subject: 'Mon site ne fonctionne plus',
        fromName: 'Zoé Martin',
        fromAddress: 'zoe@example.fr',
        text: 'Bonjour, mon site est en panne depuis hier. Je souhaite un geste commercial.',
        reading: {
          language: 'fr',
          complainant: { name: 'Zoé Martin', email: 'zoe@example.fr' },
          description: 'Mon site est en panne depuis hier.',
          expectations: 'Un geste commercial',
          missing: ['marker'],
        },
      })
    ).itemId;
    items.file = (
      await addInboxItem(t.ctx, { subject: `Re: ${caseRef}`, fromAddress: 'sender@example.net' })
    ).itemId;
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    context = await browser.newContext({ locale: 'en-GB', viewport: { width: 1280, height: 900 } });
    page = await context.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text()))
        cspViolations.push(`${step} ${page.url()}: ${m.text()}`);
    });
    page.on('dialog', async (d) => {
      dialogs.push(d.message());
      await d.dismiss();
    });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** axe-core in its own context (CSP bypassed only there, to inject axe), signed in with the same cookies. */
  async function axe(path: string): Promise<AxeResult['violations']> {
    const ctx = await browser.newContext({ bypassCSP: true, locale: 'en-GB' });
    try {
      await ctx.addCookies(await context.cookies());
      const p = await ctx.newPage();
      await p.goto(base + path);
      await p.addScriptTag({ path: AXE });
      const result = (await p.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResult;
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    } finally {
      await ctx.close();
    }
  }

  const flash = () => page.locator('.flash').innerText();
  let step = '';
  const at = (name: string) => {
    step = name;
  };

  it('shows the sign-in page (screenshot) with no serious accessibility violation', async () => {
    at('goto');
    await page.goto(`${base}/inbox`);
    at('after goto');
    assert.equal(new URL(page.url()).pathname, '/sign-in', 'signed out, sent to sign in');
    assert.equal(await page.locator('h1').innerText(), 'Sign in');
    at('shot');
    await page.screenshot({ path: `${SHOTS}sign-in.png`, fullPage: true });
    at('axe');
    assert.deepEqual(await axe('/sign-in'), []);
    at('after axe');
  });

  it('refuses a wrong password with a message at the field, keeping the e-mail address', async () => {
    at('fill email');
    await page.getByLabel('E-mail address').fill('ana@example.org');
    at('fill pw');
    await page.getByLabel('Password').fill('this is not it at all');
    at('click');
    await page.getByRole('button', { name: 'Sign in' }).click();
    at('wait error');
    await page.locator('#sign-in-password-error').waitFor();
    at('error shown');
    assert.equal(
      await page.locator('#sign-in-password-error').innerText(),
      'The e-mail address or the password is not right.',
    );
    assert.equal(await page.getByLabel('E-mail address').inputValue(), 'ana@example.org');
    assert.equal(await page.getByLabel('Password').getAttribute('aria-invalid'), 'true');
    await page.screenshot({ path: `${SHOTS}sign-in-wrong-password.png`, fullPage: true });
  });

  it('signs in and lands on the inbox it asked for (screenshot, accessibility)', async () => {
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/inbox`);
    assert.equal(await flash(), 'Welcome, Ana Agent.');
    assert.equal(await page.locator('h1').innerText(), 'Inbox');
    assert.equal(await page.locator('#inbox-list tbody tr').count(), 5);
    await page.screenshot({ path: `${SHOTS}inbox.png`, fullPage: true });
    assert.deepEqual(await axe('/inbox'), []);
    assert.deepEqual(await axe(`/inbox/${items.open}`), []);
  });

  it('switches the language to French and German and back, dates following', async () => {
    await page.getByRole('button', { name: 'Français' }).click();
    await page.locator('html[lang="fr"]').waitFor();
    assert.equal(await page.locator('h1').innerText(), 'Boîte de tri');
    assert.equal(await flash(), 'L’interface est maintenant en français.');
    assert.match(await page.locator('#inbox-list time').first().innerText(), /nov\. 2026/);
    await page.getByRole('button', { name: 'Deutsch' }).click();
    await page.locator('html[lang="de"]').waitFor();
    assert.equal(await page.locator('h1').innerText(), 'Eingangskorb');
    assert.match(await page.locator('#inbox-list time').first().innerText(), /^23\.11\.2026/);
    await page.screenshot({ path: `${SHOTS}inbox-de.png`, fullPage: true });
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('html[lang="en"]').waitFor();
    assert.equal(await page.locator('h1').innerText(), 'Inbox');
  });

  it('shows hostile mail as text, its HTML sanitised in a sandbox, the javascript: link not clickable', async () => {
    await page.goto(`${base}/inbox/${items.hostile}`);
    const text = await page.locator('pre.mail-text').innerText();
    assert.ok(text.includes('<script>alert("text")</script>'), 'the script is shown as text');
    assert.ok((await page.locator('#message-title').innerText()).includes('<script>'));
    const frame = page.frameLocator('iframe.mail-html');
    await frame.getByText('Click me').waitFor();
    assert.equal(
      await frame.getByText('Click me').getAttribute('href'),
      null,
      'the javascript: link has no href',
    );
    await frame.getByText('Click me').click();
    assert.equal(await frame.locator('script').count(), 0);
    assert.equal(await frame.locator('img').count(), 0);
    await page.screenshot({ path: `${SHOTS}inbox-item-hostile.png`, fullPage: true });
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(dialogs, [], 'no script ran');
    assert.equal(new URL(page.url()).pathname, `/inbox/${items.hostile}`);
  });

  it('dismisses an item: first the inline error naming the field, then done with a message', async () => {
    await page.goto(`${base}/inbox/${items.dismiss}`);
    await page.getByRole('button', { name: 'Dismiss the item' }).click();
    await page.locator('#dismiss-reason-error').waitFor();
    assert.equal(await page.locator('#dismiss-reason-error').innerText(), 'Fill this in.');
    assert.match(await page.locator('#dismiss-errors').innerText(), /Reason: Fill this in\./);
    await page.screenshot({ path: `${SHOTS}inbox-item-error.png`, fullPage: true });
    await page.locator('#dismiss-reason').fill('Automatic reply, nothing to do');
    await page.getByRole('button', { name: 'Dismiss the item' }).click();
    await page.waitForURL(`${base}/inbox`);
    assert.equal(await flash(), 'The item is dismissed.');
    assert.equal(await page.locator('#inbox-list tbody tr').count(), 4);
  });

  it('reclassifies, opens a case, and files onto a case', async () => {
    await page.goto(`${base}/inbox/${items.reclassify}`);
    await page.locator('#reclassify-reason').selectOption('abuse_report');
    await page.locator('#reclassify-note').fill('Forwarded to the abuse team');
    await page.getByRole('button', { name: 'Reclassify' }).click();
    await page.waitForURL(`${base}/inbox`);
    assert.equal(await flash(), 'The item is reclassified.');

    await page.goto(`${base}/inbox/${items.open}`);
    await page.getByRole('button', { name: 'Open the case' }).click();
    await page.waitForURL(`${base}/inbox`);
    assert.match(await flash(), /^Case RC-2026-\d{6} is opened\.$/);

    await page.goto(`${base}/inbox/${items.file}`);
    await page.locator('#file-caseReference').fill('RC-2026-999999');
    await page.getByRole('button', { name: 'File onto the case' }).click();
    await page.locator('#file-caseReference-error').waitFor();
    assert.equal(
      await page.locator('#file-caseReference-error').innerText(),
      'There is no case RC-2026-999999: check the reference.',
    );
    await page.locator('#file-caseReference').fill(caseRef);
    await page.getByRole('button', { name: 'File onto the case' }).click();
    await page.waitForURL(`${base}/inbox`);
    assert.equal(await flash(), `The item is filed on ${caseRef}.`);
    assert.equal(await page.locator('#inbox-list tbody tr').count(), 1);

    await page.locator('#filter-status').selectOption('handled');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=handled/);
    assert.equal(await page.locator('#inbox-list tbody tr').count(), 4);
    assert.equal(await page.locator('h1').count(), 1, 'the htmx partial replaced only the list');
    await page.screenshot({ path: `${SHOTS}inbox-handled.png`, fullPage: true });
  });

  it('signs out; the inbox then asks to sign in again', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(`${base}/sign-in`);
    assert.equal(await flash(), 'You are signed out.');
    await page.goto(`${base}/inbox`);
    assert.equal(new URL(page.url()).pathname, '/sign-in');
  });

  it('met no Content-Security-Policy violation on the way (htmx works under the strict CSP)', () => {
    assert.deepEqual(cspViolations, []);
  });
});
