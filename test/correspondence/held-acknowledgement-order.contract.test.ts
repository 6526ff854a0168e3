// The queue's "due first" order counts an acknowledgement as given only once it went out, as the row's clock and the
// Late filter do: a complaint whose acknowledgement the outbox holds (the relay refuses our own sending) is due by
// its acknowledge-by time, and sorts before a case whose answer is due later than that, even when its own answer is
// due after that case's. Staff working the queue from the top see it first. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { up as addDueKeyGiven } from '../../src/adapters/db/migrations/202612062230-due-key-given.ts';
import {
  up as addDueKeyApart,
  down as dropDueKeyApart,
} from '../../src/adapters/db/migrations/202612062340-due-key-apart.ts';
import {
  up as addDueKeyUngiven,
  down as dropDueKeyUngiven,
} from '../../src/adapters/db/migrations/202612070050-due-key-ungiven.ts';
import { outboxItemsOfCase } from '../../src/adapters/db/outbox.repo.ts';
import { actOnCaseIn } from '../../src/app/act-on-case.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { markLetterPosted } from '../../src/app/mark-letter-posted.ts';
import { recordBounce, resendAsLetter } from '../../src/app/record-bounce.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { ENGINES } from '../support/databases.ts';
import {
  deliveryFailure,
  mailIn,
  startWorld,
  startWorldWithOneHeld,
  switchableRelay,
  type World,
} from './support.ts';

for (const engine of ENGINES)
  describe(`the queue's order with an acknowledgement held in the outbox (${engine})`, () => {
    let world: World;
    const mail = switchableRelay();
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
      // Thursday 19 November: the relay refuses our login; the second one's acknowledgement (due by Friday 10:00) is
      // held. Its answer is due on 3 December, after the other's.
      const w = await startWorldWithOneHeld(engine, '2026-11-16T10:00:00.000Z', mail, {
        heldAt: '2026-11-19T10:00:00.000Z',
      });
      world = w.world;
      Object.assign(ids, w.ids);
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

    it('is put back at its acknowledge-by by the migration, from a key stored as a release before wrote it', async () => {
      const db = world.ctx.database.db;
      const before = { held: await keyOf(ids.held.caseId), sent: await keyOf(ids.sent.caseId) };
      // As a release before left the database: no given key (nor the indexes of keys apart from it or without it,
      // which SQLite drops first), the due key on the answer once recorded.
      await dropDueKeyUngiven(db as unknown as Kysely<unknown>);
      await dropDueKeyApart(db as unknown as Kysely<unknown>);
      await db.schema.alterTable('cases').dropColumn('due_key_given').execute();
      await sql`update cases set due_key = answer_by`.execute(db);
      await addDueKeyGiven(db as unknown as Kysely<unknown>);
      await addDueKeyApart(db as unknown as Kysely<unknown>);
      await addDueKeyUngiven(db as unknown as Kysely<unknown>);
      assert.deepEqual(await keyOf(ids.held.caseId), before.held);
      assert.deepEqual(await keyOf(ids.sent.caseId), before.sent);
      const given = await db.selectFrom('cases').select(['id', 'due_key_given', 'answer_by']).execute();
      for (const g of given) assert.equal(g.due_key_given, g.answer_by);
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

    it('takes it back to its acknowledge-by when the e-mail bounces, until the letter sent instead is posted', async () => {
      const bounced = mail.state.last!;
      assert.equal(bounced.to, 'held@example.net');
      const outcome = await recordBounce(world.ctx, {
        raw: deliveryFailure('held@example.net', bounced),
        correspondenceId: null,
      });
      assert.equal(outcome.caseId, ids.held.caseId);
      const held = await keyOf(ids.held.caseId);
      assert.equal(held.due_key, held.acknowledge_by, 'the complainant has nothing: late again');
      assert.deepEqual(await order({ due: 'overdue' }), [[ids.held.reference, 'overdue', 'acknowledge']]);
      const complainantId = (
        await world.ctx.database.db
          .selectFrom('cases')
          .select('complainant_id')
          .where('id', '=', ids.held.caseId)
          .executeTakeFirstOrThrow()
      ).complainant_id;
      await actOnComplainant(
        world.ctx,
        complainantId,
        { type: 'change_details', details: { postalAddress: ['Hauptstraße 1', '76133 Karlsruhe'] } },
        'user:agent',
      );
      const [failed] = (await outboxItemsOfCase(world.ctx.database.db, ids.held.caseId)).filter(
        (r) => r.status === 'failed',
      );
      const letter = await resendAsLetter(world.ctx, failed!.id, 'user:agent');
      assert.equal(
        (await keyOf(ids.held.caseId)).due_key,
        held.acknowledge_by,
        'a letter to post is not given',
      );
      await markLetterPosted(world.ctx, ids.held.caseId, letter.correspondenceId, 'user:clerk');
      assert.equal((await keyOf(ids.held.caseId)).due_key, held.answer_by, 'posted: given');
      assert.deepEqual(await order({ due: 'overdue' }), []);
    });
  });

// PostgreSQL: staff write the case while the outbox sends its acknowledgement. The write read the outbox before the
// send was recorded (the e-mail still waiting: its key stays at the acknowledge-by) and commits after it; the send
// moves the key once that write has committed, so the key ends on the answer date whichever commits first.
if (ENGINES.includes('postgres'))
  describe('an acknowledgement sent while staff write its case (postgres)', () => {
    let world: World;
    after(() => world?.close());

    it('ends with the key on the answer date', async () => {
      world = await startWorld('postgres', '2026-11-19T10:00:00.000Z');
      const opened = await mailIn(world, {
        from: 'busy@example.net',
        name: 'Busy',
        language: 'en',
        subject: 'Mail lost',
        messageId: '<busy@example.net>',
      });
      const mail = switchableRelay();
      let release!: () => void;
      const released = new Promise<void>((r) => {
        release = r;
      });
      let holding!: () => void;
      const held = new Promise<void>((r) => {
        holding = r;
      });
      const writing = inTransaction(world.ctx, async (agg) => {
        await actOnCaseIn(world.ctx, agg, opened.caseId, { type: 'add_note', text: 'Called.' }, 'user:agent');
        holding();
        await released;
      });
      await held;
      const sending = sendDueMail(world.ctx, mail.transport);
      await new Promise((r) => setTimeout(r, 300));
      release();
      await Promise.all([writing, sending]);
      assert.equal(mail.state.sent, 1);
      const row = await world.ctx.database.db
        .selectFrom('cases')
        .select(['due_key', 'answer_by'])
        .where('id', '=', opened.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(row.due_key, row.answer_by);
    });
  });
