// The queue's "due first" order counts an acknowledgement as given only once it went out, as the row's clock and the
// Late filter do: a complaint whose acknowledgement the outbox holds (the relay refuses our own sending) is due by
// its acknowledge-by time, and sorts before a case whose answer is due later than that, even when its own answer is
// due after that case's. Staff working the queue from the top see it first. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listQueue } from '../../src/app/list-queue.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { type MailTransport, SendError } from '../../src/core/correspondence/outgoing-mail.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, startWorld, type World } from './support.ts';

/** A relay that refuses our login (our set-up's fault: the outbox holds the mail), or accepts everything. */
function relay() {
  const state = { refusing: false, sent: 0 };
  const transport: MailTransport = {
    async send() {
      if (state.refusing) throw new SendError('535 5.7.8 Error: authentication failed', 'setup');
      state.sent++;
      return { response: '250 2.0.0 Ok: queued' };
    },
    close() {},
  };
  return { state, transport };
}

for (const engine of ENGINES)
  describe(`the queue's order with an acknowledgement held in the outbox (${engine})`, () => {
    let world: World;
    const mail = relay();
    const ids: Record<'held' | 'sent', { caseId: string; reference: string }> = {} as never;
    const keyOf = async (caseId: string) =>
      await world.ctx.database.db
        .selectFrom('cases')
        .select(['due_key', 'acknowledge_by', 'answer_by'])
        .where('id', '=', caseId)
        .executeTakeFirstOrThrow();
    const order = async (filter: { due?: 'overdue' } = {}) =>
      (await listQueue(world.ctx, { queue: 'step1', ...filter })).rows.map((r) => [
        r.reference,
        r.urgency,
        r.dueFor,
      ]);

    before(async () => {
      // Monday 16 November: a complaint whose acknowledgement goes out at once; its answer is due on 30 November.
      world = await startWorld(engine, '2026-11-16T10:00:00.000Z');
      ids.sent = await mailIn(world, {
        from: 'sent@example.net',
        name: 'Sent',
        language: 'en',
        subject: 'Invoice wrong',
        messageId: '<sent@example.net>',
      });
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 1);
      // Thursday 19 November: the relay refuses our login; this acknowledgement (due by Friday 10:00) is held. Its
      // answer is due on 3 December, after the other's.
      mail.state.refusing = true;
      world.clock.set('2026-11-19T10:00:00.000Z');
      ids.held = await mailIn(world, {
        from: 'held@example.net',
        name: 'Held',
        language: 'en',
        subject: 'Site down',
        messageId: '<held@example.net>',
      });
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 1);
    });
    after(() => world.close());

    it('keeps the held case due by its acknowledge-by, first among the due cases, before it passes', async () => {
      const held = await keyOf(ids.held.caseId);
      assert.equal(held.due_key, held.acknowledge_by);
      const sent = await keyOf(ids.sent.caseId);
      assert.equal(sent.due_key, sent.answer_by);
      assert.ok(held.acknowledge_by! < sent.answer_by! && sent.answer_by! < held.answer_by!);
      assert.deepEqual(await order(), [
        [ids.held.reference, 'soon', 'acknowledge'],
        [ids.sent.reference, 'later', 'answer'],
      ]);
    });

    it('sorts it first and shows it late once its acknowledge-by has passed', async () => {
      world.clock.set('2026-11-20T11:00:00.000Z');
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 1, 'still held');
      assert.deepEqual(await order(), [
        [ids.held.reference, 'overdue', 'acknowledge'],
        [ids.sent.reference, 'later', 'answer'],
      ]);
      assert.deepEqual(await order({ due: 'overdue' }), [[ids.held.reference, 'overdue', 'acknowledge']]);
    });

    it('moves it to its answer date once the relay takes the acknowledgement', async () => {
      mail.state.refusing = false;
      world.clock.set('2026-11-23T09:00:00.000Z');
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 2);
      const held = await keyOf(ids.held.caseId);
      assert.equal(held.due_key, held.answer_by);
      assert.deepEqual(await order(), [
        [ids.sent.reference, 'later', 'answer'],
        [ids.held.reference, 'later', 'answer'],
      ]);
      assert.deepEqual(await order({ due: 'overdue' }), []);
    });
  });
