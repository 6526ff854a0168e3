// Correspondence in and out, and the originals (raw e-mails, letter scans) kept byte for byte (P1.4, P6.1).
import type { ColumnType } from 'kysely';

/** A nullable column that an insert may leave out (added by a later migration). */
type Optional<T> = ColumnType<T | null, T | null | undefined, T | null>;
export interface CorrespondenceTable {
  id: string;
  case_id: string | null;
  inbox_item_id: string | null;
  direction: string;
  channel: string;
  mailbox: string | null;
  message_id: string | null;
  in_reply_to: string | null;
  /** SHA-256 of the body: with the Message-ID, the duplicate key (trace headers may differ between deliveries). */
  body_sha256: string | null;
  original_sha256: string | null;
  subject: string;
  from_address: string | null;
  from_name: string | null;
  to_address: string | null;
  at: string;
  language: string | null;
  /** The reading of the message as JSON (what `redress parse` prints), or the letter's fields. */
  reading: string | null;
  text_body: string | null;
  /** in: received; out: pending | sending | sent | failed | to_post | posted. */
  status: string;
  status_detail: string | null;
  attempts: number;
  next_attempt_at: string | null;
  created_at: string;
  /** Inbound: the door it came through: smtp | pipe | imap | letter (migration 202611230200). */
  door: Optional<string>;
  /**
   * Inbound: where it was filed: case_opened | filed_on_case | step2_by_email | step2_case_opened | inbox.
   * The outbox reads it to know what to send (an acknowledgement, the by-post instruction of P1.2, nothing).
   */
  filing: Optional<string>;
  /** Inbound: may it be answered automatically? allowed | automated | flood_limited | restricted_channel | no_address. */
  auto_reply: Optional<string>;
  /** Outbound: the digest of what was recorded to be sent (core/archive/outbound-digest.ts; migration 202612050041). */
  content_sha256: Optional<string>;
  /**
   * Inbound: the Message-ID of the message a forward carries whole (attached as message/rfc822), so that the
   * original arriving later on its own joins the forward's case (migration 202612050650); null otherwise.
   */
  carried_message_id: Optional<string>;
  /** Set by retention once the item's personal data is gone (migration 202612050132); 0 otherwise. */
  redacted: ColumnType<number, number | undefined, number>;
  /**
   * Inbound e-mail: the address the message verifiably comes from (complainant.ts `messageSender`), lower case, as
   * the mail door decided it; null when none, for other rows, and for rows stored before migration 202612061400.
   */
  sender_address: Optional<string>;
  /**
   * Outbound e-mail: the token of the link its text names without it, until the e-mail is sent (then null); the
   * outbox puts it in as it sends (core/correspondence/link-token.ts; migration 202612070930). Null otherwise.
   */
  link_token: Optional<string>;
}

export interface OriginalsTable {
  sha256: string;
  /** The bytes, when they fit in one chunk; empty when they are in `original_chunks` (`chunks` > 0). */
  content: Buffer;
  content_type: string;
  size: number;
  created_at: string;
  /** How many rows of `original_chunks` hold the bytes, in order; 0 when `content` holds them (migration 202612050440). */
  chunks: ColumnType<number, number | undefined, number>;
}

/** The bytes of a large original, a chunk per row (originals.repo.ts). */
export interface OriginalChunksTable {
  sha256: string;
  seq: number;
  content: Buffer;
}

/** Loop and flood protection: inbound messages per sender and local day that could be answered automatically. */
export interface AutoReplyCountsTable {
  sender: string;
  day: string;
  count: number;
}

export interface CorrespondenceTables {
  correspondence: CorrespondenceTable;
  originals: OriginalsTable;
  original_chunks: OriginalChunksTable;
  auto_reply_counts: AutoReplyCountsTable;
}
