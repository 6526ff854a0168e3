// Leases (migration 202612050025): who does a named piece of work, until when.
export interface LeasesTable {
  /** What is leased, e.g. `imap:user@host:993/INBOX`. */
  name: string;
  /** The process holding it (host name, process id and a random part: leases.repo.ts `leaseHolderId`). */
  holder: string;
  /** When the present holder took it (kept across renewals). */
  acquired_at: string;
  /** Until when it is held unless renewed; an ISO instant of the database's clock. */
  expires_at: string;
}

export interface LeasesTables {
  leases: LeasesTable;
  imap_failures: ImapFailuresTable;
  imap_skipped: ImapSkippedTable;
  imap_notices: ImapNoticesTable;
}

// IMAP failures (migration 202612061800): a message of a polled mailbox that could not be stored for good, and how
// many times (imap-failures.repo.ts).
export interface ImapFailuresTable {
  /** The mailbox, named as its lease is, e.g. `imap:user@host:993/INBOX`. */
  mailbox: string;
  /** The folder's UIDVALIDITY: a UID names the same message only while it is unchanged. */
  uid_validity: string;
  uid: number;
  failures: number;
  last_error: string;
  last_failed_at: string;
}

// IMAP messages skipped for good (migration 202612071150): left in the folder where the server keeps no mark of
// them (imap-failures.repo.ts).
export interface ImapSkippedTable {
  /** The mailbox, named as its lease is, e.g. `imap:user@host:993/INBOX`. */
  mailbox: string;
  /** The folder's UIDVALIDITY: a UID names the same message only while it is unchanged. */
  uid_validity: string;
  uid: number;
  /** Why it is skipped: set_aside, too_large or filed (filed, but the server keeps it in the folder). */
  reason: string;
  skipped_at: string;
}

// IMAP notices (migration 202612071610): what staff are told of a message the IMAP door left on the server without
// its bytes (not given by the server, or over the size limit), shown on the inbox page until a person marks it
// dealt with. Not correspondence: nothing of the message was received (imap-failures.repo.ts).
export interface ImapNoticesTable {
  id: string;
  /** The mailbox, named as its lease is, e.g. `imap:user@host:993/INBOX`. */
  mailbox: string;
  /** The folder's UIDVALIDITY ('' when the server gives none): a UID names the same message only under it. */
  uid_validity: string;
  uid: number;
  /** Why Redress has no bytes of it: not_given (the server failed each time) or too_large (never fetched). */
  reason: string;
  /** The IMAP account, `user@host`, and the folder the message was found in. */
  account: string;
  folder: string;
  /** The set-aside folder it was (or is to be) moved to; null when it stays in `folder`. */
  moved_to: string | null;
  /** The keyword set (or to be set, should the move be refused) on it in `folder`; null when none. */
  keyword: string | null;
  /** 1 once the poller knows where the message ended (moved, flagged or only skipped); 0 while it was moving it. */
  placed: number;
  /** Its size as the server gave it, and the limit it is over (too_large only). */
  bytes: number | null;
  size_limit: number | null;
  /** The tries it failed, and the last failure in words (not_given only). */
  tries: number | null;
  error: string | null;
  /** When staff were first told (the poller's clock). */
  noticed_at: string;
  /** When a person marked it dealt with, and who (`user:<id>`); null while open. */
  dealt_with_at: string | null;
  dealt_with_by: string | null;
}
