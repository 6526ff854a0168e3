// Fills, from the case histories, what the cases keep of them for the register (migrations/202612051800-register-
// columns.ts): after that migration (migration-fills.ts), and again with `redress migrate --refill` once an
// upgrade is over, while the server runs. It goes a piece of cases at a time, each
// piece in a transaction of its own, so that no writer waits for more than a piece: one statement over every case
// would hold SQLite's write lock (mail intake waits) or PostgreSQL's row locks on every answered case (a reply to
// any of them waits) for as long as the whole table takes.
//
// On PostgreSQL a piece's rows are locked first, and the facts are read from the events by the next statements.
// Read by the locking statement itself, an answer committed by another instance while it waited for a row would
// not be seen (the statement reads other tables as they were when it began), and the row would get the facts of
// the answer before it. Once the rows are locked, every event of those cases is either committed and seen, or
// written by a transaction that then waits to update the case's row, and writes its own facts after this piece.
import { sql } from 'kysely';
import type { Database } from './database.ts';
import { isRetryable } from './event-store.ts';
import { fillRegisterColumns } from './migrations/202612051800-register-columns.ts';

/**
 * Cases per transaction: enough that the statements' overhead stays small, few enough that a wait stays short.
 * SQLite reads a case's events far faster than PostgreSQL, so its pieces are larger for the same time.
 */
export const REFILL_PIECE = { sqlite: 5000, postgres: 500 } as const;
/**
 * SQLite: the pause between two pieces. A writer of another process that finds the database locked is let retry
 * only from time to time, at intervals growing to 100 ms (SQLite's busy handler), and the lock goes to whoever asks
 * first when it is free: without a pause longer than that, the next piece would take it again each time, and a
 * writer would wait for the whole refill. PostgreSQL queues the waiters of a row in order: no pause.
 */
const SQLITE_PAUSE_MS = 120;
/**
 * PostgreSQL: times a piece is tried again after losing a deadlock. The piece locks its rows in the order of their
 * ids while a batch of mail may hold one of them and want another, and the database then undoes one of the two;
 * when it is the piece, it runs again (the batch of mail is tried again by the intake likewise).
 */
const ATTEMPTS = 5;

/**
 * Fills the register's columns of every case, a piece at a time; resolves with the number of cases read. The size
 * of a piece and SQLite's pause can be set (tests); `afterPiece` is called after each piece has committed.
 */
export async function refillRegisterColumns(
  database: Database,
  {
    piece = REFILL_PIECE[database.engine] as number,
    pauseMs = SQLITE_PAUSE_MS,
    afterPiece,
  }: { piece?: number; pauseMs?: number; afterPiece?(cases: number): Promise<void> } = {},
): Promise<number> {
  let after = '';
  let cases = 0;
  const fillPiece = () =>
    database.transaction(async (trx) => {
      const lock = database.engine === 'postgres' ? sql` for update` : sql``;
      const ids = (
        await sql<{
          id: string;
        }>`select id from cases where id > ${after} order by id limit ${piece}${lock}`.execute(trx)
      ).rows.map((r) => r.id);
      await fillRegisterColumns(trx as never, database.engine, ids);
      return ids;
    });
  for (;;) {
    let ids: string[] | null = null;
    for (let attempt = 1; ids === null; attempt++)
      try {
        ids = await fillPiece();
      } catch (e) {
        if (attempt >= ATTEMPTS || !isRetryable(e)) throw e;
        await new Promise((r) => setTimeout(r, 20 * attempt));
      }
    cases += ids.length;
    const last = ids.at(-1) ?? null;
    if (last === null) return cases;
    await afterPiece?.(cases);
    after = last;
    if (database.engine === 'sqlite' && pauseMs > 0) await new Promise((r) => setTimeout(r, pauseMs));
  }
}
