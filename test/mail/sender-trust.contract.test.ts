// Whom automatic mail may go to, through the real SMTP door, on SQLite and PostgreSQL (DESIGN.md "Outbound
// mail"): a message with the null envelope sender (`MAIL FROM:<>`) is automated mail, never answered, even when
// it has no Return-Path (the hop to Redress adds none) and reads like a complaint; a colleague's forward is
// answered only to the original sender of the forwarded message when that is one address of a person (not a
// list in its From: line, not a mail system).
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

    /** A colleague's inline forward of a message whose From: line is `originalFrom`. */
    const forward = (id: string, originalFrom: string) =>
      rawMessage({
        from: 'Boss <boss@example.org>',
        subject: `Fwd: ${STEP1}`,
        messageId: `<${id}@example.org>`,
        body: [
          'FYI, see below.',
          '',
          '---------- Forwarded message ---------',
          `From: ${originalFrom}`,
          'Date: Mon, 14 Dec 2026 at 09:00',
          `Subject: ${STEP1}`,
          'To: <support@example.org>',
          '',
          'Mon site victim.fr est en panne. Je souhaite un remboursement.',
          'Victim Person',
        ].join('\n'),
      });

    it('answers the original sender of a colleague’s forward (the rule the cases below are checked against)', async () => {
      assert.match(
        await send(forward('f0', 'Client <client-f0@third.example>'), 'boss@example.org'),
        /^250 /,
      );
      const o = await outcome('<f0@example.org>');
      assert.ok(o.caseId);
      assert.deepEqual(o.to, ['client-f0@third.example']);
    });

    it('answers no one when the forwarded From: line is a list', async () => {
      const raw = forward('f3', 'a@x.example, Victim <victim-f3@third.example>');
      assert.match(await send(raw, 'boss@example.org'), /^250 /);
      assert.deepEqual((await outcome('<f3@example.org>')).to, []);
    });

    it('answers no one when the forwarded From: line names no address, whatever address the text gives', async () => {
      const raw = forward('f6', 'Victim Person');
      const withAddress = Buffer.from(
        raw
          .toString('utf8')
          .replace('Victim Person\r\n', 'Victim Person\r\nE-mail : victim-f6@third.example\r\n'),
      );
      assert.match(await send(withAddress, 'boss@example.org'), /^250 /);
      assert.deepEqual((await outcome('<f6@example.org>')).to, []);
    });

    it('answers no one when the forwarded message is from a mail system', async () => {
      const raw = forward('f4', 'MAILER-DAEMON <mailer-daemon@third.example>');
      assert.match(await send(raw, 'boss@example.org'), /^250 /);
      // Read as the colleague's own message: nothing goes outside the organisation.
      const o = await outcome('<f4@example.org>');
      assert.deepEqual(
        o.to.filter((a) => !a?.endsWith('@example.org')),
        [],
      );
    });

    it('answers no one when the forward comes with the null envelope sender', async () => {
      const raw = forward('f5', 'Victim <victim-f5@third.example>');
      assert.match(await send(raw, ''), /^250 /);
      assert.deepEqual((await outcome('<f5@example.org>')).to, []);
    });

    // Envelope senders that strict RFC 5321 syntax refuses but mail servers still send: two dots in a row (some
    // Japanese mobile carriers gave such addresses for years), a dot before the @ (devices' firmware), a quoted local
    // part. Refused, the relay in front of Redress would bounce the complaint back to its sender; the envelope
    // sender only tells whether a mail system sent the message, so it is taken as it comes.
    for (const [n, mailFrom] of [
      [1, 'taro..yamada@docomo.example'],
      [2, 'alerts.@device.example'],
      [3, '"j..doe"@client.example'],
    ] as const)
      it(`takes a complaint whose envelope sender is ${mailFrom}, and answers its From: address`, async () => {
        const messageId = `<lenient${n}@client.example>`;
        const raw = rawMessage({
          from: `Client ${n} <client${n}@client.example>`,
          subject: STEP1,
          messageId,
        });
        assert.match(await send(raw, mailFrom), /^250 /);
        const o = await outcome(messageId);
        assert.ok(o.caseId, 'a case is opened');
        assert.deepEqual(o.to, [`client${n}@client.example`]);
      });
  });
}
