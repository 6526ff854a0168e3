// A fresh, migrated database for a benchmark (a temporary SQLite file, or a PostgreSQL database created and
// dropped on the local server), and the result line every read benchmark prints.
import { mkdtempSync, readdirSync, rmSync, statfsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, type Engine, openDatabase } from '../../src/adapters/db/database.ts';
import { migrateToLatest } from '../../src/adapters/db/migrate.ts';
import type { Timing } from './stats.ts';

export const PG_ADMIN = process.env.REDRESS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function freshDatabase(
  engine: Engine,
  label: string,
): Promise<{ database: Database; drop(): Promise<void>; disk(): Promise<DiskUse> }> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), `redress-bench-${label}-`));
    const database = await openDatabase(`sqlite:${join(dir, 'bench.db')}`);
    await migrateToLatest(database);
    return {
      database,
      async disk() {
        const sizeBytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
        return { sizeBytes, freeBytes: freeBytesAt(dir) };
      },
      async drop() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `redress_bench_${label.replace(/\W/g, '_')}_${process.pid}`;
  await pgAdmin(`drop database if exists ${name}`);
  await pgAdmin(`create database ${name}`);
  const u = new URL(PG_ADMIN);
  u.pathname = `/${name}`;
  const database = await openDatabase(u.toString());
  await migrateToLatest(database);
  return {
    database,
    async disk() {
      // The data directory is only shown to superusers; the benchmarks connect as one (trust on loopback).
      const size = await sql<{ bytes: string }>`select pg_database_size(current_database()) as bytes`.execute(
        database.db,
      );
      const dataDir = await sql<{ data_directory: string }>`show data_directory`.execute(database.db);
      return {
        sizeBytes: Number(size.rows[0]!.bytes),
        freeBytes: freeBytesAt(dataDir.rows[0]!.data_directory),
      };
    },
    async drop() {
      await database.close();
      await pgAdmin(`drop database if exists ${name} with (force)`);
    },
  };
}

export interface DiskUse {
  /** What the database's files take. */
  sizeBytes: number;
  /** What is left for an unprivileged writer on the disk that holds them. */
  freeBytes: number;
}

function freeBytesAt(path: string): number {
  const fs = statfsSync(path);
  return fs.bavail * fs.bsize;
}

/** One result line: p50, p95 and max in ms, and whether p95 meets the target. */
export function resultLine(label: string, t: Timing, target?: number, width = 46): string {
  const ms = (x: number) => String(x).padStart(7);
  const verdict = target ? (t.p95 <= target ? `  ✓ ≤ ${target}` : `  ✗ > ${target}`) : '';
  return `  ${label.padEnd(width)} p50 ${ms(t.p50)} ms   p95 ${ms(t.p95)} ms   max ${ms(t.max)} ms  (n=${t.n})${verdict}`;
}

/** Runs one statement on the PostgreSQL server's administration database (create or drop a database). */
export async function pgAdmin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: PG_ADMIN });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
