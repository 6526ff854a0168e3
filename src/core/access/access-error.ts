// Refusals about who may do what: signing in, sessions, accounts, tokens, and who may act on which case. Like the
// procedure's refusals (src/core/case/refusal.ts), a typed value with a code and which refusal of its code it is;
// the HTTP layer maps each code to a status and each refusal to its sentence in the reader's language.

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

/**
 * Every access refusal there is, by code: the refusals of each code by name (`context`, the key of its own sentence
 * in each language: errors.<code>_<context>) and the values it carries for that sentence. An AccessError is made
 * only with one of these, so a new refusal is added here first, and the sentence files of every language
 * (i18n/access-refusals.*.ts) fail to type-check until they say it.
 */
export const ACCESS_CONTEXTS = {
  unauthenticated: { sign_in: [] },
  session_expired: { ended: [] },
  forbidden_role: {
    // a route the role table does not open to the role
    route: ['role'],
    inbox: [],
    // a case the rules of case-access.ts keep from the person
    department_records: [],
    team_forwards: [],
    step2_only: [],
    step2_management: [],
    no_cases: ['role'],
    lead_reassigns: [],
    // a complainant's record the rule of complainant-record.ts keeps from the role
    restriction_deciders: [],
    record_mergers: [],
    record_exporters: [],
    subject_requests: [],
    record_writers: [],
  },
  assignee_not_allowed: { step1: [], step2: [] },
  designated_contact_only: { correspondence: [], assignment: [] },
  csrf_invalid: { expired: [] },
  token_invalid: { bearer: [] },
  sign_in_failed: { credentials: [] },
  sign_in_throttled: { failures: ['minutes'] },
  reset_throttled: { requests: ['minutes'] },
  email_taken: { account: ['email'] },
  user_not_found: { account: [], email: ['email'] },
  token_not_found: { token: [] },
  departments_required: { department_member: [] },
  unknown_department: { existing: ['department', 'existing'], none: ['department'] },
  last_administrator: { active: [] },
  password_too_short: { length: ['min'] },
  password_too_long: { length: ['max'] },
  password_is_email: { email: [] },
  password_wrong: { current: [] },
  passwords_differ: { confirm: [] },
  invitation_invalid: { expired: [], used: [] },
  already_in_state: { account: ['status'], token_revoked: [], record_merged: [], record_erased: [] },
} as const satisfies { readonly [C in AccessCode]: Readonly<Record<string, readonly string[]>> };

type Contexts = typeof ACCESS_CONTEXTS;
/** The names of the refusals of a code. */
export type AccessContext<C extends AccessCode> = keyof Contexts[C] & string;
type ValuesOf<
  C extends AccessCode,
  K extends AccessContext<C>,
> = Contexts[C][K] extends readonly (infer V extends string)[] ? V : never;
/** What a refusal of a code carries (of any of several codes: of one of them): which refusal it is, its values. */
export type AccessDetails<C extends AccessCode> = C extends AccessCode
  ? {
      [K in AccessContext<C>]: { readonly context: K } & { readonly [V in ValuesOf<C, K>]: unknown };
    }[AccessContext<C>]
  : never;
/** The key of every access refusal's sentence (errors.<key> in each language). */
export type AccessRefusalKey = {
  [C in AccessCode]: `${C}_${AccessContext<C>}`;
}[AccessCode];

export class AccessError<C extends AccessCode = AccessCode> extends Error {
  readonly code: C;
  /** The form field the refusal is about, when there is one (shown next to that field). */
  readonly field: string | null;
  /** Which refusal of its code it is, and its values (see ACCESS_CONTEXTS). */
  readonly details: AccessDetails<C>;
  /** For a refusal that passes with time: when to try again (the Retry-After of the answer). */
  readonly retryAfterSeconds: number | null;
  constructor(
    code: C,
    message: string,
    options: { field?: string; details: AccessDetails<C>; retryAfterSeconds?: number },
  ) {
    super(message);
    this.code = code;
    this.field = options.field ?? null;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds ?? null;
  }
}
