// The monthly report to management, on both engines: off until an administrator switches it on (an audited
// setting); due on the first working day of the month only; one per month even when two instances check at once;
// sent through the outbox to a real SMTP server, one mail per configured address and to no other; the PDF's text,
// read back with pdftotext, holds the month's figures in the organisation's language.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { sendMonthlyReport } from '../../src/app/report-monthly.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { updateSettings } from '../../src/app/settings.ts';
import { type SmtpSink, startSmtpSink, startWorld, type World } from '../correspondence/support.ts';
import { complaintAt } from '../support/cases.ts';
import { ENGINES } from '../support/databases.ts';

const RECIPIENTS = ['direction@example.org', 'board@example.org'];

for (const engine of ENGINES)
  describe(`monthly report to management (${engine})`, () => {
    let w: World;
    let sink: SmtpSink;
    const dir = mkdtempSync(join(tmpdir(), 'redress-monthly-'));

    before(async () => {
      w = await startWorld(engine, '2026-11-03T09:00:00.000Z', {
        timezone: 'Europe/Berlin',
        defaultLanguage: 'de',
      });
      sink = await startSmtpSink();
      for (const at of ['2026-11-03T09:00:00.000Z', '2026-11-10T09:00:00.000Z', '2026-11-24T09:00:00.000Z']) {
        w.clock.set(at);
        const c = await openCase(w.ctx, complaintAt(at));
        await actOnCase(w.ctx, c.caseId, { type: 'categorise', category: 'billing' }, 'system');
      }
      // One in October: the month before, beside November's figures.
      w.clock.set('2026-10-14T09:00:00.000Z');
      await openCase(w.ctx, complaintAt('2026-10-14T09:00:00.000Z'));
    });
    after(async () => {
      await sink?.stop();
      await w?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('sends nothing while it is off, even on the first working day', async () => {
      w.clock.set('2026-12-01T07:00:00.000Z');
      assert.equal(await sendMonthlyReport(w.ctx), null);
    });

    it('is switched on by an administrator, audited', async () => {
      const { changed } = await updateSettings(
        w.ctx,
        w.config,
        { monthlyReport: { enabled: true, recipients: RECIPIENTS } },
        { actor: 'user:admin', label: 'admin@example.org', address: null },
      );
      assert.deepEqual(changed, ['monthlyReport']);
      assert.equal(w.ctx.config.monthlyReport.enabled, true);
      const audit = await w.ctx.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'config_changed')
        .execute();
      assert.ok(audit.some((a) => JSON.stringify(a).includes('monthlyReport')));
    });

    it('is not due on a day that is not the first working day of the month', async () => {
      w.clock.set('2026-11-30T10:00:00.000Z');
      assert.equal(await sendMonthlyReport(w.ctx), null);
      w.clock.set('2026-12-02T10:00:00.000Z');
      assert.equal(await sendMonthlyReport(w.ctx), null);
    });

    it('sends one report per month on its first working day, even when two instances check at once', async () => {
      // Tuesday 1 December 2026, 08:00 in Berlin.
      w.clock.set('2026-12-01T07:00:00.000Z');
      const both = await Promise.all([sendMonthlyReport(w.ctx), sendMonthlyReport(w.ctx)]);
      const sent = both.filter((x) => x !== null);
      assert.equal(sent.length, 1);
      assert.deepEqual(sent[0], { month: '2026-11', recipients: RECIPIENTS });
      assert.equal(await sendMonthlyReport(w.ctx), null);
      const report = await sendDueMail(w.ctx, w.transport(sink.port));
      assert.equal(report.sent, RECIPIENTS.length);
      assert.equal(sink.received.length, RECIPIENTS.length);
      assert.deepEqual(sink.received.map((r) => r.envelopeTo).sort(), RECIPIENTS.map((r) => [r]).sort());
    });

    it('attaches a PDF whose text (pdftotext) holds the figures of the month, in the organisation language', async () => {
      const figures = await reportCases(w.ctx, { from: '2026-11-01', to: '2026-11-30' });
      assert.equal(figures.complaints.received, 3);
      for (const r of sink.received) {
        assert.equal(r.mail.subject, 'Beschwerdebericht November 2026');
        const pdf = r.mail.attachments.find((a) => a.mimeType === 'application/pdf');
        assert.ok(pdf, 'a PDF attachment');
        assert.equal(pdf.filename, 'complaints-report-2026-11.pdf');
        const file = join(dir, `${r.envelopeTo[0]}.pdf`);
        writeFileSync(file, Buffer.from(pdf.content as ArrayBuffer));
        const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
        assert.match(text, /Beschwerdebericht, November 2026/);
        assert.match(text, /Beschwerden, eingegangen vom 1\. November 2026 bis 30\. November 2026/);
        // Received: 3 this month, 1 the month before.
        assert.match(text, /Eingegangen\s+3\s+1/);
        assert.match(text, /Beschwerden nach Kategorie/);
        // The catalogue's label, as on the reports page and in the CSV.
        assert.match(text, /Rechnung und Zahlung\s+3/);
      }
    });
  });
