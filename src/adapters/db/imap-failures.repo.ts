// How many times each message of an IMAP mailbox could not be stored for good, and when it last failed (the poller
// tries such a message again only after a pause that grows with each failure, and sets it aside after a few:
// imap-poller.ts). Kept in the database, not in the poller, so that a restart or another instance taking over the
// mailbox's lease goes on counting and waiting where the last one stopped. Counting is one statement (an upsert
// that adds one), so two pollers that overlap for a moment never lose a failure.
// A row lives only while its message still waits in the folder: it is deleted once the message is stored or set
// aside, and the poller deletes the rows of messages no longer in the folder (a person moved or deleted them, or
// the server renumbered the folder: a new UIDVALIDITY), so the table holds only what is failing now.
// The same table's neighbour, `imap_skipped`, keeps the messages the poller leaves in the folder for good where the
// server keeps no mark of them (it would neither move them out nor flag them): without it a restart, or another
// instance taking over the lease, would fetch them and fail them again. Its rows go the same way: once the
// message has left the folder, or the folder was renumbered.
// A mailbox removed from the configuration has no poller left to do that: its rows are removed when an instance
// starts its mail doors, and every hour after (`forgetRemovedMailboxes`).
import { sql } from 'kysely';
import type { ImapMailbox } from '../../config.ts';
import type { Database } from './database.ts';
import { leaseHolder } from './leases.repo.ts';

// Whether a failure is the database's rather than the message's: one rule for every door and command.
export { isTemporaryFailure } from './temporary-failure.ts';

/** One message that has failed and still waits in the folder. */
export interface FailureRecord {
  uidValidity: string;
  uid: number;
  /** Failures counted so far. */
  failures: number;
  /** When the last one was counted (ISO 8601, the poller's clock). */
  lastFailedAt: string;
}

/** Why a message is skipped for good: set aside, over the size limit, or filed but kept in the folder by the server. */
export type SkipReason = 'set_aside' | 'too_large' | 'filed';

/** A message left in the folder for good, where the server keeps no mark of it. */
export interface SkipRecord {
  uidValidity: string;
  uid: number;
  reason: string;
}

export interface FailureLog {
  /** Counts one more failure of a message that could not be stored for good, `at` that time; returns how many it has had. */
  count(uidValidity: string, uid: number, error: string, at: string): Promise<number>;
  /** Every message of this mailbox with failures counted (few: only those failing now). */
  failing(): Promise<FailureRecord[]>;
  /** Forgets these messages (stored after all, set aside, or gone from the folder). */
  forget(uidValidity: string, uids: readonly number[]): Promise<void>;
  /** Forgets every message counted or skipped under another UIDVALIDITY than this one (the folder was renumbered). */
  forgetOtherValidities(uidValidity: string): Promise<void>;
  /** Remembers messages left in the folder for good, where the server keeps no mark of them; `at` that time. */
  skip(uidValidity: string, uids: readonly number[], reason: SkipReason, at: string): Promise<void>;
  /** Every message of this mailbox skipped for good (few: only those the server would not mark). */
  skipped(): Promise<SkipRecord[]>;
  /** Forgets skipped messages (gone from the folder). */
  forgetSkipped(uidValidity: string, uids: readonly number[]): Promise<void>;
}

/**
 * The name of an IMAP mailbox in this table and in `leases`: its account, server and folder, so that the same
 * mailbox has the same name on every instance, and another folder or server is another mailbox.
 */
export function imapMailboxName(box: Pick<ImapMailbox, 'user' | 'host' | 'port' | 'folder'>): string {
  return `imap:${box.user}@${box.host}:${box.port}/${box.folder}`;
}

/**
 * Removes the failures counted (and the messages skipped) for mailboxes that are not among `configured` (names as `imapMailboxName` gives
 * them): a mailbox removed from the configuration, or whose server or folder changed, is polled by nobody, and its
 * rows would otherwise stay for ever. Rows of a mailbox whose lease an instance holds now are kept: during an
 * upgrade, an instance still running the older configuration polls it and goes on counting (they are removed at a
 * later call, once its lease is given up or has run out). Returns the mailboxes whose rows were removed.
 */
