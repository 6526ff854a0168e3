// `redress archive verify` reading a case again once the writes that hold its row have committed.
//
// On PostgreSQL an acknowledgement recorded sent while a write of its case holds the case's row moves the case's due
// key only after both have committed (due-key.repo.ts moveHeldDueKeys: the move waits for that row). A snapshot taken
// in between holds the send and the key not yet moved, which is no altered key. Waiting a fixed time would bound the
// write, not prove anything; waiting for the row does: a share lock on it waits for the write holding it, and for
// the move queued behind that write (it asked for the row first), and is granted only once no write of the row is
// under way. What is read under that lock, in a snapshot taken when it was granted, is the case as its writers left
// it.
import { sql } from 'kysely';
import type { Database, Db } from './database.ts';
import { readSnapshot } from './read-snapshot.ts';

/**
 * What reading a case after its writers gave: `read`, the result of `fn`; `held`, the row stayed held by another
 * transaction for longer than the time allowed (nothing read); `busy`, the row was written again each time it was
 * waited for (nothing read); `refused`, the database user may not lock the row (a share lock asks for the right to
 * update the table; nothing read).
 */
export type AfterWriters<T> =
  | { kind: 'read'; value: T }
  | { kind: 'held' }
  | { kind: 'busy' }
  | { kind: 'refused' };

/** A write of the case committed while the row was waited for: the snapshot was taken before it, so read again. */
const SERIALIZATION_FAILURE = '40001';
/** `lock_timeout` expired. */
const LOCK_NOT_AVAILABLE = '55P03';
/** The user lacks the right a row lock asks for. */
const INSUFFICIENT_PRIVILEGE = '42501';

/**
 * Runs `fn` on the case `caseId` once no transaction holds its row, in a snapshot in which no write of that row is
 * under way, waiting at most `timeoutMs` for each writer. PostgreSQL: a short transaction of its own (repeatable
 * read) that first takes a share lock on the row with that `lock_timeout`; a write of the row that commits while
 * it waits leaves its snapshot behind, and the whole is tried again, at most `attempts` times. The lock is held only
 * while `fn` reads, and on one row: a case is read after another, never two rows locked at once, so verify cannot
 * deadlock with a transaction that writes several cases. SQLite: one writer at a time, and a send moves the key in
 * its own transaction, so `fn` runs in a plain snapshot at once.
 */
export async function readCaseAfterItsWriters<T>(
  database: Database,
  caseId: string,
  timeoutMs: number,
  attempts: number,
  fn: (db: Db) => Promise<T>,
): Promise<AfterWriters<T>> {
  if (database.engine === 'sqlite') return { kind: 'read', value: await readSnapshot(database, fn) };
  for (let i = 0; i < attempts; i++) {
    try {
      const value = await database.db
        .transaction()
        .setIsolationLevel('repeatable read')
        .execute(async (trx) => {
          await sql.raw(`set local lock_timeout = ${Math.max(1, Math.ceil(timeoutMs))}`).execute(trx);
          await sql`select id from cases where id = ${caseId} for share`.execute(trx);
          return fn(trx);
        });
      return { kind: 'read', value };
    } catch (e) {
      const code = (e as { code?: unknown } | null)?.code;
      if (code === LOCK_NOT_AVAILABLE) return { kind: 'held' };
      if (code === INSUFFICIENT_PRIVILEGE) return { kind: 'refused' };
      if (code !== SERIALIZATION_FAILURE) throw e;
    }
  }
  return { kind: 'busy' };
}
