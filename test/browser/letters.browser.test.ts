// The letter form in Chromium: typing an arrival date whose answer date has passed shows the warning at once
// (htmx asks the form's own address), the form is registered only once it is ticked, and the acknowledgement
// names the new date; an empty form is refused where the person typed, at an address that reloads.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { getCase } from '../../src/app/get-case.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { launchChromium, signedInContext, watchCsp } from '../support/browser.ts';
import { createTestApp, createUser, type TestApp } from '../support/http.ts';
import { PNG } from '../support/staff.ts';

describe('the letter form in Chromium', { timeout: 120_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let agent: User;
  const csp: string[] = [];
  const clock = fixedClock('2026-11-23T09:00:00.000Z'); // Monday

  before(async () => {
    t = await createTestApp({ clock });
    agent = await createUser(t.ctx, 'agent', { email: 'ana@example.org', name: 'Ana Agent' });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('warns as the date is typed, registers only knowingly, and promises a date ahead', async () => {
    const context = await signedInContext(browser, t.ctx, agent, base);
    const page = await context.newPage();
    watchCsp(page, csp);
    await page.goto(`${base}/letters/new`);
    // An empty form: refused, and the address still reloads.
    await page.getByRole('button', { name: 'Register the letter' }).click();
    await page.locator('#letter-description-error').waitFor();
    assert.match(await page.locator('#letter-description-error').innerText(), /The letter is empty/);
    await page.reload();
    assert.equal(await page.getByLabel('Date it arrived').count(), 1, 'the reloaded address is the form');

    await page
      .getByLabel('Scan of the letter')
      .setInputFiles({ name: 'brief.png', mimeType: 'image/png', buffer: PNG });
    await page.getByLabel('Date it arrived').fill('2026-10-26');
    await page.getByLabel('Date it arrived').dispatchEvent('change');
    const warning = page.locator('#letter-promise .notice');
    await warning.waitFor();
    assert.match(await warning.innerText(), /has already passed/);
    assert.match(await warning.innerText(), /December 7, 2026/);
    await page
      .getByLabel('Title or subject line of the letter')
      .fill('Transmission de réclamation - Etape 1');
    await page.getByLabel('Name', { exact: true }).fill('Claire Petit');
    await page.getByLabel('E-mail address').fill('claire.petit@example.fr');
    await page.getByLabel('Language of the letter').selectOption('fr');
    await page.getByLabel('Description of the complaint').fill('Ma facture est fausse.');
    await page.getByLabel('I have read this: register the letter with the new date.').check();
    await page.getByRole('button', { name: 'Register the letter' }).click();
    await page.waitForURL(/\/cases\//);
    const caseId = new URL(page.url()).pathname.replace('/cases/', '');
    const view = await getCase(t.ctx, caseId);
    assert.equal(view.state.deadline?.answerByDate, '2026-12-07');
    assert.deepEqual(csp, [], 'no Content-Security-Policy violation');
    await context.close();
  });
});
