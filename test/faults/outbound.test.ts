// The outbound SMTP server down or refusing for hours: the outbox retries each e-mail on the back-off schedule
// (30 s doubling up to hourly), staff are alerted once mail has waited longer than outbound.alertAfterMinutes
// (a log line at error level, again each hour while it lasts, and the administration page's figure), and when
// the server accepts again every e-mail goes out exactly once with its Message-ID. "Hours" pass on the app's
// clock, which the test moves, against a real SMTP server (smtp-server) that answers 451 and then 250.
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import { sendDueMail, startOutboxWorker } from '../../src/app/send-outbox.ts';
import { OutboxWatch, outboxHealth } from '../../src/app/watch-outbox.ts';
import { retryDelayMs } from '../../src/core/correspondence/outgoing-mail.ts';
import { mailIn, startWorld } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';
import { until } from './support.ts';

/** An SMTP server that refuses every recipient with 451 while `refusing` is set, and counts what it accepts. */
async function startMoodyServer() {
  const state = { refusing: true, refused: 0, received: new Map<string, number>() };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!state.refusing) return callback();
      state.refused++;
      callback(Object.assign(new Error('4.3.2 service busy, try again later'), { responseCode: 451 }));
    },
    onData(stream, _session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        head += c.toString('latin1');
      });
      stream.on('end', () => {
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '';
        state.received.set(id, (state.received.get(id) ?? 0) + 1);
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

const ALERT_MINUTES = 90;

for (const engine of ENGINES)
  describe(`the outbound SMTP server refusing for hours (${engine})`, () => {
    it('retries on the back-off schedule, alerts staff after the delay, and sends each e-mail once when it accepts', async () => {
      const world = await startWorld(engine, '2026-12-07T08:00:00Z', {
        'outbound.alertAfterMinutes': ALERT_MINUTES,
      });
      const smtp = await startMoodyServer();
      try {
        const { ctx, clock } = world;
        const db = world.test.database.db;
        for (const i of [1, 2])
          await mailIn(world, {
            from: `waiting-${i}@example.net`,
            name: `Waiting ${i}`,
            language: 'en',
            subject: 'Complaint - Step 1',
            messageId: `<waiting-${i}@example.net>`,
          });
        const queuedAt = Date.parse(clock.now());
        const said: Array<{ level: string; msg: string; minute: number }> = [];
        const minute = () => Math.round((Date.parse(clock.now()) - queuedAt) / 60_000);
        const watch = new OutboxWatch(ctx, {
          error: (_o, msg) => said.push({ level: 'error', msg, minute: minute() }),
          info: (_o, msg) => said.push({ level: 'info', msg, minute: minute() }),
        });
        const transport = world.transport(smtp.port);
        const items = () =>
          db
            .selectFrom('correspondence')
            .select(['id', 'message_id', 'status', 'attempts', 'next_attempt_at'])
            .where('direction', '=', 'out')
            .orderBy('id')
            .execute();
        assert.equal((await items()).length, 2, 'two acknowledgements wait in the outbox');

        // Five hours of refusals, each attempt when the schedule says.
        let attempts = 0;
        while (minute() < 300) {
          const report = await sendDueMail(ctx, transport);
          assert.deepEqual(report, { sent: 0, retried: 2, failed: 0 }, `at minute ${minute()}`);
          attempts++;
          const rows = await items();
          for (const r of rows) {
            assert.equal(r.status, 'pending');
            assert.equal(r.attempts, attempts);
            assert.equal(
              Date.parse(r.next_attempt_at!) - Date.parse(clock.now()),
              retryDelayMs(attempts),
              `the wait after ${attempts} failed attempts`,
            );
          }
          await watch.check();
          // Nothing is due before the next attempt: a run now sends nothing and counts no attempt.
          clock.advance(retryDelayMs(attempts) - 1000);
          assert.deepEqual(await sendDueMail(ctx, transport), { sent: 0, retried: 0, failed: 0 });
          clock.advance(1000);
        }
        // 0.5, 1.5, 3.5, 7.5, 15.5, 31.5, 63.5, 123.5, 183.5, 243.5 min: the last attempt 3 hours after the first hour.
        assert.equal(attempts, 11);
        assert.equal(smtp.state.received.size, 0);
        assert.equal(smtp.state.refused, 22, 'each attempt reached the server and was refused');

        // Alerted at the first look past the delay, then hourly while it lasts; never before the delay.
        const alerts = said.filter((s) => s.level === 'error');
        assert.ok(alerts.length >= 3, JSON.stringify(said));
        assert.ok(alerts[0]!.minute > ALERT_MINUTES && alerts[0]!.minute <= ALERT_MINUTES + 60);
        for (let i = 1; i < alerts.length; i++) assert.ok(alerts[i]!.minute - alerts[i - 1]!.minute >= 60);
        assert.match(alerts[0]!.msg, /e-mail has waited \d+ minutes to be sent \(alert after 90/);
        assert.match(alerts[0]!.msg, /451 4\.3\.2 service busy/, 'the server’s reply is in the alert');
        const health = await outboxHealth(ctx);
        assert.equal(health.late, true);
        assert.equal(health.waiting, 2);

        // The server accepts again: the next attempt sends each e-mail once; later runs send nothing more.
        smtp.state.refusing = false;
        assert.deepEqual(await sendDueMail(ctx, transport), { sent: 2, retried: 0, failed: 0 });
        assert.equal(await watch.check(), 'recovered');
        assert.deepEqual(said.at(-1)?.msg, 'outbox: mail is being sent again');
        for (let day = 0; day < 3; day++) {
          clock.advance(24 * 3_600_000);
          assert.deepEqual(await sendDueMail(ctx, transport), { sent: 0, retried: 0, failed: 0 });
          assert.equal(await watch.check(), null);
        }
        const rows = await items();
        assert.deepEqual(
          rows.map((r) => r.status),
          ['sent', 'sent'],
        );
        assert.deepEqual(
          [...smtp.state.received.entries()].sort(),
          rows.map((r) => [r.message_id!, 1] as [string, number]).sort(),
          'each Message-ID received exactly once',
        );
        assert.equal((await outboxHealth(ctx)).late, false);
      } finally {
        await smtp.stop();
        await world.close();
      }
    });

    it('the running sender logs the alert at error level, with the server’s answer', async () => {
      const world = await startWorld(engine, '2026-12-07T08:00:00Z', {
        'outbound.alertAfterMinutes': ALERT_MINUTES,
      });
      const smtp = await startMoodyServer();
      const lines: Array<{ level: string; msg: string }> = [];
      let worker: ReturnType<typeof startOutboxWorker> | null = null;
      try {
        await mailIn(world, {
          from: 'waiting@example.net',
          name: 'Waiting',
          language: 'en',
          subject: 'Complaint - Step 1',
          messageId: '<waiting@example.net>',
        });
        // The acknowledgement was queued two hours ago (on the app's clock) and the server refuses it now.
        world.clock.advance(2 * 3_600_000);
        // Started now, its first run looks at the outbox (later looks are at most once a minute).
        worker = startOutboxWorker(world.ctx, world.transport(smtp.port), {
          error: (_o, msg) => lines.push({ level: 'error', msg }),
          info: (_o, msg) => lines.push({ level: 'info', msg }),
        });
        await until('the sender to alert', () => lines.some((l) => l.level === 'error'));
        const alert = lines.find((l) => l.level === 'error')!;
        assert.match(alert.msg, /^outbox: e-mail has waited 120 minutes to be sent \(alert after 90/);
        assert.match(alert.msg, /451 4\.3\.2 service busy/);
      } finally {
        await worker?.stop();
        await smtp.stop();
        await world.close();
      }
    });
  });
