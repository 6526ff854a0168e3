// Queues and the case view on both engines: due first, working days left, filters (P7.3).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { bulkAct, reassignOpenCases } from '../../src/app/bulk-act.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { getCase } from '../../src/app/get-case.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { openCase } from '../../src/app/open-case.ts';
import { actOnComplainant } from '../../src/app/restrict-complainant.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const input = complaintAt;

for (const engine of ENGINES) {
  describe(`queues on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-11-23T09:00:00.000Z'); // Monday
    const ids: Record<string, string> = {};
    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: { REDRESS_HOLIDAYS: 'DE-BW' } }), tdb.database, { clock });
      ids.overdue = (await openCase(ctx, input('2026-11-02T10:00:00.000Z'))).caseId; // due 2026-11-16
      ids.today = (await openCase(ctx, input('2026-11-09T10:00:00.000Z'))).caseId; // due 2026-11-23
      ids.later = (await openCase(ctx, input('2026-11-20T10:00:00.000Z'))).caseId; // due 2026-12-04
      ids.step2 = (await openCase(ctx, input('2026-11-19T10:00:00.000Z', { step: 2 }))).caseId;
      ids.suggestion = (
        await openCase(ctx, input('2026-11-18T10:00:00.000Z', { kind: 'suggestion', step: null }))
      ).caseId;
      ids.answered = (await openCase(ctx, input('2026-11-10T10:00:00.000Z'))).caseId;
      // Acknowledged: their clock is the answer's (an unacknowledged complaint is due by its acknowledgement).
      for (const id of [ids.overdue, ids.today, ids.later])
        await actOnCase(
          ctx,
          id!,
          { type: 'acknowledge', channel: 'email', correspondenceId: null },
          'user:a',
        );
      await actOnCase(
        ctx,
        ids.answered,
        { type: 'answer', outcome: 'upheld', text: 'ok', remedy: null, correspondenceId: null },
        'user:a',
      );
      await actOnCase(ctx, ids.later, { type: 'assign', to: 'user:anna' }, 'user:lead');
      await actOnCase(
        ctx,
        ids.later,
        { type: 'request_information', missing: ['expectations'], note: null, correspondenceId: null },
        'user:anna',
      );
      const later = await getCase(ctx, ids.later!);
      await actOnComplainant(
        ctx,
        later.state.complainantId,
        {
          type: 'restrict',
          restrictionId: 'r1',
          kind: 'written_only',
          reason: 'Insults',
          reviewBy: '2027-05-01',
          designatedContactId: null,
        },
        'user:lead',
      );
    });
    after(async () => {
      await tdb?.drop();
    });

    it('lists open step-1 cases, due first, with working days left and urgency', async () => {
      const { rows } = await listQueue(ctx, { queue: 'step1' });
      assert.deepEqual(
        rows.map((r) => r.id),
        [ids.overdue, ids.today, ids.later],
      );
      assert.deepEqual(
        rows.map((r) => [r.answerByDate, r.workingDaysLeft, r.urgency]),
        [
          ['2026-11-16', -5, 'overdue'],
          ['2026-11-23', 0, 'today'],
          ['2026-12-04', 9, 'later'],
        ],
      );
    });

    it('has a queue per step, for suggestions and for the owner', async () => {
      assert.deepEqual(
        (await listQueue(ctx, { queue: 'step2' })).rows.map((r) => r.id),
        [ids.step2],
      );
      assert.deepEqual(
        (await listQueue(ctx, { queue: 'suggestions' })).rows.map((r) => r.id),
        [ids.suggestion],
      );
      assert.deepEqual(
        (await listQueue(ctx, { queue: 'mine', userId: 'user:anna' })).rows.map((r) => r.id),
        [ids.later],
      );
      assert.deepEqual(
        (await listQueue(ctx, { queue: 'step1', status: 'answered' })).rows.map((r) => r.id),
        [ids.answered],
      );
    });

    it('filters by due, waiting on the complainant and restriction', async () => {
      assert.deepEqual(
        (await listQueue(ctx, { queue: 'step1', due: 'overdue' })).rows.map((r) => r.id),
        [ids.overdue],
      );
      assert.deepEqual(
        (await listQueue(ctx, { queue: 'step1', due: 'today' })).rows.map((r) => r.id),
        [ids.today],
      );
      assert.deepEqual(
        (await listQueue(ctx, { queue: 'step1', waiting: true })).rows.map((r) => r.id),
        [ids.later],
      );
      assert.deepEqual(
        (await listQueue(ctx, { queue: 'step1', restricted: true })).rows.map((r) => r.id),
        [ids.later],
      );
    });

    it('pages with hasMore', async () => {
      const first = await listQueue(ctx, { queue: 'all', status: 'all', limit: 2 });
      assert.equal(first.rows.length, 2);
      assert.equal(first.hasMore, true);
      const last = await listQueue(ctx, { queue: 'all', status: 'all', limit: 2, offset: 4 });
      assert.equal(last.hasMore, false);
    });

    it('shows a case with its timeline, complainant, restrictions and linked cases', async () => {
      const view = await getCase(ctx, ids.later!);
      assert.deepEqual(
        view.events.map((e) => e.type),
        ['case_received', 'acknowledged', 'assigned', 'information_requested'],
      );
      assert.equal(view.complainant?.restrictions[0]?.kind, 'written_only');
      assert.equal(view.state.waitingOnComplainant, true);
      const step2 = await getCase(ctx, ids.step2!);
      assert.equal(step2.state.warning, 'no_step1_case', 'a different complainant: no step-1 case to link');
    });
  });
}

for (const engine of ENGINES) {
  describe(`bulk actions on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(loadConfig({ env: {} }), tdb.database, {
        clock: fixedClock('2026-11-23T09:00:00.000Z'),
      });
    });
    after(async () => {
      await tdb?.drop();
    });

    it('assigns and categorises many cases, skipping what does not change, and reassigns when someone is away', async () => {
      const ids = [];
      for (let i = 0; i < 4; i++)
        ids.push((await openCase(ctx, input(`2026-11-1${i}T10:00:00.000Z`))).caseId);
      await actOnCase(ctx, ids[0]!, { type: 'assign', to: 'user:bob' }, 'user:lead');
      const r = await bulkAct(ctx, [...ids, 'no-such-case'], { type: 'assign', to: 'user:bob' }, 'user:lead');
      assert.deepEqual(r.changed, ids.slice(1));
      assert.deepEqual(r.skipped.map((s) => s.code).sort(), ['case_not_found', 'same_value']);
      const cat = await bulkAct(ctx, ids, { type: 'categorise', category: 'billing' }, 'user:lead');
      assert.equal(cat.changed.length, 4);
      await actOnCase(ctx, ids[3]!, { type: 'close', reason: 'withdrawn' }, 'user:bob');
      const away = await reassignOpenCases(ctx, 'user:bob', 'user:carol', 'user:lead');
      assert.deepEqual(away.changed.sort(), ids.slice(0, 3).sort());
      assert.deepEqual((await listQueue(ctx, { queue: 'mine', userId: 'user:carol' })).rows.length, 3);
    });
  });
}
