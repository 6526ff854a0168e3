// A complainant in Chromium, browser in German: opens the public form at /complain (German from Accept-Language),
// fills in the fields of P2, is asked to correct what is missing, sends it and gets the reference on the thank-you
// page; the outbox sender runs once against a real SMTP sink and the German acknowledgement arrives with the same
// reference. Screenshots of the form and the thank-you page; axe-core finds no serious or critical violation; the
// language switch works for visitors; no CSP violation.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { smtpTransport } from '../../src/adapters/mail/smtp-transport.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { type SmtpSink, startSmtpSink } from '../correspondence/support.ts';
import { axeViolations, describeViolations, launchChromium, SHOTS, watchCsp } from '../support/browser.ts';
import { createTestApp, type TestApp } from '../support/http.ts';

describe('public complaint form in Chromium', { timeout: 180_000 }, () => {
  let t: TestApp;
  let sink: SmtpSink;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let reference = '';
  const csp: string[] = [];

  before(async () => {
    sink = await startSmtpSink();
    t = await createTestApp({
      env: {
        REDRESS_OUTBOUND_HOST: '127.0.0.1',
        REDRESS_OUTBOUND_PORT: String(sink.port),
        REDRESS_PUBLIC_FORM_MIN_FILL_SECONDS: '1',
      },
    });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchChromium();
    context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1000, height: 900 } });
    page = await context.newPage();
    watchCsp(page, csp);
  });

  after(async () => {
    await browser?.close();
    await t?.close();
    await sink?.stop();
  });

  it('shows the form in German, with step 2 by post explained (screenshot, accessibility)', async () => {
    await page.goto(`${base}/complain`);
    assert.equal(await page.locator('html').getAttribute('lang'), 'de');
    assert.equal(await page.locator('h1').textContent(), 'Beschwerde einreichen');
    assert.match((await page.locator('#step2-by-post').textContent()) ?? '', /Geschäftsleitung/);
    const honeypot = await page.locator('#complaint-homepage').locator('xpath=..').boundingBox();
    assert.ok(honeypot && honeypot.width <= 1 && honeypot.height <= 1, 'the honeypot is not seen');
    assert.equal(
      await page.getByRole('textbox', { name: 'Dieses Feld bitte leer lassen' }).count(),
      0,
      'nor heard',
    );
    await page.screenshot({ path: `${SHOTS}public-form.png`, fullPage: true });
    assert.deepEqual(
      describeViolations(await axeViolations(browser, context, `${base}/complain`, { locale: 'de-DE' })),
      [],
    );
  });

  it('asks, at the fields, for what is missing', async () => {
    await page.getByLabel('Ihr Name').fill('Erika Mustermann');
    await page.getByLabel('Ihre E-Mail-Adresse').fill('erika@example.de');
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Beschwerde absenden' }).click();
    await page.locator('#complaint-description-error').waitFor();
    assert.equal(await page.locator('#complaint-description-error').textContent(), 'Bitte ausfüllen.');
    assert.equal(
      await page.locator('#complaint-consent-error').textContent(),
      'Bitte kreuzen Sie dieses Feld an, damit wir Ihre Beschwerde bearbeiten dürfen.',
    );
    assert.equal(
      await page.getByLabel('Ihr Name').inputValue(),
      'Erika Mustermann',
      'what was typed is kept',
    );
    await page.screenshot({ path: `${SHOTS}public-form-errors.png`, fullPage: true });
    assert.deepEqual(
      describeViolations(await axeViolations(browser, context, `${base}/complain`, { locale: 'de-DE' })),
      [],
    );
  });

  it('sends the complaint and shows the reference', async () => {
    await page.getByLabel('Ihre Postanschrift').fill('Hauptstraße 5\n10115 Berlin');
    await page.getByLabel('Nummer des Support-Tickets').fill('482913');
    await page.getByLabel('Betroffene Domainnamen').fill('müller-bau.de');
    await page
      .getByLabel('Was ist passiert?')
      .fill(
        'Seit dem Umzug am 12. November ist meine Domain nicht erreichbar. Der Support hat nicht geantwortet.',
      );
    await page
      .getByLabel('Was erwarten Sie von uns?')
      .fill('Bitte stellen Sie die Erreichbarkeit wieder her und erstatten Sie den Monatsbeitrag.');
    await page.getByRole('checkbox', { name: /Ich bin damit einverstanden/ }).check();
    await page.screenshot({ path: `${SHOTS}public-form-filled.png`, fullPage: true });
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Beschwerde absenden' }).click();
    await page.waitForURL(`${base}/complain/thanks`);
    assert.equal(await page.locator('h1').textContent(), 'Vielen Dank, Ihre Beschwerde ist eingegangen');
    reference = (await page.locator('#complaint-reference').textContent()) ?? '';
    assert.match(reference, /^RC-\d{4}-\d{6}$/);
    assert.match(
      (await page.locator('main').textContent()) ?? '',
      /Eine Eingangsbestätigung ist unterwegs an erika@example\.de/,
    );
    await page.screenshot({ path: `${SHOTS}public-form-thanks.png`, fullPage: true });
    assert.deepEqual(
      describeViolations(
        await axeViolations(browser, context, `${base}/complain/thanks`, { locale: 'de-DE' }),
      ),
      [],
    );
    const row = await t.tdb.database.db
      .selectFrom('cases')
      .select(['channel', 'language', 'status'])
      .where('reference', '=', reference)
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { channel: 'web', language: 'de', status: 'acknowledged' });
  });

  it('delivers the German acknowledgement with the reference by SMTP', async () => {
    const transport = smtpTransport({ host: '127.0.0.1', port: sink.port, secure: false, requireTls: false });
    try {
      const report = await sendDueMail(t.ctx, transport);
      assert.equal(report.sent, 1);
    } finally {
      transport.close();
    }
    assert.equal(sink.received.length, 1);
    const mail = sink.received[0]!;
    assert.deepEqual(mail.envelopeTo, ['erika@example.de']);
    assert.ok(mail.mail.subject?.includes(reference), mail.mail.subject);
    assert.ok(mail.mail.text?.includes(reference));
    assert.match(mail.mail.text ?? '', /Beschwerde|Eingang/);
    assert.equal(mail.header('auto-submitted'), 'auto-replied');
  });

  it('takes a document over 64 KB; a refused one keeps every word typed', async () => {
    await page.goto(`${base}/complain`);
    const fill = async () => {
      await page.getByLabel('Ihr Name').fill('Jürgen Müller');
      await page.getByLabel('Ihre E-Mail-Adresse').fill('juergen@example.de');
      await page
        .getByLabel('Was ist passiert?')
        .fill('Die Rechnung vom 3. November ist doppelt abgebucht worden.');
      await page.getByLabel('Was erwarten Sie von uns?').fill('Bitte erstatten Sie den doppelten Betrag.');
      await page.getByRole('checkbox', { name: /Ich bin damit einverstanden/ }).check();
    };
    await fill();
    // Not a PDF, PNG or JPEG, and larger than a form without files may be: refused at its field, text kept.
    await page.locator('#complaint-attachments').setInputFiles({
      name: 'rechnung.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.alloc(300 * 1024, 0x41),
    });
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Beschwerde absenden' }).click();
    await page.locator('#complaint-attachments-error').waitFor();
    assert.equal(await page.getByLabel('Ihr Name').inputValue(), 'Jürgen Müller');
    assert.equal(
      await page.getByLabel('Was ist passiert?').inputValue(),
      'Die Rechnung vom 3. November ist doppelt abgebucht worden.',
    );
    assert.equal(
      await page.getByLabel('Was erwarten Sie von uns?').inputValue(),
      'Bitte erstatten Sie den doppelten Betrag.',
    );
    // A real PDF of 300 KB goes through.
    await page.getByRole('checkbox', { name: /Ich bin damit einverstanden/ }).check();
    await page.locator('#complaint-attachments').setInputFiles({
      name: 'rechnung.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.concat([
        Buffer.from('%PDF-1.4\n%'),
        Buffer.alloc(300 * 1024, 0x61),
        Buffer.from('\n%%EOF\n'),
      ]),
    });
    await page.waitForTimeout(1200);
    await page.getByRole('button', { name: 'Beschwerde absenden' }).click();
    await page.waitForURL(`${base}/complain/thanks`);
    const second = (await page.locator('#complaint-reference').textContent()) ?? '';
    assert.match(second, /^RC-\d{4}-\d{6}$/);
    assert.notEqual(second, reference);
  });

  it('lets a visitor switch the language of the form', async () => {
    await page.goto(`${base}/complain`);
    await page.getByRole('button', { name: 'Français' }).click();
    await page.locator('html[lang="fr"]').waitFor();
    assert.equal(await page.locator('h1').textContent(), 'Déposer une réclamation');
    assert.deepEqual(
      describeViolations(await axeViolations(browser, context, `${base}/complain`, { locale: 'de-DE' })),
      [],
    );
  });

  it('met no Content-Security-Policy violation', () => {
    assert.deepEqual(csp, []);
  });
});
