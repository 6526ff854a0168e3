// Backing up and restoring the embedded SQLite database (`redress backup FILE`, `redress restore FILE`).
//
// Backup uses `VACUUM INTO` on a connection of its own: it reads one consistent snapshot (a read transaction, which
// in WAL mode never blocks the server's writers nor waits for them) and writes it out compacted. SQLite's online
// backup API would restart its copy each time another connection writes, so on a server that keeps receiving
// mail it might never finish. The copy is written under a temporary name beside the target, created owner-only
// (it holds the same personal data and secrets as the database), checked, and only then renamed into place, so
// a half-written backup is never left under the name asked for.
//
// Restore puts a backup in the place of the configured database. It checks first that the file is a Redress
// database whose migrations this version knows, refuses to replace an existing database unless told to
// (`force`), and refuses, whatever it is told, while a process has the database open: replacing the file under a
// running server would mix its write-ahead log with another database.
import {
  chmodSync,
  closeSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
} from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { partialNameFor, removeStalePartials, renameDurably } from '../os/partial-files.ts';

const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_FOLDER = 0o700;
const SQLITE_HEADER = 'SQLite format 3\0';

/** A backup or restore that cannot be done as asked; the message says why and what to do. */
export class BackupError extends Error {
  readonly code: 'not_a_database' | 'unknown_migration' | 'exists' | 'in_use' | 'failed';
  constructor(code: BackupError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export interface DatabaseSummary {
  /** The last migration applied (the schema level), e.g. `202612040200-reference-pool`. */
  migration: string;
  migrations: number;
  cases: number;
  events: number;
  originals: number;
  bytes: number;
}

/** The migrations this version of Redress knows, by name, in order. */
export function knownMigrations(): string[] {
  return readdirSync(new URL('./migrations/', import.meta.url))
    .filter((f) => /^\d{12}-[a-z0-9-]+\.ts$/.test(f))
    .map((f) => f.replace(/\.ts$/, ''))
    .sort();
}

function temporaryBeside(target: string): string {
  // A backup or restore killed in the middle left its temporary file: gone now, if its process is.
  removeStalePartials(target);
  return partialNameFor(target);
}

function removeQuietly(path: string): void {
  rmSync(path, { force: true });
}

/**
 * Writes a consistent copy of the SQLite database at `source` to `target` (which must not exist), owner-only.
 * Safe while the server runs and writes.
 */
export function backupSqlite(source: string, target: string): DatabaseSummary {
  if (!existsSync(source)) throw new BackupError('not_a_database', `there is no database at ${source}`);
  if (existsSync(target))
    throw new BackupError(
      'exists',
      `${target} already exists; choose a new file name (a backup never overwrites)`,
    );
  const folder = dirname(resolve(target));
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: OWNER_ONLY_FOLDER });
  const partial = temporaryBeside(resolve(target));
  // VACUUM INTO writes into an empty file that exists: created here with the owner-only mode, whatever the umask.
  closeSync(openSync(partial, 'wx', OWNER_ONLY_FILE));
  chmodSync(partial, OWNER_ONLY_FILE);
  try {
    const db = new SqliteDatabase(source, { readonly: true, fileMustExist: true, timeout: 30_000 });
    try {
      db.prepare('vacuum into ?').run(partial);
    } finally {
      db.close();
    }
    const summary = inspectSqlite(partial);
    renameDurably(partial, target);
    return summary;
  } catch (e) {
    removeQuietly(partial);
    if (e instanceof BackupError) throw e;
    throw new BackupError('failed', `the backup failed: ${(e as Error).message}`);
  }
}

function hasSqliteHeader(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(16);
    return readSync(fd, head, 0, 16, 0) === 16 && head.toString('latin1') === SQLITE_HEADER;
  } finally {
    closeSync(fd);
  }
}

/**
 * Checks that `path` is an intact Redress database at a migration level this version knows, and summarises it.
 * Opens it read-only and changes nothing.
 */
