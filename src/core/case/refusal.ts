// A refusal of the procedure's rules: a typed value with a code (mapped to HTTP and to messages at the
// edges) and a sentence for the person who asked, naming what is wrong and what would be allowed.

export const REFUSAL_CODES = [
  'case_not_found',
  'case_closed',
  'case_not_closed',
  'not_a_complaint',
  'not_a_suggestion',
  'not_acknowledgeable',
  'already_acknowledged',
  'already_answered',
  'not_answered',
  'not_step_1',
  'already_escalated',
  'answer_by_passed',
  'window_reversed',
  'window_starts_in_past',
  'window_not_later',
  'window_end_not_working_day',
  'window_start_not_working_day',
  'window_too_far',
  'same_value',
  'empty_text',
  'no_such_letter',
  'restriction_active',
  'no_such_restriction',
  'review_date_in_past',
  'designated_contact_required',
  'designated_contact_not_allowed',
  'inbox_item_handled',
  'invalid_command',
] as const;
export type RefusalCode = (typeof REFUSAL_CODES)[number];

export interface Refusal {
  readonly code: RefusalCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export type Decision<E> =
  | { readonly ok: true; readonly events: E[] }
  | { readonly ok: false; readonly refusal: Refusal };

export function accept<E>(...events: E[]): Decision<E> {
  return { ok: true, events };
}

export function refuse<E>(
  code: RefusalCode,
  message: string,
  details?: Record<string, unknown>,
): Decision<E> {
  return { ok: false, refusal: details ? { code, message, details } : { code, message } };
}

/** The error form of a refusal, for the application layer, which throws rather than threads results. */
export class DomainError extends Error {
  readonly code: RefusalCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;
  constructor(refusal: Refusal) {
    super(refusal.message);
    this.code = refusal.code;
    this.details = refusal.details;
  }
}

/** Unwraps a decision: its events, or a thrown DomainError. */
export function orThrow<E>(decision: Decision<E>): E[] {
  if (!decision.ok) throw new DomainError(decision.refusal);
  return decision.events;
}
