// A bounce says the complainant cannot be reached when it is for the address on file, however that address's
// domain is written: mail sent to `x@xn--mnchen-3ya.de` bouncing says `x@münchen.de` on file is unreachable (the
// same mailbox). On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { recordBounce } from '../../src/app/record-bounce.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, startSmtpSink, startWorld, type World } from './support.ts';

for (const engine of ENGINES) {
  describe(`a bounce for the address on file in its other form (${engine})`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(engine, '2026-11-20T10:00:00.000Z');
    });
    after(() => world.close());

    it('marks the complainant unreachable', async () => {
      const sink = await startSmtpSink();
      try {
        const opened = await mailIn(world, {
          from: 'gone@xn--mnchen-3ya.de',
          name: 'Dominique Gone',
          language: 'fr',
          subject: 'Réclamation',
          messageId: '<gone@xn--mnchen-3ya.de>',
        });
        await sendDueMail(world.ctx, world.transport(sink.port));
        const sent = sink.received.at(-1)!;
        // Staff write the address on file with its domain in Unicode: the same mailbox.
        await actOnComplainant(
          world.ctx,
          opened.complainantId,
          { type: 'change_details', details: { email: 'gone@münchen.de' } },
          'user:agent',
        );
        const dsn = [
          'From: MAILER-DAEMON@mx.example.net',
          'To: complaint@example.org',
          'Subject: Undelivered Mail Returned to Sender',
          'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
          '',
          '--b',
          'Content-Type: text/plain',
          '',
          'I am sorry to tell you that your message could not be delivered.',
          '--b',
          'Content-Type: message/delivery-status',
          '',
          'Reporting-MTA: dns; mx.example.net',
          '',
          'Final-Recipient: rfc822; gone@xn--mnchen-3ya.de',
          'Action: failed',
          'Status: 5.1.1',
          'Diagnostic-Code: smtp; 550 5.1.1 <gone@xn--mnchen-3ya.de>: Recipient address rejected',
          '--b',
          'Content-Type: text/rfc822-headers',
          '',
          `Message-ID: ${sent.mail.messageId}`,
          `Subject: ${sent.mail.subject}`,
          '--b--',
          '',
        ].join('\r\n');
        const outcome = await recordBounce(world.ctx, { raw: dsn, correspondenceId: null });
        assert.equal(outcome.matched, true);
        const complainant = await world.ctx.database.db
          .selectFrom('complainants')
          .select(['unreachable', 'email'])
          .where('id', '=', opened.complainantId)
          .executeTakeFirstOrThrow();
        assert.equal(complainant.email, 'gone@münchen.de');
        assert.equal(complainant.unreachable, 1, 'the address on file bounced');
      } finally {
        await sink.stop();
      }
    });
  });
}
