// The list behind a report figure narrowed to "not set" (owner, category or outcome `_none`) reads only the cases
// without a value when they are few, on both engines: the plan of the queue's own drill-down query (every status,
// the complaints received in a year, newest first) names the partial index of that dimension's cases without a
// value (migration 202612061500-queue-not-set-indexes) rather than walking the receipt date's index through every
// case of the year. The archive is seeded, then its older year worked through as in service: every case of it
// owned, categorised and answered, so that "not set" is rare there. The lists also hold exactly the cases without
// a value.
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
import { seedCases } from '../../bench/support/seed-cases.ts';
import { type QueueQuery, queueRows } from '../../src/adapters/db/queue.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const NOW = '2026-11-23T09:00:00.000Z';
const FROM = '2025-01-01T00:00:00.000Z';
const BEFORE = '2026-01-01T00:00:00.000Z';

for (const engine of ENGINES)
  describe(`"not set" drill-down plans on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
      const { db } = tdb.database;
      await seedCases(tdb.database, { cases: 3000, withStreams: false, now: NOW });
      // The older year worked through; a handful of cases of it left without a value in each dimension.
      const older = sql`received_at >= ${FROM} and received_at < ${BEFORE}`;
      await sql`update cases set owner_id = 'user:agent-1' where owner_id is null and ${older}`.execute(db);
      await sql`update cases set category = 'billing' where category is null and ${older}`.execute(db);
      await sql`update cases set owner_id = null, category = null, outcome = null
        where id in ('case-600', 'case-900', 'case-1200')`.execute(db);
      await sql`analyze`.execute(db);
    });
    after(async () => {
      await tdb?.drop();
    });

    /** The drill-down list's query and its plan, one line per step. */
    const listed = async (over: Partial<QueueQuery>): Promise<{ ids: string[]; plan: string }> => {
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
      const query: QueueQuery = {
        queue: 'all',
        status: 'all',
        kind: 'complaint',
        receivedFrom: FROM,
        receivedBefore: BEFORE,
        engine,
        limit: 50,
        offset: 0,
        now: NOW,
        endOfToday: NOW,
        endOfSoon: NOW,
        ...over,
      };
      const rows = await queueRows(db.withPlugin(catching), query);
      const q = compiled as CompiledQuery | undefined;
      assert.ok(q, 'the list asked one query');
      const explain = engine === 'sqlite' ? 'explain query plan ' : 'explain ';
      const plan = await db.executeQuery(CompiledQuery.raw(explain + q.sql, [...q.parameters]));
      return {
        ids: rows.map((r) => r.id).sort(),
        plan: plan.rows
          .map((r) =>
            String((r as Record<string, unknown>).detail ?? (r as Record<string, unknown>)['QUERY PLAN']),
          )
          .join('\n'),
      };
    };

    for (const [dimension, filter, index] of [
      ['owner', { ownerId: null }, 'cases_unowned'],
      ['category', { category: null }, 'cases_uncategorised'],
      ['outcome', { outcome: null }, 'cases_unanswered'],
    ] as const)
      it(`lists the cases of a year with ${dimension} not set from ${index}`, async () => {
        const { ids, plan } = await listed(filter);
        assert.deepEqual(ids, ['case-1200', 'case-600', 'case-900']);
        assert.match(plan, new RegExp(`\\b${index}\\b`), plan);
      });
  });
