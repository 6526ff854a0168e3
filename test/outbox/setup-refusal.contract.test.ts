// Our own sending refused (the relay's password wrong in our configuration): the outbox holds the mail rather than
// failing it. Before, a 535 to AUTH failed every acknowledgement for good, and after the operator fixed the
// password they stayed failed: the 24-hour promise broken silently for every complainant written to meanwhile.
// Against a real SMTP server (smtp-server) that requires a login, answers 535 to it, and is then switched to
// accept: the e-mails stay pending on the back-off (never failed, no complainant marked unreachable), staff are
// alerted once, mail queued meanwhile joins the hold, and after the switch each goes out once, oldest first, with
// its Message-ID. "Hours" pass on the app's clock, which the test moves. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { insertOutbound } from '../../src/adapters/db/outbox.repo.ts';
import { smtpTransport } from '../../src/adapters/mail/smtp-transport.ts';
import { createMetrics } from '../../src/adapters/metrics/metrics.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { OutboxWatch, outboxHealth } from '../../src/app/watch-outbox.ts';
import { mailIn, startSmtpSink, startWorld } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';

/** An SMTP server that requires a login and refuses it with 535 while `refusing` is set; keeps what it accepts. */
async function startLoginServer() {
  const state = { refusing: true, logins: 0, received: [] as string[] };
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    onAuth(_auth, _session, callback) {
      state.logins++;
      if (state.refusing)
        return callback(
          Object.assign(new Error('5.7.8 Error: authentication failed: authentication failure'), {
            responseCode: 535,
          }),
        );
      callback(null, { user: 'redress' });
    },
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        head += c.toString('latin1');
      });
      stream.on('end', () => {
        state.received.push(/^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '');
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    state,
    port: (server.server.address() as AddressInfo).port,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Our relay settings with a password the server refuses (535): our own set-up's fault, not the recipient's. */
function wrongPasswordTransport(port: number) {
  return smtpTransport({
    host: '127.0.0.1',
    port,
    secure: false,
    requireTls: false,
    user: 'redress',
    password: 'a-wrong-password',
  });
}

/** Complaint number `i` of a series, by mail from its own sender, with its own Message-ID. */
function complaintFrom(world: Parameters<typeof mailIn>[0], sender: string, name: string, i: number) {
  return mailIn(world, {
    from: `${sender}-${i}@example.net`,
    name: `${name} ${i}`,
    language: 'en',
    subject: 'Complaint - Step 1',
    messageId: `<${sender}-${i}@example.net>`,
  });
}

for (const engine of ENGINES)
  describe(`the relay refusing our login (${engine})`, () => {
    it('holds the mail, alerts staff once, and sends each e-mail once, oldest first, when the relay accepts', async () => {
      // One message at a time, so that the order in which the server receives them is the outbox's order.
      const world = await startWorld(engine, '2026-12-07T08:00:00Z', {
        'outbound.alertAfterMinutes': 90,
        'outbound.concurrency': 1,
        'outbound.maxAttempts': 3,
      });
      const smtp = await startLoginServer();
      const transport = wrongPasswordTransport(smtp.port);
      try {
        const { ctx, clock } = world;
        const db = world.test.database.db;
        const complain = (i: number) => complaintFrom(world, 'held', 'Held', i);
        const opened = [await complain(1), await complain(2)];
        const said: Array<{ level: string; msg: string }> = [];
        const watch = new OutboxWatch(ctx, {
          error: (_o, msg) => said.push({ level: 'error', msg }),
          info: (_o, msg) => said.push({ level: 'info', msg }),
        });
        const items = () =>
          db
            .selectFrom('correspondence')
            .select(['id', 'message_id', 'status', 'status_detail', 'next_attempt_at', 'created_at'])
            .where('direction', '=', 'out')
            .orderBy('created_at')
            .orderBy('id')
            .execute();
        const nextDue = async () =>
          (await items())
            .map((r) => r.next_attempt_at!)
            .sort()
            .at(0)!;

        // A day and more of refusals, each run when the next e-mail is due; more attempts than maxAttempts.
        let runs = 0;
        const start = Date.parse(clock.now());
        while (Date.parse(clock.now()) - start < 26 * 3_600_000) {
          const report = await sendDueMail(ctx, transport);
          assert.equal(report.sent, 0);
          assert.equal(report.failed, 0, `nothing fails (run ${runs + 1})`);
          runs++;
          for (const r of await items()) {
            assert.equal(r.status, 'pending');
            assert.match(r.status_detail ?? '', /^held until the outbound mail settings are fixed .*535/);
          }
          await watch.check();
          // A complaint comes in meanwhile: its acknowledgement joins the hold, behind the two older ones.
          if (runs === 3) opened.push(await complain(3));
          const due = await nextDue();
          if (due > clock.now()) clock.set(due);
        }
        assert.ok(runs > 3, `attempts went on past the limit of attempts (${runs} runs)`);
        assert.equal(smtp.state.received.length, 0);
        assert.ok(smtp.state.logins >= runs, 'each run tried to log in and was refused');
        const alerts = said.filter((s) => s.level === 'error');
        assert.equal(alerts.length, 1, JSON.stringify(said));
        assert.match(alerts[0]!.msg, /refuses our own sending/);
        assert.match(alerts[0]!.msg, /535 5\.7\.8/, 'the server’s answer is in the alert');
        const health = await outboxHealth(ctx);
        assert.equal(health.held, 3);
        // /metrics: the held mail, and the acknowledgements late (past their 24 hours), not counted as sent.
        const figures = async () => {
          const body = (await createMetrics(ctx).expose()).body;
          return (series: string) =>
            Number(
              body
                .split('\n')
                .find((l) => l.startsWith(`${series} `))
                ?.slice(series.length + 1),
            );
        };
        const held = await figures();
        assert.equal(held('redress_outbox_held'), 3);
        assert.equal(held('redress_outbox_backlog'), 3);
        assert.equal(held('redress_deadlines_late{deadline="acknowledge"}'), 3);
        assert.equal(held('redress_deadlines_due{deadline="acknowledge"}'), 0);
        for (const o of opened) {
          const c = await db
            .selectFrom('complainants')
            .select('unreachable')
            .where('id', '=', o.complainantId)
            .executeTakeFirstOrThrow();
          assert.equal(Number(c.unreachable), 0, 'no complainant is marked unreachable');
        }

        // The operator fixes the password: at the next attempt every held e-mail goes out once, oldest first.
        smtp.state.refusing = false;
        clock.set(await nextDue());
        assert.deepEqual(await sendDueMail(ctx, transport), { sent: 3, retried: 0, failed: 0 });
        assert.equal(await watch.check(), 'recovered');
        for (let day = 0; day < 2; day++) {
          clock.advance(24 * 3_600_000);
          assert.deepEqual(await sendDueMail(ctx, transport), { sent: 0, retried: 0, failed: 0 });
          assert.equal(await watch.check(), null);
        }
        const rows = await items();
        assert.deepEqual(
          rows.map((r) => r.status),
          ['sent', 'sent', 'sent'],
        );
        assert.deepEqual(
          smtp.state.received,
          rows.map((r) => r.message_id),
          'each Message-ID received once, oldest first',
        );
        assert.equal(said.filter((s) => s.level === 'error').length, 1, 'alerted once in all');
        const sent = await figures();
        assert.equal(sent('redress_outbox_held'), 0);
        assert.equal(sent('redress_deadlines_late{deadline="acknowledge"}'), 0);
      } finally {
        transport.close();
        await smtp.stop();
        await world.close();
      }
    });

    it('sends the held mail at once, oldest first, when a message goes through before its next attempt', async () => {
      const world = await startWorld(engine, '2026-12-07T08:00:00Z', { 'outbound.concurrency': 1 });
      const smtp = await startLoginServer();
      const transport = wrongPasswordTransport(smtp.port);
      try {
        const { ctx, clock } = world;
        const db = world.test.database.db;
        const complain = (i: number) => complaintFrom(world, 'early', 'Early', i);
        await complain(1);
        await complain(2);
        // Refused for a while: the hold's next attempt is now half an hour away.
        for (let run = 0; run < 7; run++) {
          assert.equal((await sendDueMail(ctx, transport)).failed, 0);
          const next = await db
            .selectFrom('correspondence')
            .select((eb) => eb.fn.min('next_attempt_at').as('at'))
            .where('direction', '=', 'out')
            .executeTakeFirstOrThrow();
          clock.set(next.at as string);
        }
        clock.advance(-60_000);
        // The operator fixes the password; a new complaint's acknowledgement goes out at once, and with it the
        // held ones, without waiting for their next attempt.
        smtp.state.refusing = false;
        await complain(3);
        assert.deepEqual(await sendDueMail(ctx, transport), { sent: 3, retried: 0, failed: 0 });
        const rows = await db
          .selectFrom('correspondence')
          .select(['message_id', 'status'])
          .where('direction', '=', 'out')
          .orderBy('created_at')
          .orderBy('id')
          .execute();
        assert.deepEqual(
          rows.map((r) => r.status),
          ['sent', 'sent', 'sent'],
        );
        // The new one first (it showed the relay accepts again), then the held ones, oldest first; each once.
        assert.deepEqual(smtp.state.received, [
          rows[2]!.message_id,
          rows[0]!.message_id,
          rows[1]!.message_id,
        ]);
      } finally {
        transport.close();
        await smtp.stop();
        await world.close();
      }
    });

    it('holds an e-mail whose attachment is missing from our own store, rather than failing it', async () => {
      const world = await startWorld(engine, '2026-12-07T08:00:00Z', { 'outbound.maxAttempts': 2 });
      const sink = await startSmtpSink();
      try {
        const { ctx, clock } = world;
        const db = world.test.database.db;
        await world.test.database.transaction((trx) =>
          insertOutbound(trx, {
            id: 'with-attachment',
            caseId: null,
            channel: 'email',
            purpose: 'staff_digest',
            audience: 'staff',
            messageId: '<with-attachment@example.org>',
            inReplyTo: null,
            references: [],
            fromAddress: 'complaint@example.org',
            fromName: 'Example',
            toAddress: 'lead@example.org',
            subject: 'Report',
            text: 'The report is attached.',
            language: 'en',
            autoSubmitted: 'auto-generated',
            attachments: [{ sha256: 'f'.repeat(64), filename: 'report.pdf', contentType: 'application/pdf' }],
            postalAddress: null,
            originalSha256: null,
            templateVersion: null,
            status: 'pending',
            at: clock.now(),
            createdBy: 'system',
          }),
        );
        const transport = world.transport(sink.port);
        for (let run = 1; run <= 4; run++) {
          assert.deepEqual(
            await sendDueMail(ctx, transport),
            { sent: 0, retried: 1, failed: 0 },
            `run ${run}`,
          );
          const row = await db
            .selectFrom('correspondence')
            .select(['status', 'status_detail', 'next_attempt_at'])
            .where('id', '=', 'with-attachment')
            .executeTakeFirstOrThrow();
          assert.equal(row.status, 'pending');
          assert.match(row.status_detail ?? '', /^held until .*report\.pdf is missing/);
          clock.set(row.next_attempt_at!);
        }
        assert.equal(sink.received.length, 0);
        assert.equal((await outboxHealth(ctx)).held, 1);
      } finally {
        await sink.stop();
        await world.close();
      }
    });
  });
