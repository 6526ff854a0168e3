// The same complaint delivered through every door (P1.4): the SMTP listener, a real Dovecot mailbox polled over
// IMAP (its copy carries the trace fields of its delivery), and the pipe (LF line endings, as Postfix's pipe hands
// them over). It is stored once, acknowledged once, and counted once towards the limits on automatic mail,
// with or without a Message-ID, and with 8-bit text in it. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { ImapPoller } from '../../src/adapters/mail/imap-poller.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { ENGINES } from '../support/databases.ts';
import { until } from '../support/until.ts';
import { adminClient, DOVECOT_MISSING, type Dovecot, startDovecot, testImapBox } from './support/dovecot.ts';
import { type Harness, silentLogger, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';
import { smtpSend } from './support/smtp-client.ts';

for (const engine of ENGINES) {
  describe(`one complaint through every door (${engine})`, { skip: DOVECOT_MISSING }, () => {
    let dovecot: Dovecot;
    let h: Harness;
    let admin: ImapFlow;
    let poller: ImapPoller;

    before(async () => {
      dovecot = await startDovecot();
      h = await startHarness(engine, { smtp: true });
      admin = await adminClient(dovecot);
      poller = new ImapPoller({
        box: testImapBox(dovecot),
        mailbox: h.config.mailboxes[0]!,
        password: dovecot.password,
        logger: silentLogger,
        receive: (email) => h.intake.receive(email),
      });
      poller.start();
    });
    after(async () => {
      await poller?.stop();
      await admin?.logout().catch(() => {});
      await h?.close();
      await dovecot?.stop();
    });

    const rowsTo = async (address: string) =>
      (
        await h.test.database.db
          .selectFrom('correspondence')
          .select(['direction', 'door'])
          .where((eb) => eb.or([eb('from_address', '=', address), eb('to_address', '=', address)]))
          .execute()
      ).map((r) => `${r.direction}:${r.door ?? ''}`);

    for (const messageId of [undefined, null])
      it(`stores, acknowledges and counts it once (${messageId === null ? 'no Message-ID' : 'with a Message-ID'})`, async () => {
        const address = `anna.${messageId === null ? 'sans' : 'avec'}@client.example`;
        const raw = rawMessage({ from: `Anna Müller <${address}>`, messageId });
        const delivered = Buffer.concat([
          Buffer.from(
            `Return-Path: <${address}>\r\nDelivered-To: complaint@example.org\r\nReceived: from mx.example.org by imap.example.org; Mon, 23 Nov 2026 10:16:00 +0100\r\n`,
          ),
          raw,
        ]);
        const pipe = Buffer.from(raw.toString('latin1').replace(/\r\n/g, '\n'), 'latin1');
        const before = await h.counts();
        await admin.append('INBOX', delivered);
        const [smtp] = await Promise.all([
          smtpSend(h.smtp!.port, address, 'complaint@example.org', raw),
          receiveEmail(h.ctx, {
            raw: pipe,
            mailbox: h.config.mailboxes[0]!,
            door: 'pipe',
            envelopeSender: address,
          }),
        ]);
        assert.match(smtp, /^250 /);
        await until('the IMAP copy taken', async () => {
          const status = await admin.status('INBOX', { messages: true });
          return status !== false && status.messages === 0;
        });
        const after = await h.counts();
        assert.equal(after.correspondence, before.correspondence + 1, 'stored once');
        assert.equal(after.cases, before.cases + 1, 'one case');
        assert.deepEqual(
          (await rowsTo(address)).filter((r) => r.startsWith('out')),
          ['out:'],
          'one acknowledgement',
        );
        const counts = await h.test.database.db
          .selectFrom('auto_reply_counts')
          .select(['sender', 'count'])
          .where('sender', 'like', `%${address}%`)
          .execute();
        assert.ok(counts.length > 0, 'counted');
        for (const c of counts) assert.equal(Number(c.count), 1, `${c.sender} counted once`);
      });
  });
}
