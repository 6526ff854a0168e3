// Opens the database named by a URL: `sqlite:PATH` (embedded, default) or `postgres://…` (scale-out).
// One Kysely code path on both engines. Conventions that hold in every table:
// - instants are TEXT, ISO 8601 UTC with `Z` and milliseconds (they sort as text);
// - booleans are INTEGER 0/1; JSON documents are TEXT; binary originals are BLOB / BYTEA (a Buffer either way).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  Kysely,
  PostgresDialect,
  SqliteAdapter,
  SqliteDialect,
  SqliteDriver,
  type Transaction,
} from 'kysely';
import type pg from 'pg';
import { type Checkpointer, startCheckpointer } from './checkpointer.ts';
import type { DB } from './schema.ts';

export type Engine = 'sqlite' | 'postgres';

/** The database handle a use case passes on (a transaction or the pool), without naming the query builder. */
export type Db = Kysely<DB>;

export interface Database {
  readonly engine: Engine;
  readonly db: Db;
  /** Runs `fn` in one transaction: `BEGIN IMMEDIATE` on SQLite (writers queue on the busy timeout, never SQLITE_BUSY). */
  transaction<T>(fn: (trx: Transaction<DB>) => Promise<T>): Promise<T>;
  /**
   * A server on SQLite only (background checkpoints): writes `bytes`, a view of a shared buffer, as the chunks of
   * an original on the background thread, each chunk committed on its own (checkpointer.ts); resolves with their
   * SHA-256. Undefined where there is no such thread.
   */
  writeChunks?(bytes: Uint8Array, chunkBytes: number): Promise<string>;
  close(): Promise<void>;
}

/**
 * PostgreSQL: the connections of a transaction's database for short statements that commit on their own, apart
 * from that transaction (reference numbers, aggregates.repo.ts). A pool of its own, so that transactions holding
 * every connection of the main pool never wait for each other's. Undefined on SQLite and outside transactions.
 */
const outsideOf = new WeakMap<Kysely<DB>, Kysely<DB>>();
export function outsideTransaction(trx: Kysely<DB>): Kysely<DB> | undefined {
  return outsideOf.get(trx);
}

/** A temporary fault (database unreachable or locked past the timeout): the caller should retry later (EX_TEMPFAIL). */
export class DatabaseUnavailableError extends Error {
  readonly code = 'database_unavailable';
}

/**
 * pg, loaded when a PostgreSQL database is opened: a server on SQLite never needs it, and would hold its code in
 * memory for nothing.
 */
let pgModule: Promise<typeof pg> | null = null;
function loadPg(): Promise<typeof pg> {
  pgModule ??= import('pg').then(({ default: loaded }) => {
    // int8 and count(*) come back as strings from pg; our counts and sequence numbers fit in a double.
    loaded.types.setTypeParser(20, (v) => Number.parseInt(v, 10));
    loaded.types.setTypeParser(1700, (v) => Number.parseFloat(v));
    return loaded;
  });
  return pgModule;
}

class ImmediateSqliteDriver extends SqliteDriver {
  readonly #database: SqliteDatabase.Database;
  constructor(database: SqliteDatabase.Database) {
    super({ database });
    this.#database = database;
  }
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
  /**
   * SQLite rolls a transaction back by itself on some errors (the disk full, an I/O error, out of memory) before
   * the error reaches the caller. Kysely then rolls back too, and the "cannot rollback - no transaction is active"
   * that SQLite answers would replace the error that ended the transaction: a full disk, which every door reads as
   * "try again later", would read as a fault of the message. Nothing left to roll back: nothing is done.
   */
  override async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    if (!this.#database.inTransaction) return;
    await super.rollbackTransaction(connection);
  }
}

/**
 * Kysely runs SQLite's migrations outside any transaction and without a lock (its adapter says that SQLite cannot
 * change its schema in a transaction, which it can). A process stopped in the middle of a migration then left it half
 * done (a column added, the migration not recorded), and every start after failed on it; two processes migrating
 * at once (a server starting while the mail pipe runs) applied the same migration twice. Said here: a release's
 * migrations run in one `BEGIN IMMEDIATE` transaction, which holds the write lock from its first statement, so a
 * second process waits for the first and then finds them applied, and a migration is applied whole or not at all.
 */
class TransactionalDdlSqliteAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #database: SqliteDatabase.Database;
  constructor(database: SqliteDatabase.Database) {
    super({ database });
    this.#database = database;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(withStatementCache(this.#database));
  }
  override createAdapter(): SqliteAdapter {
    return new TransactionalDdlSqliteAdapter();
  }
}

/** better-sqlite3 prepares a statement per query in Kysely's driver; caching them by SQL text saves most of that. */
function withStatementCache(database: SqliteDatabase.Database): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = (source: string) => {
    let stmt = cache.get(source);
    if (!stmt) {
      stmt = database.prepare(source);
      if (cache.size > 1000) cache.delete(cache.keys().next().value!);
      cache.set(source, stmt);
    }
    return stmt;
  };
  return new Proxy(database, {
    get(target, prop, receiver) {
      if (prop === 'prepare') return prepare;
      const value = Reflect.get(target, prop, receiver);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

export interface OpenOptions {
  /** SQLite busy timeout in ms (default 30 s): how long a writer waits for another process's transaction. */
  busyTimeoutMs?: number;
  /** SQLite `synchronous`: NORMAL (default; WAL survives a killed process) or FULL (also survives a power cut). */
  synchronous?: 'NORMAL' | 'FULL';
  /** PostgreSQL pool size (default 10). */
  poolSize?: number;
  /**
   * PostgreSQL: how long making a connection, or waiting for a free one of the pool, may take before it fails
   * (default 10 s). A network that drops packets gives no error; without a limit the wait has no end.
   */
  connectTimeoutMs?: number;
  /**
   * SQLite: checkpoint the write-ahead log on a background thread instead of inside commits (checkpointer.ts).
   * For the long-running server; short-lived processes keep SQLite's automatic checkpoints.
   */
  backgroundCheckpoints?: boolean;
  /** Told when an existing SQLite file was readable by others and has been tightened (default: a process warning). */
  notice?: (message: string) => void;
}

export function sqlitePathOf(url: string): string {
  return url.replace(/^sqlite:(\/\/)?/, '');
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  if (url.startsWith('sqlite:')) return openSqlite(sqlitePathOf(url), options);
  if (/^postgres(ql)?:\/\//.test(url)) return openPostgres(url, options);
  throw new Error(
    `unsupported database URL ${JSON.stringify(url)}: use sqlite:PATH or postgres://user@host:5432/db`,
  );
}

/** Owner-only modes for the SQLite files and the folder Redress creates for them. */
const OWNER_ONLY_FILE = 0o600;
const OWNER_ONLY_FOLDER = 0o700;

/**
 * The database holds personal data, password hashes and the server's secrets, so its files are readable by the
 * owner only, whatever the process umask: a missing folder is created 0700 (an existing one is left alone: it
 * may be a shared working directory), the file is created 0600 before SQLite opens it, and an existing file
 * that others may read is tightened, with a notice. SQLite gives the -wal and -shm files the main file's mode;
 * ones left by an older version are tightened too.
 */
function protectSqliteFiles(path: string, notice: (message: string) => void): void {
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) {
    const created = mkdirSync(folder, { recursive: true, mode: OWNER_ONLY_FOLDER });
    // mkdir applies the umask, and the parents it made in between get the default mode: set the new ones.
    if (created)
      for (let dir = folder; dir.length >= resolve(created).length; dir = dirname(dir))
        chmodSync(dir, OWNER_ONLY_FOLDER);
  }
  if (!existsSync(path)) closeSync(openSync(path, 'a', OWNER_ONLY_FILE));
  tighten(path, notice);
}

function tighten(file: string, notice: (message: string) => void): void {
  if (!existsSync(file)) return;
  const mode = statSync(file).mode & 0o777;
  if ((mode & 0o077) === 0) return;
  chmodSync(file, mode & 0o700);
  notice(
    `${file} could be read by other users of this machine (mode ${mode.toString(8)}); it holds personal data and secrets, so it is now readable by its owner only (${(mode & 0o700).toString(8)})`,
  );
}

function openSqlite(path: string, options: OpenOptions): Database {
  const memory = path === ':memory:' || path === '';
  const notice = options.notice ?? ((m: string) => process.emitWarning(m, 'RedressWarning'));
  if (!memory) protectSqliteFiles(path, notice);
  let raw: SqliteDatabase.Database;
  try {
    raw = new SqliteDatabase(memory ? ':memory:' : path, { timeout: options.busyTimeoutMs ?? 30_000 });
  } catch (e) {
    throw new DatabaseUnavailableError(`cannot open SQLite database ${path}: ${(e as Error).message}`);
  }
  raw.pragma('journal_mode = WAL');
  if (!memory) for (const suffix of ['-wal', '-shm']) tighten(`${path}${suffix}`, notice);
  raw.pragma(`synchronous = ${options.synchronous ?? 'NORMAL'}`);
  raw.pragma('foreign_keys = ON');
  raw.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 30_000}`);
  // 16 MiB of page cache instead of SQLite's 2 MiB: the upper levels of every index stay in memory.
  raw.pragma('cache_size = -16384');
  let checkpointer: Checkpointer | null = null;
  if (options.backgroundCheckpoints && !memory) {
    raw.pragma('wal_autocheckpoint = 0');
    checkpointer = startCheckpointer(
      path,
      (error) => {
        // The thread stopped: checkpoints go back into commits, so the log cannot grow without bound.
        if (raw.open) raw.pragma('wal_autocheckpoint = 1000');
        process.emitWarning(
          `SQLite checkpoints run inside commits again: ${error.message}`,
          'RedressWarning',
        );
      },
      { synchronous: options.synchronous ?? 'NORMAL', busyTimeoutMs: options.busyTimeoutMs ?? 30_000 },
    );
  }
  const db = new Kysely<DB>({ dialect: new ImmediateSqliteDialect(raw) });
  const background = checkpointer;
  return {
    engine: 'sqlite',
    db,
    transaction: background
      ? async (fn) => {
          // The background thread writes no chunk meanwhile (checkpointer.ts).
          background.enter();
          try {
            return await db.transaction().execute(fn);
          } finally {
            background.leave();
          }
        }
      : (fn) => db.transaction().execute(fn),
    ...(background
      ? { writeChunks: (bytes: Uint8Array, chunkBytes: number) => background.writeChunks(bytes, chunkBytes) }
      : {}),
    close: async () => {
      await checkpointer?.stop();
      await db.destroy();
      // Kysely closes only a connection it has handed out: a database that never ran a query is still open here.
      if (raw.open) raw.close();
    },
  };
}

/**
 * What every pool of ours is opened with. Connecting, and waiting for a free connection, fail after the limit
 * instead of waiting for ever; TCP keep-alive probes idle connections, so that one to a server gone silent is
 * found dead (the pool then replaces it) rather than handed out again.
 */
function poolOptions(url: string, options: OpenOptions, max: number): pg.PoolConfig {
  return {
    connectionString: url,
    max,
    connectionTimeoutMillis: options.connectTimeoutMs ?? 10_000,
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const pg = await loadPg();
  const pool = new pg.Pool(poolOptions(url, options, options.poolSize ?? 10));
  // A connection can be lost (server restart, admin termination, a network cut). Idle in the pool, the pool says so
  // and replaces it; handed out (a transaction between two statements), the client itself says so, and the pool
  // listens to it only while it is idle. Without a listener, pg turns either into an uncaught exception that ends
  // the process. The work that was using it fails on its next statement, and the pool does not hand it out again.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  // Fail fast with a temporary error when the server is unreachable.
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new DatabaseUnavailableError(`cannot reach PostgreSQL: ${(e as Error).message}`);
  }
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  const outsidePool = new pg.Pool(poolOptions(url, options, 2));
  outsidePool.on('error', () => {});
  outsidePool.on('connect', (client) => client.on('error', () => {}));
  const outside = new Kysely<DB>({ dialect: new PostgresDialect({ pool: outsidePool }) });
  return {
    engine: 'postgres',
    db,
    transaction: (fn) =>
      db.transaction().execute((trx) => {
        outsideOf.set(trx, outside);
        return fn(trx);
      }),
    close: async () => {
      await db.destroy();
      await outside.destroy();
      // Kysely ends a pool only once it has used it: the connection taken above to see that the server answers
      // would otherwise stay open (keeping the process alive) until the pool's idle timeout.
      if (!pool.ending) await pool.end();
      if (!outsidePool.ending) await outsidePool.end();
    },
  };
}
