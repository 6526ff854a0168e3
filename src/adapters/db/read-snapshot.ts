// Reads that must agree with each other on a live database. Each statement outside a transaction sees the database
// as it is when that statement starts (PostgreSQL's READ COMMITTED, SQLite's autocommit), so two reads of the same
// cases may see a write committed between them on one side only: a send recorded in the outbox after the case's row
// was read, for instance, looks like a due key that disagrees with it. Inside `readSnapshot` every read sees the
// database as it was at the first one, and nothing read there can be half of another transaction's work.
import { type Kysely, sql } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/**
 * Runs `fn` with a database handle whose reads all see one snapshot, and writes nothing.
 * - PostgreSQL: a `repeatable read, read only` transaction (its snapshot is taken at its first statement).
 * - SQLite: a plain `BEGIN` on the one connection, held for the whole of `fn`: in WAL mode a read transaction keeps
 *   the snapshot of its first read until it ends, and, unlike the `BEGIN IMMEDIATE` of `database.transaction`, takes
 *   no write lock, so the server's writers go on meanwhile. Other statements of this process wait for the connection
 *   until `fn` ends.
 * A snapshot held open keeps the rows and log pages it may still read from being reclaimed (PostgreSQL's vacuum, the
 * end of SQLite's log), so callers hold one for a bounded piece of work, not for a whole run over a large database.
 */
export async function readSnapshot<T>(database: Database, fn: (db: Kysely<DB>) => Promise<T>): Promise<T> {
  if (database.engine === 'postgres')
    return database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute((trx) => fn(trx));
  return database.db.connection().execute(async (conn) => {
    await sql`begin`.execute(conn);
    let result: T;
    try {
      result = await fn(conn);
    } catch (e) {
      await sql`rollback`.execute(conn).catch(() => {});
      throw e;
    }
    await sql`commit`.execute(conn);
    return result;
  });
}
