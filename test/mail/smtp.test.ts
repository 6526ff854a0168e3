// A real SMTP exchange (issue 4): nodemailer sends to the listener; the case exists, the original is stored
// byte for byte, a resend creates nothing new, an unknown recipient gets 550, an oversized message 552, and a
// storage failure 451 (the sender keeps the message and retries).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Transporter } from 'nodemailer';
import { ENGINES } from '../support/databases.ts';
import { smtpClient } from '../support/smtp-client.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';

for (const engine of ENGINES) {
  describe(`SMTP listener (${engine})`, () => {
    let h: Harness;
    let transport: Transporter;
    before(async () => {
      h = await startHarness(engine, { smtp: true, overrides: { 'smtp.maxMessageBytes': 64 * 1024 } });
      transport = smtpClient(h.smtp!.port);
    });
    after(async () => {
      transport.close();
      await h.close();
    });

    const send = (raw: Buffer, to = 'complaint@example.org') =>
      transport.sendMail({ envelope: { from: 'marie.dupont@example.net', to: [to] }, raw });

    it('stores the message byte for byte and opens the case before answering 250', async () => {
      const raw = rawMessage();
      const info = await send(raw);
      assert.match(String(info.response), /^250 .*stored as [0-9a-f-]{36}/);
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .innerJoin('originals', 'originals.sha256', 'correspondence.original_sha256')
        .innerJoin('cases', 'cases.id', 'correspondence.case_id')
        .select(['originals.content', 'cases.reference', 'cases.kind', 'cases.step', 'correspondence.door'])
        .where('correspondence.message_id', '=', messageIdOf(raw))
        .executeTakeFirstOrThrow();
      assert.ok(Buffer.from(row.content).equals(raw), 'the stored original is byte-identical');
      assert.match(row.reference, /^RC-\d{4}-\d{6}$/);
      assert.equal(row.kind, 'complaint');
      assert.equal(row.step, 1);
      assert.equal(row.door, 'smtp');
    });

    it('creates nothing new when the same message is sent again', async () => {
      const raw = rawMessage();
      await send(raw);
      const before = await h.counts();
      const info = await send(raw);
      assert.match(String(info.response), /^250 .*already stored/);
      assert.deepEqual(await h.counts(), before);
    });

    it('refuses a recipient that is not one of the mailboxes with 550', async () => {
      const before = await h.counts();
      await assert.rejects(
        send(rawMessage(), 'someone-else@example.org'),
        (e: Error & { responseCode?: number }) => {
          assert.equal(e.responseCode, 550);
          return true;
        },
      );
      assert.deepEqual(await h.counts(), before);
    });

    it('refuses a message over the size limit with 552', async () => {
      const before = await h.counts();
      const big = rawMessage({ body: 'x'.repeat(100 * 1024) });
      await assert.rejects(send(big), (e: Error & { responseCode?: number }) => {
        assert.equal(e.responseCode, 552);
        return true;
      });
      assert.deepEqual(await h.counts(), before);
    });

    it('files a message to the suggestions address as a suggestion', async () => {
      const raw = rawMessage({ to: 'info@example.org', subject: 'Une idée pour votre interface' });
      await send(raw, 'info@example.org');
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .innerJoin('cases', 'cases.id', 'correspondence.case_id')
        .select(['cases.reference', 'cases.kind'])
        .where('correspondence.message_id', '=', messageIdOf(raw))
        .executeTakeFirstOrThrow();
      assert.equal(row.kind, 'suggestion');
      assert.match(row.reference, /^SG-/);
    });
  });
}

describe('SMTP listener on a failing database', () => {
  it('answers 451 when the message cannot be stored, and 250 once it can', async () => {
    const h = await startHarness('sqlite', { smtp: true });
    const transport = smtpClient(h.smtp!.port);
    try {
      // Break storage: the table the originals go to disappears for a moment.
      await h.test.database.db.schema.alterTable('originals').renameTo('originals_away').execute();
      const raw = rawMessage();
      await assert.rejects(
        transport.sendMail({ envelope: { from: 'a@example.net', to: ['complaint@example.org'] }, raw }),
        (e: Error & { responseCode?: number }) => {
          assert.equal(e.responseCode, 451);
          return true;
        },
      );
      const stored = await h.test.database.db.selectFrom('correspondence').select('id').execute();
      assert.equal(stored.length, 0, 'nothing half-stored');
      await h.test.database.db.schema.alterTable('originals_away').renameTo('originals').execute();
      const info = await transport.sendMail({
        envelope: { from: 'a@example.net', to: ['complaint@example.org'] },
        raw,
      });
      assert.match(String(info.response), /^250 /);
      assert.equal((await h.counts()).correspondence, 1);
      const ack = await h.test.database.db
        .selectFrom('correspondence')
        .select('id')
        .where('direction', '=', 'out')
        .execute();
      assert.equal(ack.length, 1, 'the acknowledgement is queued in the same transaction');
    } finally {
      transport.close();
      await h.close();
    }
  });
});
