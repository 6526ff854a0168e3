// The plan a database chooses for a query, as text, for the tests that check that an index serves a query (a
// repository's own query, caught as it is sent, or a statement written out): SQLite's `explain query plan`, one
// line per step; PostgreSQL's `explain`, where a small test table is cheapest to read whole, so the planner is
// told not to (and, with `noSort`, not to sort) to show which index would serve on a large one.
import {
  CompiledQuery,
  type Kysely,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import type { Engine } from '../../src/adapters/db/database.ts';
import type { DB } from '../../src/adapters/db/schema.ts';

/** The last query `run` sends through the database it is given, compiled as it is sent. */
export async function lastQueryOf(
  db: Kysely<DB>,
  run: (db: Kysely<DB>) => Promise<unknown>,
): Promise<CompiledQuery> {
  const executor = db.getExecutor();
  let compiled: CompiledQuery | undefined;
  await run(
    db.withPlugin({
      transformQuery: (args: { node: RootOperationNode; queryId: QueryId }) => {
        compiled = executor.compileQuery(args.node, args.queryId);
        return args.node;
      },
      transformResult: async (args: { result: QueryResult<UnknownRow> }) => args.result,
    }),
  );
  if (!compiled) throw new Error('no query was sent');
  return compiled;
}

/** The plan of `query` on `engine`, one step a line. */
export function planOf(
  db: Kysely<DB>,
  engine: Engine,
  query: { sql: string; parameters: readonly unknown[] },
  options: { noSort?: boolean } = {},
): Promise<string> {
  return db.transaction().execute(async (trx) => {
    if (engine === 'sqlite') {
      const rows = await trx.executeQuery<{ detail: string }>(
        CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]),
      );
      return rows.rows.map((r) => r.detail).join('\n');
    }
    await sql`set local enable_seqscan = off`.execute(trx);
    if (options.noSort) await sql`set local enable_sort = off`.execute(trx);
    const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>(
      CompiledQuery.raw(`explain (costs off) ${query.sql}`, [...query.parameters]),
    );
    return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

/** A statement written with `?` placeholders, in the form `planOf` takes on `engine` ($1, $2 … on PostgreSQL). */
export function statementFor(
  engine: Engine,
  text: string,
  parameters: readonly unknown[],
): { sql: string; parameters: readonly unknown[] } {
  let n = 0;
  return { sql: engine === 'postgres' ? text.replace(/\?/g, () => `$${++n}`) : text, parameters };
}
