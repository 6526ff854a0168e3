// Test databases on both engines, each made from a template migrated once per schema version, since running
// every migration for every test database was a large share of the suite's time:
// - SQLite: a fresh file in a temporary folder, copied from a migrated file kept in the system's temporary folder.
// - PostgreSQL (127.0.0.1:5432, user postgres, trust; REDRESS_TEST_PG_URL to change): a template database, cloned
//   per test (CREATE DATABASE … TEMPLATE), and dropped at the end. Each template records in its comment when it
//   was last used; one left unused for hours by every branch is dropped when a new one is built, so templates
//   do not pile up on the server as the migrations change.
// The schema version is a digest of the migration files' names AND contents, so that a migration edited in place
// while someone works on it never leaves tests on a stale template.
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, type Engine, openDatabase } from '../../src/adapters/db/database.ts';
import { migrateToLatest } from '../../src/adapters/db/migrate.ts';

export const PG_ADMIN_URL = process.env.REDRESS_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Engines to run contract tests on: both by default; REDRESS_TEST_ENGINES=sqlite to skip PostgreSQL. */
export const ENGINES: Engine[] = (process.env.REDRESS_TEST_ENGINES ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is Engine => s === 'sqlite' || s === 'postgres');

/**
 * Set by `npm test` (scripts/test.ts) for the test files it runs: PostgreSQL test databases are then named after
 * the run and dropped together when the run ends. Each DROP DATABASE forces a PostgreSQL checkpoint, which on a
 * busy machine took seconds per test file; at the end of the run, with nothing else writing, the drops are cheap.
 * A test file run on its own (no run id) drops its databases itself, as before.
 */
export const TEST_RUN_ID = /^[a-z0-9]{1,24}$/.test(process.env.REDRESS_TEST_RUN ?? '')
  ? process.env.REDRESS_TEST_RUN!
  : null;

/** The prefix of the PostgreSQL databases made for a run of `npm test` (dropped by it at the end). */
export function runDatabasePrefix(run: string): string {
  return `redress_t_${run}_`;
}

export interface TestDatabase {
  engine: Engine;
  url: string;
  database: Database;
  /** Closes the connection and removes the database (file or PostgreSQL database). */
  drop(): Promise<void>;
}

export function pgUrl(dbName: string): string {
  const u = new URL(PG_ADMIN_URL);
  u.pathname = `/${dbName}`;
  return u.toString();
}

let version: string | null = null;
function schemaVersion(): string {
  if (version) return version;
  const dir = new URL('../../src/adapters/db/migrations/', import.meta.url);
  const hash = createHash('sha256');
  for (const file of readdirSync(dir).sort()) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(new URL(file, dir)));
    hash.update('\0');
  }
  version = hash.digest('hex').slice(0, 12);
  return version;
}

export async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The prefix of the migrated PostgreSQL templates, one per schema version. */
export const PG_TEMPLATE_PREFIX = 'redress_tmpl_';
/** A template nobody has cloned for this long is dropped when another one is built (it is made again if needed). */
export const PG_TEMPLATE_UNUSED_MS = 6 * 3_600_000;
/** How often a process records that it uses a template: at most once in this time per template. */
const PG_TEMPLATE_MARK_MS = 10 * 60_000;
/** The advisory lock held while a template is built or templates are dropped. */
const TEMPLATE_LOCK = 727274;
const LAST_USED = 'redress test template; last used ';

/** When a template was last cloned, as its comment records it (markTemplateUsed); null when it has none. */
async function recordedUse(admin: pg.Client, name: string): Promise<number | null> {
  const r = await admin.query<{ comment: string | null }>(
    "select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1",
    [name],
  );
  const comment = r.rows[0]?.comment;
  const used = comment?.startsWith(LAST_USED) ? Date.parse(comment.slice(LAST_USED.length)) : Number.NaN;
  return Number.isFinite(used) ? used : null;
}

/** When a template was last used: as recorded, else when it was made (before uses were recorded); null if unknown. */
async function templateLastUsed(admin: pg.Client, name: string): Promise<number | null> {
  const used = await recordedUse(admin, name);
  if (used !== null) return used;
  try {
    // The file every database directory starts with: its time is the database's creation (needs a superuser).
    const made = await admin.query<{ at: Date }>(
      "select (pg_stat_file('base/' || oid::text || '/PG_VERSION')).modification as at from pg_database where datname = $1",
      [name],
    );
    return made.rows[0]?.at.getTime() ?? null;
  } catch {
    return null;
  }
}

