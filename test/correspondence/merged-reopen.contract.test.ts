// A duplicate merged into another case stays closed at every door (P4.1, P4.3): reopening it through the one
// rule (src/core/case/case.ts) was accepted, which gave it its old deadline back, so the queue showed the same
// complaint twice, once late, and it could be extended under the duplicate's reference.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { extendCase } from '../../src/app/extend-case.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { mergeCases } from '../../src/app/merge-cases.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { ENGINES } from '../support/databases.ts';
import { mailIn, startWorld, type World } from './support.ts';

const refusedAsMerged = (e: unknown) =>
  e instanceof DomainError && e.code === 'case_closed' && e.details.context === 'merged';

for (const engine of ENGINES)
  describe(`a merged duplicate stays closed (${engine})`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(engine, '2026-11-20T10:00:00.000Z');
    });
    after(() => world.close());

    it('refuses reopening or extending it, saying to act on the case that remains; the queue shows one case', async () => {
      const first = await mailIn(world, {
        from: 'm@example.net',
        name: 'M',
        language: 'en',
        subject: 'Site down',
        messageId: '<m1@x>',
      });
      world.clock.set('2026-11-23T10:00:00.000Z');
      const dup = await mailIn(world, {
        from: 'm@example.net',
        name: 'M',
        language: 'en',
        subject: 'Site down (again)',
        messageId: '<m2@x>',
      });
      await mergeCases(world.ctx, first.caseId, dup.caseId, 'user:a');
      await assert.rejects(
        actOnCase(world.ctx, dup.caseId, { type: 'reopen', reason: 'Opened by mistake.' }, 'user:a'),
        refusedAsMerged,
      );
      await assert.rejects(
        extendCase(world.ctx, dup.caseId, {
          reason: 'An expert must look.',
          windowStart: '2026-12-08',
          windowEnd: '2026-12-10',
          actor: 'user:a',
        }),
        refusedAsMerged,
      );
      const { rows } = await listQueue(world.ctx, { queue: 'all' });
      assert.deepEqual(
        rows.filter((r) => r.id === first.caseId || r.id === dup.caseId).map((r) => r.id),
        [first.caseId],
      );
    });
  });
