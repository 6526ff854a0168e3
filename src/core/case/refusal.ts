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
  'window_starts_before_answer_date',
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

/**
 * Every refusal there is, by code: the refusals of each code by name (`context`, the key of its own sentence in
 * each language: errors.<code>_<context>) and the values it carries for that sentence. A refusal is made only
 * with one of these (`refuse`, `DomainError`), so a new refusal is added here first, and the sentence files of
 * every language (i18n/refusals.*.ts) fail to type-check until they say it.
 */
export const REFUSAL_CONTEXTS = {
  case_not_found: {
    case: [],
    reference: ['reference'],
    complainant: [],
    inbox_item: [],
    inbox_correspondence: [],
    complainant_address: ['address'],
    complainant_address_unknown: ['address'],
    no_case_to_write: [],
    template: [],
    template_preview_case: [],
  },
  case_closed: {
    reopen_first: [],
    already_closed: [],
    merged: [],
    merged_reclassify: [],
    merge_target_closed: ['reference'],
    merge_survivor_closed: ['reference', 'source'],
  },
  case_not_closed: { reopen: [] },
  not_a_complaint: {
    request_information: [],
    answer: [],
    escalate: [],
    renew_promise: [],
    extend: [],
    extend_now: [],
  },
  not_a_suggestion: { forward: [], department_acknowledge: [], mark_done: [] },
  not_acknowledgeable: { other: [] },
  already_acknowledged: { at: ['at'] },
  already_answered: { at: ['at'], request_information: [], renew_promise: [], extend: [] },
  not_answered: { escalate: [] },
  not_step_1: { escalate: [] },
  already_escalated: { kind: [], step2: [] },
  answer_by_passed: { extension: ['answerByDate'] },
  window_reversed: { extension: ['windowStart', 'windowEnd'] },
  window_starts_in_past: { extension: ['windowStart', 'today', 'earliestStart'] },
  window_starts_before_answer_date: { extension: ['windowStart', 'answerByDate', 'earliestStart'] },
  window_not_later: { extension: ['answerByDate'] },
  window_end_not_working_day: { extension: ['windowEnd', 'nextWorkingDay'] },
  window_start_not_working_day: { extension: ['windowStart', 'nextWorkingDay'] },
  window_too_far: { extension: ['answerByDate', 'latestEnd', 'workingDays'] },
  same_value: {
    kind: ['kind'],
    owner: [],
    category: [],
    department: ['department'],
    department_acknowledged: [],
    suggestion_done: [],
    merged_here: ['reference'],
    answer_date_ahead: ['answerByDate'],
    language: ['language'],
    address_known: [],
    letter_posted: ['at'],
    letter_printed: [],
    flagged: [],
    not_flagged: [],
    step2_linked: [],
    same_complainant: [],
    deadline_told: [],
    deadline_unchanged: [],
    complainant_details: [],
    unreachable: [],
    reachable: [],
    complainant_merged: [],
    snippet_retired: [],
  },
  empty_text: {
    note: [],
    close_reason: [],
    reopen_reason: [],
    extension_reason: [],
    reply: [],
    restriction_reason: [],
    lift_reason: [],
    dismiss_reason: [],
    erasure_reason: [],
    legal_hold_reason: [],
  },
  no_such_letter: { not_waiting: [], not_on_case: [] },
  restriction_active: { kind: ['restriction'] },
  no_such_restriction: { not_in_force: [] },
  review_date_in_past: { review: ['reviewBy', 'today'] },
  designated_contact_required: { restriction: [] },
  designated_contact_not_allowed: { no_account: [], role: ['role'], invited: [], disabled: [] },
  inbox_item_handled: { filed: [], case_opened: [], reclassified: [], dismissed: [] },
  invalid_command: {
    // cases
    case_exists: ['reference'],
    other_needs_reason: [],
    root_cause: ['causes'],
    remedy_amount: [],
    department_missing: [],
    window_dates: [],
    merge_itself: [],
    merge_target_merged: ['reference'],
    merge_kind: ['kind'],
    merge_other_person: ['reference'],
    // mail to the complainant
    no_address: ['reference'],
    letter_attachments: ['reference'],
    letter_waiting: [],
    letter_only_complainant: [],
    letter_not_undelivered: [],
    // complainants
    complainant_exists: [],
    email_not_one: ['email'],
    review_date_format: [],
    complainant_merge_itself: [],
    complainant_target_merged: [],
    complainant_source_merged: [],
    subject_required: ['max'],
    several_complainants: ['address', 'records'],
    // the triage inbox
    inbox_item_exists: [],
    complainant_email_invalid: [],
    sender_other_address: ['sender', 'given'],
    // letters and complaints received
    // what is wrong with each field (core/case/field-issue.ts), said field by field
    letter_fields: ['problems'],
    letter_arrived_future: ['arrived'],
    letter_arrived_too_old: ['arrived'],
    letter_arrived_before_case: ['arrived', 'reference', 'received'],
    letter_domain: ['domain'],
    letter_reference_unknown: ['reference'],
    letter_reference_other_complainant: ['reference', 'email'],
    letter_empty: [],
    scan_empty: [],
    scan_type: ['types'],
    scan_type_differs: ['found', 'given'],
    scan_base64: [],
    scan_size: ['megabytes'],
    letter_field: [],
    letter_as_file: [],
    complaint_fields: ['problems'],
    complaint_domains: ['domains'],
    complaint_reference: ['reference'],
    complaint_email: [],
    idempotency_key_reused: [],
    // what staff write and send
    attachment_type: ['name'],
    attachments_limits: ['count', 'megabytes', 'bytes'],
    category_unknown: ['category', 'categories'],
    department_unknown: ['department', 'departments'],
    duplicate_unknown: ['reference'],
    template_invalid: ['problems'],
    no_snippet: [],
    snippet_retired_change: [],
    // a colleague saved the same text after the form was opened
    snippet_changed_meanwhile: [],
    snippet_variable: ['variable'],
    template_changed_meanwhile: ['version'],
    // a bulk action from a queue page made before a colleague changed the case
    owner_changed_meanwhile: [],
    category_changed_meanwhile: [],
    // an act sent from a case page made before a colleague acted on the case (what they did, listed)
    case_changed_meanwhile: ['changes'],
    // the complainant's page
    addition_too_long: [],
    addition_too_large: ['bytes'],
    documents_limits: ['count', 'megabytes', 'bytes'],
  },
} as const satisfies { readonly [C in RefusalCode]: Readonly<Record<string, readonly string[]>> };