/** Records that the template is in use at `now` (in its comment), unless that was recorded a short while before. */
export async function markTemplateUsed(admin: pg.Client, name: string, now = Date.now()): Promise<void> {
  const last = await recordedUse(admin, name);
  if (last !== null && now >= last && now - last < PG_TEMPLATE_MARK_MS) return;
  try {
    await admin.query(`comment on database "${name}" is '${LAST_USED}${new Date(now).toISOString()}'`);
  } catch {
    // Two processes marking at once may collide ("tuple concurrently updated"); one of them recorded it.
  }
}

/**
 * Drops the templates of other schema versions that nobody has cloned for PG_TEMPLATE_UNUSED_MS, and builds that
 * were cut short: without this, every change to the migrations (on any branch) left a template behind for good.
 * Called with the build lock held, so no build of another version is under way. A template still in use by a
 * running test file is recent by definition; one dropped under a process that cached its name is made again
 * there (createTestDatabase). Returns the names dropped.
 */
export async function pruneTemplates(
  admin: pg.Client,
  keep: string,
  now = Date.now(),
  unusedMs = PG_TEMPLATE_UNUSED_MS,
): Promise<string[]> {
  // The build lock (taken again here when the caller holds it: advisory locks count per session).
  await admin.query(`select pg_advisory_lock(${TEMPLATE_LOCK})`);
  try {
    const r = await admin.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1) and datname <> $2',
      [PG_TEMPLATE_PREFIX, keep],
    );
    const dropped: string[] = [];
    for (const { datname: name } of r.rows) {
      if (!/^redress_tmpl_[a-z0-9_]+$/.test(name)) continue;
      if (!name.endsWith('_build')) {
        const last = await templateLastUsed(admin, name);
        if (last === null || now - last < unusedMs) continue;
      }
      try {
        await admin.query(`alter database "${name}" with is_template false`);
        await admin.query(`drop database if exists "${name}" with (force)`);
        dropped.push(name);
      } catch {
        // Being cloned at this very moment: it is in use after all.
      }
    }
    return dropped;
  } finally {
    await admin.query(`select pg_advisory_unlock(${TEMPLATE_LOCK})`);
  }
}

let pgTemplate: Promise<string> | null = null;
/**
 * Ensures the migrated template exists (one per migration set), safe when test files run in parallel, and records
 * that it is in use; building a new one drops the templates nobody has used for a while (pruneTemplates).
 */
function ensurePgTemplate(): Promise<string> {
  pgTemplate ??= (async () => {
    const name = `${PG_TEMPLATE_PREFIX}${schemaVersion()}`;
    await withAdmin(async (admin) => {
      // Found without the lock in the common case; the lock is for the first file of a new schema version.
      const ready = await admin.query('select 1 from pg_database where datname = $1', [name]);
      if (ready.rowCount) {
        await markTemplateUsed(admin, name);
        return;
      }
      await admin.query(`select pg_advisory_lock(${TEMPLATE_LOCK})`);
      try {
        const found = await admin.query('select 1 from pg_database where datname = $1', [name]);
        if (found.rowCount) return;
        const building = `${name}_build`;
        await pruneTemplates(admin, building);
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
        await markTemplateUsed(admin, name);
      } finally {
        await admin.query(`select pg_advisory_unlock(${TEMPLATE_LOCK})`);
      }
    });
    return name;
  })();
  pgTemplate.catch(() => {
    pgTemplate = null;
  });
  return pgTemplate;
}

let sqliteTemplate: Promise<string> | null = null;
/**
 * A migrated SQLite file for this schema version, kept in the system's temporary folder across runs. It is
 * written by VACUUM INTO (one self-contained file, no write-ahead log beside it) under a name of its own, then
 * renamed into place, so that test files starting together never copy a half-written template.
 */
