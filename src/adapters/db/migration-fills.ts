// Fills due after their migration. A migration that adds a column or a table and must fill it from the existing
// rows would, in its own transaction, hold what it changes until the fill is done: on PostgreSQL a release's
// migrations run in one transaction, and the older instances that still run during a rolling upgrade wait on the
// table for as long as the fill takes. So such a migration only changes the schema and records, in the same
// transaction, that its fill is due (table `migration_fills`); the fill runs once the migration has committed, a
// piece of rows at a time, each piece in a short transaction of its own, and its record goes when it is done.
//
// Until then the database counts as not migrated for this release (migrate.ts `migrationState`): an instance of
// the release waits at start-up and `/readyz` says `migrations`, so no instance that reads what is being filled
// serves before it is whole. Older instances do not read it and go on. One process fills at a time (a lease);
// the others wait for it, and take over if it dies. A fill cut short (the process stopped) is done again from the
// start by the next one, so each fill must give the same result however often it runs.
import { sql } from 'kysely';
import { recordAnchorList } from './anchor-list.repo.ts';
import { fillComplainantAddressKeys } from './complainants.repo.ts';
import type { Database } from './database.ts';
import { databaseLease, leaseHolderId } from './leases.repo.ts';
import { refillRegisterColumns } from './register-refill.ts';

/** What a fill is told: the size of its pieces (tests), and what to call after each piece. */
export interface FillOptions {
  piece?: number;
  /** Called after each piece is committed, with the rows read so far (the lease is renewed there). */
  afterPiece?(rows: number): Promise<void>;
}

/** A fill: resolves with the number of rows it read. */
type Fill = (database: Database, options: FillOptions) => Promise<number>;

/** The fills of this release, by the name of the migration that records them. */
export const FILLS: Readonly<Record<string, Fill>> = {
  '202612051800-register-columns': (database, { piece, afterPiece }) =>
    refillRegisterColumns(database, { ...(piece ? { piece } : {}), afterPiece }),
  '202612061700-anchor-list-record': (database, { piece, afterPiece }) =>
    recordAnchorList(database, { ...(piece ? { piece } : {}), ...(afterPiece ? { afterPiece } : {}) }),
  '202612061900-complainant-address-key': (database, { piece, afterPiece }) =>
    fillComplainantAddressKeys(database, {
      ...(piece ? { piece } : {}),
      ...(afterPiece ? { afterPiece } : {}),
    }),
};

const LEASE = 'migration-fills';
/** How long the lease holds without renewal: another process takes over this long after the filler died. */
const LEASE_SECONDS = 60;
/** The lease is renewed after a piece at most this often. */
const RENEW_MS = 10_000;
/** How often a process that waits for another's fill looks again. */
const WAIT_MS = 1_000;

/** The fills recorded as due (none when the ledger does not exist yet). */
export async function dueFills(database: Database): Promise<string[]> {
  try {
    const rows = await sql<{ name: string }>`select name from migration_fills order by name`.execute(
      database.db,
    );
    return rows.rows.map((r) => r.name);
  } catch (e) {
    const tables = await database.db.introspection.getTables();
    if (tables.some((t) => t.name === 'migration_fills')) throw e;
    return [];
  }
}

/** What a caller is told of the fills: one begins here, or another process runs them and this one waits. */
export interface FillListener {
  onStart?(name: string): void;
  onWait?(names: string[]): void;
}

export interface FillReport {
  name: string;
  rows: number;
}

/**
 * Runs the fills due that this release knows, one process at a time; resolves once none of them is due, with the
 * ones this process ran. A fill due that this release does not know (a newer release's) is left to that release.
 */
export async function runDueFills(
  database: Database,
  options: FillOptions & FillListener = {},
): Promise<FillReport[]> {
  const done: FillReport[] = [];
  let waited = false;
  const lease = databaseLease(database, LEASE, leaseHolderId(), LEASE_SECONDS);
  for (;;) {
    const due = (await dueFills(database)).filter((name) => FILLS[name]);
    if (due.length === 0) return done;
    if (!(await lease.acquire())) {
      if (!waited) options.onWait?.(due);
      waited = true;
      await new Promise((r) => setTimeout(r, WAIT_MS));
      continue;
    }
    try {
      // Looked at again under the lease: another process may have finished them meanwhile.
      for (const name of (await dueFills(database)).filter((n) => FILLS[n])) {
        options.onStart?.(name);
        let renewed = Date.now();
        const rows = await FILLS[name]!(database, {
          ...(options.piece ? { piece: options.piece } : {}),
          afterPiece: async (read) => {
            if (Date.now() - renewed >= RENEW_MS) {
              if (!(await lease.acquire())) throw new Error(`the lease of the fill ${name} was lost`);
              renewed = Date.now();
            }
            await options.afterPiece?.(read);
          },
        });
        await sql`delete from migration_fills where name = ${name}`.execute(database.db);
        done.push({ name, rows });
      }
    } finally {
      await lease.release();
    }
  }
}
