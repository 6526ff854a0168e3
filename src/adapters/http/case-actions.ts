// The input of each case action (src/core/case/actions.ts), one zod schema read by both doors: the staff page's
// form (urlencoded, where a blank field and an unticked box are absent) and the API (JSON, where absent is null).
// Each schema accepts both spellings, so the same input meets the same rule and gets the same message on both
// doors (src/adapters/http/errors.ts `fieldProblems`), and the OpenAPI document shows exactly what the page checks.
import { z } from 'zod';
import { rolesMayAct } from '../../core/access/case-access.ts';
import type { Role } from '../../core/access/roles.ts';
import { isIsoDate } from '../../core/calendar/business-calendar.ts';
import {
  apiRouteKey,
  CASE_ACTION_NAMES,
  CASE_ACTIONS,
  type CaseActionApiKey,
  type CaseActionName,
  type CaseActionWebKey,
  webRouteKey,
} from '../../core/case/actions.ts';
import { KINDS, MISSING_FIELDS, OTHER_REASONS, OUTCOMES } from '../../core/case/model.ts';
import { REFERENCE_NUMBER } from '../../core/case/reference.ts';
import { isCurrency, normaliseAmount, ROOT_CAUSE_NOTE_MAX, ROOT_CAUSES } from '../../core/case/root-cause.ts';
import { REPLY_KINDS } from '../../core/correspondence/reply.ts';

/** The limits, named once: the page's `maxlength` and both doors' validation read them. */
export const LIMITS = {
  /** An internal note: staff only, so no reader's patience bounds it; the wider of the two doors' old limits. */
  note: 10_000,
  /** A reason for extending, closing or reopening. */
  reason: 2000,
  /** The note sent with a request for information: the same budget as the remedy of an answer. */
  requestNote: 5000,
  /** The answer's own text: one e-mail or a printed letter the complainant reads through. */
  answerText: 20_000,
  remedy: 5000,
  /** A free reply or an interim update: one e-mail the complainant reads through, like the answer. */
  replyText: 20_000,
  /** A note to a department, or on what a department did with a suggestion. */
  departmentNote: 2000,
  department: 100,
  /** Categories are at most 60 characters (the administrators' category rule, admin.routes.ts). */
  category: 60,
  accountId: 100,
  /** A case reference as typed (`RC-2026-000123`, with room for stray spaces). */
  reference: 30,
} as const;

/** Required text, trimmed. */
const required = (min: number, max: number) => z.string().trim().min(min).max(max);

/** Optional text: absent, null or blank is null. */
const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .nullish()
    .transform((s) => s || null);

// A day that exists (not 2026-02-30), checked at its field as the core checks it (business-calendar.ts): the core's
// refusal of a day it cannot read named neither field.
const isoDate = z
  .string()
  .trim()
  .refine(isIsoDate, { error: 'validation.date' })
  .describe('A local date, YYYY-MM-DD.');

/** A list typed as repeated form fields (`a=1&a=2`), one field, or a JSON array; absent is empty. */
const listOf = <T extends z.ZodType>(item: T) =>
  z
    .union([z.array(item), item])
    .nullish()
    .transform((v): z.output<T>[] =>
      v === undefined || v === null ? [] : Array.isArray(v) ? v : [v as z.output<T>],
    );

/** A case reference (core/case/reference.ts), for the forms' schemas. */
export const REFERENCE_PATTERN = new RegExp(String.raw`^[A-Za-z]{2,6}-\d{4}-${REFERENCE_NUMBER}$`);

/** The answer's words; the attachments come as files on the page and in base64 through the API. */
export const answerInput = z.object({
  outcome: z.enum(OUTCOMES),
  text: required(1, LIMITS.answerText),
  remedy: optional(LIMITS.remedy),
  /** What the complaint came from (kept for the figures, never sent); blank or absent: not said. */
  rootCause: z
    .union([z.enum(ROOT_CAUSES), z.literal('')])
    .nullish()
    .transform((v) => v || null),
  rootCauseNote: optional(ROOT_CAUSE_NOTE_MAX),
  /** Money offered with the remedy: a decimal with at most two places ("25", "25.50"; a comma is read as a dot). */
  remedyAmount: z
    .string()
    .trim()
    .max(20)
    .nullish()
    .transform((v) => (v ? (normaliseAmount(v) ?? v) : null))
    .refine((v) => v === null || normaliseAmount(v) === v, { error: 'validation.invalid' }),
  /** The currency of the amount, an ISO 4217 code; blank: EUR. */
  remedyCurrency: z
    .string()
    .trim()
    .max(3)
    .nullish()
    .transform((v) => (v ? v.toUpperCase() : 'EUR'))
    .refine(isCurrency, { error: 'validation.invalid' }),
});

