// Tables of the event store and the state (projection) tables of the aggregates.
// Instants are TEXT (ISO 8601 UTC, `Z`, milliseconds); booleans INTEGER 0/1; JSON as TEXT.
import type { ColumnType, Generated } from 'kysely';

/** A column added later (nullable, left out of inserts that do not know it). */
type Added<T> = ColumnType<T | null, T | null | undefined, T | null>;

/** The queue order of a case without a clock (a suggestion, kind other): after every dated case. */
export const NO_DUE = '9999-12-31T23:59:59.999Z';

/** Every event of every stream, chained by hash (P6). Append-only in ordinary use. */
export interface EventsTable {
  id: Generated<number>;
  stream: string;
  seq: number;
  type: string;
  at: string;
  actor: string;
  payload: string;
  payload_digest: string;
  prev: string | null;
  hash: string;
  redacted: number;
}

/** One row per aggregate: its event count (version), head hash, and current state as JSON (derived, rebuildable). */
export interface StreamsTable {
  stream: string;
  aggregate: string;
  version: number;
  head_hash: string | null;
  state: string;
  updated_at: string;
}

/** Reference counters per prefix and year (`RC-2026-000123`). */
export interface CountersTable {
  prefix: string;
  year: number;
  value: number;
}

/** Case state projected for lists and queues. */
export interface CasesTable {
  id: string;
  reference: string;
  kind: string;
  other_reason: string | null;
  step: number | null;
  status: string;
  channel: string;
  language: string;
  complainant_id: string;
  owner_id: string | null;
  category: string | null;
  department: string | null;
  subject: string;
  received_at: string;
  acknowledge_by: string | null;
  acknowledged_at: string | null;
  answer_by: string | null;
  answer_by_date: string | null;
  answered_at: string | null;
  outcome: string | null;
  closed_at: string | null;
  waiting_on_complainant: number;
  flagged: number;
  step1_case_id: string | null;
  step2_case_id: string | null;
  letters_to_post: number;
  suggestion_status: string | null;
  extensions: number;
  merged_into: string | null;
  /** 1 while received or acknowledged (queues), else 0. */
  is_open: number;
  /**
   * The earliest open deadline (the acknowledgement's until it went out), or 9999-12-31T23:59:59.999Z for a case
   * without a clock: the queue order (due-key.repo.ts).
   */
  due_key: string;
  /**
   * The due key once the acknowledgement is given, which the outbox moves `due_key` to when it sends it; null in
   * rows an older instance wrote (migration 202612062230).
   */
  due_key_given: Added<string>;
  updated_at: string;
  /** When retention anonymised the case (migration 202612050132). */
  anonymised_at: Added<string>;
  // The register's facts of the case's events (migration 202612051800, registerColumns in aggregates.repo.ts).
  /**
   * The answer deadline before the first extension the figures count (none after a renewal of the promise); null
   * when none.
   */
  first_answer_by: Added<string>;
  /**
   * The procedure's answer date, which the figures measure against: answer_by unless the promise was renewed, then
   * the date in force before the first renewal (migration 202612061100, promise.ts measuredPromise).
   */
  procedure_answer_by: Added<string>;
  /** What the last answer recorded besides its text; null when not recorded. */
  remedy: Added<string>;
  remedy_amount: Added<string>;
  remedy_currency: Added<string>;
  root_cause: Added<string>;
  root_cause_note: Added<string>;
}

export interface ComplainantsTable {
  id: string;
  name: string | null;
  email: string | null;
  phone: string | null;
  language: string;
  restricted: number;
  designated_contact_id: string | null;
  unreachable: number;
  merged_into: string | null;
  created_at: string;
  updated_at: string;
  /** When retention anonymised the record (migration 202612050132). */
  anonymised_at: Added<string>;
  /**
   * The key the record is found by (addresses.ts `addressKey`: the domain in its ASCII form), `email` being the
   * address as the person wrote it (migration 202612061900).
   */
  email_key: Added<string>;
}

export interface InboxItemsTable {
  id: string;
  correspondence_id: string;
  reason: string;
  kind: string;
  status: string;
  case_id: string | null;
  received_at: string;
  handled_at: string | null;
}

export interface CoreTables {
  events: EventsTable;
  streams: StreamsTable;
  counters: CountersTable;
  cases: CasesTable;
  complainants: ComplainantsTable;
  inbox_items: InboxItemsTable;
}
