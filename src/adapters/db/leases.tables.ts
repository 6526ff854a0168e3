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
}