export function inspectSqlite(path: string): DatabaseSummary {
  if (!existsSync(path) || !statSync(path).isFile())
    throw new BackupError('not_a_database', `${path} is not a file`);
  if (!hasSqliteHeader(path))
    throw new BackupError('not_a_database', `${path} is not an SQLite database (a Redress backup is one)`);
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    throw new BackupError('not_a_database', `${path} cannot be opened: ${(e as Error).message}`);
  }
  try {
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new BackupError('not_a_database', `${path} is damaged: ${String(check)}`);
    const tables = new Set(
      (db.prepare("select name from sqlite_master where type = 'table'").all() as { name: string }[]).map(
        (r) => r.name,
      ),
    );
    for (const t of ['kysely_migration', 'events', 'streams', 'cases', 'originals'])
      if (!tables.has(t))
        throw new BackupError('not_a_database', `${path} is not a Redress database (it has no "${t}" table)`);
    const applied = (
      db.prepare('select name from kysely_migration order by name').all() as { name: string }[]
    ).map((r) => r.name);
    const known = new Set(knownMigrations());
    const unknown = applied.filter((m) => !known.has(m));
    if (unknown.length)
      throw new BackupError(
        'unknown_migration',
        `${path} was written by a newer Redress (migration ${unknown[0]} is unknown to this version); restore it with the version that made it, or upgrade first`,
      );
    if (!applied.length) throw new BackupError('not_a_database', `${path} has no migration applied`);
    const count = (table: string) =>
      (db.prepare(`select count(*) as n from "${table}"`).get() as { n: number }).n;
    return {
      migration: applied[applied.length - 1]!,
      migrations: applied.length,
      cases: count('cases'),
      events: count('events'),
      originals: count('originals'),
      bytes: statSync(path).size,
    };
  } finally {
    db.close();
  }
}

/**
 * True when some process has the SQLite database at `path` open (a running server, an `ingest`): it then holds
 * a shared lock on the write-ahead log's index, so an exclusive lock cannot be had at once.
 */
export function sqliteInUse(path: string): boolean {
  if (!existsSync(path)) return false;
  let db: SqliteDatabase.Database;
  try {
    db = new SqliteDatabase(path, { timeout: 0, fileMustExist: true });
  } catch {
    return true;
  }
  try {
    db.pragma('locking_mode = exclusive');
    db.exec('begin exclusive');
    db.exec('commit');
    return false;
  } catch {
    return true;
  } finally {
    db.close();
  }
}

/**
 * Puts the backup `file` in the place of the SQLite database at `target`. Refuses a file that is not a Redress
 * database of a known migration level, an existing database unless `force`, and a database in use always.
 */
export function restoreSqlite(file: string, target: string, options: { force: boolean }): DatabaseSummary {
  const summary = inspectSqlite(file);
  const dest = resolve(target);
  if (resolve(file) === dest) throw new BackupError('exists', `${file} is the database itself`);
  const exists = existsSync(dest) && statSync(dest).size > 0;
  if (exists && sqliteInUse(dest))
    throw new BackupError(
      'in_use',
      `the database ${target} is in use (a server or another redress command has it open); stop it and run restore again`,
    );
  if (exists && !options.force)
    throw new BackupError(
      'exists',
      `a database already exists at ${target}; restoring would replace it. Back it up first (redress backup FILE), then restore with --force`,
    );
  const folder = dirname(dest);
  if (!existsSync(folder)) mkdirSync(folder, { recursive: true, mode: OWNER_ONLY_FOLDER });
  const partial = temporaryBeside(dest);
  try {
    copyFileSync(file, partial);
    chmodSync(partial, OWNER_ONLY_FILE);
    inspectSqlite(partial);
    // A -wal or -shm left by the database being replaced (after a crash) belongs to it, not to the backup: SQLite
    // would otherwise replay that log into the restored file.
    for (const suffix of ['-wal', '-shm', '-journal']) removeQuietly(`${dest}${suffix}`);
    renameDurably(partial, dest);
  } catch (e) {
    removeQuietly(partial);
    if (e instanceof BackupError) throw e;
    throw new BackupError('failed', `the restore failed: ${(e as Error).message}`);
  }
  return summary;
}
