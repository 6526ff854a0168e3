// Correspondence in and out, and the originals (raw e-mails, letter scans) kept byte for byte (P1.4, P6.1).
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
}

export interface OriginalsTable {
  sha256: string;
  content: Buffer;
  content_type: string;
  size: number;
  created_at: string;
}

export interface CorrespondenceTables {
  correspondence: CorrespondenceTable;
  originals: OriginalsTable;
}
