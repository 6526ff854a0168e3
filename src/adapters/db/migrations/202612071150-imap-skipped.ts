// IMAP messages skipped for good: a message the IMAP poller leaves in its folder (set aside, over the size limit,
// or filed but not removable) where the server would neither move it out nor keep the keyword that marks it
// (imap-poller.ts). Without a mark on the server, only this table tells a restarted instance, or another one
// taking over the mailbox's lease, not to fetch it and fail it again. A new table only: older instances ignore it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imap_skipped')
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('uid', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('skipped_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('imap_skipped_pk', ['mailbox', 'uid_validity', 'uid'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('imap_skipped').execute();
}
