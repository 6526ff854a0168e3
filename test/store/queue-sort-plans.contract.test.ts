// A queue sorted by owner or by complainant is read from an index in that order (it stops after a page) rather
// than by sorting every open case of the queue: the query plan of the queue's own query, on both engines. The
// planner's cost choice is taken out of the question by asking whether an index *can* give the order: SQLite's
// plan says when it needs a temporary B-tree for the ORDER BY; PostgreSQL is told to avoid sorting and scanning
// whole tables, and the plan names the index it reads. The seeded archive is small, so cost is not what is tested.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CompiledQuery,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import { type QueueQuery, queueRows } from '../../src/adapters/db/queue.repo.ts';
import type { QueueSortKey } from '../../src/adapters/db/queue-view.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const NOW = '2026-11-23T09:00:00.000Z';

for (const engine of ENGINES)
  describe(`queue sorts read an index on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(async () => {
      await tdb?.drop();
    });

    /** The plan of the step-1 queue's first page in this order, one line per step. */
    const planOf = async (key: QueueSortKey, dir: 'asc' | 'desc'): Promise<string> => {
      const { db } = tdb.database;
      const executor = db.getExecutor();
      let compiled: CompiledQuery | undefined;
      const catching = {
        transformQuery: (args: { node: RootOperationNode; queryId: QueryId }) => {
          compiled = executor.compileQuery(args.node, args.queryId);
          return args.node;
        },
        transformResult: async (args: { result: QueryResult<UnknownRow> }) => args.result,
      };
      const page: QueueQuery = {
        queue: 'step1',
        sort: { key, dir },
        limit: 50,
        offset: 0,
        now: NOW,
        endOfToday: NOW,
        endOfSoon: NOW,
      };
      await queueRows(db.withPlugin(catching), page);
      const q = compiled as CompiledQuery | undefined;
      assert.ok(q, 'the queue asked one query');
      if (engine === 'sqlite') {
        const plan = await db.executeQuery(
          CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
        );
        return plan.rows.map((r) => String((r as { detail: unknown }).detail)).join('\n');
      }
      return db.transaction().execute(async (trx) => {
        await sql`set local enable_sort = off`.execute(trx);
        await sql`set local enable_seqscan = off`.execute(trx);
        const plan = await trx.executeQuery(
          CompiledQuery.raw(`explain (costs off) ${q.sql}`, [...q.parameters]),
        );
        return plan.rows.map((r) => String((r as Record<string, unknown>)['QUERY PLAN'])).join('\n');
      });
    };

    for (const dir of ['asc', 'desc'] as const)
      it(`sorts by owner (${dir}) in the order of an index of the queue's columns`, async () => {
        const plan = await planOf('owner', dir);
        assert.match(plan, dir === 'asc' ? /cases_queue_owner\b(?!_desc)/ : /cases_queue_owner_desc/, plan);
        if (engine === 'sqlite') assert.doesNotMatch(plan, /TEMP B-TREE FOR ORDER BY/, plan);
        else assert.doesNotMatch(plan, /^\s*(->\s*)?Sort\b(?! Key)/m, plan);
      });

    // SQLite keeps its own choice here (its planner walks the queue's open cases and sorts them, which it
    // judges cheaper when few cases are open); PostgreSQL walks complainants by name and stops after a page.
    if (engine === 'postgres')
      for (const dir of ['asc', 'desc'] as const)
        it(`sorts by complainant (${dir}) by walking complainants in the order of their name's index`, async () => {
          const plan = await planOf('complainant', dir);
          assert.match(
            plan,
            dir === 'asc' ? /complainants_sort_name\b(?!_desc)/ : /complainants_sort_name_desc/,
            plan,
          );
          // Only the ties of one complainant's cases are put in order (by case id), not the whole queue.
          assert.match(plan, /Presorted Key: .*complainants\.name.*complainants\.email/, plan);
          assert.doesNotMatch(plan, /^\s*(->\s*)?Sort\b(?! Key)/m, plan);
        });
  });