export async function forgetRemovedMailboxes(
  database: Database,
  configured: readonly string[],
): Promise<string[]> {
  const db = database.db;
  let failed = db.selectFrom('imap_failures').select('mailbox').distinct();
  let skipped = db.selectFrom('imap_skipped').select('mailbox').distinct();
  if (configured.length > 0) {
    failed = failed.where('mailbox', 'not in', [...configured]);
    skipped = skipped.where('mailbox', 'not in', [...configured]);
  }
  const names = new Set([...(await failed.execute()), ...(await skipped.execute())].map((r) => r.mailbox));
  const removed: string[] = [];
  // Few names (one per mailbox ever removed with rows left), each asked about its lease.
  for (const mailbox of names) {
    if ((await leaseHolder(database, mailbox)) !== null) continue;
    await db.deleteFrom('imap_failures').where('mailbox', '=', mailbox).execute();
    await db.deleteFrom('imap_skipped').where('mailbox', '=', mailbox).execute();
    removed.push(mailbox);
  }
  return removed;
}

/** The failures of the mailbox `mailbox` (named as its lease is) in the `imap_failures` table. */
export function databaseFailureLog(database: Database, mailbox: string): FailureLog {
  const db = database.db;
  return {
    async count(uidValidity, uid, error, at) {
      // The error is kept for the log and for a person looking at the table, not whole (a stack can be long).
      const said = error.slice(0, 2000);
      const result = await sql<{ failures: number }>`
        insert into imap_failures (mailbox, uid_validity, uid, failures, last_error, last_failed_at)
        values (${mailbox}, ${uidValidity}, ${uid}, 1, ${said}, ${at})
        on conflict (mailbox, uid_validity, uid) do update set
          failures = imap_failures.failures + 1,
          last_error = excluded.last_error,
          last_failed_at = excluded.last_failed_at
        returning failures`.execute(db);
      return Number(result.rows[0]!.failures);
    },
    async failing() {
      // Read through the primary key (mailbox first).
      const rows = await db
        .selectFrom('imap_failures')
        .select(['uid_validity', 'uid', 'failures', 'last_failed_at'])
        .where('mailbox', '=', mailbox)
        .execute();
      return rows.map((r) => ({
        uidValidity: r.uid_validity,
        uid: Number(r.uid),
        failures: Number(r.failures),
        lastFailedAt: r.last_failed_at,
      }));
    },
    async forget(uidValidity, uids) {
      if (uids.length === 0) return;
      await db
        .deleteFrom('imap_failures')
        .where('mailbox', '=', mailbox)
        .where('uid_validity', '=', uidValidity)
        .where('uid', 'in', [...uids])
        .execute();
    },
    async forgetOtherValidities(uidValidity) {
      for (const table of ['imap_failures', 'imap_skipped'] as const)
        await db
          .deleteFrom(table)
          .where('mailbox', '=', mailbox)
          .where('uid_validity', '<>', uidValidity)
          .execute();
    },
    async skip(uidValidity, uids, reason, at) {
      if (uids.length === 0) return;
      // Two instances overlapping for a moment may both skip a message: the first row stays.
      await db
        .insertInto('imap_skipped')
        .values(uids.map((uid) => ({ mailbox, uid_validity: uidValidity, uid, reason, skipped_at: at })))
        .onConflict((oc) => oc.columns(['mailbox', 'uid_validity', 'uid']).doNothing())
        .execute();
    },
    async skipped() {
      // Read through the primary key (mailbox first).
      const rows = await db
        .selectFrom('imap_skipped')
        .select(['uid_validity', 'uid', 'reason'])
        .where('mailbox', '=', mailbox)
        .execute();
      return rows.map((r) => ({ uidValidity: r.uid_validity, uid: Number(r.uid), reason: r.reason }));
    },
    async forgetSkipped(uidValidity, uids) {
      if (uids.length === 0) return;
      await db
        .deleteFrom('imap_skipped')
        .where('mailbox', '=', mailbox)
        .where('uid_validity', '=', uidValidity)
        .where('uid', 'in', [...uids])
        .execute();
    },
  };
}
