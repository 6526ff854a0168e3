// Whom automatic mail may go to, through the real SMTP door, on SQLite and PostgreSQL (DESIGN.md "Outbound
// mail"): a message with the null envelope sender (`MAIL FROM:<>`) is automated mail, never answered, even when
// it has no Return-Path (the hop to Redress adds none) and reads like a complaint.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';
import { smtpSend } from './support/smtp-client.ts';

const STEP1 = 'Transmission de réclamation - Etape 1';

for (const engine of ENGINES) {
  describe(`whom automatic mail goes to, through the SMTP door (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { smtp: true });
    });
    after(() => h.close());

    const send = (raw: Buffer, mailFrom: string) =>
      smtpSend(h.smtp!.port, mailFrom, 'complaint@example.org', raw);
    /** The inbound row of a message, and the outbound mail about it (to whom). */
    const outcome = async (messageId: string) => {
      const db = h.test.database.db;
      const row = await db
        .selectFrom('correspondence')
        .leftJoin('inbox_items', 'inbox_items.correspondence_id', 'correspondence.id')
        .select(['correspondence.case_id', 'inbox_items.reason'])
        .where('correspondence.message_id', '=', messageId)
        .where('correspondence.direction', '=', 'in')
        .executeTakeFirstOrThrow();
      const out = await db
        .selectFrom('correspondence')
        .select('to_address')
        .where('direction', '=', 'out')
        .where('in_reply_to', '=', messageId)
        .execute();
      return { caseId: row.case_id, inbox: row.reason, to: out.map((o) => o.to_address) };
    };

    it('files a complaint sent with the null envelope sender as automated mail, and answers nothing', async () => {
      const raw = rawMessage({
        from: 'Marie Martin <ns01@client.example>',
        subject: STEP1,
        messageId: '<ns01@client.example>',
      });
      assert.match(await send(raw, ''), /^250 /);
      const o = await outcome('<ns01@client.example>');
      assert.deepEqual(o.to, [], 'no automatic mail to anyone');
      assert.equal(o.caseId, null, 'no case opened by automated mail');
      assert.ok(
        o.inbox === 'automated' || o.inbox === 'bounce',
        `waiting in the inbox for a person: ${o.inbox}`,
      );
    });

    it('does the same for a mail system as envelope sender, and answers a person as before', async () => {
      const daemon = rawMessage({ subject: STEP1, messageId: '<ns02@client.example>' });
      assert.match(await send(daemon, 'MAILER-DAEMON@mx.client.example'), /^250 /);
      assert.deepEqual((await outcome('<ns02@client.example>')).to, []);

      const person = rawMessage({
        from: 'Marie Martin <ns03@client.example>',
        subject: STEP1,
        messageId: '<ns03@client.example>',
      });
      assert.match(await send(person, 'ns03@client.example'), /^250 /);
      const o = await outcome('<ns03@client.example>');
      assert.ok(o.caseId, 'a case');
      assert.deepEqual(o.to, ['ns03@client.example'], 'acknowledged to the From: address');
    });
  });
}
