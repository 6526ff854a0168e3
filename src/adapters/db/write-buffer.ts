// Rows written at the end of a unit of work instead of one statement each (the mail intake's hot path).
//
// Filing one e-mail writes about fifteen rows in ten tables, and none of them is read back while the rest of the
// message (or, in the intake's group commit, the rest of the batch) is filed. Written one statement per row,
// that is fifteen round trips per message on PostgreSQL and fifteen statements through the driver on SQLite.
// Inside `withWriteBuffer(db, fn)`, the writes below are collected instead and written when `fn` ends, one
// multi-row statement per table and column set (`insert … values (…), (…), …`): a batch of messages costs a
// dozen statements, whatever its size.
//
// Rules that keep this exact:
// - Only writes whose result nobody needs go through here. A row that must be new (a stream's first event) or
//   an update that must find its row (a stream's head, from the version read) says so (`mustInsert`,
//   `mustMatch`): the check runs when the row is written, and its error rolls the transaction back as before.
// - A row is remembered by key (`key`), so that writing it again before the flush changes the pending row: an
//   update of a row inserted in the same unit becomes part of the insert; two updates become one. An upsert
//   that meets its own pending row merges into it (`merge`), as the database would have.
// - Reads do not see pending rows. Whoever reads what may have been written in the same unit flushes first
//   (`flushWrites`): the intake does so before a message that could concern an earlier one of its batch (same
//   sender, a reply to it, the same Message-ID), and before opening a savepoint.
// - After a rollback to a savepoint, whatever is pending was written after it (it was flushed before the
//   savepoint): `dropWrites` discards it.
// Outside `withWriteBuffer`, every write runs at once, with the same checks.
import type { Insertable } from 'kysely';
import type { Db } from './database.ts';
import type { DB } from './schema.ts';
import { insertRows, updateRows } from './statements.ts';

type Row = Record<string, unknown>;
type Table = keyof DB & string;

export interface InsertOptions {
  /** Appended to the statement as is: an `on conflict …` clause, without placeholders. */
  tail?: string;
  /** The row's identity within the unit: later writes with the same key change the pending row. */
  key?: string;
  /** An upsert meeting its own pending row (same key): how the new row changes the pending one. */
  merge?: (pending: Row, next: Row) => void;
  /** The row must be inserted (with `on conflict do nothing`, a conflict inserts nothing): else this error. */
  mustInsert?: () => Error;
}

export interface UpdateOptions {
  /** The update must change exactly one row (its `where` names the version read): else this error. */
  mustMatch?: () => Error;
}

interface PendingInsert {
  table: Table;
  row: Row;
  tail: string;
  mustInsert: (() => Error) | undefined;
}

interface PendingUpdate {
  table: Table;
  set: Row;
  where: Row;
  mustMatch: (() => Error) | undefined;
}

/** Largest number of rows in one statement: groups are written in chunks of 64, 32, … 1 rows (few distinct texts). */
const MAX_ROWS = 64;
/**
 * Groups of up to this many rows are written in one statement whatever their number, not in chunks of powers of
 * two: the intake's batches are mostly of a few messages, each a few rows per table, and a batch of three then writes
 * each table in one statement, not two or three. A few more distinct texts per table, within the statement cache
 * (database.ts).
 */
const ONE_STATEMENT_ROWS = 16;

class WriteBuffer {
  /** Pending inserts by table, in the order they were written. */
  readonly inserts = new Map<Table, PendingInsert[]>();
  readonly updates: PendingUpdate[] = [];
  readonly keyed = new Map<string, PendingInsert | PendingUpdate>();
  size = 0;

  clear(): void {
    this.inserts.clear();
    this.updates.length = 0;
    this.keyed.clear();
    this.size = 0;
  }
}

const buffers = new WeakMap<Db, WriteBuffer>();

/**
 * Runs `fn` with the writes of this module collected and written when it returns (see above). Nested calls on
 * the same transaction join the outer unit. If `fn` throws, nothing pending is written.
 */
export async function withWriteBuffer<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  if (buffers.has(db)) return fn();
  const buffer = new WriteBuffer();
  buffers.set(db, buffer);
  try {
    const result = await fn();
    await flush(db, buffer);
    return result;
  } finally {
    buffers.delete(db);
  }
}

/** Writes what is pending now (before a read that must see it, or a savepoint). */
export async function flushWrites(db: Db): Promise<void> {
  const buffer = buffers.get(db);
  if (buffer && buffer.size > 0) await flush(db, buffer);
}

/** Discards what is pending (after a rollback to a savepoint taken when nothing was pending). */
export function dropWrites(db: Db): void {
  buffers.get(db)?.clear();
}

/** How many writes are pending on this transaction (0 outside a unit). */
export function pendingWrites(db: Db): number {
  return buffers.get(db)?.size ?? 0;
}

