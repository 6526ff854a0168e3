// IMAP failures: how many times a message of an IMAP mailbox could not be stored for good (imap-poller.ts), per
// mailbox and UID, so that a message that never can be is set aside after a few tries even when the process
// restarts or another instance takes over the mailbox's lease in between. A new table only: older instances
// ignore it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imap_failures')
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('uid', 'integer', (c) => c.notNull())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_error', 'text', (c) => c.notNull())
    .addColumn('last_failed_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('imap_failures_pk', ['mailbox', 'uid_validity', 'uid'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('imap_failures').execute();
}
