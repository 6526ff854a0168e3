// What is wrong with each field of an input a door refused as a whole (a letter, a complaint, a text to save): the
// field, the kind of problem (a zod issue's code, or a rule of the door's own) and its values, so that the refusal
// says in the reader's language what to change in each field, not only which fields.

/**
 * The fixes a door's own rule names: a refinement of its schema says which (`params: { fix }`), and each has its
 * sentence in every language (i18n/field-problems.*.ts, typed by this list).
 */
export const FIELD_FIXES = [
  'letter_arrived',
  'letter_time',
  'letter_time_with_date',
  'suggestion_without_step',
  'ticket_ref',
  'email',
] as const;
export type FieldFix = (typeof FIELD_FIXES)[number];

export interface FieldIssue {
  /** The field, as the input names it (`complainant.email`, `ticketRefs.0`). */
  readonly field: string;
  /** A zod issue's code (`invalid_type`, `too_big`, `custom`…). */
  readonly code: string;
  /** The issue's values (`maximum`, `values`, a rule's `params.fix`…). */
  readonly params: Readonly<Record<string, unknown>>;
}

/** A zod issue as its validation reports it, whatever its code. */
interface Issue {
  readonly code: string;
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly input?: unknown;
}

/**
 * The issues of a refused input as field issues (`root` names the input as a whole). What was typed is not kept,
 * only whether it was left blank: a refusal must not carry a person's text along.
 */
export function fieldIssuesOf(issues: readonly Issue[], root: string): FieldIssue[] {
  return issues.map(({ code, path, message: _english, input, ...params }) => {
    const blank = input === undefined || input === null || (typeof input === 'string' && !input.trim());
    return {
      field: path.map(String).join('.') || root,
      code,
      params: blank ? { ...params, input: null } : params,
    };
  });
}