type Contexts = typeof REFUSAL_CONTEXTS;
/** The names of the refusals of a code. */
export type RefusalContext<C extends RefusalCode> = keyof Contexts[C] & string;
type ValuesOf<
  C extends RefusalCode,
  K extends RefusalContext<C>,
> = Contexts[C][K] extends readonly (infer V extends string)[] ? V : never;
/** What a refusal of a code carries: which of its refusals it is, and that refusal's values. */
export type RefusalDetails<C extends RefusalCode> = {
  [K in RefusalContext<C>]: { readonly context: K } & { readonly [V in ValuesOf<C, K>]: unknown };
}[RefusalContext<C>];
/** The key of every refusal's sentence (errors.<key> in each language). */
export type RefusalKey = {
  [C in RefusalCode]: `${C}_${RefusalContext<C>}`;
}[RefusalCode];

/** A refusal: its code, the core's own sentence (English, for logs and the API), which refusal it is and its values. */
export type Refusal = {
  [C in RefusalCode]: {
    readonly code: C;
    readonly message: string;
    readonly details: RefusalDetails<C>;
  };
}[RefusalCode];

export type Decision<E> =
  | { readonly ok: true; readonly events: E[] }
  | { readonly ok: false; readonly refusal: Refusal };

export function accept<E>(...events: E[]): Decision<E> {
  return { ok: true, events };
}

export function refuse<E, C extends RefusalCode>(
  code: C,
  message: string,
  details: RefusalDetails<C>,
): Decision<E> {
  return { ok: false, refusal: { code, message, details } as Refusal };
}

/** A refusal made elsewhere (a rule's own check) as the decision. */
export function refused<E>(refusal: Refusal): Decision<E> {
  return { ok: false, refusal };
}

/** The error form of a refusal, for the application layer, which throws rather than threads results. */
export class DomainError extends Error {
  readonly code: RefusalCode;
  readonly details: Refusal['details'];
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
