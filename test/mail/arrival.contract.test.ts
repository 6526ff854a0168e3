// The arrival of a message through the SMTP listener, on both engines (src/core/intake/arrival.ts). Who handed the
// message to the listener decides what is believed of its dates:
// - a peer that is not one of the organisation's relays (`smtp.trustedRelays`) may have written every Received line
//   and the Date field itself: nothing it claims moves the arrival, the message counts as received when Redress got
//   it. Otherwise anyone who reaches the listener could open a case as received six days ago, already late;
// - the organisation's relay (its MTA) wrote the top-most Received line as it took the message: believed however
//   far back, never after now, as at the pipe and IMAP doors.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type SmtpListener, startSmtpListener } from '../../src/adapters/mail/smtp-listener.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { startSmtpThread } from '../../src/app/smtp-thread.ts';
import { ENGINES } from '../support/databases.ts';
import { smtpClient } from '../support/smtp-client.ts';
import { type Harness, silentLogger, startHarness } from './support/harness.ts';
import { messageIdOf, rawMessage } from './support/messages.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** An RFC 5322 date for an instant, as a mail server writes it. */
function mailDate(ms: number): string {
  return new Date(ms).toUTCString().replace('GMT', '+0000');
}

/** An instant in whole seconds (a mail date has no milliseconds). */
const wholeSeconds = (ms: number) => Math.floor(ms / 1000) * 1000;

for (const engine of ENGINES) {
  describe(`the arrival of a message at the SMTP listener (${engine})`, () => {
    let h: Harness;
    /** A listener on the main thread, and the SMTP thread of `redress start`, whose relay is this test's client. */
    let trusting: SmtpListener;
    let thread: SmtpListener;
    before(async () => {
      // The harness's listener trusts a relay on another machine only: this test's client (127.0.0.1) is not it.
      h = await startHarness(engine, {
        smtp: true,
        overrides: { 'smtp.trustedRelays': ['192.0.2.25'], 'smtp.port': 0 },
      });
      const trustingSmtp = { ...h.config.smtp, trustedRelays: ['127.0.0.1'] };
      trusting = await startSmtpListener({
        ...trustingSmtp,
        host: '127.0.0.1',
        port: 0,
        mailboxes: () => h.ctx.config.mailboxes,
        receive: (email) => h.intake.receive(email),
        logger: silentLogger,
      });
      // The thread is given the configuration in force: the organisation's relay on this machine (the default).
      h.ctx.refresh({ ...h.ctx.config, smtp: { ...h.ctx.config.smtp, trustedRelays: ['127.0.0.1', '::1'] } });
      thread = await startSmtpThread(h.ctx, h.intake, silentLogger);
    });
    after(async () => {
      await thread?.close();
      await trusting?.close();
      await h?.close();
    });

    /** Sends a complaint and gives its case as filed, with the instants before and after the exchange. */
    async function file(spec: Parameters<typeof rawMessage>[0], port = h.smtp!.port) {
      const raw = rawMessage(spec);
      const transport = smtpClient(port);
      const t0 = Date.now();
      try {
        await transport.sendMail({
          envelope: { from: 'marie.dupont@example.net', to: ['complaint@example.org'] },
          raw,
        });
      } finally {
        transport.close();
      }
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

    /** Received when the listener got it, in this year's numbering, acknowledgement due a day later. */
    function receivedOnArrival(c: Awaited<ReturnType<typeof file>>) {
      // A second either side: the stored instant has milliseconds, the exchange is timed around it.
      assert.ok(c.receivedMs >= c.t0 - 1000 && c.receivedMs <= c.t1 + 1000, `received at ${c.received_at}`);
      assert.match(c.reference, new RegExp(`^RC-${thisYear()}-\\d{6}$`));
      assert.equal(Date.parse(c.acknowledge_by!), c.receivedMs + 24 * HOUR);
      assert.ok(Date.parse(c.answer_by!) < c.t1 + 30 * DAY, `answer due ${c.answer_by}`);
    }

    for (const [what, spec] of [
      [
        'a Received line six days back',
        () => ({ headers: { Received: `from x by y; ${mailDate(Date.now() - 6 * DAY)}` } }),
      ],
      ['a Date field six days back', () => ({ date: mailDate(Date.now() - 6 * DAY) })],
      [
        'a Received line an hour back over a Date field six days back',
        () => ({
          date: mailDate(Date.now() - 6 * DAY),
          headers: { Received: `from x by y; ${mailDate(Date.now() - HOUR)}` },
        }),
      ],
      ['a Date field years ahead', () => ({ date: 'Mon, 1 Jan 2035 10:00:00 +0000' })],
      ['a Date field decades back', () => ({ date: 'Mon, 1 Jan 2001 10:00:00 +0000' })],
      [
        'a Received line a year ahead',
        () => ({ headers: { Received: `from relay by mx; ${mailDate(Date.now() + 365 * DAY)}` } }),
      ],
    ] as const)
      it(`from a peer that is not a trusted relay, ${what}: received when the listener got it`, async () => {
        receivedOnArrival(await file(spec()));
      });

    for (const [door, port] of [
      ['on the main thread', () => trusting.port],
      ['on the SMTP thread', () => thread.port],
    ] as const)
      it(`from the trusted relay (${door}), the top line is the relay's: believed weeks back, never ahead`, async () => {
        const weeksBack = wholeSeconds(Date.now() - 21 * DAY);
        const back = await file(
          { headers: { Received: `from client by mx; ${mailDate(weeksBack)}` } },
          port(),
        );
        assert.equal(back.receivedMs, weeksBack);
        assert.equal(Date.parse(back.acknowledge_by!), weeksBack + 24 * HOUR);
        receivedOnArrival(
          await file(
            { headers: { Received: `from client by mx; ${mailDate(Date.now() + 365 * DAY)}` } },
            port(),
          ),
        );
      });

    it('from the trusted relay, a top line an hour back is believed: the relay held the message that long', async () => {
      const at = wholeSeconds(Date.now() - HOUR);
      const c = await file({ headers: { Received: `from client by mx; ${mailDate(at)}` } }, trusting.port);
      assert.equal(c.receivedMs, at);
      assert.equal(Date.parse(c.acknowledge_by!), at + 24 * HOUR);
    });

    it("at the pipe and IMAP doors the top line is the organisation's own server's: believed weeks back, never ahead", async () => {
      const mailbox = h.ctx.config.mailboxes.find((m) => m.role === 'complaints')!;
      const weeksBack = wholeSeconds(Date.now() - 21 * DAY);
      for (const door of ['pipe', 'imap'] as const) {
        const back = rawMessage({ headers: { Received: `from mx by mailbox; ${mailDate(weeksBack)}` } });
        const ahead = rawMessage({
          headers: { Received: `from mx by mailbox; ${mailDate(Date.now() + 365 * DAY)}` },
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
  });
}
