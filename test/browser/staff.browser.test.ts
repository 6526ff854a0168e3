// The staff application in Chromium, one role after another doing its work end to end: an agent registers a letter
// with its scan, asks for information, extends (by keyboard) and answers with a preview and an attachment; a lead
// assigns in bulk and hands over someone's cases; management answers a step-2 case; a department member takes up
// a suggestion and marks it done; an auditor reads everything, sees no action, and a forged POST is refused.
// Screenshots of the queue, a case page and the complainant page; no serious or critical axe-core violation on
// the queue, case, complainant, letter and search pages; no Content-Security-Policy violation on the way.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { forwardSuggestion } from '../../src/app/forward-suggestion.ts';
import type { OpenedCase } from '../../src/app/open-case.ts';
import { fixedClock } from '../../src/core/ports.ts';
import {
  axeViolations,
  describeViolations,
  launchChromium,
  SHOTS,
  signedInContext,
  watchCsp,
} from '../support/browser.ts';
import { createTestApp, createUser, departmentsEnv, type TestApp } from '../support/http.ts';
import { openComplaint, PDF, PNG } from '../support/staff.ts';

describe('staff application in Chromium', { timeout: 240_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  const users: Record<string, User> = {};
  const cases: Record<string, OpenedCase> = {};
  const csp: string[] = [];
  const contexts: BrowserContext[] = [];
  // Monday 23 November 2026, 10:00 in Berlin.
  const clock = fixedClock('2026-11-23T09:00:00.000Z');

  before(async () => {
    t = await createTestApp({ clock, env: departmentsEnv('Billing') });
    users.agent = await createUser(t.ctx, 'agent', { email: 'ana@example.org', name: 'Ana Agent' });
    users.agent2 = await createUser(t.ctx, 'agent', { email: 'ben@example.org', name: 'Ben Agent' });
    users.lead = await createUser(t.ctx, 'lead', { email: 'lea@example.org', name: 'Lea Lead' });
    users.management = await createUser(t.ctx, 'management', {
      email: 'max@example.org',
      name: 'Max Manager',
    });
    users.department = await createUser(t.ctx, 'department_member', {
      email: 'dora@example.org',
      name: 'Dora Billing',
      departments: ['Billing'],
    });
    users.auditor = await createUser(t.ctx, 'auditor', {
      email: 'audrey@example.org',
      name: 'Audrey Auditor',
    });
    // openComplaint dates receipt from the real clock; these cases are dated relative to the fixed one below.
    const at = (days: number) => (Date.now() - Date.parse('2026-11-23T09:00:00.000Z')) / 86_400_000 + days;
    cases.late = await openComplaint(t.ctx, {
      daysAgo: at(16),
      name: 'Hélène Faure',
      language: 'fr',
      subject: 'Transmission de réclamation - Etape 1 : coupure',
    });
    cases.soon = await openComplaint(t.ctx, {
      daysAgo: at(12),
      name: 'Jürgen Weiß',
      language: 'de',
      subject: 'Beschwerdeweiterleitung - Stufe 1: Rechnung',
    });
    cases.fresh = await openComplaint(t.ctx, {
      daysAgo: at(0.1),
      name: 'James Brown',
      subject: 'Complaint escalation - Step 1: mailbox',
    });
    // Acknowledged, so their clock is the answer's (an unacknowledged complaint is due by its acknowledgement).
    for (const c of [cases.late, cases.soon, cases.fresh])
      await actOnCase(
        t.ctx,
        c.caseId,
        { type: 'acknowledge', channel: 'email', correspondenceId: null },
        'system',
      );
    cases.step2 = await openComplaint(t.ctx, {
      daysAgo: at(1),
      step: 2,
      name: 'Greta Hoffmann',
      language: 'de',
      subject: 'Beschwerdeweiterleitung - Stufe 2',
    });
    cases.suggestion = await openComplaint(t.ctx, {
      kind: 'suggestion',
      daysAgo: at(1),
      name: 'Léa Roux',
      subject: 'Une idée pour vos factures',
    });
    await forwardSuggestion(t.ctx, cases.suggestion.caseId, {
      department: 'Billing',
      note: null,
      actor: 'system',
    });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await t?.close();
  });

  async function as(who: string): Promise<{ context: BrowserContext; page: Page }> {
    const context = await signedInContext(browser, t.ctx, users[who]!, base);
    contexts.push(context);
    const page = await context.newPage();
    watchCsp(page, csp);
    return { context, page };
  }

  async function noSeriousViolations(context: BrowserContext, path: string) {
    const found = await axeViolations(browser, context, base + path);
    assert.deepEqual(describeViolations(found), [], path);
  }

  const flash = (page: Page) => page.locator('.flash').innerText();

  it('agent: sees step 1 due first, registers a letter, asks for information, extends and answers', async () => {
    const { context, page } = await as('agent');
    await page.goto(`${base}/`);
    await page.waitForURL(`${base}/queues/step1`);
    const rows = page.locator('#queue-list tbody tr');
    assert.equal(await rows.count(), 3);
    assert.match(await rows.nth(0).innerText(), /Late\s+\d+ working days? overdue/);
    assert.match(await rows.nth(0).innerText(), new RegExp(cases.late!.reference));
    assert.match(await rows.nth(2).innerText(), /On time\s+\d+ working days left/);
    await page.screenshot({ path: `${SHOTS}queue-step1.png`, fullPage: true });
    await noSeriousViolations(context, '/queues/step1');

    // filters swap the list only (htmx) and keep the address
    await page.getByLabel('Due', { exact: true }).selectOption('overdue');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/due=overdue/);
    await page.locator('#queue-list tbody tr').first().waitFor();
    assert.equal(await page.locator('#queue-list tbody tr').count(), 1);

    // a letter by post, with its scan
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Register a letter' })
      .click();
    await page.waitForURL(`${base}/letters/new`);
    await noSeriousViolations(context, '/letters/new');
    await page
      .getByLabel('Scan of the letter')
      .setInputFiles({ name: 'brief.png', mimeType: 'image/png', buffer: PNG });
    await page.getByLabel('Date it arrived').fill('2026-11-20');
    await page.getByLabel('Title or subject line of the letter').fill('Beschwerdeweiterleitung - Stufe 1');
    await page.getByLabel('Name', { exact: true }).fill('Karl Krüger');
    await page.getByLabel('E-mail address').fill('karl@example.de');
    await page.getByLabel('Postal address').fill('Hauptstraße 5\n70173 Stuttgart');
    await page.getByLabel('Language of the letter').selectOption('de');
    await page
      .getByLabel('Description of the complaint')
      .fill('Meine Domain wurde ohne Rückfrage gekündigt.');
    await page.getByLabel('Domain names').fill('krüger-bau.de');
    await page.getByRole('button', { name: 'Register the letter' }).click();
    await page.waitForURL(/\/cases\//);
    assert.match(
      await flash(page),
      /^The letter is registered as case RC-2026-\d{6}; the acknowledgement is on its way by e-mail\.$/,
    );
    const caseUrl = page.url();
    assert.match(await page.locator('ul.checklist li.missing').innerText(), /What the complainant expects/);

    // ask for what is missing
    await page.getByText('Ask for missing information').click();
    await page
      .getByLabel('A sentence for the complainant')
      .fill('Bitte teilen Sie uns mit, was Sie erwarten.');
    await page.getByRole('button', { name: 'Send the request' }).click();
    await page
      .locator('.flash', { hasText: 'The request for information is on its way by e-mail' })
      .waitFor();
    // The confirmation takes the focus once the page has settled (autofocus, so that a screen reader reads it
    // first): the keyboard steps below begin after that, or their focus would be taken from them.
    for (let i = 0; i < 200; i++) {
      if (await page.evaluate(`document.activeElement?.id === 'confirmation'`)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(await page.evaluate(`document.activeElement?.id`), 'confirmation');
    assert.match(await page.locator('p.notice').first().innerText(), /waits on the complainant/);

    // extend, by keyboard only: open the block, fill the reason, keep the offered window, submit
    await page.locator('#action-extend > summary').focus();
    await page.keyboard.press('Enter');
    await page.locator('#extend-reason').focus();
    await page.keyboard.type('Wir warten auf den Bericht unseres Rechenzentrums.');
    const windowEnd = await page.locator('#extend-windowEnd').inputValue();
    assert.match(
      (await page.locator('#extend-windowEnd option:checked').textContent()) ?? '',
      /working day \d+ from today/,
    );
    await page.locator('#action-extend button[type="submit"]').focus();
    await page.keyboard.press('Enter');
    const dueDay = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${windowEnd}T12:00:00Z`),
    );
    await page.locator('.flash', { hasText: `The answer is now due by ${dueDay}` }).waitFor();
    assert.match(await page.locator('section[aria-labelledby="clock-title"]').innerText(), /Extensions/);

    // answer: outcome, text, preview in the complainant's language, an attachment, send
    await page.getByText('Answer (definitive answer)').click();
    await page.getByLabel('Partly upheld').check();
    await page.getByLabel('Your explanation').fill('Die Kündigung war ein Fehler unsererseits.');
    await page
      .getByLabel('What the company will do to put things right')
      .fill('Wir stellen die Domain kostenlos wieder her.');
    await page.getByRole('button', { name: 'Preview' }).click();
    await page
      .locator('#answer-preview pre', { hasText: 'Die Kündigung war ein Fehler unsererseits.' })
      .waitFor();
    assert.equal(await page.locator('#answer-preview pre').getAttribute('lang'), 'de');
    assert.match(await page.locator('#answer-preview pre').innerText(), /teilweise berechtigt/);
    await page
      .getByLabel('Attachments')
      .setInputFiles({ name: 'gutschrift.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await page.locator('.flash', { hasText: 'The definitive answer is on its way by e-mail.' }).waitFor();
    assert.equal(page.url(), caseUrl);
    assert.match(await page.locator('dl.facts').first().innerText(), /Answered/);
    assert.match(await page.locator('section.timeline').innerText(), /Definitive answer/);
    await page.screenshot({ path: `${SHOTS}case-page.png`, fullPage: true });
    await noSeriousViolations(context, new URL(caseUrl).pathname);
    await noSeriousViolations(context, `/cases/${cases.late!.caseId}`);

    // the complainant and the search
    await page.getByRole('link', { name: 'Karl Krüger' }).click();
    await page.waitForURL(/\/complainants\//);
    assert.match(await page.locator('h1').innerText(), /Karl Krüger/);
    await page.screenshot({ path: `${SHOTS}complainant-page.png`, fullPage: true });
    await noSeriousViolations(context, new URL(page.url()).pathname);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Search' }).click();
    await page.getByLabel('Search cases').fill('rückfrage');
    await page.locator('#main').getByRole('button', { name: 'Search', exact: true }).click();
    await page.locator('#search-results tbody tr').first().waitFor();
    assert.match(await page.locator('#search-results').innerText(), /Karl Krüger/);
    await noSeriousViolations(context, '/search?q=r%C3%BCckfrage');
  });

  it('lead: assigns two cases in bulk, then hands over the open cases of someone away', async () => {
    const { page } = await as('lead');
    await page.goto(`${base}/queues/step1`);
    await page.getByLabel(`Select ${cases.late!.reference}`).check();
    await page.getByLabel(`Select ${cases.soon!.reference}`).check();
    await page.getByLabel('Assign to').selectOption({ label: 'Ben Agent (Agent)' });
    await page.getByRole('button', { name: 'Assign the selected cases' }).click();
    await page.locator('.flash', { hasText: '2 cases changed, 0 left as they were.' }).waitFor();
    assert.equal(await page.locator('#queue-list tbody tr', { hasText: 'Ben Agent' }).count(), 2);
    await page.getByLabel('Cases of').selectOption({ label: 'Ben Agent (Agent)' });
    await page.getByLabel('Go to').selectOption({ label: 'Ana Agent (Agent)' });
    await page.getByRole('button', { name: 'Hand over the open cases' }).click();
    await page.locator('.flash', { hasText: '2 open cases of Ben Agent now belong to Ana Agent.' }).waitFor();
    assert.equal(await page.locator('#queue-list tbody tr', { hasText: 'Ana Agent' }).count(), 2);
  });

  it('management: answers a step-2 case from its own queue', async () => {
    const { context, page } = await as('management');
    await page.goto(`${base}/queues`);
    await page.waitForURL(`${base}/queues/step2`);
    await noSeriousViolations(context, '/queues/step2');
    await page.getByRole('link', { name: cases.step2!.reference }).click();
    await page.waitForURL(`${base}/cases/${cases.step2!.caseId}`);
    await page.getByText('Answer (definitive answer)').click();
    await page.getByLabel('Not upheld').check();
    await page.getByLabel('Your explanation').fill('Die Geschäftsleitung hat den Fall geprüft.');
    await page.getByRole('button', { name: 'Send the answer' }).click();
    await page.locator('.flash', { hasText: 'The definitive answer is on its way by e-mail.' }).waitFor();
    assert.match(await page.locator('section.timeline').innerText(), /Definitive answer/);
  });

  it('department member: takes up a suggestion forwarded to Billing and marks it done', async () => {
    const { context, page } = await as('department');
    await page.goto(`${base}/`);
    await page.waitForURL(`${base}/queues/suggestions`);
    await noSeriousViolations(context, '/queues/suggestions');
    await page.getByRole('link', { name: cases.suggestion!.reference }).click();
    await page.getByText('The department has taken it up').click();
    await page.getByRole('button', { name: 'Record: taken up' }).click();
    await page.locator('.flash', { hasText: 'the department has taken up the suggestion' }).waitFor();
    await page.getByText('The department is done').click();
    await page.getByLabel('What was done').fill('Added to the next invoice redesign.');
    await page.getByRole('button', { name: 'Record: done, and close' }).click();
    await page.locator('.flash', { hasText: 'The case is closed.' }).waitFor();
    assert.match(await page.locator('dl.facts').first().innerText(), /Closed · done/);
    assert.equal(await page.locator('form[method="post"][action^="/cases/"]').count(), 0);
  });

  it('auditor: reads everything, sees no action, and a forged POST is refused', async () => {
    const { context, page } = await as('auditor');
    for (const path of ['/queues/step1', '/queues/step2', '/queues/suggestions', '/queues/all']) {
      await page.goto(base + path);
      assert.equal(await page.locator('h1').count(), 1);
      assert.equal(await page.locator('input[type="checkbox"]').count(), 0, path);
    }
    await page.goto(`${base}/cases/${cases.late!.caseId}`);
    assert.match(await page.locator('section.timeline').innerText(), /Assigned/);
    assert.equal(await page.locator('form[method="post"][action^="/cases/"]').count(), 0);
    assert.equal(await page.locator('details.action').count(), 0);
    await noSeriousViolations(context, `/cases/${cases.late!.caseId}`);
    await page.getByRole('link', { name: 'Hélène Faure' }).click();
    await page.waitForURL(/\/complainants\//);
    assert.equal(await page.locator('form[method="post"][action^="/complainants/"]').count(), 0);
    const headers = JSON.parse((await page.locator('.page').getAttribute('hx-headers'))!) as Record<
      string,
      string
    >;
    const forged = await context.request.post(`${base}/cases/${cases.late!.caseId}/close`, {
      headers: { ...headers, accept: 'application/json' },
      form: { reason: 'Closing it as auditor' },
    });
    assert.equal(forged.status(), 403);
    assert.equal((await forged.json()).error.code, 'forbidden_role');
    const state = await t.ctx.database.db
      .selectFrom('cases')
      .select('status')
      .where('id', '=', cases.late!.caseId)
      .executeTakeFirstOrThrow();
    assert.notEqual(state.status, 'closed');
  });

  it('saw no Content-Security-Policy violation', () => {
    assert.deepEqual(csp, []);
  });
});
