// IMAP notices: what staff are told of a message the IMAP door leaves on the server without ever having its bytes
// (the server could not give it, or it is over the size limit). Such a message is not correspondence: nothing of
// it was received, so it has no original and no inbox item; this table says where it is and what to do, until a
// person marks it dealt with. One row per message (mailbox, UIDVALIDITY, UID), so a restart or a second instance
// that finds the same message again adds nothing. A table of its own, not columns of `imap_skipped`: that table
// is the poller's working set, whose rows go once the message leaves the folder, while a notice stays for staff.
// A new table only: older instances ignore it.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('imap_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('mailbox', 'text', (c) => c.notNull())
    .addColumn('uid_validity', 'text', (c) => c.notNull())
    .addColumn('uid', 'integer', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('folder', 'text', (c) => c.notNull())
    .addColumn('moved_to', 'text')
    .addColumn('keyword', 'text')
    .addColumn('placed', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer')
    .addColumn('size_limit', 'integer')
    .addColumn('tries', 'integer')
    .addColumn('error', 'text')
    .addColumn('noticed_at', 'text', (c) => c.notNull())
    .addColumn('dealt_with_at', 'text')
    .addColumn('dealt_with_by', 'text')
    .addUniqueConstraint('imap_notices_message', ['mailbox', 'uid_validity', 'uid'])
    .execute();
  // The inbox page lists the open ones, oldest first.
  await db.schema
    .createIndex('imap_notices_open')
    .on('imap_notices')
    .columns(['dealt_with_at', 'noticed_at'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('imap_notices').execute();
}
