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
// The notices of `imap_notices` are another matter: what staff are told of a message the door left on the server
// without ever having its bytes (the server could not give it, or it is over the size limit). Nothing of such a
// message was received, so it is no correspondence and has no original (the archive keeps only what came in):
// the notice is a record of its own, shown on the inbox page until a person marks it dealt with, and kept after
// the message leaves the folder or its mailbox leaves the configuration, since staff still have to act on it.
import { type Kysely, sql } from 'kysely';
import type { ImapMailbox } from '../../config.ts';
import { newRecordId } from '../ids.ts';
import type { Database } from './database.ts';
import { leaseHolder } from './leases.repo.ts';
import type { DB } from './schema.ts';

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

/** Why the door has no bytes of a message it tells staff of: the server could not give it, or it is too large. */
export type ImapNoticeReason = 'not_given' | 'too_large';

/** Where a message the door told staff of ended on the server. */
export interface ImapNoticePlace {
  /** The set-aside folder it was moved to; null when it stays in the folder it was found in. */
  movedTo: string | null;
  /** The keyword set on it there; null when none (the server refused it: Redress only skips the message). */
  keyword: string | null;
}

/** What staff are told of one message the door left on the server without its bytes. */
export interface ImapNoticeFacts {
  uidValidity: string;
  uid: number;
  reason: ImapNoticeReason;
  /** The account, `user@host`, and the folder the message was found in. */
  account: string;
  folder: string;
  /**
   * Where it ended, when known as the notice is written (a message over the limit is flagged first); null while the
   * door is still to move it (a message set aside is told of before it is moved, so that a crash in between loses
   * no notice): `planned` says then where it is to go.
   */
  place: ImapNoticePlace | null;
  planned?: ImapNoticePlace;
  /** Its size, and the limit it is over (too_large). */
  bytes?: number;
  limit?: number;
  /** The tries it failed, and the last failure in words (not_given). */
  tries?: number;
  error?: string;
  /** When (ISO 8601, the poller's clock). */
  at: string;
}

/**
 * Where the door tells staff of messages it has no bytes of: once per message while its notice waits, whichever
 * instance finds it, and again when it fails anew after a person marked it dealt with.
 */
export interface NoticeLog {
  /**
   * Records the notice, or shows a notice dealt with before `at` again with this failure; false when this message's
   * notice waits already (told by this instance or another), or was dealt with after `at`.
   */
  tell(notice: ImapNoticeFacts): Promise<boolean>;
  /** Records where the message ended, once the door has moved or flagged it. */
  placed(uidValidity: string, uid: number, place: ImapNoticePlace): Promise<void>;
}

/** The notices of the mailbox `mailbox` (named as its lease is) in the `imap_notices` table. */
export function databaseNoticeLog(database: Database, mailbox: string): NoticeLog {
  const db = database.db;
  return {
    async tell(n) {
      const where = n.place ?? n.planned ?? { movedTo: null, keyword: null };
      // One row per message: a restart, or another instance taking over the lease, that finds the same message
      // again (its keyword lost, its skip forgotten) adds nothing while the notice waits, and it stays as it was.
      // Once a person marked it dealt with, the door finds the message only when it is before the door again (its
      // keyword taken off to have it fetched anew): should it fail again, after the mark, the notice is shown again
      // with the new failure, as waiting. Kept as it was, the new failure was told to no one: the page lists only
      // notices not dealt with. A finding from before the mark (another instance's, late) changes nothing.
      const result = await db
        .insertInto('imap_notices')
        .values({
          id: newRecordId(),
          mailbox,
          uid_validity: n.uidValidity,
          uid: n.uid,
          reason: n.reason,
          account: n.account,
          folder: n.folder,
          moved_to: where.movedTo,
          keyword: where.keyword,
          placed: n.place ? 1 : 0,
          bytes: n.bytes ?? null,
          size_limit: n.limit ?? null,
          tries: n.tries ?? null,
          // Kept for staff, not whole (an error can be long).
          error: n.error === undefined ? null : n.error.slice(0, 2000),
          noticed_at: n.at,
          dealt_with_at: null,
          dealt_with_by: null,
        })
        .onConflict((oc) =>
          oc
            .columns(['mailbox', 'uid_validity', 'uid'])
            .doUpdateSet((eb) => ({
              reason: eb.ref('excluded.reason'),
              account: eb.ref('excluded.account'),
              folder: eb.ref('excluded.folder'),
              moved_to: eb.ref('excluded.moved_to'),
              keyword: eb.ref('excluded.keyword'),
              placed: eb.ref('excluded.placed'),
              bytes: eb.ref('excluded.bytes'),
              size_limit: eb.ref('excluded.size_limit'),
              tries: eb.ref('excluded.tries'),
              error: eb.ref('excluded.error'),
              noticed_at: eb.ref('excluded.noticed_at'),
              dealt_with_at: null,
              dealt_with_by: null,
            }))
            .where('imap_notices.dealt_with_at', 'is not', null)
            .whereRef('imap_notices.dealt_with_at', '<', 'excluded.noticed_at'),
        )
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
    },
    async placed(uidValidity, uid, place) {
      await db
        .updateTable('imap_notices')
        .set({ moved_to: place.movedTo, keyword: place.keyword, placed: 1 })
        .where('mailbox', '=', mailbox)
        .where('uid_validity', '=', uidValidity)
        .where('uid', '=', uid)
        .where('placed', '=', 0)
        .execute();
    },
  };
}

