// The sweep finds the open complaints whose stored due key may disagree with the rule (adapters/db/due-key.repo.ts
// dueKeysApart) through the partial index that holds only them (migration 202612062340-due-key-apart), not by
// reading every case each minute. The repository's own query, as it is sent, on SQLite and PostgreSQL; the seeded
// database is small, so PostgreSQL is told not to read whole tables, to show which index serves.
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
import { dueKeysApart } from '../../src/adapters/db/due-key.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

for (const engine of ENGINES)
  describe(`due keys apart from their given key (${engine})`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(() => tdb.drop());

    it('are found through the partial index of the open cases whose key is not the given key', async () => {
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
      assert.deepEqual(await dueKeysApart(db.withPlugin(catching), '', 200), []);
      const q = compiled!;
      const plan = await db.transaction().execute(async (trx) => {
        if (engine === 'sqlite') {
          const rows = await trx.executeQuery(
            CompiledQuery.raw(`explain query plan ${q.sql}`, [...q.parameters]),
          );
          return rows.rows.map((r) => String((r as { detail: unknown }).detail)).join('\n');
        }
        await sql`set local enable_seqscan = off`.execute(trx);
        await sql`set local enable_sort = off`.execute(trx);
        const rows = await trx.executeQuery(
          CompiledQuery.raw(`explain (costs off) ${q.sql}`, [...q.parameters]),
        );
        return rows.rows.map((r) => String((r as Record<string, unknown>)['QUERY PLAN'])).join('\n');
      });
      assert.match(plan, /cases_due_key_apart/, plan);
      if (engine === 'sqlite') assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
      else assert.doesNotMatch(plan, /^\s*(->\s*)?Sort\b/m, plan);
    });
  });
