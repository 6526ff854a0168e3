// Kysely migrations with timestamped files in ./migrations (YYYYMMDDHHMM-name.ts). Each file exports
// `up(db, engine)` (and optionally `down`); the engine lets a migration pick a column type (BLOB/BYTEA).
import { readdirSync } from 'node:fs';
import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, type MigrationResultSet, Migrator } from 'kysely/migration';
import type { Database, Engine } from './database.ts';
import {
  dueFills,
  type FillListener,
  type FillOptions,
  type FillReport,
  runDueFills,
} from './migration-fills.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

interface MigrationModule {
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
  down?(db: Kysely<unknown>, engine: Engine): Promise<void>;
}

function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((f) => /^\d{12}-[a-z0-9-]+\.ts$/.test(f))
    .sort();
}

/** The migrations this release knows, by name (readiness checks that each is applied). */
export function migrationNames(): string[] {
  return migrationFiles().map((f) => f.replace(/\.ts$/, ''));
}

export interface MigrationState {
  /** Migrations of this release not yet applied to the database, or whose fill is still due (migration-fills.ts). */
  missing: string[];
  /** Migrations applied to the database that this release does not know (a newer release ran them). */
  unknown: string[];
}

/** Compares the migrations applied to the database with those of this release. */
export async function migrationState(database: Database): Promise<MigrationState> {
  const known = migrationNames();
  let applied: string[];
  try {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(database.db);
    applied = rows.rows.map((r) => r.name);
  } catch (e) {
    // A new database has no migration table yet; anything else (unreachable) is for the caller.
    const tables = await database.db.introspection.getTables();
    if (tables.some((t) => t.name === 'kysely_migration')) throw e;
    applied = [];
  }
  const due = new Set(await dueFills(database));
  const done = new Set(applied.filter((n) => !due.has(n)));
  const mine = new Set(known);
  return { missing: known.filter((n) => !done.has(n)), unknown: applied.filter((n) => !mine.has(n)) };
}

class FileMigrationProvider implements MigrationProvider {
  readonly #engine: Engine;
  constructor(engine: Engine) {
    this.#engine = engine;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    const engine = this.#engine;
    const out: Record<string, Migration> = {};
    for (const file of migrationFiles()) {
      const mod = (await import(new URL(file, MIGRATIONS_DIR).href)) as MigrationModule;
      out[file.replace(/\.ts$/, '')] = {
        up: (db) => mod.up(db, engine),
        ...(mod.down ? { down: (db: Kysely<unknown>) => mod.down!(db, engine) } : {}),
      };
    }
    return out;
  }
}

export interface MigrateResult {
  applied: string[];
  /** The fills this process ran after the migrations (migration-fills.ts), with the rows each read. */
  filled: FillReport[];
}

/**
 * Brings the schema up to date, then runs the fills due after their migration (migration-fills.ts). Safe to run
 * from several processes at once: the migrations run in one transaction that holds a lock (Kysely's advisory lock
 * on PostgreSQL, the write lock on SQLite), a lease keeps the fills to one process, and each waits for the other.
 * `fills`: what to tell of the fills, their piece size and a call after each piece (tests); null to leave them to
 * another process (the mail pipe, which must store its message within its time).
 */
export async function migrateToLatest(
  database: Database,
  fills: (FillOptions & FillListener) | null = {},
): Promise<MigrateResult> {
  return migrateWith(database, (migrator) => migrator.migrateToLatest(), fills);
}

/**
 * Brings the schema up to `name` and no further, without running the fills due (tests: a database as an older
 * release left it, or as a process stopped during a fill left it).
 */
export async function migrateTo(database: Database, name: string): Promise<MigrateResult> {
  return migrateWith(database, (migrator) => migrator.migrateTo(name), null);
}

async function migrateWith(
  database: Database,
  run: (migrator: Migrator) => Promise<MigrationResultSet>,
  fills: (FillOptions & FillListener) | null,
): Promise<MigrateResult> {
  const migrator = new Migrator({ db: database.db, provider: new FileMigrationProvider(database.engine) });
  const { error, results } = await run(migrator);
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
  const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  return { applied, filled: fills ? await runDueFills(database, fills) : [] };
}
