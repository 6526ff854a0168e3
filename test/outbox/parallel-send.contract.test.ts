// The outbox sends a backlog in parallel over pooled connections, each message to exactly one recipient, within a
// rate per destination domain; two senders on one database send each message once. On both engines, to a real
// SMTP server (smtp-server).
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { SMTPServer } from 'smtp-server';
import type { Database } from '../../src/adapters/db/database.ts';
import { smtpTransport } from '../../src/adapters/mail/smtp-transport.ts';
import type { AppContext } from '../../src/app/context.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import type { MailTransport } from '../../src/core/correspondence/outgoing-mail.ts';
import { DomainPace } from '../../src/core/correspondence/send-pace.ts';
import { mailIn, startSmtpSink, startWorld, type World } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';

/**
 * A receiving server that holds each message's final reply until `gate` messages are held at once (or a moment
 * has passed, so that a sender sending one at a time is not stuck), and records the most it held at once.
 */
async function startGatedSink(gate: number, beforeRelease: () => void = () => {}) {
  const held: Array<() => void> = [];
  const received: Array<{ messageId: string; rcptTo: string[]; connection: string }> = [];
  let most = 0;
  let timer: NodeJS.Timeout | null = null;
  const releaseAll = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    for (const release of held.splice(0)) release();
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let head = '';
      stream.on('data', (c: Buffer) => {
        head += c.toString('latin1');
      });
      stream.on('end', () => {
        received.push({
          messageId: /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '',
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          connection: session.id,
        });
        held.push(() => callback());
        most = Math.max(most, held.length);
        if (held.length >= gate) {
          beforeRelease();
          releaseAll();
        } else if (!timer) timer = setTimeout(releaseAll, 2000);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as AddressInfo).port,
    received,
    most: () => most,
    stop: () => {
      releaseAll();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function backlog(world: World, tag: string, count: number, domain = 'example.net'): Promise<string[]> {
  const refs: string[] = [];
  for (let i = 0; i < count; i++)
    refs.push(
      (
        await mailIn(world, {
          from: `${tag}-${i}@${domain}`,
          name: 'Alex Backlog',
          language: 'en',
          subject: 'Complaint - Step 1',
          messageId: `<${tag}-${i}@${domain}>`,
        })
      ).reference,
    );
  return refs;
}

async function outboxOf(world: World, like: string) {
  return world.ctx.database.db
    .selectFrom('correspondence')
    .select(['message_id', 'status', 'attempts', 'next_attempt_at', 'to_address'])
    .where('direction', '=', 'out')
    .where('to_address', 'like', like)
    .execute();
}

for (const engine of ENGINES) {
  describe(`outbox in parallel on ${engine}`, () => {
    let world: World;
    const transports: MailTransport[] = [];
    /** A transport with a pool of `connections`, closed when the suite ends. */
    const pooled = (port: number, connections: number) => {
      const t = smtpTransport({ host: '127.0.0.1', port, secure: false, requireTls: false, connections });
      transports.push(t);
      return t;
    };
    before(async () => {
      world = await startWorld(engine, '2026-11-20T10:00:00.000Z', {
        'outbound.concurrency': 4,
        'outbound.perDomainPerSecond': 100_000,
      });
    });
    after(async () => {
      for (const t of transports) t.close();
      await world.close();
    });

    it('sends a backlog several at a time over pooled connections, each to exactly one recipient, each once', async () => {
      await backlog(world, 'par', 24);
      const sink = await startGatedSink(4);
      const transport = pooled(sink.port, 4);
      try {
        assert.deepEqual(await sendDueMail(world.ctx, transport), { sent: 24, retried: 0, failed: 0 });
        // Four messages were waiting for their reply at the same moment: sent in parallel, never more.
        assert.equal(sink.most(), 4);
        assert.equal(sink.received.length, 24);
        assert.ok(sink.received.every((r) => r.rcptTo.length === 1));
        // Pooled: far fewer connections than messages, at most one per parallel send.
        assert.ok(new Set(sink.received.map((r) => r.connection)).size <= 4);
        const rows = await outboxOf(world, 'par-%');
        assert.equal(rows.length, 24);
        for (const row of rows) {
          assert.equal(row.status, 'sent');
          assert.equal(row.attempts, 1);
          const got = sink.received.filter((r) => r.messageId === row.message_id);
          assert.equal(got.length, 1, `${row.message_id} sent once`);
          assert.deepEqual(got[0]!.rcptTo, [row.to_address]);
        }
      } finally {
        await sink.stop();
      }
    });

    it('keeps to the rate of a destination domain: what would wait too long goes back to the outbox, no attempt counted', async () => {
      // slow.example: one message every 100 s; the others are not held back by it.
      const slow = await backlog(world, 'slow', 3, 'slow.example');
      await backlog(world, 'quick', 6, 'quick.example');
      const sink = await startSmtpSink();
      const pace = new DomainPace({ perDomainPerSecond: 100_000, domainRates: { 'slow.example': 0.01 } });
      let heldBack: number | null = null;
      try {
        const report = await sendDueMail(world.ctx, world.transport(sink.port), {
          pace,
          onHeldBack: (ms) => {
            heldBack = ms;
          },
        });
        assert.deepEqual(report, { sent: 7, retried: 0, failed: 0 });
        const slowRows = await outboxOf(world, 'slow-%');
        assert.equal(slowRows.filter((r) => r.status === 'sent').length, 1);
        const waiting = slowRows.filter((r) => r.status !== 'sent');
        assert.equal(waiting.length, 2);
        const now = Date.parse(world.ctx.clock.now());
        for (const r of waiting) {
          assert.equal(r.status, 'pending');
          assert.equal(r.attempts, 0, 'given back: not an attempt');
          assert.ok(Date.parse(r.next_attempt_at!) - now > 10_000, `due again later: ${r.next_attempt_at}`);
        }
        assert.ok(
          heldBack !== null && heldBack > 10_000,
          `the worker is told when to look again: ${heldBack}`,
        );
        assert.ok((await outboxOf(world, 'quick-%')).every((r) => r.status === 'sent'));
        assert.equal(sink.received.filter((r) => r.envelopeTo[0]!.endsWith('@slow.example')).length, 1);
        // Due again, still within the domain's rate in this instance: not sent yet, and still no attempt counted.
        world.clock.advance(200_000);
        assert.deepEqual(await sendDueMail(world.ctx, world.transport(sink.port), { pace }), {
          sent: 0,
          retried: 0,
          failed: 0,
        });
        assert.ok((await outboxOf(world, 'slow-%')).every((r) => r.attempts <= 1));
        // Once the domain has room (here a pace that lets it through), both go out when due, once each.
        world.clock.advance(200_000);
        const room = new DomainPace({ perDomainPerSecond: 100_000, domainRates: {} });
        assert.deepEqual(await sendDueMail(world.ctx, world.transport(sink.port), { pace: room }), {
          sent: 2,
          retried: 0,
          failed: 0,
        });
        const sentSlow = sink.received.filter((r) => r.envelopeTo[0]!.endsWith('@slow.example'));
        assert.equal(new Set(sentSlow.map((r) => r.mail.messageId)).size, slow.length);
      } finally {
        await sink.stop();
      }
    });

    it('when stopping, claims no more and gives back what is not yet on its way; what is on its way is recorded', async () => {
      await backlog(world, 'stop', 12);
      const stopping = new AbortController();
      // The moment two messages are on their way (waiting for the server's reply), the process is told to stop.
      const sink = await startGatedSink(2, () => stopping.abort());
      try {
        const report = await sendDueMail(world.ctx, pooled(sink.port, 2), {
          concurrency: 2,
          signal: stopping.signal,
        });
        assert.deepEqual(report, { sent: 2, retried: 0, failed: 0 });
        assert.equal(sink.received.length, 2);
        const rows = await outboxOf(world, 'stop-%');
        const sent = rows.filter((r) => r.status === 'sent');
        assert.deepEqual(sent.map((r) => r.message_id).sort(), sink.received.map((r) => r.messageId).sort());
        const back = rows.filter((r) => r.status !== 'sent');
        assert.equal(back.length, 10);
        assert.ok(
          back.every(
            (r) => r.status === 'pending' && r.attempts === 0 && r.next_attempt_at! <= world.ctx.clock.now(),
          ),
        );
        // Given back, they go out with the next run, once each.
        assert.deepEqual(await sendDueMail(world.ctx, pooled(sink.port, 2)), {
          sent: 10,
          retried: 0,
          failed: 0,
        });
        assert.equal(new Set(sink.received.map((r) => r.messageId)).size, 12);
      } finally {
        await sink.stop();
      }
    });

    it('never has more than twice the concurrency sent and not yet recorded (what a kill can make go out twice)', async () => {
      await backlog(world, 'bound', 20);
      // The database stops recording outcomes (the claim goes through): sends must stop at the bound.
      const real = world.ctx.database;
      let claimsToLetThrough = engine === 'sqlite' ? 1 : 0; // SQLite claims in a transaction, PostgreSQL in one statement
      let recordingAsked = false;
      let open!: () => void;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      const gated: Database = {
        ...real,
        transaction: async (fn) => {
          if (claimsToLetThrough > 0) {
            claimsToLetThrough--;
            return real.transaction(fn);
          }
          recordingAsked = true;
          await opened;
          return real.transaction(fn);
        },
      };
      const ctx = { ...world.ctx, database: gated } as AppContext;
      const sink = await startSmtpSink();
      const inner = pooled(sink.port, 2);
      let started = 0;
      const counting: MailTransport = {
        send: (mail) => {
          started++;
          return inner.send(mail);
        },
        idle: () => inner.idle?.(),
        close: () => inner.close(),
      };
      try {
        const run = sendDueMail(ctx, counting, { concurrency: 2, batch: 50 });
        for (let i = 0; i < 400 && !(recordingAsked && sink.received.length >= 4); i++)
          await new Promise((r) => setTimeout(r, 25));
        // Give a fifth send every chance to start: none may while four wait for their record.
        await new Promise((r) => setTimeout(r, 300));
        assert.equal(started, 4);
        assert.equal(sink.received.length, 4);
        open();
        assert.deepEqual(await run, { sent: 20, retried: 0, failed: 0 });
        assert.equal(new Set(sink.received.map((r) => r.mail.messageId)).size, 20);
        assert.ok((await outboxOf(world, 'bound-%')).every((r) => r.status === 'sent' && r.attempts === 1));
      } finally {
        open();
        await sink.stop();
      }
    });

    it('two senders on one database send each message once', async () => {
      await backlog(world, 'two', 30);
      const sink = await startSmtpSink();
      try {
        const [a, b] = await Promise.all([
          sendDueMail(world.ctx, pooled(sink.port, 4), { batch: 5 }),
          sendDueMail(world.ctx, pooled(sink.port, 4), { batch: 5 }),
        ]);
        assert.equal(a.sent + b.sent, 30);
        assert.equal(a.failed + b.failed + a.retried + b.retried, 0);
        const ids = sink.received.map((r) => r.mail.messageId);
        assert.equal(ids.length, 30);
        assert.equal(new Set(ids).size, 30);
        assert.ok((await outboxOf(world, 'two-%')).every((r) => r.status === 'sent' && r.attempts === 1));
      } finally {
        await sink.stop();
      }
    });
  });
}
