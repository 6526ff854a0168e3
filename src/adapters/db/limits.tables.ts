// Request counters (rate limits) and the server's own secrets (migration 202611230750).
export interface RateLimitsTable {
  /** What is counted, e.g. `complain:<keyed hash of the client address>` or `api-write:<token id>`. */
  bucket: string;
  /** The start of the counting window, an ISO instant. */
  window_start: string;
  count: number;
}

export interface ServerSecretsTable {
  name: string;
  /** base64url random bytes. */
  value: string;
  created_at: string;
}

export interface LimitsTables {
  rate_limits: RateLimitsTable;
  server_secrets: ServerSecretsTable;
}
