// Search: folded text per case and source (the case's own fields, each correspondence), and exact keys.
import type { Generated } from 'kysely';

export interface SearchDocsTable {
  id: Generated<number>;
  case_id: string;
  /** `case` for the case's own fields, else a correspondence id. */
  source: string;
  /** Folded text (lower case, no accents): see src/core/search/search-query.ts. */
  body: string;
  received_at: string;
}

/** Exact keys of a case: reference, complainant e-mail, support ticket numbers, domains. */
export interface CaseKeysTable {
  case_id: string;
  kind: string;
  value: string;
}

/** SQLite only: how far the background indexer has filled the full-text index (migration 202611230800). */
export interface SearchProgressTable {
  name: string;
  indexed_up_to: number;
}

export interface SearchTables {
  search_docs: SearchDocsTable;
  case_keys: CaseKeysTable;
  search_progress: SearchProgressTable;
}
