// `redress archive verify` compares a complaint's stored due key even when its events alone cannot say it: the key of
// a complaint acknowledged by e-mail is its acknowledge-by until the outbox sent the acknowledgement, and its answer
// date after. Verify reads the acknowledgements from the outbox and asks the same rule the writers ask
// (adapters/db/due-key.repo.ts), so a key changed in the database, or left behind by a move that was lost, is named,
// and a right one, sent or still held, is not. Both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { sendDueMail } from '../../src/app/send-outbox.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { dueKeysOf, startWorldWithOneHeld, switchableRelay, type World } from '../correspondence/support.ts';
import { ENGINES } from '../support/databases.ts';

for (const engine of ENGINES)
  describe(`archive verify: the due key of an acknowledged complaint, as the outbox says it (${engine})`, () => {
    let world: World;
    const mail = switchableRelay();
    const ids = {} as Record<'sent' | 'held', { caseId: string; reference: string }>;
    const keyOf = (caseId: string) => dueKeysOf(world, caseId);
    const setKey = (caseId: string, key: string) =>
      sql`update cases set due_key = ${key} where id = ${caseId}`.execute(world.ctx.database.db);
    const rowProblems = async () =>
      (await verifyArchive(world.ctx)).problems.filter((p) => p.kind === 'row_altered');

    before(async () => {
      // Thursday 19 November, 10:00 UTC: both acknowledgements are due by Friday 10:00, the answers in December.
      const w = await startWorldWithOneHeld(engine, '2026-11-19T10:00:00.000Z', mail);
      world = w.world;
      Object.assign(ids, w.ids);
    });
    after(() => world.close());

    it('finds nothing wrong with the keys as the writers left them, sent and held', async () => {
      const sent = await keyOf(ids.sent.caseId);
      assert.equal(sent.due_key, sent.answer_by);
      const held = await keyOf(ids.held.caseId);
      assert.equal(held.due_key, held.acknowledge_by);
      assert.deepEqual(await rowProblems(), []);
    });

    it('names a key left on the acknowledge-by after the acknowledgement went out, and one moved while it is held', async () => {
      const sent = await keyOf(ids.sent.caseId);
      const held = await keyOf(ids.held.caseId);
      await setKey(ids.sent.caseId, sent.acknowledge_by!);
      await setKey(ids.held.caseId, held.answer_by!);
      const problems = await rowProblems();
      assert.deepEqual(
        problems.map((p) => p.stream).sort(),
        [`case:${ids.sent.caseId}`, `case:${ids.held.caseId}`].sort(),
      );
      const detail = (caseId: string) => problems.find((p) => p.stream === `case:${caseId}`)!.detail;
      assert.match(detail(ids.sent.caseId), new RegExp(`due_key \\(stored ${sent.acknowledge_by}, `));
      assert.match(detail(ids.sent.caseId), new RegExp(`${sent.answer_by}\\)`));
      assert.match(detail(ids.held.caseId), new RegExp(`due_key \\(stored ${held.answer_by}, `));
      assert.match(detail(ids.held.caseId), new RegExp(`${held.acknowledge_by}\\)`));
      assert.doesNotMatch(detail(ids.sent.caseId), /due_key_given|acknowledged_at/);
    });

    it('finds nothing wrong again once the keys are put back, and follows the send of the held one', async () => {
      const sent = await keyOf(ids.sent.caseId);
      const held = await keyOf(ids.held.caseId);
      await setKey(ids.sent.caseId, sent.answer_by!);
      await setKey(ids.held.caseId, held.acknowledge_by!);
      assert.deepEqual(await rowProblems(), []);
      mail.state.refusing = false;
      // Friday 11:00: the held e-mail is due to be tried again.
      world.clock.set('2026-11-20T11:00:00.000Z');
      await sendDueMail(world.ctx, mail.transport);
      assert.equal(mail.state.sent, 2);
      assert.equal((await keyOf(ids.held.caseId)).due_key, held.answer_by);
      assert.deepEqual(await rowProblems(), []);
      // Once sent, the acknowledge-by is a stale key for it too.
      await setKey(ids.held.caseId, held.acknowledge_by!);
      assert.deepEqual(
        (await rowProblems()).map((p) => p.stream),
        [`case:${ids.held.caseId}`],
      );
    });
  });
