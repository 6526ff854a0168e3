// The administrator in Chromium: changes the holiday region from Baden-Württemberg to Berlin, sees the deadline
// preview change as the field changes (htmx, before anything is saved), saves, sees the open case whose deadline
// would move and applies the move (a recorded event). Screenshots of the calendar administration; no serious or
// critical axe-core violation on the administration pages; no CSP violation on the way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { openCase } from '../../src/app/open-case.ts';
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

describe('administration in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let caseId = '';
  let reference = '';
  const csp: string[] = [];
  // Thursday 28 May 2026: Corpus Christi (4 June) is a public holiday in Baden-Württemberg, not in Berlin.
  const clock = fixedClock('2026-05-28T08:00:00.000Z');

  before(async () => {
    t = await createTestApp({ clock });
    const admin = await createUser(t.ctx, 'administrator', { email: 'ada@example.org', name: 'Ada Admin' });
    // Opened and not acknowledged yet: a calendar change moves only a deadline nobody has been told.
    const opened = await openCase(t.ctx, {
      kind: 'complaint',
      step: 1,
      channel: 'email',
      receivedAt: '2026-05-28T08:00:00.000Z',
      language: 'de',
      subject: 'Beschwerdeweiterleitung - Stufe 1',
      complainant: { name: 'Bea Beispiel', email: 'bea@example.org' },
      fields: {
        ticketRefs: [],
        domains: [],
        description: 'Mein Postfach nimmt keine E-Mails an.',
        expectations: 'Bitte reparieren.',
      },
      missing: [],
      correspondenceId: null,
      actor: 'test',
    });
    caseId = opened.caseId;
    reference = opened.reference;
    const before = await t.tdb.database.db
      .selectFrom('cases')
      .select('answer_by_date')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(before.answer_by_date, '2026-06-12');
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    context = await signedInContext(browser, t.ctx, admin, base);
    page = await context.newPage();
    watchCsp(page, csp);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  it('reaches the calendar from the navigation and the overview', async () => {
    await page.goto(`${base}/`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Administration' })
      .click();
    await page.waitForURL(`${base}/admin`);
    assert.equal(await page.locator('h1').innerText(), 'Administration');
    await page.screenshot({ path: `${SHOTS}admin-overview.png`, fullPage: true });
    await page.getByRole('link', { name: 'Business calendar' }).click();
    await page.waitForURL(`${base}/admin/calendar`);
    assert.equal(await page.locator('h1').innerText(), 'Business calendar');
    assert.equal(await page.getByLabel('State or region').inputValue(), 'BW');
  });

  it('changes the region to Berlin and sees the deadlines move in the preview before saving', async () => {
    await page.getByLabel('State or region').focus();
    await page.getByLabel('State or region').selectOption('BE');
    await page.locator('#calendar-preview-title', { hasText: 'Berlin (DE-BE)' }).waitFor();
    const now = page.locator('#deadline-preview tbody tr').first();
    assert.match(await now.innerText(), /Thu, Jun 11, 2026/);
    assert.match(await now.innerText(), /changed/);
    assert.match(await now.innerText(), /in force: Fri, Jun 12, 2026/);
    assert.match(await page.locator('ul.closed-days').innerText(), /Corpus Christi\s+no longer a day off/);
    assert.equal(await page.locator('h1').count(), 1, 'htmx swapped the editor only');
    assert.equal(
      await page.evaluate('document.activeElement && document.activeElement.id'),
      'calendar-state',
      'focus stays on the field that changed',
    );
    assert.equal(t.ctx.config.holidays, 'DE-BW', 'nothing saved yet');
    await page.screenshot({ path: `${SHOTS}admin-calendar-preview.png`, fullPage: true });
  });

  it('saves, sees the open case whose deadline would move, and applies the move as a recorded event', async () => {
    await page.getByRole('button', { name: 'Save the calendar' }).click();
    await page.waitForURL(`${base}/admin/calendar/recompute`);
    assert.equal(
      await page.locator('.flash').innerText(),
      'The changes are saved and in force on every instance.',
    );
    assert.equal(t.ctx.config.holidays, 'DE-BE');
    assert.equal(await page.locator('#recompute-count').innerText(), '1 open case would get a new deadline.');
    const row = page.locator('#recompute-moves tbody tr');
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), new RegExp(reference));
    await page.screenshot({ path: `${SHOTS}admin-calendar-recompute.png`, fullPage: true });
    await page.getByRole('button', { name: 'Move the deadline of 1 case' }).click();
    await page.locator('.flash', { hasText: 'has moved' }).waitFor();
    assert.equal(
      await page.locator('.flash').innerText(),
      'The deadline of 1 case has moved; each move is recorded on its case.',
    );
    assert.match(
      await page.locator('main').innerText(),
      /No open case has a deadline that the calendar in force would change\./,
    );
    const moved = await t.tdb.database.db
      .selectFrom('cases')
      .select('answer_by_date')
      .where('id', '=', caseId)
      .executeTakeFirstOrThrow();
    assert.equal(moved.answer_by_date, '2026-06-11');
    const events = await t.tdb.database.db
      .selectFrom('events')
      .select('type')
      .where('stream', '=', `case:${caseId}`)
      .execute();
    assert.ok(events.some((e) => e.type === 'deadlines_recomputed'));
    await page.goto(`${base}/admin/calendar`);
    // The change is kept in the calendar's history, after the calendar it replaced.
    const history = page.getByRole('table', { name: 'History of the calendar' });
    assert.equal(await history.locator('tbody tr').count(), 2);
    assert.match(await history.locator('tbody tr').first().innerText(), /Berlin \(DE-BE\)/);
    await page.screenshot({ path: `${SHOTS}admin-calendar.png`, fullPage: true });
  });

  it('has no serious or critical accessibility violation on the administration pages', async () => {
    for (const path of [
      '/admin',
      '/admin/calendar',
      '/admin/calendar/recompute',
      '/admin/organisation',
      '/admin/mailboxes',
      '/admin/categories',
      '/admin/departments?try=facture',
    ]) {
      const violations = await axeViolations(browser, context, base + path);
      assert.deepEqual(describeViolations(violations), [], path);
    }
  });

  it('shows an error at the field when a save is refused, keyboard and screen-reader friendly', async () => {
    // A new category whose key is not one: the error is said at the key's field and in the summary.
    await page.goto(`${base}/admin/categories`);
    const key = page.getByLabel('Key', { exact: true });
    await key.fill('Not valid!');
    const group = page.locator('fieldset.category').last();
    await group.getByLabel('Label in French').fill('Non valable');
    await group.getByLabel('Label in English').fill('Not valid');
    await group.getByLabel('Label in German').fill('Ungültig');
    await page.getByRole('button', { name: 'Save' }).click();
    const error = page.locator('[id^="categories-key-"][id$="-error"]');
    await error.waitFor();
    assert.match(await error.innerText(), /Use lower-case letters, digits/);
    assert.equal(await page.getByLabel('Key', { exact: true }).getAttribute('aria-invalid'), 'true');
    assert.deepEqual(
      describeViolations(await axeViolations(browser, context, `${base}/admin/categories`)),
      [],
    );
  });

  it('met no Content-Security-Policy violation', () => {
    assert.deepEqual(csp, []);
  });
});
