// Staff accounts, their sessions, failed sign-ins (shared by every instance), API tokens and the audit log.
// Instants are TEXT (ISO 8601 UTC, `Z`, milliseconds); JSON as TEXT. Secrets are stored only as SHA-256.

export interface UsersTable {
  id: string;
  /** Lower case; unique. */
  email: string;
  name: string;
  role: string;
  /** JSON array of department names (for department members). */
  departments: string;
  language: string;
  /** `scrypt$N$r$p$salt$hash`; null until the invitation is accepted. */
  password_hash: string | null;
  /** invited | active | disabled. Accounts are never deleted: history names them. */
  status: string;
  /** SHA-256 of the pending invitation (set-your-password) token, if any. */
  invitation_hash: string | null;
  invitation_expires_at: string | null;
  /** `invitation` or `reset` (null: an invitation written by an older instance). */
  invitation_purpose: string | null;
  last_sign_in_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** SHA-256 of the cookie value. */
  id: string;
  user_id: string;
  /** The synchronizer token every form post and htmx request must carry. */
  csrf_token: string;
  created_at: string;
  last_seen_at: string;
  /** The earlier of idle expiry and absolute expiry; moved forward as the session is used. */
  expires_at: string;
  absolute_expires_at: string;
  address: string | null;
  user_agent: string | null;
}

/** One row per failed sign-in and per key (`account:<email>`, `address:<ip>`), counted over a sliding window. */
export interface SignInFailuresTable {
  id: string;
  key: string;
  at: string;
}

export interface ApiTokensTable {
  id: string;
  name: string;
  role: string;
  /** SHA-256 of the token; the token itself is shown once, at creation. */
  token_hash: string;
  /** The first characters of the token, to recognise it in lists. */
  hint: string;
  created_by: string;
  created_at: string;
  expires_at: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: string | null;
}

/** Administrative acts (sign-ins, user and role changes, tokens, configuration, exports). Append-only. */
export interface AuditLogTable {
  id: string;
  at: string;
  /** `user:<id>`, `token:<id>`, `cli`, `system`, or `anonymous`. */
  actor: string;
  /** The actor's e-mail or token name at the time (accounts may be renamed later). */
  actor_label: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  address: string | null;
  /** JSON object with the particulars (old and new role, …); never secrets. */
  detail: string | null;
}

export interface AccountsTables {
  users: UsersTable;
  sessions: SessionsTable;
  sign_in_failures: SignInFailuresTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditLogTable;
}
