// Mail that comes from one of Redress's own addresses (a mailbox it receives at, or the address it sends from)
// is never acknowledged to that address: the acknowledgement would be Redress writing to itself, and a case
// registered for its own mailbox would send every later text there too. Through the real SMTP exchange, on
// SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';
import { smtpSend } from './support/smtp-client.ts';

for (const engine of ENGINES) {
  describe(`mail from Redress's own addresses (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, {
        smtp: true,
        clock: fixedClock('2026-11-23T12:00:00.000Z'),
        overrides: { 'outbound.from': 'noreply-redress@example.org' },
      });
    });
    after(() => h.close());

    const outboundTo = async () =>
      (
        await h.test.database.db
          .selectFrom('correspondence')
          .select('to_address')
          .where('direction', '=', 'out')
          .execute()
      ).map((r) => r.to_address);

    for (const from of [
      'Service réclamations <complaint@example.org>',
      'INFO@Example.org',
      '"Management" <management@example.org>',
      'Redress <noreply-redress@example.org>',
    ])
      it(`does not acknowledge mail from ${from} to that address, nor register it as a complainant`, async () => {
        const raw = rawMessage({ from });
        const reply = await smtpSend(h.smtp!.port, 'complaint@example.org', 'complaint@example.org', raw);
        assert.match(reply, /^250 /);
        const row = await h.test.database.db
          .selectFrom('correspondence')
          .select(['case_id', 'inbox_item_id', 'auto_reply'])
          .where('message_id', '=', messageIdOf(raw))
          .executeTakeFirstOrThrow();
        assert.notEqual(row.auto_reply, 'allowed');
        const address = from.replace(/^.*</, '').replace(/>$/, '').toLowerCase();
        assert.ok(!(await outboundTo()).includes(address), `nothing was written to ${address}`);
        if (row.case_id) assert.equal(await h.complainantOf(row.case_id), null);
      });

    it('still acknowledges a colleague of the same domain who is not one of its addresses', async () => {
      const raw = rawMessage({ from: 'Paul Martin <paul.martin@example.org>' });
      assert.match(
        await smtpSend(h.smtp!.port, 'paul.martin@example.org', 'complaint@example.org', raw),
        /^250 /,
      );
      assert.ok((await outboundTo()).includes('paul.martin@example.org'));
    });
  });
}