/** A free reply's words; the attachments come as files on the page and in base64 through the API. */
export const replyInput = z.object({
  kind: z
    .enum(REPLY_KINDS)
    .default('reply')
    .describe(
      '`reply` answers what the complainant asked; `update` says where the case stands (the promised date is repeated).',
    ),
  text: required(1, LIMITS.replyText).meta({
    example: 'Your refund was sent on 3 December; it reaches your account within five working days.',
  }),
});

export const CASE_ACTION_INPUTS = {
  // The person and the category are always sent (the page's lists send a blank for none), so that a request
  // that forgets them is refused rather than read as "nobody" or "no category".
  assign: z.object({
    to: z
      .string()
      .trim()
      .max(LIMITS.accountId)
      .nullable()
      .transform((s) => s || null)
      .describe('A user id, or null (or blank) to leave the case unassigned.')
      .meta({ example: '9d5c3a7e-1b2f-4c8d-8e9f-0a1b2c3d4e5f' }),
  }),
  categorise: z.object({
    category: z
      .string()
      .trim()
      .max(LIMITS.category)
      .nullable()
      .transform((s) => s || null)
      .describe('One of the configured categories, or null.')
      .meta({ example: 'domains' }),
  }),
  note: z.object({
    text: required(1, LIMITS.note).meta({ example: 'Called the registrar; waiting for the transfer code.' }),
  }),
  acknowledge: z.object({}),
  request_information: z
    .object({
      missing: listOf(z.enum(MISSING_FIELDS)).meta({ example: ['expectations'] }),
      note: optional(LIMITS.requestNote),
    })
    // What to ask for: the fields of P2 that are missing, or a note in the person's own words, or both.
    .refine((b) => b.missing.length > 0 || b.note !== null, {
      path: ['missing'],
      error: 'validation.required',
    }),
  extend: z
    .object({
      reason: required(3, LIMITS.reason),
      windowStart: isoDate,
      windowEnd: isoDate,
    })
    .meta({
      example: {
        reason: 'We are waiting for the registry.',
        windowStart: '2026-12-08',
        windowEnd: '2026-12-15',
      },
    }),
  answer: answerInput,
  reply: replyInput,
  escalate: z.object({}),
  close: z.object({
    reason: required(3, LIMITS.reason).meta({ example: 'Answered; the complainant confirmed by phone.' }),
  }),
  reopen: z.object({
    reason: required(3, LIMITS.reason).meta({
      example: 'The complainant wrote again about the same invoice.',
    }),
  }),
  merge: z.object({
    duplicateReference: z
      .string()
      .max(LIMITS.reference)
      .trim()
      .regex(REFERENCE_PATTERN, { error: 'validation.reference' })
      .describe('The reference of the case that duplicates this one; it is merged into this case.')
      .meta({ example: 'RC-2026-000124' }),
  }),
  forward: z.object({
    department: required(1, LIMITS.department).meta({ example: 'Billing' }),
    note: optional(LIMITS.departmentNote),
  }),
  suggestion_acknowledge: z.object({}),
  suggestion_done: z.object({ note: optional(LIMITS.departmentNote) }),
  reclassify: z
    .object({
      kind: z.enum(KINDS),
      // The page's list sends a blank for none; only "other" needs one (the core refuses it without).
      reason: z
        .union([z.enum(OTHER_REASONS), z.literal('')])
        .nullish()
        .transform((v) => v || null)
        .describe('Why it is not a complaint (P7.4); required with kind `other`, ignored otherwise.'),
      note: optional(LIMITS.reason),
    })
    .refine((b) => b.kind !== 'other' || b.reason !== null, {
      path: ['reason'],
      error: 'validation.required',
    })
    .meta({
      example: { kind: 'other', reason: 'abuse_report', note: 'A report of phishing, not a complaint.' },
    }),
} as const satisfies Record<CaseActionName, z.ZodType>;

export type CaseActionInput<K extends CaseActionName> = z.output<(typeof CASE_ACTION_INPUTS)[K]>;

