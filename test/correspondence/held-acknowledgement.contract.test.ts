// An acknowledgement the outbox holds (the relay refused our own sending: its login, our sender address) is not
// given: the complainant has not received it. Past its 24 hours, the sweep alerts staff that the acknowledgement
// is late, and the monitoring report does not count it as acknowledged in time; once the relay takes it, it is
// given at the instant it was sent, which is late. The same answer as /metrics gives. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createMetrics } from '../../src/adapters/metrics/metrics.ts';
import { registerEntries } from '../../src/app/export-register.ts';
import { caseClock, listQueue } from '../../src/app/list-queue.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, startWorld, switchableRelay, type World } from './support.ts';

async function breachMail(world: World) {
  return world.ctx.database.db
    .selectFrom('correspondence as c')
    .innerJoin('outbound_items as o', 'o.correspondence_id', 'c.id')
    .select(['c.subject', 'c.to_address'])
    .where('o.purpose', '=', 'staff_breach')
    .execute();
}

async function gauge(world: World, name: string): Promise<number> {
  const { body } = await createMetrics(world.ctx).expose();
  const line = body.split('\n').find((l) => l.startsWith(`${name} `));
  return Number(line?.split(' ')[1]);
}

async function acknowledgementLate(world: World): Promise<number> {
  const { body } = await createMetrics(world.ctx).expose();
  const line = body.split('\n').find((l) => l.startsWith('redress_deadlines_late{deadline="acknowledge"}'));
  return Number(line?.split(' ')[1]);
}

const NOVEMBER = { from: '2026-11-01', to: '2026-11-30' };

/**
 * The report of November as each way of reading it gives it: the counts per day, a facet's, two dimensions (the
 * counts kept per UTC day with each write of a case, which no send changes, and the complaints of the period read
 * a piece at a time), a scope's, the cases alone.
 */
function readings(world: World): Array<[string, () => ReturnType<typeof reportCases>]> {
  return [
    ['all complaints', () => reportCases(world.ctx, NOVEMBER)],
    ['by e-mail', () => reportCases(world.ctx, NOVEMBER, { channel: 'email' })],
    ['by e-mail in English', () => reportCases(world.ctx, NOVEMBER, { channel: 'email', language: 'en' })],
    [
      'step 1 by e-mail in English, category not set',
      () => reportCases(world.ctx, NOVEMBER, { step: 1, channel: 'email', language: 'en', category: null }),
    ],
    ['an owner not set', () => reportCases(world.ctx, NOVEMBER, { owner: null })],
    ['an owner and a channel', () => reportCases(world.ctx, NOVEMBER, { owner: null, channel: 'email' })],
    ['from the cases', () => reportCasesScanning(world.ctx, NOVEMBER)],
  ];
}

async function registerOf(world: World) {
  const out = [];
  for await (const e of registerEntries(world.ctx, NOVEMBER)) out.push(e);
  return out;
}

for (const engine of ENGINES)
  describe(`an acknowledgement held in the outbox (${engine})`, () => {
    let world: World;
    let reference: string;
    const mail = switchableRelay(true);
    before(async () => {
      // Thursday 19 November, 10:00 UTC: the acknowledgement is due by Friday 10:00.
      world = await startWorld(engine, '2026-11-19T10:00:00.000Z', { 'alerts.leads': ['lead@example.org'] });
      const opened = await mailIn(world, {
        from: 'held@example.net',
        name: 'Held',
        language: 'en',
        subject: 'Site down',
        messageId: '<held@example.net>',
      });
      reference = opened.reference;
      // The relay refuses our login: the acknowledgement stays in the outbox, held until the settings are fixed.
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 0);
      world.clock.set('2026-11-20T11:00:00.000Z');
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 0);
    });
    after(() => world.close());

    it('is a late acknowledgement for the sweep, as for /metrics', async () => {
      assert.equal(await acknowledgementLate(world), 1);
      const r = await sweepDeadlines(world.ctx);
      assert.equal(r.breaches, 1, 'the lead is told the acknowledgement is late');
      const breaches = await breachMail(world);
      assert.deepEqual(
        breaches.map((b) => [
          b.to_address,
          b.subject.startsWith(`[${reference}] Deadline passed: acknowledgement`),
        ]),
        [['lead@example.org', true]],
      );
    });

    it('is not counted as acknowledged (in time) by the report, however it is read', async () => {
      for (const [how, read] of readings(world)) {
        const r = await read();
        assert.equal(r.complaints.received, 1, how);
        assert.equal(r.complaints.acknowledged, 0, how);
        assert.equal(r.complaints.acknowledgedInTime, 0, how);
        assert.equal(r.complaints.promises.businessDaysToAcknowledge.n, 0, how);
        assert.equal(r.complaints.overdueOpen, 1, `${how}: open and overdue, its acknowledgement late`);
      }
      assert.equal(await gauge(world, 'redress_complaints_overdue'), 1);
      const [entry] = await registerOf(world);
      assert.equal(entry?.acknowledgedAt, null);
      assert.equal(entry?.acknowledgementMet, 'overdue');
    });

    it('is late in the queue (its row, the Late filter) and on the case page’s clock, as for the sweep', async () => {
      const late = await listQueue(world.ctx, { queue: 'step1', due: 'overdue' });
      assert.deepEqual(
        late.rows.map((r) => [r.reference, r.urgency, r.dueFor]),
        [[reference, 'overdue', 'acknowledge']],
      );
      const all = await listQueue(world.ctx, { queue: 'step1' });
      const row = all.rows.find((r) => r.reference === reference);
      assert.equal(row?.urgency, 'overdue');
      const { state } = await inTransaction(world.ctx, (agg) => agg.loadCase(row!.id));
      const clock = await caseClock(world.ctx, state!);
      assert.equal(clock.state, 'overdue');
      assert.equal(clock.next?.kind, 'acknowledge');
    });

    it('once the relay takes it, counts it as given when it was sent: late', async () => {
      mail.state.refusing = false;
      world.clock.set('2026-11-23T09:00:00.000Z'); // Monday
      await sendDueMail(world.ctx, mail.transport);
      assert.ok(mail.state.sent >= 1, 'the held acknowledgement goes out');
      assert.equal(await acknowledgementLate(world), 0);
      for (const [how, read] of readings(world)) {
        const r = await read();
        assert.equal(r.complaints.acknowledged, 1, how);
        assert.equal(r.complaints.acknowledgedInTime, 0, `${how}: sent on Monday, due on Friday`);
        // Thursday to Monday: two business days (Friday, Monday).
        assert.equal(r.complaints.promises.businessDaysToAcknowledge.median, 2, how);
        assert.equal(r.complaints.overdueOpen, 0, how);
      }
      assert.equal(await gauge(world, 'redress_complaints_overdue'), 0);
      const [entry] = await registerOf(world);
      assert.equal(entry?.acknowledgedAt, '2026-11-23T09:00:00.000Z');
      assert.equal(entry?.acknowledgementMet, 'late');
      const row = (await listQueue(world.ctx, { queue: 'step1' })).rows.find(
        (r) => r.reference === reference,
      );
      assert.equal(row?.dueFor, 'answer', 'the queue moves on to the answer once it went out');
      assert.equal((await listQueue(world.ctx, { queue: 'step1', due: 'overdue' })).rows.length, 0);
    });
  });
