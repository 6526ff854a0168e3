// The system under test: one database per engine (migrated once), emptied between sequences, and a fresh
// application context on it for each sequence with a clock the commands move.
import { sql } from 'kysely';
import type { Engine } from '../../src/adapters/db/database.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

export interface System {
  engine: Engine;
  test: TestDatabase;
  /** The configuration before any setting changed (settings are stored in the database, emptied each time). */
  base: Config;
  ctx: AppContext;
  clock: ReturnType<typeof fixedClock>;
}

export interface Bench {
  engine: Engine;
  test: TestDatabase;
  tables: string[];
  /** Empties the database and starts a new context at `start`. */
  fresh(start: string): Promise<System>;
  close(): Promise<void>;
}

export async function openBench(engine: Engine): Promise<Bench> {
  const test = await createTestDatabase(engine);
  const { db } = test.database;
  const found = await db.introspection.getTables();
  // Everything but the migration bookkeeping; SQLite's full-text index is emptied through its own command (its
  // shadow tables are not deleted from by hand).
  const tables = found
    .map((t) => t.name)
    .filter((n) => !/^kysely_migration/.test(n) && !/^sqlite_/.test(n))
    .filter((n) => engine !== 'sqlite' || !/_fts(_|$)/.test(n));
  const fts = engine === 'sqlite' ? found.map((t) => t.name).filter((n) => /_fts$/.test(n)) : [];
  const base = loadConfig({ env: {}, cwd: '/nonexistent', overrides: {} });
  // The rows a migrated database starts with (the audit log's head, the search indexer's position): put back
  // after each emptying, so that every sequence starts from a freshly migrated database.
  const seeded: Array<{ table: string; rows: Record<string, unknown>[] }> = [];
  for (const t of tables) {
    const rows = (await sql.raw(`select * from "${t}"`).execute(db)).rows as Record<string, unknown>[];
    if (rows.length) seeded.push({ table: t, rows });
  }
  return {
    engine,
    test,
    tables,
    async fresh(start: string) {
      // Deleting is far quicker than TRUNCATE on tables this small (PostgreSQL), and than a new file (SQLite).
      await db.transaction().execute(async (trx) => {
        for (const t of tables) await sql.raw(`delete from "${t}"`).execute(trx);
        for (const f of fts) await sql.raw(`insert into "${f}"("${f}") values('delete-all')`).execute(trx);
        for (const { table, rows } of seeded)
          await trx
            .insertInto(table as never)
            .values(rows as never)
            .execute();
      });
      const clock = fixedClock(start);
      const ctx = createAppContext(base, test.database, { clock });
      return { engine, test, base, ctx, clock };
    },
    close: () => test.drop(),
  };
}
