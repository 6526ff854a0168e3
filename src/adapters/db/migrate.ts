// Kysely migrations with timestamped files in ./migrations (YYYYMMDDHHMM-name.ts). Each file exports
// `up(db, engine)` (and optionally `down`); the engine lets a migration pick a column type (BLOB/BYTEA).
import { readdirSync } from 'node:fs';
import type { Kysely } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';
import type { Database, Engine } from './database.ts';

const MIGRATIONS_DIR = new URL('./migrations/', import.meta.url);

interface MigrationModule {
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
  down?(db: Kysely<unknown>, engine: Engine): Promise<void>;
}

class FileMigrationProvider implements MigrationProvider {
  readonly #engine: Engine;
  constructor(engine: Engine) {
    this.#engine = engine;
  }
  async getMigrations(): Promise<Record<string, Migration>> {
    const engine = this.#engine;
    const files = readdirSync(MIGRATIONS_DIR)
      .filter((f) => /^\d{12}-[a-z0-9-]+\.ts$/.test(f))
      .sort();
    const out: Record<string, Migration> = {};
    for (const file of files) {
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
}

/** Brings the schema up to date. Safe to run from several processes at once (Kysely takes a lock). */
export async function migrateToLatest(database: Database): Promise<MigrateResult> {
  const migrator = new Migrator({ db: database.db, provider: new FileMigrationProvider(database.engine) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName;
    throw new Error(`migration ${failed ?? ''} failed: ${(error as Error).message ?? String(error)}`);
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
