// The reports page in Chromium: a manager opens it from the navigation in English, French and German (their own
// account language), sees the charts drawn under the strict Content-Security-Policy beside their tables, changes
// the period by a quick choice and by dates, narrows the figures with a filter, follows numbers to the cases behind
// them (as many rows as the number says), and downloads the CSV. No
// serious or critical axe-core violation in any language; screenshots of each language and of the print layout.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { reportCsv } from '../../src/adapters/report/report-export.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import type { Language } from '../../src/core/case/model.ts';
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

describe('reports page in Chromium', { timeout: 240_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const managers = new Map<Language, User>();
  const contexts: BrowserContext[] = [];
  const csp: string[] = [];
  const references: string[] = [];

  before(async () => {
    // Monday 23 November 2026, 10:00 in Berlin.
    t = await createTestApp({ clock: fixedClock('2026-11-23T09:00:00.000Z') });
    for (const language of ['en', 'fr', 'de'] as const)
      managers.set(language, await createUser(t.ctx, 'management', { language }));
    let n = 0;
    for (const [receivedAt, step] of [
      ['2026-10-06T09:00:00.000Z', 1],
      ['2026-10-20T13:00:00.000Z', 2],
      ['2026-11-03T09:00:00.000Z', 1],
      ['2026-11-09T10:00:00.000Z', 2],
      ['2026-11-16T15:00:00.000Z', 2],
    ] as const) {
      n += 1;
      const opened = await openCase(t.ctx, {
        kind: 'complaint',
        step,
        channel: n === 2 ? 'letter' : 'email',
        receivedAt,
        language: 'en',
        subject: `Complaint escalation - Step ${step} (${n})`,
        complainant: { name: `Person ${n}`, email: `person${n}@example.net` },
        fields: { ticketRefs: [], domains: [], description: 'Down.', expectations: 'A refund.' },
        missing: [],
        correspondenceId: null,
        actor: 'mailbox:complaints',
      });
      references.push(opened.reference);
    }
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function as(language: Language): Promise<{ context: BrowserContext; page: Page }> {
    const context = await signedInContext(browser, t.ctx, managers.get(language)!, base, {
      locale: language === 'en' ? 'en-GB' : language,
    });
    contexts.push(context);
    const page = await context.newPage();
    watchCsp(page, csp);
    return { context, page };
  }

  /** Waits until every chart on the page is drawn by Chart.js. */
  async function chartsDrawn(page: Page): Promise<number> {
    // With locators only: a predicate given as a string is evaluated in the page with eval, which the page's
    // CSP refuses (it did, now and then, under load).
    await page.locator('canvas[data-chart]').first().waitFor();
    for (let i = 0; i < 600; i++) {
      const all = await page.locator('canvas[data-chart]').count();
      if ((await page.locator('canvas[data-chart][data-drawn="true"]').count()) === all) break;
      await page.waitForTimeout(50);
    }
    return page.locator('canvas[data-drawn="true"]').count();
  }

  for (const [language, nav, heading, lastMonth] of [
    ['en', 'Reports', 'Reports', 'Last month'],
    ['fr', 'Rapports', 'Rapports', 'Le mois dernier'],
    ['de', 'Berichte', 'Berichte', 'Letzter Monat'],
  ] as const)
    it(`${language}: opens the reports from the navigation, charts drawn, changes the period`, async () => {
      const { context, page } = await as(language);
      await page.goto(`${base}/account`);
      await page.getByRole('navigation').first().getByRole('link', { name: nav }).click();
      await page.waitForURL(`${base}/reports`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      assert.ok((await chartsDrawn(page)) >= 5);
      // November: three complaints (one at step 1, two at step 2)
      assert.equal(await page.locator('#report-trend ~ table tbody td.num').first().innerText(), '3');
      await page.screenshot({ path: `${SHOTS}reports-${language}.png`, fullPage: true });
      const found = await axeViolations(browser, context, `${base}/reports`, { locale: language });
      assert.deepEqual(describeViolations(found), [], language);

      // a quick choice: last month (October, two complaints), charts drawn again after the swap
      await page.getByRole('link', { name: lastMonth, exact: true }).click();
      await page.waitForURL(`${base}/reports?from=2026-10-01&to=2026-10-31`);
      await page.locator('a[aria-current="page"]', { hasText: lastMonth }).waitFor();
      assert.ok((await chartsDrawn(page)) >= 5);
      assert.equal(await page.locator('#report-trend ~ table tbody td.num').first().innerText(), '2');
    });

  it('en: picks dates, follows a number to its cases, downloads the CSV, prints without the controls', async () => {
    const { page } = await as('en');
    await page.goto(`${base}/reports`);
    await chartsDrawn(page);
    await page.getByLabel('From', { exact: true }).fill('2026-10-01');
    await page.getByLabel('To', { exact: true }).fill('2026-11-30');
    await page.getByRole('button', { name: 'Show' }).click();
    // The form sends the filters too, empty when none is chosen.
    await page.waitForURL((url) => url.search.startsWith('?from=2026-10-01&to=2026-11-30&'));
    assert.ok((await chartsDrawn(page)) >= 5);
    const expected = await reportCases(t.ctx, { from: '2026-10-01', to: '2026-11-30' });
    assert.equal(expected.complaints.received, 5);
    const row = page.locator('section[aria-labelledby="report-comparison"] tbody tr', {
      has: page.getByRole('rowheader', { name: 'Received', exact: true }),
    });
    assert.equal(await row.locator('td').first().innerText(), '5');

    // the CSV: the same file as reportCsv gives
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Figures as CSV' }).click(),
    ]);
    assert.equal(download.suggestedFilename(), 'redress-report-2026-10-01-to-2026-11-30.csv');
    assert.equal(readFileSync((await download.path())!, 'utf8'), reportCsv(expected));

    // the print layout: no navigation, no period controls, the charts and tables kept
    await page.emulateMedia({ media: 'print' });
    assert.equal(await page.locator('header.topbar').isVisible(), false);
    assert.equal(await page.locator('.report-controls').isVisible(), false);
    assert.equal(await page.locator('canvas[data-drawn="true"]').first().isVisible(), true);
    await page.screenshot({ path: `${SHOTS}reports-print.png`, fullPage: true });
    await page.emulateMedia({ media: 'screen' });

    // step 2: the list of the cases behind the number, received in the period, every status: three rows
    const step2 = page.locator('section[aria-labelledby="report-step"] tbody tr', {
      has: page.getByRole('rowheader', { name: 'Step 2' }),
    });
    await step2.getByRole('link', { name: '3' }).click();
    await page.waitForURL(
      `${base}/queues/all?status=all&kind=complaint&from=2026-10-01&to=2026-11-30&step=2`,
    );
    for (const reference of [references[1], references[3], references[4]])
      await page.locator('#queue-list', { hasText: reference! }).waitFor();
    assert.equal(await page.locator('#queue-list tbody tr').count(), 3);
    assert.equal(await page.locator('#queue-list', { hasText: references[0]! }).count(), 0);

    // a filter: letters only (one, in October); every figure narrowed, and its number leads to that one case
    await page.goto(`${base}/reports?from=2026-10-01&to=2026-11-30`);
    await page.getByLabel('Channel', { exact: true }).selectOption('letter');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/channel=letter/);
    assert.ok((await chartsDrawn(page)) >= 3);
    const received = page.locator('section[aria-labelledby="report-comparison"] tbody tr', {
      has: page.getByRole('rowheader', { name: 'Received', exact: true }),
    });
    assert.equal(await received.locator('td').first().innerText(), '1');
    await page.screenshot({ path: `${SHOTS}reports-filtered.png`, fullPage: true });
    await received.locator('td').first().getByRole('link').click();
    await page.waitForURL(/\/queues\/all\?.*channel=letter/);
    assert.equal(await page.locator('#queue-list tbody tr').count(), 1);
    await page.locator('#queue-list', { hasText: references[1]! }).waitFor();
    await page.screenshot({ path: `${SHOTS}reports-drill-down.png`, fullPage: true });
    assert.deepEqual(csp, []);
  });
});
