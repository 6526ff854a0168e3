// The case page to work in, in a real Chromium (playwright-core + Debian's /usr/bin/chromium): an agent answers a
// complainant's question with a free reply in French, with the keyboard only (Tab, arrows, Enter, typing): opens
// the reply from the toolbar, picks a snippet and inserts it, adds their own words, sends; the confirmation takes
// the focus; the mail reaches a real SMTP server in the thread of the complainant's message. The history's
// filters work as links; at a phone's width nothing scrolls sideways and long values wrap. axe-core finds no
// serious or critical violation; screenshots at 1366 px and 390 px under test-output/screenshots/.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { smtpTransport } from '../../src/adapters/mail/smtp-transport.ts';
import { saveSnippet } from '../../src/app/manage-snippets.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import type { MailTransport } from '../../src/core/correspondence/outgoing-mail.ts';
import { mailIn, type SmtpSink, startSmtpSink, type World } from '../correspondence/support.ts';
import {
  axeViolations,
  describeViolations,
  launchChromium,
  SHOTS,
  signedInContext,
  watchCsp,
} from '../support/browser.ts';
import { createTestApp, createUser, type TestApp } from '../support/http.ts';
import { PDF } from '../support/staff.ts';

const SNIPPET =
  'Votre remboursement a été émis le 3 décembre ; il apparaîtra sur votre compte sous cinq jours ouvrés.';

