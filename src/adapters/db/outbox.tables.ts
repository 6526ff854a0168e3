// Outbound correspondence: what the outbox needs beside the `correspondence` row of each item, the
// administrators' versions of the templates, and the bookkeeping of the sweep (alerts sent, event cursor).

/** One per outbound item (e-mail or letter), keyed by its correspondence id. */
export interface OutboundItemsTable {
  correspondence_id: string;
  /** The template kind it was written from (`acknowledgement`, `answer`, …), or `test` for a test send. */
  purpose: string;
  /** complainant | staff | department */
  audience: string;
  from_address: string | null;
  from_name: string | null;
  /** The References header: Message-IDs separated by spaces (oldest first). */
  references_header: string | null;
  /** `auto-replied` (automatic answers), `auto-generated` (alerts), or null (written by a person). */
  auto_submitted: string | null;
  /** JSON array of {sha256, filename, contentType}: attachments kept in `originals`. */
  attachments: string;
  /** Letters: the address block printed in the window, as a JSON array of lines. */
  postal_address: string | null;
  /** The administrator's template version used, or null for the built-in text. */
  template_version: number | null;
  created_by: string;
}

/** Every saved version of a template (never overwritten); the highest version of a kind and language is in use. */
export interface TemplateVersionsTable {
  id: string;
  kind: string;
  language: string;
  version: number;
  subject: string;
  body: string;
  note: string | null;
  created_at: string;
  created_by: string;
}

/** Alerts already sent, by a key such as `breach:answer:<case>:<answer-by>` or `digest:<user>:<date>`. */
export interface AlertsSentTable {
  key: string;
  at: string;
}

/** Named positions of the sweep, e.g. the last event it read for reply and assignment notices. */
export interface SweepCursorsTable {
  name: string;
  value: string;
  updated_at: string;
}

/** The cases a staff e-mail is about: one row per case (a digest lists several), migration 202612071600. */
export interface StaffMailCasesTable {
  correspondence_id: string;
  case_id: string;
}

export interface OutboxTables {
  outbound_items: OutboundItemsTable;
  staff_mail_cases: StaffMailCasesTable;
  template_versions: TemplateVersionsTable;
  alerts_sent: AlertsSentTable;
  sweep_cursors: SweepCursorsTable;
}
