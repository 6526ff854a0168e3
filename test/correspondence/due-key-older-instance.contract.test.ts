// During a rolling upgrade an older instance writes case rows without a given key (`due_key_given` null: it does not
// know the column), its due key as its release computed it. The outbox moves a due key only to a given key, so it
// leaves such a row alone; the sweep's repair (app/settle-due-keys.ts) must set both the key by the rule and the
// given key, so that the row is kept right from then on: its key moved when the acknowledgement goes out, and found
// by the next sweep if that move is lost. Both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { listQueue } from '../../src/app/list-queue.ts';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { sweepDeadlines } from '../../src/app/sweep-deadlines.ts';
import { ENGINES } from '../support/databases.ts';
import { dueKeysOf, startWorldWithOneHeld, switchableRelay, type World } from './support.ts';

for (const engine of ENGINES)
  describe(`the sweep puts right a due key an older instance wrote without its given key (${engine})`, () => {
    let world: World;
    const mail = switchableRelay();
    const ids = {} as Record<'sent' | 'held' | 'right', { caseId: string; reference: string }>;
    const keyOf = (caseId: string) => dueKeysOf(world, caseId);
    const late = async () =>
      (await listQueue(world.ctx, { queue: 'step1', due: 'overdue' })).rows.map((r) => r.reference).sort();

    before(async () => {
      // Thursday 19 November, 10:00 UTC: the acknowledgements are due by Friday 10:00, the answers in December.
      // Two acknowledgements go out (of `sent` and `right`), the third (of `held`) is held.
      const w = await startWorldWithOneHeld(engine, '2026-11-19T10:00:00.000Z', mail, {
        alsoSent: ['right'],
      });
      world = w.world;
      Object.assign(ids, w.ids);
      // As an older instance leaves the rows: no given key. The held complaint's key on its answer date (its release
      // counted the acknowledgement once recorded); the sent one's left on its acknowledge-by although its
      // acknowledgement went out; the third's right.
      const db = world.ctx.database.db;
      await sql`update cases set due_key_given = null`.execute(db);
      await sql`update cases set due_key = answer_by where id = ${ids.held.caseId}`.execute(db);
      await sql`update cases set due_key = acknowledge_by where id = ${ids.sent.caseId}`.execute(db);
      // Friday 11:00: the acknowledge-by times have passed.
      world.clock.set('2026-11-20T11:00:00.000Z');
    });
    after(() => world.close());

    it('shows the sent complaint late and the held one not, before the sweep', async () => {
      assert.deepEqual(await late(), [ids.sent.reference]);
    });

    it('sets the due key by the rule and the given key of each', async () => {
      await sweepDeadlines(world.ctx);
      const held = await keyOf(ids.held.caseId);
      assert.deepEqual(
        [held.due_key, held.due_key_given],
        [held.acknowledge_by, held.answer_by],
        'held: due by its acknowledge-by',
      );
      for (const c of [ids.sent, ids.right]) {
        const k = await keyOf(c.caseId);
        assert.deepEqual([k.due_key, k.due_key_given], [k.answer_by, k.answer_by], c.reference);
      }
      assert.deepEqual(await late(), [ids.held.reference]);
    });

    it('lets the outbox move the held key once the acknowledgement goes out', async () => {
      mail.state.refusing = false;
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 3);
      const held = await keyOf(ids.held.caseId);
      assert.equal(held.due_key, held.answer_by, 'moved by the send, not waiting for a sweep');
      await sweepDeadlines(world.ctx);
      for (const c of [ids.sent, ids.held, ids.right]) {
        const k = await keyOf(c.caseId);
        assert.deepEqual([k.due_key, k.due_key_given], [k.answer_by, k.answer_by], c.reference);
      }
      assert.deepEqual(await late(), []);
    });
  });
