// The sweep puts right a stored due key that disagrees with the rule (adapters/db/due-key.repo.ts): the key of an
// acknowledged complaint is its acknowledge-by until the acknowledgement went out, and then its answer date. The
// outbox moves it when it records the send, on PostgreSQL partly after that commit; a process that dies in between
// (or a move that fails) leaves the key on the acknowledge-by, and the complaint would show as late in the queue's
// Late filter, /metrics and the report once that time passed, although the complainant has the acknowledgement.
// The reverse (a key on the answer date while the acknowledgement is still held) is put back too. Both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { createMetrics } from '../../src/adapters/metrics/metrics.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { settleDueKeysInSweep } from '../../src/app/settle-due-keys.ts';
import { sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import { ENGINES } from '../support/databases.ts';
import {
  dueKeysOf,
  mailIn,
  startWorld,
  startWorldWithOneHeld,
  switchableRelay,
  type World,
} from './support.ts';

async function overdueGauge(world: World): Promise<number> {
  const { body } = await createMetrics(world.ctx).expose();
  const line = body.split('\n').find((l) => l.startsWith('redress_complaints_overdue '));
  return Number(line?.split(' ')[1]);
}

for (const engine of ENGINES)
  describe(`the sweep puts a due key right that a lost move left wrong (${engine})`, () => {
    let world: World;
    const mail = switchableRelay();
    const ids = {} as Record<'sent' | 'held', { caseId: string; reference: string }>;
    const keyOf = (caseId: string) => dueKeysOf(world, caseId);
    const late = async () =>
      (await listQueue(world.ctx, { queue: 'step1', due: 'overdue' })).rows.map((r) => r.reference);
    const overdueInReport = async () =>
      (await reportCases(world.ctx, { from: '2026-11-01', to: '2026-11-30' })).complaints.overdueOpen;

    before(async () => {
      // Thursday 19 November, 10:00 UTC: both acknowledgements are due by Friday 10:00, the answers in December.
      const w = await startWorldWithOneHeld(engine, '2026-11-19T10:00:00.000Z', mail);
      world = w.world;
      Object.assign(ids, w.ids);
      const sent = await keyOf(ids.sent.caseId);
      assert.equal(sent.due_key, sent.answer_by, 'the send moved the key');
      const held = await keyOf(ids.held.caseId);
      assert.equal(held.due_key, held.acknowledge_by, 'held: due by its acknowledge-by');
      // What a process that died after the send's commit, before it moved the key, leaves; and a key moved to the
      // answer date although the acknowledgement is in fact still held.
      const db = world.ctx.database.db;
      await sql`update cases set due_key = acknowledge_by where id = ${ids.sent.caseId}`.execute(db);
      await sql`update cases set due_key = due_key_given where id = ${ids.held.caseId}`.execute(db);
      // Friday 11:00: both acknowledge-by times have passed.
      world.clock.set('2026-11-20T11:00:00.000Z');
    });
    after(() => world.close());

    it('shows the sent case late and the held one not, before the sweep (the defect it puts right)', async () => {
      assert.deepEqual(await late(), [ids.sent.reference]);
    });

    it('sets both keys by the rule: the sent case is not late any more, the held one is', async () => {
      await sweepDeadlines(world.ctx);
      const sent = await keyOf(ids.sent.caseId);
      assert.equal(sent.due_key, sent.answer_by);
      const held = await keyOf(ids.held.caseId);
      assert.equal(held.due_key, held.acknowledge_by);
      assert.deepEqual(await late(), [ids.held.reference]);
      assert.equal(await overdueGauge(world), 1);
      assert.equal(await overdueInReport(), 1);
    });

    it('moves the held key once the acknowledgement goes out, and the next sweep leaves it there', async () => {
      mail.state.refusing = false;
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 2);
      await sweepDeadlines(world.ctx);
      for (const c of [ids.sent, ids.held]) {
        const k = await keyOf(c.caseId);
        assert.equal(k.due_key, k.answer_by, c.reference);
      }
      assert.deepEqual(await late(), []);
      assert.equal(await overdueGauge(world), 0);
      assert.equal(await overdueInReport(), 0);
    });
  });

// PostgreSQL: the sweep never waits for a row another transaction holds (a write of that case sets the key itself);
// it leaves it for the next sweep.
if (ENGINES.includes('postgres'))
  describe('a due key whose row another transaction holds (postgres)', () => {
    let world: World;
    after(() => world?.close());

    it('is left alone without waiting, and put right by the next sweep', async () => {
      world = await startWorld('postgres', '2026-11-19T10:00:00.000Z');
      const opened = await mailIn(world, {
        from: 'busy@example.net',
        name: 'Busy',
        language: 'en',
        subject: 'Mail lost',
        messageId: '<busy@example.net>',
      });
      await sendDueMail(world.ctx, switchableRelay().transport);
      const db = world.ctx.database.db;
      await sql`update cases set due_key = acknowledge_by where id = ${opened.caseId}`.execute(db);
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      let holding!: () => void;
      const held = new Promise<void>((r) => {
        holding = r;
      });
      const holder = db.transaction().execute(async (trx) => {
        await sql`select id from cases where id = ${opened.caseId} for update`.execute(trx);
        holding();
        await released;
      });
      await held;
      const settled = await Promise.race([
        settleDueKeysInSweep(world.ctx, []),
        new Promise<'waited'>((r) => setTimeout(() => r('waited'), 2000)),
      ]);
      assert.deepEqual(settled, [], 'skipped without waiting');
      release();
      await holder;
      assert.deepEqual(await settleDueKeysInSweep(world.ctx, []), [opened.caseId]);
      const row = await db
        .selectFrom('cases')
        .select(['due_key', 'answer_by'])
        .where('id', '=', opened.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(row.due_key, row.answer_by);
    });
  });