describe('the case page and a free reply, in Chromium', { timeout: 300_000 }, () => {
  let t: TestApp;
  let base: string;
  let browser: Browser;
  let sink: SmtpSink;
  let transport: MailTransport;
  let agent: User;
  let opened: { caseId: string; reference: string };
  const csp: string[] = [];

  before(async () => {
    t = await createTestApp();
    agent = await createUser(t.ctx, 'agent', { name: 'Aline Agent', language: 'fr' });
    const acting = { actor: 'cli', label: null, address: null };
    await saveSnippet(t.ctx, null, { language: 'fr', title: 'Remboursement émis', body: SNIPPET }, acting);
    await saveSnippet(
      t.ctx,
      null,
      { language: 'en', title: 'Refund sent', body: 'Your refund left.' },
      acting,
    );
    sink = await startSmtpSink();
    transport = smtpTransport({ host: '127.0.0.1', port: sink.port, secure: false, requireTls: false });
    // A long address and a long domain: the side column wraps them rather than clip or widen the page.
    opened = await mailIn({ ctx: t.ctx } as World, {
      from: 'camille.martin-de-la-villeneuve.remboursements@un-fournisseur-de-messagerie-tres-long.example.net',
      name: 'Camille Martin',
      language: 'fr',
      subject: 'Transmission de réclamation - Etape 1',
      messageId: '<question-remboursement@example.net>',
    });
    await sendDueMail(t.ctx, transport);
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    transport?.close();
    await sink?.stop();
    await t?.close();
  });

  /** Waits until `test` (an expression, evaluated by the driver: the page's CSP forbids eval) holds. */
  async function until(page: Page, test: string): Promise<void> {
    for (let i = 0; i < 200; i++) {
      if (await page.evaluate(test)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.fail(`never true: ${test}`);
  }

  /** Presses Tab until the focused element matches, as a keyboard user would; fails after `max` presses. */
  async function tabTo(page: Page, what: string, test: string, max = 120): Promise<void> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(test)) return;
    }
    assert.fail(`Tab never reached ${what}`);
  }

  it('an agent answers with a free reply in French using a snippet, by keyboard only', async () => {
    const context = await signedInContext(browser, t.ctx, agent, base, { locale: 'fr-FR' });
    await context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    await page.setViewportSize({ width: 1366, height: 900 });
    watchCsp(page, csp);
    await page.goto(`${base}/cases/${opened.caseId}`);
    // The complaint's own words come first; the toolbar offers the reply.
    assert.match(
      await page.locator('section.case-words').innerText(),
      /Le site est hors ligne|site est en panne|My site/,
    );
    await tabTo(
      page,
      'the reply in the toolbar',
      `document.activeElement?.matches('#action-reply > summary') ?? false`,
    );
    await page.keyboard.press('Enter');
    assert.equal(await page.locator('#action-reply').getAttribute('open'), '');
    // The kind (a reply is checked), then the snippet: chosen with the arrow keys, inserted with Enter.
    await tabTo(page, 'the snippet list', `document.activeElement?.id === 'reply-snippet'`);
    await page.keyboard.press('ArrowDown');
    assert.notEqual(await page.locator('#reply-snippet').inputValue(), '');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(`document.activeElement?.name`), 'insert');
    await page.keyboard.press('Enter');
    // The form comes back with the snippet in the text, which has the focus.
    await until(page, `document.activeElement?.id === 'reply-text'`);
    assert.equal(await page.locator('#reply-text').inputValue(), SNIPPET);
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('Merci pour votre question. ');
    // Preview, then send.
    await tabTo(
      page,
      'the preview button',
      `document.activeElement?.getAttribute('formaction')?.includes('/reply/preview?') && document.activeElement?.name !== 'insert'`,
    );
    await page.keyboard.press('Enter');
    await page.locator('#reply-preview pre', { hasText: 'Merci pour votre question.' }).waitFor();
    assert.match(await page.locator('#reply-preview').innerText(), /Réponse à votre message/);
    await page.locator('#reply-text').waitFor();
    await tabTo(
      page,
      'the send button',
      `document.activeElement?.matches('#action-reply button.primary') ?? false`,
    );
    await page.screenshot({ path: `${SHOTS}case-reply-form-1366.png`, fullPage: true });
    await page.keyboard.press('Enter');
    // The confirmation takes the focus, in French.
    await until(page, `document.activeElement?.id === 'confirmation'`);
    assert.match(await page.locator('#confirmation').innerText(), /Votre réponse part par e-mail/);

    assert.deepEqual(await sendDueMail(t.ctx, transport), { sent: 1, retried: 0, failed: 0 });
    const got = sink.received.at(-1)!;
    assert.equal(got.mail.inReplyTo, '<question-remboursement@example.net>');
    assert.match(got.mail.subject ?? '', new RegExp(`^\\[${opened.reference}\\] Réponse à votre message$`));
    assert.ok((got.mail.text ?? '').includes(`Merci pour votre question. ${SNIPPET}`), got.mail.text);

    // The history, newest first: the reply is on top; the filters are links that work.
    const first = page.locator('ol.timeline-list > li').first();
    assert.match(await first.innerText(), /Réponse/);
    await page.getByRole('link', { name: 'Correspondance' }).click();
    await page.waitForURL(/history=correspondence/);
    assert.equal(await page.locator('ol.timeline-list > li.timeline-event').count(), 0);
    assert.ok((await page.locator('ol.timeline-list > li.timeline-mail').count()) >= 3);
    await page.goto(`${base}/cases/${opened.caseId}`);
    await page.screenshot({ path: `${SHOTS}case-page-1366.png`, fullPage: true });
    await context.close();
  });

  it('inserts a snippet where the cursor is, replacing a selection, and the text keeps the focus', async () => {
    const context = await signedInContext(browser, t.ctx, agent, base, { locale: 'fr-FR' });
    await context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    watchCsp(page, csp);
    await page.goto(`${base}/cases/${opened.caseId}`);
    await page.locator('#action-reply > summary').click();
    const text = page.locator('#reply-text');
    await text.click();
    await page.keyboard.type('Bonjour. Cordialement.');
    // The cursor after "Bonjour. " (13 characters from the end: "Cordialement.").
    for (let i = 0; i < 'Cordialement.'.length; i++) await page.keyboard.press('ArrowLeft');
    await page.locator('#reply-snippet').selectOption({ label: 'Remboursement émis' });
    await page.getByRole('button', { name: /Insérer/ }).click();
    assert.equal(await text.inputValue(), `Bonjour. ${SNIPPET}Cordialement.`);
    assert.equal(await page.evaluate(`document.activeElement?.id`), 'reply-text', 'the text keeps the focus');
    assert.equal(
      await page.evaluate(`document.activeElement.selectionStart`),
      `Bonjour. ${SNIPPET}`.length,
      'the cursor is after the snippet',
    );
    assert.match(page.url(), /\/cases\/[^/]+$/, 'no form was sent: the page stayed');
    // A selection is replaced by the snippet.
    await page.evaluate(`document.getElementById('reply-text').setSelectionRange(0, 8)`);
    await page.getByRole('button', { name: /Insérer/ }).click();
    assert.equal(await text.inputValue(), `${SNIPPET} ${SNIPPET}Cordialement.`);
    await context.close();
  });

  it('the preview replaces only itself: the file chosen stays in the form and goes with the reply', async () => {
    const context = await signedInContext(browser, t.ctx, agent, base, { locale: 'fr-FR' });
    await context.setDefaultTimeout(20_000);
    const page = await context.newPage();
    watchCsp(page, csp);
    await page.goto(`${base}/cases/${opened.caseId}`);
    await page.locator('#action-reply > summary').click();
    await page.locator('#reply-text').fill('Vous trouverez le justificatif ci-joint.');
    await page
      .locator('#reply-attachments')
      .setInputFiles({ name: 'justificatif.pdf', mimeType: 'application/pdf', buffer: PDF });
    // The page's own copy of the form, to tell a swapped page from the same one.
    await page.evaluate(`document.getElementById('reply-text').dataset.same = 'yes'`);
    await page.getByRole('button', { name: 'Aperçu', exact: true }).click();
    await page
      .locator('#reply-preview pre', { hasText: 'Vous trouverez le justificatif ci-joint.' })
      .waitFor();
    assert.equal(
      await page.evaluate(`document.getElementById('reply-text').dataset.same ?? null`),
      'yes',
      'the form was not replaced',
    );
    assert.equal(await page.evaluate(`document.getElementById('reply-attachments').files.length`), 1);
    assert.equal(await page.locator('#reply-attachments-again').count(), 0, 'nothing to choose again');
    await page.locator('#action-reply button.primary').click();
    await until(page, `document.activeElement?.id === 'confirmation'`);
    assert.deepEqual(await sendDueMail(t.ctx, transport), { sent: 1, retried: 0, failed: 0 });
    const got = sink.received.at(-1)!;
    assert.ok((got.mail.text ?? '').includes('Vous trouverez le justificatif ci-joint.'), got.mail.text);
    assert.deepEqual(
      got.mail.attachments.map((a) => a.filename),
      ['justificatif.pdf'],
      'the file went with the reply',
    );
    await context.close();
  });

  it('at a phone’s width: no sideways scrolling, long values wrap inside the side column', async () => {
    const context = await signedInContext(browser, t.ctx, agent, base, { locale: 'fr-FR' });
    const page = await context.newPage();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${base}/cases/${opened.caseId}`);
    const widths = (await page.evaluate(
      `[document.documentElement.scrollWidth, document.documentElement.clientWidth]`,
    )) as [number, number];
    assert.ok(widths[0] <= widths[1], `no sideways scrolling: ${widths}`);
    // Nothing in the side column spills out of its card.
    const spilled =
      await page.evaluate(`[...document.querySelectorAll('aside.case-side dd, aside.case-side li')]
      .filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent.slice(0, 60))`);
    assert.deepEqual(spilled, []);
    await page.screenshot({ path: `${SHOTS}case-page-390.png`, fullPage: true });
    await context.close();
  });

  it('axe-core finds no serious or critical violation on the case page and its filtered history', async () => {
    const context = await signedInContext(browser, t.ctx, agent, base, { locale: 'fr-FR' });
    for (const path of [`/cases/${opened.caseId}`, `/cases/${opened.caseId}?history=notes`]) {
      const v = await axeViolations(browser, context, `${base}${path}`, { locale: 'fr-FR' });
      assert.deepEqual(describeViolations(v), [], path);
    }
    await context.close();
    assert.deepEqual(csp, [], 'no Content-Security-Policy violation');
  });
});
