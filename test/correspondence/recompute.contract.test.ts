// A calendar change moves open cases' deadlines only through recorded events, after a preview (P4.2).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { calendarFromConfig } from '../../src/adapters/calendar/calendar.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { applyDeadlineRecompute, previewDeadlineRecompute } from '../../src/app/recompute-deadlines.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, startWorld, type World } from './support.ts';

for (const engine of ENGINES)
  describe(`recomputing deadlines after a calendar change on ${engine}`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(engine, '2026-11-20T10:00:00.000Z');
    });
    after(() => world.close());

    it('previews what moves, then records it on each open case not yet told its answer date', async () => {
      // Over the automatic-mail limit: not acknowledged yet, so nobody has been told its answer date.
      const open = await mailIn(world, {
        from: 'o@example.net',
        name: 'O',
        language: 'en',
        subject: 'Open',
        messageId: '<o@x>',
        autoReply: 'flood_limited',
      });
      // Acknowledged at once: the acknowledgement told the complainant the date, and it stays.
      const told = await mailIn(world, {
        from: 'q@example.net',
        name: 'Q',
        language: 'en',
        subject: 'Told',
        messageId: '<q@x>',
      });
      const answered = await mailIn(world, {
        from: 'p@example.net',
        name: 'P',
        language: 'en',
        subject: 'Done',
        messageId: '<p@x>',
      });
      await answerCase(world.ctx, answered.caseId, {
        outcome: 'upheld',
        text: 'Yes.',
        remedy: null,
        actor: 'user:a',
      });
      // The organisation adds a closure day on Monday 30 November.
      const calendar = calendarFromConfig({ ...world.config, closureDays: ['2026-11-30'] });
      const preview = await previewDeadlineRecompute(world.ctx, calendar);
      assert.deepEqual(
        preview.map((m) => [m.reference, m.from.answerByDate, m.to.answerByDate]),
        [[open.reference, '2026-12-04', '2026-12-07']],
      );
      // Nothing has moved yet.
      let state = (await inTransaction(world.ctx, (agg) => agg.loadCase(open.caseId))).state!;
      assert.equal(state.deadline!.answerByDate, '2026-12-04');
      const moved = await applyDeadlineRecompute(world.ctx, {
        reason: 'closure day 2026-11-30',
        actor: 'user:admin',
        calendar,
      });
      assert.equal(moved.length, 1);
      state = (await inTransaction(world.ctx, (agg) => agg.loadCase(open.caseId))).state!;
      assert.equal(state.deadline!.answerByDate, '2026-12-07');
      assert.equal(state.originalDeadline!.answerByDate, '2026-12-04');
      const toldState = (await inTransaction(world.ctx, (agg) => agg.loadCase(told.caseId))).state!;
      assert.ok(toldState.acknowledgedAt);
      assert.equal(toldState.deadline!.answerByDate, '2026-12-04');
      const events = await world.ctx.database.db
        .selectFrom('events')
        .select(['type', 'actor', 'payload'])
        .where('stream', '=', `case:${open.caseId}`)
        .where('type', '=', 'deadlines_recomputed')
        .execute();
      assert.equal(events.length, 1);
      assert.equal(events[0]!.actor, 'user:admin');
      assert.deepEqual(await previewDeadlineRecompute(world.ctx, calendar), []);
    });
  });
