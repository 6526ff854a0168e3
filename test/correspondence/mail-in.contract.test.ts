// End to end through the mail doors: a complaint mailed in over SMTP is filed and acknowledged in the same
// transaction, and the acknowledgement goes out over SMTP in the complainant's language, in the thread, with the
// reference and the answer-by date of the calendar; a delivery-failure report for it, mailed back in, marks the
// complainant unreachable by e-mail. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { smtpTransport } from '../../src/adapters/mail/smtp-transport.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { computeDeadlines } from '../../src/core/calendar/business-calendar.ts';
import { formatDate } from '../../src/core/correspondence/compose.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { ENGINES } from '../support/databases.ts';
import { smtpClient } from '../support/smtp-client.ts';
import { type SmtpSink, startSmtpSink } from './support.ts';

const complaint = (messageId: string) =>
  [
    'From: Jürgen Weiß <juergen.weiss@example.net>',
    'To: complaint@example.org',
    'Subject: Beschwerdeweiterleitung - Stufe 1',
    'Date: Thu, 19 Nov 2026 10:00:00 +0100',
    `Message-ID: ${messageId}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Sehr geehrte Damen und Herren,',
    '',
    'seit Montag ist meine Domain weiss-beispiel.de nicht mehr erreichbar, obwohl die Rechnung bezahlt ist.',
    'Ticket-Nr.: 482913',
    '',
    'Ich erwarte, dass die Domain sofort wieder erreichbar ist und mir der Ausfall gutgeschrieben wird.',
    '',
    'Mit freundlichen Grüßen',
    'Jürgen Weiß',
    '',
  ].join('\r\n');

for (const engine of ENGINES)
  describe(`mailed in, acknowledged out, on ${engine}`, () => {
    let harness: Harness;
    let sink: SmtpSink;
    const clock = fixedClock('2026-11-19T09:00:05.000Z');
    before(async () => {
      harness = await startHarness(engine, { smtp: true, clock, overrides: { holidays: 'DE-BW' } });
      sink = await startSmtpSink();
    });
    after(async () => {
      await sink.stop();
      await harness.close();
    });

    it('acknowledges a complaint received over SMTP, in German, in the thread, with the answer-by date', async () => {
      const client = smtpClient(harness.smtp!.port);
      try {
        await client.sendMail({
          envelope: { from: 'juergen.weiss@example.net', to: ['complaint@example.org'] },
          raw: complaint('<beschwerde-1@example.net>'),
        });
      } finally {
        client.close();
      }
      const transport = smtpTransport({
        host: '127.0.0.1',
        port: sink.port,
        secure: false,
        requireTls: false,
      });
      try {
        assert.deepEqual(await sendDueMail(harness.ctx, transport), { sent: 1, retried: 0, failed: 0 });
      } finally {
        transport.close();
      }
      const ack = sink.received.at(-1)!;
      const row = await harness.ctx.database.db
        .selectFrom('cases')
        .select(['id', 'reference', 'received_at', 'answer_by_date', 'acknowledged_at', 'language'])
        .executeTakeFirstOrThrow();
      assert.equal(row.language, 'de');
      assert.ok(row.acknowledged_at);
      const expected = computeDeadlines(harness.ctx.calendar, row.received_at, harness.ctx.policy);
      assert.equal(row.answer_by_date, expected.answerByDate);
      assert.deepEqual(ack.envelopeTo, ['juergen.weiss@example.net']);
      assert.equal(ack.mail.subject, `[${row.reference}] Ihre Beschwerde ist bei uns eingegangen`);
      assert.equal(ack.mail.inReplyTo, '<beschwerde-1@example.net>');
      assert.match(ack.mail.references ?? '', /<beschwerde-1@example\.net>/);
      assert.equal(ack.header('auto-submitted'), 'auto-replied');
      const text = ack.mail.text ?? '';
      assert.match(text, /^Guten Tag Jürgen Weiß,/);
      assert.ok(text.includes(`Ihr Aktenzeichen: ${row.reference}`));
      assert.ok(
        text.includes(`spätestens am ${formatDate(expected.answerByDate, 'de', 'Europe/Berlin')}`),
        text,
      );
    });

    it('marks the complainant unreachable when a delivery report for our acknowledgement comes back', async () => {
      const ack = sink.received.at(-1)!;
      const dsn = [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example.net>',
        'To: complaint@example.org',
        'Subject: Undelivered Mail Returned to Sender',
        'Date: Thu, 19 Nov 2026 10:05:00 +0100',
        'Message-ID: <dsn-1@mx.example.net>',
        'Auto-Submitted: auto-replied',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain; charset=us-ascii',
        '',
        'Your message could not be delivered to one or more recipients.',
        '',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example.net',
        '',
        'Final-Recipient: rfc822; juergen.weiss@example.net',
        'Action: failed',
        'Status: 5.1.1',
        'Diagnostic-Code: smtp; 550 5.1.1 User unknown',
        '',
        '--b1',
        'Content-Type: text/rfc822-headers',
        '',
        `Message-ID: ${ack.mail.messageId}`,
        'To: juergen.weiss@example.net',
        '',
        '--b1--',
        '',
      ].join('\r\n');
      const client = smtpClient(harness.smtp!.port);
      try {
        await client.sendMail({ envelope: { from: '', to: ['complaint@example.org'] }, raw: dsn });
      } finally {
        client.close();
      }
      const complainant = await harness.ctx.database.db
        .selectFrom('complainants')
        .select('unreachable')
        .where('email', '=', 'juergen.weiss@example.net')
        .executeTakeFirstOrThrow();
      assert.equal(complainant.unreachable, 1);
      const out = await harness.ctx.database.db
        .selectFrom('correspondence')
        .select(['status', 'status_detail'])
        .where('message_id', '=', ack.mail.messageId!)
        .where('direction', '=', 'out')
        .executeTakeFirstOrThrow();
      assert.equal(out.status, 'failed');
      assert.match(out.status_detail ?? '', /5\.1\.1/);
    });
  });