/** What the API documents for each action (the page has its own words, under `staff.actions.`). */
export const CASE_ACTION_DOCS: Record<CaseActionName, { summary: string; description: string }> = {
  assign: {
    summary: 'Assign the case',
    description:
      'To a user (their id), or `null` to leave it unassigned. A team lead or management reassigns freely; an ' +
      'agent takes an unassigned case for themselves or gives back their own.',
  },
  categorise: {
    summary: 'Categorise the case',
    description: 'One of the categories configured by the administrators (P7.1), or `null`.',
  },
  note: { summary: 'Add an internal note', description: 'Seen by staff only, kept in the history.' },
  acknowledge: {
    summary: 'Acknowledge the complaint',
    description:
      'P3.1: sends the acknowledgement in the complainant’s language, by e-mail or as a letter to post, with the ' +
      'date by which they will have an answer.',
  },
  request_information: {
    summary: 'Ask the complainant for missing information',
    description:
      'Sends the request in the complainant’s language (P2.7): the missing fields, a note, or both. The clock ' +
      'does not stop (P4.5): the case shows that it waits on the complainant.',
  },
  extend: {
    summary: 'Extend the time to answer',
    description:
      'P4.3: the reason and a window of local dates (the last a working day, after the current answer-by date); ' +
      'the notice goes to the complainant and the window’s last day becomes the new answer-by date.',
  },
  answer: {
    summary: 'Send the definitive answer',
    description:
      'P4.4: the outcome, your text and the remedy granted, sent in the complainant’s language with the next ' +
      'step open to them (step 2 by post after step 1; dispute resolution after step 2). Attachments in base64.',
  },
  reply: {
    summary: 'Write a free reply or an interim update to the complainant',
    description:
      'Your text, between our greeting and signature, in the case’s language, threaded on the complainant’s last ' +
      'e-mail with the reference in the subject (a letter to post when there is no e-mail address). It is not the ' +
      'definitive answer: the clock and the status do not change. Under a designated-contact restriction only that ' +
      'person may write (P8.4). Attachments in base64, with the limits of the answer.',
  },
  escalate: {
    summary: 'Escalate to step 2',
    description:
      'P5.1: refused unless step 1 is answered. Opens the linked step-2 case in management’s queue, acknowledged ' +
      'like any new case. The answer shows the step-1 case; the step-2 case is in `step2CaseId`.',
  },
  close: {
    summary: 'Close the case',
    description:
      'With a reason; the case can be reopened, and escalation stays possible after closing (P4.6).',
  },
  reopen: {
    summary: 'Reopen a closed case',
    description: 'With a reason, e.g. the complainant wrote again.',
  },
  merge: {
    summary: 'Merge a duplicate into this case',
    description:
      'The case named by `duplicateReference` (the same complaint received twice) is merged into this one: its ' +
      'correspondence moves here and it is closed as merged.',
  },
  forward: {
    summary: 'Forward a suggestion to a department',
    description: 'P9.1: the complaints team sends the suggestion to a department, with an optional note.',
  },
  suggestion_acknowledge: {
    summary: 'Record that the department took up the suggestion',
    description: 'By the department the suggestion went to (or the complaints team).',
  },
  suggestion_done: {
    summary: 'Record what the department did with the suggestion',
    description: 'Closes the suggestion, with an optional note.',
  },
  reclassify: {
    summary: 'Change the kind of the case',
    description:
      'P2.7, P7.4: `other` (with a reason: an abuse report, a domain dispute, a data-protection request, spam, ' +
      'misdirected) leaves the complaint figures and the clock; `complaint` starts at step 1 with an answer date ' +
      'counted from receipt and is acknowledged like any new complaint (unless it was before); `suggestion` is ' +
      'thanked and forwarded like any new suggestion. A closed case may only be made `other`; a case escalated ' +
      'to step 2 keeps its kind.',
  },
};

/** The role table's entries for every case action on both doors, from the rule that says who may act. */
export function caseActionAccess(): Record<CaseActionWebKey | CaseActionApiKey, readonly Role[]> {
  const out = {} as Record<CaseActionWebKey | CaseActionApiKey, readonly Role[]>;
  for (const name of CASE_ACTION_NAMES) {
    const roles = rolesMayAct(CASE_ACTIONS[name].act);
    out[webRouteKey(name)] = roles;
    out[apiRouteKey(name)] = roles;
  }
  return out;
}
