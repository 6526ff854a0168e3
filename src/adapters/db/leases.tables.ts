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