/** A notice as the inbox page shows it. */
export interface ImapNoticeRecord {
  id: string;
  reason: ImapNoticeReason;
  account: string;
  folder: string;
  uidValidity: string;
  uid: number;
  /** Where the message is; null while the door had not yet said where it ended (it was moving it). */
  place: ImapNoticePlace | null;
  /** Where it was to go, while `place` is null. */
  planned: ImapNoticePlace;
  bytes: number | null;
  limit: number | null;
  tries: number | null;
  error: string | null;
  noticedAt: string;
  dealtWithAt: string | null;
  dealtWithBy: string | null;
}

type NoticeRow = Awaited<ReturnType<ReturnType<typeof noticeRows>['executeTakeFirstOrThrow']>>;

const noticeRows = (db: Kysely<DB>) => db.selectFrom('imap_notices').selectAll();

function noticeOf(r: NoticeRow): ImapNoticeRecord {
  const where = { movedTo: r.moved_to, keyword: r.keyword };
  return {
    id: r.id,
    reason: r.reason === 'too_large' ? 'too_large' : 'not_given',
    account: r.account,
    folder: r.folder,
    uidValidity: r.uid_validity,
    uid: Number(r.uid),
    place: Number(r.placed) === 1 ? where : null,
    planned: where,
    bytes: r.bytes === null ? null : Number(r.bytes),
    limit: r.size_limit === null ? null : Number(r.size_limit),
    tries: r.tries === null ? null : Number(r.tries),
    error: r.error,
    noticedAt: r.noticed_at,
    dealtWithAt: r.dealt_with_at,
    dealtWithBy: r.dealt_with_by,
  };
}

/** The notices not yet dealt with (oldest first), or those dealt with (latest first), at most `limit`. */
export async function listImapNotices(
  db: Kysely<DB>,
  options: { open: boolean; limit: number },
): Promise<ImapNoticeRecord[]> {
  const q = options.open
    ? noticeRows(db).where('dealt_with_at', 'is', null).orderBy('noticed_at', 'asc')
    : noticeRows(db).where('dealt_with_at', 'is not', null).orderBy('dealt_with_at', 'desc');
  return (await q.orderBy('id').limit(options.limit).execute()).map(noticeOf);
}

/** Which notices a list holds: those waiting for a person, those dealt with, or all. */
export type ImapNoticeFilter = 'open' | 'dealt_with' | 'all';

/**
 * One page of the notices: waiting ones oldest first (they wait longest), those dealt with latest first, all of
 * them latest noticed first; with how many there are in all.
 */
export async function imapNoticesPage(
  db: Kysely<DB>,
  options: { status: ImapNoticeFilter; offset: number; limit: number },
): Promise<{ total: number; rows: ImapNoticeRecord[] }> {
  const base = db.selectFrom('imap_notices');
  const filtered =
    options.status === 'open'
      ? base.where('dealt_with_at', 'is', null)
      : options.status === 'dealt_with'
        ? base.where('dealt_with_at', 'is not', null)
        : base;
  const ordered =
    options.status === 'open'
      ? filtered.orderBy('noticed_at', 'asc')
      : options.status === 'dealt_with'
        ? filtered.orderBy('dealt_with_at', 'desc')
        : filtered.orderBy('noticed_at', 'desc');
  const [rows, count] = await Promise.all([
    ordered.selectAll().orderBy('id').offset(options.offset).limit(options.limit).execute(),
    filtered.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { total: Number(count.n), rows: rows.map(noticeOf) };
}

/**
 * The inbox items still open whose message carries the Message-ID earlier releases gave the e-mail they wrote in
 * place of a message they had no bytes of (old-imap-notice.ts says whether one is such an entry, by its note too).
 * Open items are few, so the look-up starts from them.
 */
export async function openOldImapNoticeEntries(
  db: Kysely<DB>,
): Promise<Array<{ itemId: string; messageId: string; receivedAt: string }>> {
  const rows = await db
    .selectFrom('inbox_items as i')
    .innerJoin('correspondence as c', 'c.id', 'i.correspondence_id')
    .select(['i.id', 'c.message_id', 'i.received_at'])
    .where('i.status', '=', 'open')
    .where('c.direction', '=', 'in')
    .where((eb) =>
      eb.or([
        eb('c.message_id', 'like', '<imap-not-given.%@redress.invalid>'),
        eb('c.message_id', 'like', '<imap-too-large.%@redress.invalid>'),
      ]),
    )
    .orderBy('i.received_at')
    .execute();
  return rows.map((r) => ({ itemId: r.id, messageId: r.message_id!, receivedAt: r.received_at }));
}

/** How many notices wait for a person. */
export async function countOpenImapNotices(db: Kysely<DB>): Promise<number> {
  const row = await db
    .selectFrom('imap_notices')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('dealt_with_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Marks a notice dealt with by `by` at `at`. The first person to do so is recorded: 'already' when someone did
 * before (two people clicking at once), 'not_found' when there is no such notice.
 */
export async function markImapNoticeDealtWith(
  db: Kysely<DB>,
  id: string,
  by: string,
  at: string,
): Promise<{ outcome: 'done' | 'already' | 'not_found'; notice: ImapNoticeRecord | null }> {
  const result = await db
    .updateTable('imap_notices')
    .set({ dealt_with_at: at, dealt_with_by: by })
    .where('id', '=', id)
    .where('dealt_with_at', 'is', null)
    .executeTakeFirst();
  const row = await noticeRows(db).where('id', '=', id).executeTakeFirst();
  if (!row) return { outcome: 'not_found', notice: null };
  return { outcome: Number(result.numUpdatedRows) > 0 ? 'done' : 'already', notice: noticeOf(row) };
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
