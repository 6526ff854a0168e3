// The arrival of a message through the SMTP listener, on both engines: what the message claims (its trace, else
// its Date field) counts only within the week before Redress got it (src/core/intake/arrival.ts). A sender, or a
// relay with a wrong clock, must not put a complaint's clocks years ahead, where no promise would ever fall due,
// nor file it in another year's register.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Transporter } from 'nodemailer';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { ENGINES } from '../support/databases.ts';
import { smtpClient } from '../support/smtp-client.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';

const HOUR = 3_600_000;

/** An RFC 5322 date for an instant, as a mail server writes it. */
function mailDate(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

for (const engine of ENGINES) {
  describe(`the arrival of a message at the SMTP listener (${engine})`, () => {
    let h: Harness;
    let transport: Transporter;
    before(async () => {
      h = await startHarness(engine, { smtp: true });
      transport = smtpClient(h.smtp!.port);
    });
    after(async () => {
      transport.close();
      await h.close();
    });

    /** Sends a complaint and gives its case as filed, with the instants before and after the exchange. */
    async function file(spec: Parameters<typeof rawMessage>[0]) {
      const raw = rawMessage(spec);
      const t0 = Date.now();
      await transport.sendMail({
        envelope: { from: 'marie.dupont@example.net', to: ['complaint@example.org'] },
        raw,
      });
      const t1 = Date.now();
      const row = await h.test.database.db
        .selectFrom('correspondence')
        .innerJoin('cases', 'cases.id', 'correspondence.case_id')
        .select(['cases.reference', 'cases.received_at', 'cases.acknowledge_by', 'cases.answer_by'])
        .where('correspondence.message_id', '=', messageIdOf(raw))
        .executeTakeFirstOrThrow();
      return { ...row, receivedMs: Date.parse(row.received_at), t0, t1 };
    }

    const thisYear = () => String(new Date().getUTCFullYear());

    for (const [what, spec] of [
      ['a Date field years ahead', { date: 'Mon, 1 Jan 2035 10:00:00 +0000' }],
      ['a Date field decades back', { date: 'Mon, 1 Jan 2001 10:00:00 +0000' }],
      [
        'a Received line a year ahead',
        { headers: { Received: `from relay by mx; ${mailDate(Date.now() + 365 * 24 * HOUR)}` } },
      ],
      [
        'a Received line two weeks back',
        { headers: { Received: `from relay by mx; ${mailDate(Date.now() - 14 * 24 * HOUR)}` } },
      ],
    ] as const)
      it(`${what}: received when the listener got it, in this year's numbering, due a day later`, async () => {
        const c = await file(spec);
        // A second either side: the stored instant has milliseconds, the exchange is timed around it.
        assert.ok(c.receivedMs >= c.t0 - 1000 && c.receivedMs <= c.t1 + 1000, `received at ${c.received_at}`);
        assert.match(c.reference, new RegExp(`^RC-${thisYear()}-\\d{6}$`));
        assert.equal(Date.parse(c.acknowledge_by!), c.receivedMs + 24 * HOUR);
        assert.ok(Date.parse(c.answer_by!) < c.t1 + 30 * 24 * HOUR, `answer due ${c.answer_by}`);
      });

    it("at the pipe and IMAP doors the top line is the organisation's own server's: believed weeks back, never ahead", async () => {
      const mailbox = h.ctx.config.mailboxes.find((m) => m.role === 'complaints')!;
      const weeksBack = Math.floor((Date.now() - 21 * 24 * HOUR) / 1000) * 1000;
      for (const door of ['pipe', 'imap'] as const) {
        const back = rawMessage({ headers: { Received: `from mx by mailbox; ${mailDate(weeksBack)}` } });
        const ahead = rawMessage({
          headers: { Received: `from mx by mailbox; ${mailDate(Date.now() + 365 * 24 * HOUR)}` },
        });
        const t0 = Date.now();
        const filed = [];
        for (const raw of [back, ahead]) {
          await receiveEmail(h.ctx, { raw, mailbox, door });
          filed.push(
            await h.test.database.db
              .selectFrom('correspondence')
              .innerJoin('cases', 'cases.id', 'correspondence.case_id')
              .select(['cases.received_at'])
              .where('correspondence.message_id', '=', messageIdOf(raw))
              .executeTakeFirstOrThrow(),
          );
        }
        assert.equal(Date.parse(filed[0]!.received_at), weeksBack, `${door}: weeks back`);
        const aheadMs = Date.parse(filed[1]!.received_at);
        assert.ok(aheadMs >= t0 - 1000 && aheadMs <= Date.now() + 1000, `${door}: ${filed[1]!.received_at}`);
      }
    });

    it('a Received line an hour back is believed: the relay held the message that long', async () => {
      const at = Math.floor((Date.now() - HOUR) / 1000) * 1000;
      const c = await file({ headers: { Received: `from relay by mx; ${mailDate(at)}` } });
      assert.equal(c.receivedMs, at);
      assert.equal(Date.parse(c.acknowledge_by!), at + 24 * HOUR);
    });
  });
}
