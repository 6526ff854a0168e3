// Leases: one instance at a time does a named piece of work (polls an IMAP mailbox). The holder takes the lease
// for a while and renews it while it works; when it dies, the lease runs out and another instance takes it over.
// Taking and renewing are one statement (an upsert that changes the row only when this process already holds it
// or when it has expired), so two instances can never both believe they hold it, on SQLite as on PostgreSQL.
// Expiry is read on the DATABASE's clock, not the instances': instances on machines whose clocks differ still
// agree on when a lease has run out.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/** Who this process is, in the `holder` column: host, process id and a random part (a restarted pid differs). */
export function leaseHolderId(): string {
  return `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
}

/** The database's clock, `seconds` from now, as an ISO instant with milliseconds and `Z` (how instants are kept). */
function databaseInstant(database: Database, seconds: number): RawBuilder<string> {
  if (database.engine === 'sqlite')
    return sql<string>`strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ${`${seconds >= 0 ? '+' : ''}${seconds} seconds`})`;
  return sql<string>`to_char((clock_timestamp() + make_interval(secs => ${seconds})) at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

export interface Lease {
  readonly name: string;
  readonly holder: string;
  /** Takes the lease, or renews it when this process holds it; false when another live process holds it. */
  acquire(): Promise<boolean>;
  /** Gives it up at once (a clean stop), so that another instance need not wait for it to run out. */
  release(): Promise<void>;
}

/** A lease in the `leases` table, held for `seconds` from each acquire(). */
export function databaseLease(database: Database, name: string, holder: string, seconds: number): Lease {
  const db: Kysely<DB> = database.db;
  return {
    name,
    holder,
    async acquire() {
      const now = databaseInstant(database, 0);
      const until = databaseInstant(database, seconds);
      const result = await sql<{ holder: string }>`
        insert into leases (name, holder, acquired_at, expires_at) values (${name}, ${holder}, ${now}, ${until})
        on conflict (name) do update set
          holder = excluded.holder,
          expires_at = excluded.expires_at,
          acquired_at = case when leases.holder = excluded.holder then leases.acquired_at else excluded.acquired_at end
        where leases.holder = excluded.holder or leases.expires_at < excluded.acquired_at
        returning holder`.execute(db);
      return result.rows.length === 1;
    },
    async release() {
      await db.deleteFrom('leases').where('name', '=', name).where('holder', '=', holder).execute();
    },
  };
}

/** Who holds a lease now (null when nobody does or it has run out); for tests and the operator. */
export async function leaseHolder(database: Database, name: string): Promise<string | null> {
  const row = await database.db
    .selectFrom('leases')
    .select('holder')
    .where('name', '=', name)
    .where('expires_at', '>=', databaseInstant(database, 0))
    .executeTakeFirst();
  return row?.holder ?? null;
}
