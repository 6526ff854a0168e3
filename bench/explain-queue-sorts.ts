// EXPLAIN of the queue's sorted pages on both engines, over a seeded archive (BENCH_EXPLAIN_CASES, default
// 20,000): shows whether a sort reads an index in order or sorts every open case. Run: node bench/explain-queue-sorts.ts
import {
  CompiledQuery,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import type { Engine } from '../src/adapters/db/database.ts';
import { queueRows } from '../src/adapters/db/queue.repo.ts';
import type { QueueSortKey } from '../src/adapters/db/queue-view.repo.ts';
import { freshDatabase } from './support/databases.ts';
import { list, size } from './support/figures.ts';
import { seedCases } from './support/seed-cases.ts';

const CASES = size('BENCH_EXPLAIN_CASES', 20_000, 3_000);
const NOW = '2026-11-23T09:00:00.000Z';
for (const engine of list('BENCH_ENGINES', 'sqlite,postgres') as Engine[]) {
  const { database, drop } = await freshDatabase(engine, 'explain');
  try {
    await seedCases(database, { cases: CASES, withStreams: false, now: NOW });
    await sql`analyze`.execute(database.db);
    const executor = database.db.getExecutor();
    for (const key of ['owner', 'complainant'] as QueueSortKey[])
      for (const dir of ['asc', 'desc'] as const) {
        // The queue's own query, caught as it is compiled, then explained with the same parameters.
        let compiled: CompiledQuery | null = null;
        const catching = {
          transformQuery: (args: { node: RootOperationNode; queryId: QueryId }) => {
            compiled = executor.compileQuery(args.node, args.queryId);
            return args.node;
          },
          transformResult: async (args: { result: QueryResult<UnknownRow> }) => args.result,
        };
        const page = {
          queue: 'step1' as const,
          sort: { key, dir },
          limit: 50,
          offset: 0,
          now: NOW,
          endOfToday: NOW,
          endOfSoon: NOW,
        };
        await queueRows(database.db.withPlugin(catching), page);
        const times: number[] = [];
        for (let i = 0; i < 21; i++) {
          const t0 = performance.now();
          await queueRows(database.db, page);
          times.push(performance.now() - t0);
        }
        times.sort((a, b) => a - b);
        const q = compiled as CompiledQuery | null;
        if (!q) throw new Error('no query caught');
        const prefix =
          engine === 'sqlite' ? 'explain query plan ' : 'explain (analyze, costs off, timing off) ';
        const plan = await database.db.executeQuery(CompiledQuery.raw(prefix + q.sql, [...q.parameters]));
        console.log(
          `\n${engine}, ${CASES} cases, step 1 sorted by ${key} ${dir}: median ${times[10]!.toFixed(2)} ms of 21`,
        );
        for (const row of plan.rows as Array<Record<string, unknown>>)
          console.log(`  ${String(row.detail ?? row['QUERY PLAN'])}`);
      }
  } finally {
    await drop();
  }
}