/** Inserts a row now, or at the end of the unit of work. */
export async function insertRow<T extends Table>(
  db: Db,
  table: T,
  row: Insertable<DB[T]>,
  options: InsertOptions = {},
): Promise<void> {
  const buffer = buffers.get(db);
  if (!buffer) {
    const result = await insertRows(db, table, [row], options.tail);
    if (options.mustInsert && Number(result.numAffectedRows ?? 0n) !== 1) throw options.mustInsert();
    return;
  }
  const copy = { ...(row as Row) };
  if (options.key !== undefined) {
    const k = `${table}\u0000${options.key}`;
    const pending = buffer.keyed.get(k);
    if (pending) {
      if ('row' in pending && options.merge) {
        options.merge(pending.row, copy);
        return;
      }
      // Inserting a row the unit already wrote: the database would have refused it.
      throw options.mustInsert?.() ?? new Error(`${table} ${options.key} was written twice`);
    }
  }
  const entry: PendingInsert = { table, row: copy, tail: options.tail ?? '', mustInsert: options.mustInsert };
  let list = buffer.inserts.get(table);
  if (!list) {
    list = [];
    buffer.inserts.set(table, list);
  }
  list.push(entry);
  if (options.key !== undefined) buffer.keyed.set(`${table}\u0000${options.key}`, entry);
  buffer.size++;
}

/** Inserts rows (no key, no check) now in one statement, or at the end of the unit of work. */
export async function insertAll<T extends Table>(
  db: Db,
  table: T,
  rows: ReadonlyArray<Insertable<DB[T]>>,
  tail = '',
): Promise<void> {
  if (rows.length === 0) return;
  if (!buffers.has(db)) {
    await insertRows(db, table, rows, tail);
    return;
  }
  for (const row of rows) await insertRow(db, table, row, { tail });
}

/**
 * Updates the row matching every column of `where` now, or at the end of the unit of work; `key` names the row
 * (a pending insert or update with the same key takes the new values instead).
 */
export async function updateRow<T extends Table>(
  db: Db,
  table: T,
  key: string,
  set: Row,
  where: Row,
  options: UpdateOptions = {},
): Promise<void> {
  const buffer = buffers.get(db);
  if (!buffer) {
    const changed = await updateRows(db, table, set as never, where as never);
    if (options.mustMatch && changed !== 1) throw options.mustMatch();
    return;
  }
  const k = `${table}\u0000${key}`;
  const pending = buffer.keyed.get(k);
  if (pending) {
    // The row was inserted or updated in this unit: it gets the new values; the condition stays the first one
    // (the version read before this unit changed it).
    const target = 'row' in pending ? pending.row : pending.set;
    for (const c in set) if (set[c] !== undefined) target[c] = set[c];
    return;
  }
  const entry: PendingUpdate = { table, set: { ...set }, where: { ...where }, mustMatch: options.mustMatch };
  buffer.updates.push(entry);
  buffer.keyed.set(k, entry);
  buffer.size++;
}

/** The defined columns of a row, as one string (rows with the same ones share a statement). */
function columnsOf(row: Row): string {
  let s = '';
  for (const c in row) if (row[c] !== undefined) s += `${c},`;
  return s;
}

async function flush(db: Db, buffer: WriteBuffer): Promise<void> {
  // Take everything first: a failure leaves nothing pending to be written twice.
  const inserts = [...buffer.inserts.values()];
  const updates = [...buffer.updates];
  buffer.clear();
  for (const list of inserts) {
    // Rows of one table with the same columns, tail and check, in the order they were written.
    const groups = new Map<string, PendingInsert[]>();
    for (const entry of list) {
      const g = `${entry.tail}\u0000${entry.mustInsert ? 1 : 0}\u0000${columnsOf(entry.row)}`;
      let group = groups.get(g);
      if (!group) {
        group = [];
        groups.set(g, group);
      }
      group.push(entry);
    }
    for (const group of groups.values()) {
      const { table, tail, mustInsert } = group[0]!;
      let at = 0;
      while (at < group.length) {
        let n = MAX_ROWS;
        if (group.length - at <= ONE_STATEMENT_ROWS) n = group.length - at;
        else while (n > group.length - at) n >>= 1;
        const chunk = group.slice(at, at + n);
        at += n;
        const result = await insertRows(db, table, chunk.map((e) => e.row) as never, tail);
        // Which row met a conflict is not known: the first one's error stands for the chunk (each one means that
        // another writer got there first, and the transaction is run again).
        if (mustInsert && Number(result.numAffectedRows ?? 0n) !== chunk.length) throw mustInsert();
      }
    }
  }
  for (const u of updates) {
    const changed = await updateRows(db, u.table, u.set as never, u.where as never);
    if (u.mustMatch && changed !== 1) throw u.mustMatch();
  }
}
