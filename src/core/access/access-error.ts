// Refusals about who may do what: signing in, sessions, accounts, tokens. Like the procedure's DomainError, a
// typed value with a code; the HTTP layer maps each code to a status and a message in one place.

export const ACCESS_CODES = [
  'unauthenticated',
  'session_expired',
  'forbidden_role',
  'assignee_not_allowed',
  'designated_contact_only',
  'csrf_invalid',
  'token_invalid',
  'sign_in_failed',
  'sign_in_throttled',
  'reset_throttled',
  'email_taken',
  'user_not_found',
  'token_not_found',
  'departments_required',
  'unknown_department',
  'last_administrator',
  'password_too_short',
  'password_too_long',
  'password_is_email',
  'password_wrong',
  'passwords_differ',
  'invitation_invalid',
  'already_in_state',
] as const;
export type AccessCode = (typeof ACCESS_CODES)[number];

export class AccessError extends Error {
  readonly code: AccessCode;
  /** The form field the refusal is about, when there is one (shown next to that field). */
  readonly field: string | null;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(
    code: AccessCode,
    message: string,
    options: { field?: string; details?: Record<string, unknown> } = {},
  ) {
    super(message);
    this.code = code;
    this.field = options.field ?? null;
    this.details = options.details ?? {};
  }
}
