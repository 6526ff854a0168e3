// Leases: a named piece of work that one instance at a time may do (polling an IMAP mailbox), held by one process
// until `expires_at` and renewed while it works (leases.repo.ts). A new table only: older instances ignore it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('leases')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('acquired_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
}