function ensureSqliteTemplate(): Promise<string> {
  sqliteTemplate ??= (async () => {
    const dir = join(tmpdir(), 'redress-test-templates');
    const path = join(dir, `sqlite-${schemaVersion()}.db`);
    if (existsSync(path)) return path;
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const work = mkdtempSync(join(tmpdir(), 'redress-template-'));
    try {
      const database = await openDatabase(`sqlite:${join(work, 'build.db')}`);
      const built = join(dir, `.sqlite-${schemaVersion()}-${randomBytes(6).toString('hex')}.db`);
      try {
        await migrateToLatest(database);
        await sql`vacuum into ${built}`.execute(database.db);
      } finally {
        await database.close();
      }
      // VACUUM INTO creates the file with the process umask; the copies must be owner-only like any database file.
      chmodSync(built, 0o600);
      renameSync(built, path);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
    return path;
  })();
  sqliteTemplate.catch(() => {
    sqliteTemplate = null;
  });
  return sqliteTemplate;
}

let counter = 0;

/**
 * A database of its own for a test, migrated to the latest schema (a copy of a template migrated once per run);
 * `empty`: with no table at all, not even the migrations' ledger, for tests of a migration on a database that an
 * older release wrote (migrate it to the migration before, write what that release wrote, then migrate on).
 */
export async function createTestDatabase(
  engine: Engine,
  { empty = false }: { empty?: boolean } = {},
): Promise<TestDatabase> {
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'redress-test-'));
    const file = join(dir, 'redress.db');
    // The copy keeps the template's owner-only mode; opening it sets the journal mode and pragmas as for any file.
    if (!empty) copyFileSync(await ensureSqliteTemplate(), file);
    const url = `sqlite:${file}`;
    const database = await openDatabase(url);
    // One statement, as the migrations used to run here: Kysely opens its driver on first use and closes only an
    // opened one, so a test that closes the database to see the application meet a closed one needs it open.
    await sql`select 1`.execute(database.db);
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
  const name = `${runDatabasePrefix(TEST_RUN_ID ?? 'solo')}${process.pid}_${Date.now().toString(36)}_${counter++}`;
  // Cloning needs the template to have no other connection; retry briefly while another clone runs. A template
  // dropped since this process found it (unused elsewhere for hours: pruneTemplates) is made again.
  await withAdmin(async (admin) => {
    // A commit then returns without waiting for PostgreSQL to flush its log to disk, a wait that made a large
    // part of a test's time on a busy machine. What the tests see is the same: a transaction is all or nothing
    // and visible to every connection once committed; only a crash of the PostgreSQL server itself could lose
    // the last commits, and no test crashes it (the fault tests cut the network or kill Redress's processes).
    const noFlushWait = () => admin.query(`alter database ${name} set synchronous_commit = off`);
    if (empty) {
      await admin.query(`create database ${name}`);
      await noFlushWait();
      return;
    }
    for (let attempt = 0; ; attempt++) {
      const template = await ensurePgTemplate();
      try {
        await admin.query(`create database ${name} template ${template}`);
        await noFlushWait();
        return;
      } catch (e) {
        const message = (e as Error).message;
        if (attempt > 50) throw e;
        if (/template database .* does not exist/.test(message)) pgTemplate = null;
        else if (!/being accessed by other users/.test(message)) throw e;
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
      if (TEST_RUN_ID) return;
      await withAdmin((admin) => admin.query(`drop database if exists ${name} with (force)`));
    },
  };
}

/**
 * Drops the PostgreSQL databases of a run of `npm test` (those its test files left for the end). The drops go
 * several at a time: each waits for a checkpoint, and PostgreSQL lets waiting drops share one.
 */
export async function dropRunDatabases(run: string): Promise<number> {
  const prefix = runDatabasePrefix(run);
  const names = await withAdmin(async (admin) => {
    const r = await admin.query<{ datname: string }>(
      'select datname from pg_database where starts_with(datname, $1) and not datistemplate',
      [prefix],
    );
    return r.rows.map((row) => row.datname);
  });
  const queue = [...names];
  await Promise.all(
    Array.from({ length: Math.min(8, queue.length) }, () =>
      withAdmin(async (admin) => {
        for (let name = queue.shift(); name; name = queue.shift())
          await admin.query(`drop database if exists "${name}" with (force)`);
      }),
    ),
  );
  return names.length;
}
