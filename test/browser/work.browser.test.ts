// The pages to work in, in a real Chromium (playwright-core + Debian's /usr/bin/chromium): the queue at a laptop's
// and a phone's width (no sideways scrolling at 390 px; in German the table stays inside its card), its tab
// numbers equal to the rows listed, sorting by each sortable column, the search box of the top bar, the
// administration's top bar on one line, the focus on the confirmation after a bulk action and on the list of the
// cases it left as they were; the template editor
// (a variable inserted by a click at the cursor, the preview following the typing, a missing required part
// flagged); no serious or critical axe-core violation on these pages; screenshots under test-output/screenshots/.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { saveSnippet } from '../../src/app/manage-snippets.ts';
import { createTestApp, createUser, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

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

describe('pages to work in, in Chromium', { timeout: 300_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const u: Record<string, User> = {};
  const cspViolations: string[] = [];

  before(async () => {
    mkdirSync(SHOTS, { recursive: true });
    t = await createTestApp();
    u.lead = await createUser(t.ctx, 'lead', { name: 'Lea Lead' });
    u.leadDe = await createUser(t.ctx, 'lead', { name: 'Lena Leitung', language: 'de' });
    u.agent = await createUser(t.ctx, 'agent', { name: 'Ana Agent' });
    u.admin = await createUser(t.ctx, 'administrator', { name: 'Ada Admin' });
    u.adminDe = await createUser(t.ctx, 'administrator', { name: 'Anke Verwaltung', language: 'de' });
    const people = [
      [
        'Dora Diaz-Villanueva de la Fuente',
        'dora.diaz-villanueva.de.la.fuente@a-very-long-domain-name.example.net',
      ],
      ['Alan Abbot', 'alan@example.net'],
      ['Cleo Cruz', 'cleo@example.net'],
      ['Bert Bauer', 'bert@example.net'],
      ['Emil Evans', 'emil@example.net'],
    ] as const;
    for (const [i, [name, email]] of people.entries()) {
      const c = await openComplaint(t.ctx, {
        name,
        email,
        daysAgo: [3, 9, 1, 6, 12][i]!,
        subject:
          i === 0
            ? 'Transmission de réclamation - Etape 1/2'
            : `Complaint escalation - Step 1: the renewal of example${i}.net was charged twice and the domain still expired`,
        description:
          'Mon remboursement pour la commande 4411 n’est toujours pas arrivé après six semaines, et personne ne répond.',
      });
      if (i % 2 === 1) await actOnCase(t.ctx, c.caseId, { type: 'assign', to: u.agent!.id }, 'system');
    }
    await openComplaint(t.ctx, { kind: 'suggestion', name: 'Hana Hill', subject: 'An idea' });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await t?.close();
  });

  /** A signed-in browser context of this size. */
  async function signedIn(
    user: User,
    width: number,
    height = 900,
  ): Promise<{ ctx: BrowserContext; page: Page }> {
    const ctx = await browser.newContext({ locale: 'en-GB', viewport: { width, height } });
    const s = await sessionFor(t.ctx, user);
    await ctx.addCookies([{ name: 'redress_session', value: s.token, url: base }]);
    const page = await ctx.newPage();
    page.on('console', (m) => {
      if (/Content Security Policy|Refused to/i.test(m.text()))
        cspViolations.push(`${page.url()}: ${m.text()}`);
    });
    return { ctx, page };
  }

  /** axe-core in its own context (CSP bypassed only there, to inject axe), as the same person. */
  async function axe(user: User, path: string, width = 1366): Promise<AxeResult['violations']> {
    const ctx = await browser.newContext({
      bypassCSP: true,
      locale: 'en-GB',
      viewport: { width, height: 900 },
    });
    try {
      const s = await sessionFor(t.ctx, user);
      await ctx.addCookies([{ name: 'redress_session', value: s.token, url: base }]);
      const p = await ctx.newPage();
      await p.goto(base + path);
      await p.addScriptTag({ path: AXE });
      const result = (await p.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as AxeResult;
      return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    } finally {
      await ctx.close();
    }
  }

  const rowCount = (page: Page) => page.locator('table.queue tbody tr').count();
  // Expressions as strings: the test's TypeScript has no DOM types (as in the other browser tests).
  const noSidewaysScroll = (page: Page) =>
    page.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth') as Promise<boolean>;

  it('lists one line per case at a laptop’s width, tab numbers equal to the rows (screenshot, axe)', async () => {
    const { ctx, page } = await signedIn(u.lead!, 1366);
    try {
      await page.goto(`${base}/queues/step1`);
      await page.screenshot({ path: `${SHOTS}queue-1366.png`, fullPage: true });
      // One line per case: every row as tall as the shortest.
      const heights = await page
        .locator('table.queue tbody tr')
        .evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
      assert.ok(Math.max(...heights) - Math.min(...heights) < 2, `row heights ${heights.join(', ')}`);
      assert.ok(
        heights.every((h) => h < 48),
        `rows of one line: ${heights.join(', ')}`,
      );
      // The marker is not what the subject column shows.
      const subjects = await page.locator('td.col-subject').allInnerTexts();
      assert.ok(
        subjects.every((s) => !/Transmission de réclamation|Complaint escalation/.test(s)),
        subjects.join(' | '),
      );
      assert.ok(subjects.some((s) => s.includes('Mon remboursement pour la commande 4411')));
      // Each tab's number is the number of rows it lists.
      const tabs = await page.locator('nav.tabs a:has(span.tab-count)').evaluateAll((links) =>
        links.map((a) => ({
          href: a.getAttribute('href')!,
          count: Number(a.querySelector('span.tab-count')!.getAttribute('data-count')),
        })),
      );
      assert.ok(tabs.length >= 3);
      for (const tab of tabs) {
        await page.goto(base + tab.href);
        assert.equal(await rowCount(page), tab.count, tab.href);
      }
      assert.deepEqual(await axe(u.lead!, '/queues/step1'), []);
    } finally {
      await ctx.close();
    }
  });

  it('sorts by each sortable column, both ways, with htmx swapping the list', async () => {
    const { ctx, page } = await signedIn(u.lead!, 1366);
    try {
      await page.goto(`${base}/queues/step1`);
      const columnText = (cls: string) => page.locator(`td.${cls}`).allInnerTexts();
      const checks: Array<[string, string, (a: string, b: string) => number]> = [
        ['col-reference', 'reference', (a, b) => a.localeCompare(b)],
        ['col-complainant', 'complainant', (a, b) => (a < b ? -1 : a > b ? 1 : 0)],
      ];
      for (const [cls, sort, compare] of checks) {
        await page.locator(`th.${cls} a.sort`).click();
        await page.waitForURL(new RegExp(`sort=${sort}(?!&dir=desc)`));
        await page.locator(`th.${cls}[aria-sort="ascending"]`).waitFor();
        const up = await columnText(cls);
        assert.deepEqual(up, [...up].sort(compare), `${sort} ascending`);
        await page.locator(`th.${cls} a.sort`).click();
        await page.locator(`th.${cls}[aria-sort="descending"]`).waitFor();
        const down = await columnText(cls);
        assert.deepEqual(down, [...up].reverse(), `${sort} descending`);
      }
      // Received, owner, step and clock: the heading marks the order, the rows are all there.
      for (const cls of ['col-received', 'col-owner', 'col-step', 'col-clock']) {
        await page.locator(`th.${cls} a.sort`).click();
        await page.locator(`th.${cls}[aria-sort]`).waitFor();
        assert.equal(await rowCount(page), 5, cls);
      }
      const received = await page
        .locator('td.col-received time')
        .evaluateAll((ts) => ts.map((x) => x.getAttribute('datetime')!));
      assert.equal(received.length, 5);
    } finally {
      await ctx.close();
    }
  });

  it('has no sideways scrolling on a phone, a compact top bar, and the queue as cards (screenshot, axe)', async () => {
    const { ctx, page } = await signedIn(u.lead!, 390, 844);
    try {
      await page.goto(`${base}/queues/step1`);
      assert.ok(await noSidewaysScroll(page), 'the page does not scroll sideways at 390 px');
      const bar = await page.locator('header.topbar').boundingBox();
      assert.ok(bar && bar.height < 844 / 5, `the top bar takes ${bar?.height} px of 844`);
      await page.screenshot({ path: `${SHOTS}queue-390.png`, fullPage: true });
      assert.deepEqual(await axe(u.lead!, '/queues/step1', 390), []);
    } finally {
      await ctx.close();
    }
  });

  it('keeps the German queue inside its card and the administration’s top bar on one line', async () => {
    const { ctx, page } = await signedIn(u.leadDe!, 1366);
    try {
      await page.goto(`${base}/queues/step1`);
      assert.equal(await page.locator('h1').innerText(), 'Stufe 1');
      const fits = await page.evaluate(
        `document.querySelector('table.queue').getBoundingClientRect().right <=
          document.querySelector('main').getBoundingClientRect().right + 0.5`,
      );
      assert.ok(fits, 'the German table stays inside the page’s card');
      assert.ok(await noSidewaysScroll(page));
    } finally {
      await ctx.close();
    }
    const admin = await signedIn(u.adminDe!, 1366);
    try {
      await admin.page.goto(`${base}/admin/templates`);
      const oneLine = (await admin.page.evaluate(`(() => {
        const bar = document.querySelector('header.topbar');
        const tops = [...bar.querySelectorAll('nav li, form.topbar-search, .topbar-end')].map((e) =>
          Math.round(e.getBoundingClientRect().top),
        );
        return { bar: bar.getBoundingClientRect().height, spread: Math.max(...tops) - Math.min(...tops) };
      })()`)) as { bar: number; spread: number };
      assert.ok(oneLine.bar < 60, `the administration's bar is ${oneLine.bar} px tall`);
      assert.ok(oneLine.spread < 12, `its entries lie on one line (${oneLine.spread} px apart)`);
    } finally {
      await admin.ctx.close();
    }
  });

  it('reaches the search page from the top bar’s search box', async () => {
    const { ctx, page } = await signedIn(u.agent!, 1366);
    try {
      await page.goto(`${base}/queues/step1`);
      await page.getByRole('searchbox', { name: 'Search the cases' }).fill('Cleo');
      await page.getByRole('searchbox', { name: 'Search the cases' }).press('Enter');
      await page.waitForURL(/\/search\?q=Cleo/);
      assert.equal(new URL(page.url()).pathname, '/search');
    } finally {
      await ctx.close();
    }
  });

  it('moves the focus to the confirmation after a bulk action', async () => {
    const { ctx, page } = await signedIn(u.lead!, 1366);
    try {
      await page.goto(`${base}/queues/step1`);
      await page.locator('td.col-select input[type="checkbox"]').first().check();
      await page.locator('#bulk-to').selectOption({ label: 'Ana Agent (Agent)' });
      await page.getByRole('button', { name: 'Assign the selected cases' }).click();
      await page.locator('.flash').waitFor();
      assert.match(await page.locator('.flash').innerText(), /^1 case changed, 0 left as they were\.$/);
      await page.locator('#confirmation:focus').waitFor();
    } finally {
      await ctx.close();
    }
  });

  it('lists the cases a bulk action left as they were, each with its reason, and focuses that list', async () => {
    const { ctx, page } = await signedIn(u.lead!, 1366);
    try {
      await page.goto(`${base}/queues/step1?due=&sort=reference`);
      const rows = await rowCount(page);
      const owned = await page.locator('table.queue tbody td.col-owner', { hasText: 'Ana Agent' }).count();
      assert.ok(owned > 0 && owned < rows, `${owned} of ${rows} rows are Ana's already`);
      for (const box of await page.locator('td.col-select input[type="checkbox"]').all()) await box.check();
      await page.locator('#bulk-to').selectOption({ label: 'Ana Agent (Agent)' });
      await page.getByRole('button', { name: 'Assign the selected cases' }).click();
      await page.locator('#bulk-result:focus').waitFor();
      assert.equal(
        await page.locator('#bulk-result h2').innerText(),
        `${rows - owned} cases changed, ${owned} left as they were.`,
      );
      const items = await page.locator('ul.bulk-skipped li').allInnerTexts();
      assert.equal(items.length, owned);
      for (const item of items)
        assert.match(item, /^RC-\d{4}-\d{6} — Nothing changed: the case already has this owner\.$/);
      // Still the queue the form was on, with its filter: a reload shows the queue, not a post.
      assert.equal(new URL(page.url()).pathname, '/queues/step1');
      assert.match(page.url(), /sort=reference/);
    } finally {
      await ctx.close();
    }
  });

  it('inserts a variable by a click, follows the typing in the preview, flags a missing part (screenshot, axe)', async () => {
    const { ctx, page } = await signedIn(u.admin!, 1366);
    try {
      await page.goto(`${base}/admin/templates/answer/en`);
      const subject = page.locator('#template-subject');
      assert.ok(
        (await subject.evaluate((e) => e.getBoundingClientRect().width)) > 600,
        'the subject is wide',
      );
      const body = page.locator('#template-body');
      await body.fill('Hello,\n\nThank you.');
      // The cursor after "Hello": the variable goes there.
      await body.press('Control+Home');
      for (let i = 0; i < 5; i++) await body.press('ArrowRight');
      await page.getByRole('button', { name: 'Insert name' }).click();
      assert.equal(await body.inputValue(), 'Hello{{name}},\n\nThank you.');
      // The preview follows: the sample case's name (an administrator reads no case), and what the answer lacks.
      await page.locator('#template-preview pre.mail-text', { hasText: /^Hello\S/ }).waitFor();
      await page.locator('#template-preview .template-problems').waitFor();
      await page.screenshot({ path: `${SHOTS}template-editor.png`, fullPage: true });
      await page.screenshot({ path: `${SHOTS}template-editor-1366.png`, fullPage: true });
      assert.deepEqual(await axe(u.admin!, '/admin/templates/answer/en'), []);
      assert.deepEqual(cspViolations, []);
    } finally {
      await ctx.close();
    }
  });
  it('shows the template editor on a phone without sideways scrolling (screenshot, axe)', async () => {
    const { ctx, page } = await signedIn(u.admin!, 390, 844);
    try {
      await page.goto(`${base}/admin/templates/answer/en`);
      await page.locator('#template-body').waitFor();
      assert.ok(await noSidewaysScroll(page), 'the editor does not scroll sideways at 390 px');
      await page.screenshot({ path: `${SHOTS}template-editor-390.png`, fullPage: true });
      assert.deepEqual(await axe(u.admin!, '/admin/templates/answer/en', 390), []);
    } finally {
      await ctx.close();
    }
  });

  it('has no serious or critical axe-core violation on the snippets pages', async () => {
    const id = await saveSnippet(
      t.ctx,
      null,
      { language: 'en', title: 'Refund sent', body: 'Your refund left on 3 December.' },
      { actor: 'cli', label: null, address: null },
    );
    for (const path of ['/admin/snippets', '/admin/snippets/new', `/admin/snippets/${id}`])
      assert.deepEqual(await axe(u.admin!, path), [], path);
    assert.deepEqual(cspViolations, []);
  });
});
