// `redress demo` loads cases at every stage, in three languages, through the real use cases; once only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { loadDemo } from '../../src/app/load-demo.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { ENGINES } from '../support/databases.ts';
import { startWorld, type World } from './support.ts';

for (const engine of ENGINES)
  describe(`demo on ${engine}`, () => {
    let world: World;
    before(async () => {
      world = await startWorld(engine, '2026-11-25T10:00:00.000Z');
    });
    after(() => world.close());

    it('loads cases at every stage in FR, EN and DE, and an inbox item', async () => {
      const r = await loadDemo(world.ctx);
      assert.deepEqual(new Set(r.cases.map((c) => c.language)), new Set(['fr', 'en', 'de']));
      assert.equal(r.inboxItems, 1);
      const rows = await world.ctx.database.db
        .selectFrom('cases')
        .select([
          'kind',
          'step',
          'status',
          'waiting_on_complainant',
          'extensions',
          'letters_to_post',
          'suggestion_status',
        ])
        .execute();
      const has = (p: (c: (typeof rows)[number]) => boolean, what: string) => assert.ok(rows.some(p), what);
      has((c) => c.status === 'received' && c.letters_to_post === 1, 'new, letter to post');
      has(
        (c) => c.status === 'acknowledged' && c.waiting_on_complainant === 0 && c.extensions === 0,
        'acknowledged',
      );
      has((c) => c.waiting_on_complainant === 1, 'waiting on the complainant');
      has((c) => c.extensions === 1, 'extended');
      has((c) => c.status === 'answered', 'answered');
      has((c) => c.step === 2, 'escalated');
      has((c) => c.status === 'closed', 'closed');
      has((c) => c.kind === 'suggestion' && c.suggestion_status === 'forwarded', 'a suggestion');
      const pending = await world.ctx.database.db
        .selectFrom('correspondence')
        .select('id')
        .where('status', '=', 'pending')
        .execute();
      assert.equal(pending.length, 0, 'the examples’ mail is not sent');
      // Marked sent, the acknowledgements count as given: each case's due key has moved on to its answer date, as a
      // real send moves it, and the archive says so (a key left on the acknowledge-by put the examples on top of the
      // "due first" queue, as late, and verify named them).
      const report = await verifyArchive(world.ctx);
      assert.deepEqual(
        report.problems.map((p) => p.detail),
        [],
        'the archive of the examples is intact',
      );
      await assert.rejects(loadDemo(world.ctx), /already holds 9 case/);
    });
  });
