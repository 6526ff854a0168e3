// Test databases on both engines. SQLite: a fresh file in a temporary folder. PostgreSQL (127.0.0.1:5432, user
// postgres, trust; REDRESS_TEST_PG_URL to change): a template database migrated once per schema version, then
// cloned per test (CREATE DATABASE … TEMPLATE), and dropped at the end.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, type Engine, openDatabase } from '../../src/adapters/db/database.ts';
import { migrateToLatest } from '../../src/adapters/db/migrate.ts';

export const PG_ADMIN_URL = process.env.REDRESS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Engines to run contract tests on: both by default; REDRESS_TEST_ENGINES=sqlite to skip PostgreSQL. */
export const ENGINES: Engine[] = (process.env.REDRESS_TEST_ENGINES ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is Engine => s === 'sqlite' || s === 'postgres');

export interface TestDatabase {
  engine: Engine;
  url: string;
  database: Database;
  /** Closes the connection and removes the database (file or PostgreSQL database). */
  drop(): Promise<void>;
}

function pgUrl(dbName: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
}

function schemaVersion(): string {
  const dir = new URL('../../src/adapters/db/migrations/', import.meta.url);
  const files = readdirSync(dir).sort().join('\n');
  return createHash('sha256').update(files).digest('hex').slice(0, 12);
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Ensures the migrated template exists (one per migration set), safe when test files run in parallel. */
async function ensureTemplate(): Promise<string> {
  const name = `redress_tmpl_${schemaVersion()}`;
  await withAdmin(async (admin) => {
    await admin.query('select pg_advisory_lock(727274)');
    try {
      const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (found.rowCount) return;
      const building = `${name}_build`;
      await admin.query(`drop database if exists ${building}`);
      await admin.query(`create database ${building}`);
      const database = await openDatabase(pgUrl(building));
      try {
        await migrateToLatest(database);
      } finally {
        await database.close();
      }
      await admin.query(`alter database ${building} rename to ${name}`);
      await admin.query(`alter database ${name} with is_template true`);
    } finally {
      await admin.query('select pg_advisory_unlock(727274)');
    }
  });
  return name;
}

let counter = 0;

export async function createTestDatabase(engine: Engine): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'redress-test-'));
    const url = `sqlite:${join(dir, 'redress.db')}`;
    const database = await openDatabase(url);
    await migrateToLatest(database);
    return {
      engine,
      url,
      database,
      async drop() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const template = await ensureTemplate();
  const name = `redress_t_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  // Cloning needs the template to have no other connection; retry briefly while another clone runs.
  await withAdmin(async (admin) => {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        return;
      } catch (e) {
        if (attempt > 50 || !/being accessed by other users/.test((e as Error).message)) throw e;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
  });
  const url = pgUrl(name);
  const database = await openDatabase(url, { poolSize: 10 });
  return {
    engine,
    url,
    database,
    async drop() {
      await database.close();
      await withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}
