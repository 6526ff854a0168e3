// Forms: zod schemas for urlencoded fields (trimmed text, empty as absent), and turning a refusal into what the
// form shows again: a message next to each field it concerns, or one for the form as a whole.
// Form routes use `attachValidation: true` and call `formRefusal` so the person sees the form, not an error page.
import type { FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AccessError } from '../../core/access/access-error.ts';
import { DomainError } from '../../core/case/refusal.ts';
import { fieldProblems, problemOf } from './errors.ts';
import type { FormState } from './pages/components.ts';

/** Required text, trimmed, between min and max characters. */
export const text = (min: number, max: number) => z.string().trim().min(min).max(max);

/** Optional text: absent or blank becomes null. */
export const optionalText = (max: number) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.string().trim().max(max).optional(),
    )
    .transform((v) => v ?? null);

/** A repeated field (`a=1&a=2`) or a single one, as a list. */
export const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(item));

/** A whole number typed in a form (blank is absent). */
export const optionalWholeNumber = (min: number, max: number) => {
  const error = `validation.number:${JSON.stringify({ min, max })}`;
  return z
    .preprocess(
      (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
      z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).optional(),
    )
    .transform((v) => v ?? null);
};

/**
 * A whole number from the query string, with a default: any refusal (not a number, a fraction, out of range,
 * beyond what a number holds exactly) names both bounds, so the message says what to write.
 */
export const wholeNumberParam = (min: number, max: number, fallback: number) => {
  const error = `validation.number:${JSON.stringify({ min, max })}`;
  return z.coerce.number({ error }).int({ error }).min(min, { error }).max(max, { error }).default(fallback);
};

/** A page number from the query string. */
export const pageParam = z.coerce.number().int().min(1).max(100_000).catch(1).default(1);

/** The values a person typed, to show them again (never passwords or the CSRF token). */
export function typedValues(body: unknown, omit: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return out;
  for (const [k, v] of Object.entries(body)) {
    if (k === '_csrf' || omit.includes(k) || /password|current|next|confirm/i.test(k)) continue;
    if (typeof v === 'string') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.filter((x) => typeof x === 'string').join(', ');
  }
  return out;
}

/** The form's state after refused validation: one message per field, in the reader's language. */
export function validationState(request: FastifyRequest, omit: readonly string[] = []): FormState | null {
  const error = request.validationError;
  if (!error) return null;
  const values = typedValues(request.body, omit);
  if (!hasZodFastifySchemaValidationErrors(error))
    return { values, errors: {}, message: request.t('errors.validation_failed') };
  const errors: Record<string, string> = {};
  const sent = typeof request.body === 'object' ? (request.body as Record<string, unknown> | null) : null;
  for (const p of fieldProblems(error.validation, request.t, sent)) errors[p.field] = p.message;
  return { values, errors };
}

/**
 * A refusal from a use case as form state: the message goes next to its field (`fieldOf` maps a code to a field
 * when the error does not name one), or above the form. Anything that is not a refusal is thrown again.
 */
export function formRefusal(
  request: FastifyRequest,
  error: unknown,
  fieldOf: Record<string, string> = {},
  omit: readonly string[] = [],
): { state: FormState; status: number } {
  if (!(error instanceof DomainError) && !(error instanceof AccessError)) throw error;
  const problem = problemOf(error, request.t, null, {
    lang: request.lang,
    timeZone: request.timeZone,
    page: true,
  });
  const field = problem.field ?? fieldOf[problem.code] ?? null;
  const values = typedValues(request.body, omit);
  const state: FormState = field
    ? { values, errors: { [field]: problem.message } }
    : { values, errors: {}, message: problem.message };
  return { state, status: problem.status };
}
