// The one map from error codes to HTTP status and to a message the person can read (errors.<code> in the
// locale files): the procedure's refusals (DomainError), access refusals (AccessError) and HTTP's own.
// Routes throw; the error handler answers JSON under /api/, a page or a redirect elsewhere.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { html } from 'hono/html';
import { SettingsError } from '../../app/settings.ts';
import { type AccessCode, AccessError } from '../../core/access/access-error.ts';
import type { FieldIssue } from '../../core/case/field-issue.ts';
import type { Language } from '../../core/case/model.ts';
import { DomainError, type RefusalCode } from '../../core/case/refusal.ts';
import { ReportTimeLimit } from '../../core/report/time-limit.ts';
import { isApiRequest } from './api-address.ts';
import { fieldSentence } from './field-sentence.ts';
import { installFormAddresses, pageForPostAddress } from './form-address.ts';
import { languageFromHeader, type Translate, translatorFor } from './i18n/index.ts';
import { localDayText, whenText } from './pages/components.ts';
import { settingsProblemText } from './settings-problems.ts';

export const HTTP_CODES = [
  'not_found',
  'bad_request',
  'validation_failed',
  'payload_too_large',
  'uri_too_long',
  'unsupported_media_type',
  'request_timeout',
  'rate_limited',
  'service_unavailable',
  'uploads_busy',
  'report_time_limit',
  'internal_error',
] as const;
export type HttpCode = (typeof HTTP_CODES)[number];
export type ErrorCode = RefusalCode | AccessCode | HttpCode;

/** Every code, its status. Adding a code anywhere makes this (and the locale files) fail to type-check until done. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  // the procedure: a missing thing is 404, a rule that refuses the act now is 409, a bad value is 422
  case_not_found: 404,
  no_such_letter: 404,
  no_such_restriction: 404,
  case_closed: 409,
  case_not_closed: 409,
  not_a_complaint: 409,
  not_a_suggestion: 409,
  not_acknowledgeable: 409,
  already_acknowledged: 409,
  already_answered: 409,
  not_answered: 409,
  not_step_1: 409,
  already_escalated: 409,
  answer_by_passed: 409,
  restriction_active: 409,
  inbox_item_handled: 409,
  same_value: 409,
  invalid_command: 409,
  window_reversed: 422,
  window_starts_in_past: 422,
  window_starts_before_answer_date: 422,
  window_not_later: 422,
  window_end_not_working_day: 422,
  window_start_not_working_day: 422,
  window_too_far: 422,
  empty_text: 422,
  review_date_in_past: 422,
  designated_contact_required: 422,
  designated_contact_not_allowed: 422,
  // access
  unauthenticated: 401,
  session_expired: 401,
  token_invalid: 401,
  sign_in_failed: 401,
  forbidden_role: 403,
  assignee_not_allowed: 422,
  designated_contact_only: 403,
  csrf_invalid: 403,
  sign_in_throttled: 429,
  reset_throttled: 429,
  user_not_found: 404,
  token_not_found: 404,
  email_taken: 409,
  last_administrator: 409,
  already_in_state: 409,
  invitation_invalid: 410,
  departments_required: 422,
  unknown_department: 422,
  password_too_short: 422,
  password_too_long: 422,
  password_is_email: 422,
  password_wrong: 422,
  passwords_differ: 422,
  // HTTP
  not_found: 404,
  bad_request: 400,
  validation_failed: 422,
  payload_too_large: 413,
  uri_too_long: 414,
  unsupported_media_type: 415,
  request_timeout: 408,
  rate_limited: 429,
  service_unavailable: 503,
  uploads_busy: 503,
  report_time_limit: 503,
  internal_error: 500,
};

/** An HTTP-level refusal (not found, bad input, too many requests) thrown by a route. */
export class HttpError extends Error {
  readonly code: HttpCode;
  /** Values for the message (e.g. `retryAfterSeconds`, which also sets Retry-After). */
  readonly params: Readonly<Record<string, unknown>>;
  constructor(code: HttpCode, message: string = code, params: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.params = params;
  }
}

/**
 * The refusal of a body larger than its door reads, as the API says it: the limit in bytes and what to do. Said
 * before more than the limit is read (by the announced length, or once the bytes counted pass it).
 */
export function bodyTooLarge(limit: number): HttpError {
  return new HttpError('payload_too_large', `more than ${limit} bytes`, { context: 'body', limit });
}

export interface FieldProblem {
  field: string;
  message: string;
}

export interface Problem {
  status: number;
  code: ErrorCode;
  message: string;
  fields: FieldProblem[];
  /** The form field the problem is about, when there is one. */
  field: string | null;
  params: Record<string, unknown>;
}

const FASTIFY_CODES: Record<string, HttpCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
  // A body that is not what its Content-Type says (JSON cut short, `__proto__` keys) is the sender's mistake.
  FST_ERR_CTP_INVALID_JSON_BODY: 'bad_request',
  // Refused by the router before any route (frameworkErrors): a path parameter longer than any, a broken address.
  FST_ERR_MAX_PARAM_LENGTH: 'uri_too_long',
  FST_ERR_BAD_URL: 'bad_request',
  // @fastify/multipart's refusals of a whole form (too many fields or parts, a forbidden field name).
  FST_FIELDS_LIMIT: 'payload_too_large',
  FST_PARTS_LIMIT: 'payload_too_large',
  FST_FILES_LIMIT: 'payload_too_large',
  FST_REQ_FILE_TOO_LARGE: 'payload_too_large',
  FST_PROTO_VIOLATION: 'bad_request',
  FST_INVALID_JSON_FIELD_ERROR: 'bad_request',
  FST_INVALID_MULTIPART_CONTENT_TYPE: 'unsupported_media_type',
  FST_MP_PREMATURE_CLOSE: 'bad_request',
  FST_ERR_VALIDATION: 'validation_failed',
  FST_ERR_NOT_FOUND: 'not_found',
};

/** Who reads a problem: their language, the organisation's time zone, and whether it is shown on a page. */
export interface Reader {
  lang: Language;
  timeZone: string;
  /** A page (a person reading the staff application), rather than the API. */
  page: boolean;
}

const LOCAL_DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A refusal's values as the reader reads them in its sentence: a local day (YYYY-MM-DD) as the pages write days,
 * an instant in the organisation's time zone as the pages write times; the rest as they are.
 */
function readableParams(params: Record<string, unknown>, reader: Reader): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params))
    out[key] =
      key === 'context' || typeof value !== 'string'
        ? value
        : LOCAL_DAY.test(value)
          ? localDayText(reader.lang, value)
          : INSTANT.test(value) && !Number.isNaN(Date.parse(value))
            ? whenText(reader.lang, reader.timeZone, value)
            : value;
  return out;
}

/**
 * A refusal known by its code and details (not thrown: a case a bulk action skipped) in the reader's words, the
 * same sentence a page shows when the refusal is thrown.
 */
export function refusalText(
  t: Translate,
  reader: Reader,
  code: string,
  details: Readonly<Record<string, unknown>>,
): string {
  // A case access refusal's own name for the designated contact (case-access.ts) is the error code's.
  const key = code === 'designated_contact' ? 'designated_contact_only' : code;
  return t(`errors.${key}`, readableParams({ ...details }, reader));
}

/**
 * Turns anything thrown into a problem with a status, a code and a translated message. With a reader, the message
 * names its dates and times as the reader's pages write them. A refusal of the procedure is said by its own
 * sentence in the reader's language (errors.<code>_<context>), never by the core's English one.
 */
export function problemOf(
  error: unknown,
  t: Translate,
  sent?: Readonly<Record<string, unknown>> | null,
  reader?: Reader,
): Problem {
  let code: ErrorCode = 'internal_error';
  let field: string | null = null;
  let params: Record<string, unknown> = {};
  let fields: FieldProblem[] = [];
  if (error instanceof DomainError) {
    code = error.code;
    params = { ...error.details };
    // An input refused as a whole names what is wrong with each field (core/case/field-issue.ts): at the fields
    // in the API, and field by field in the sentence.
    if (isFieldIssueList(params.problems)) {
      fields = fieldProblems(params.problems.map(validationIssueOf), t);
      params.problems = fields.map((f) => fieldSentence(t, f.field, f.message)).join(' ');
    }
    // Every refusal names which of its code's refusals it is (`context`, REFUSAL_CONTEXTS), the key of its own
    // sentence in each language, so the core's English sentence is never what the reader gets. An input refusal's
    // sentence starts with the field it is about ("rootCause: …"), which a form shows the problem next to.
    if (code === 'invalid_command') field = /^([a-zA-Z][\w.]*): /.exec(error.message)?.[1] ?? null;
  } else if (error instanceof AccessError) {
    code = error.code;
    field = error.field;
    params = { ...error.details };
    if (error.retryAfterSeconds !== null) params.retryAfterSeconds = error.retryAfterSeconds;
  } else if (error instanceof SettingsError) {
    // Settings refused by their check, each said in the reader's language with its field (settings-problems.ts).
    code = 'validation_failed';
    fields = error.problems.map((p) => ({ field: p.key, message: settingsProblemText(t, p) }));
  } else if (error instanceof ReportTimeLimit) {
    code = 'report_time_limit';
    params = { seconds: Math.max(1, Math.round(error.limitMs / 1000)) };
  } else if (error instanceof HttpError) {
    code = error.code;
    params = { ...error.params };
  } else if (hasZodFastifySchemaValidationErrors(error)) {
    code = 'validation_failed';
    fields = fieldProblems(error.validation, t, sent);
  } else {
    const fastifyCode = (error as FastifyError | null)?.code;
    const status = (error as FastifyError | null)?.statusCode;
    if (fastifyCode && FASTIFY_CODES[fastifyCode]) code = FASTIFY_CODES[fastifyCode];
    else if (status === 408) code = 'request_timeout';
    // Any other refusal a library makes of what was sent (its own status under 500) stays the sender's mistake.
    else if (fastifyCode && status && status >= 400 && status < 500)
      code = status === 413 ? 'payload_too_large' : status === 414 ? 'uri_too_long' : 'bad_request';
  }
  return {
    status: ERROR_STATUS[code],
    code,
    message: t(`errors.${code}`, reader ? readableParams(params, reader) : params),
    fields,
    field,
    params,
  };
}

interface ValidationIssue {
  keyword: string;
  instancePath: string;
  message?: string;
  params: Record<string, unknown>;
}

/** Zod issues as field problems in the reader's language: which field, and how to fix it. */
export function fieldProblems(
  issues: readonly ValidationIssue[],
  t: Translate,
  sent?: Readonly<Record<string, unknown>> | null,
): FieldProblem[] {
  const seen = new Set<string>();
  const out: FieldProblem[] = [];
  for (const issue of issues) {
    const field = issue.instancePath.replace(/^\//, '').replaceAll('/', '.') || '_';
    if (seen.has(field)) continue;
    seen.add(field);
    // Nothing typed at all: say so, whatever rule refused it.
    const value = sent ? sentAt(sent, field, issue.instancePath) : undefined;
    const blank = !!sent && (value === undefined || (typeof value === 'string' && !value.trim()));
    if (blank) {
      out.push({ field, message: t('validation.required') });
      continue;
    }
    // The body check does not hand the value it refused to the issue (zod's reportInput is off there); without it
    // a value of the wrong kind could not be told from a missing one.
    const input = sent && !('input' in issue.params) ? { input: value } : {};
    out.push({ field, message: issueMessage({ ...issue, params: { ...issue.params, ...input } }, t) });
  }
  return out;
}

/**
 * The value sent at a field: a form's flat name (`labels.fr` as it was posted), else the issue's path walked through
 * the body (`/complainant/name` in a JSON body).
 */
function sentAt(sent: Readonly<Record<string, unknown>>, field: string, instancePath: string): unknown {
  if (Object.hasOwn(sent, field)) return sent[field];
  let value: unknown = sent;
  for (const part of instancePath.split('/').slice(1)) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/** What a zod `safeParse` refused, as field problems (for routes that parse a form themselves). */
export function zodFieldProblems(
  issues: ReadonlyArray<{ code: string; path: readonly PropertyKey[]; message: string }>,
  t: Translate,
  sent?: Readonly<Record<string, unknown>> | null,
): FieldProblem[] {
  return fieldProblems(
    issues.map(({ code, path, message, ...params }) => ({
      keyword: code,
      instancePath: `/${path.map(String).join('/')}`,
      message,
      params,
    })),
    t,
    sent,
  );
}

function isFieldIssueList(value: unknown): value is FieldIssue[] {
  return (
    Array.isArray(value) &&
    value.every(
      (v) => typeof v === 'object' && v !== null && typeof v.field === 'string' && typeof v.code === 'string',
    )
  );
}

/** What is wrong with a field, in the reader's words. */
export function fieldIssueText(t: Translate, issue: FieldIssue): string {
  return issueMessage(validationIssueOf(issue), t);
}

function validationIssueOf(issue: FieldIssue): ValidationIssue {
  return {
    keyword: issue.code,
    instancePath: `/${issue.field.replaceAll('.', '/')}`,
    params: { ...issue.params },
  };
}

/** The kinds zod expects (an issue's `expected`), by the word the sentences name them with. */
const WRONG_KINDS: Readonly<Record<string, 'string' | 'number' | 'boolean' | 'array' | 'object'>> = {
  string: 'string',
  number: 'number',
  int: 'number',
  bigint: 'number',
  boolean: 'boolean',
  array: 'array',
  tuple: 'array',
  set: 'array',
  object: 'object',
  record: 'object',
  map: 'object',
};

function issueMessage(issue: ValidationIssue, t: Translate): string {
  const p = issue.params;
  // A template's problems (core/correspondence/template-check.ts): of its form, or a part the procedure requires.
  if (issue.keyword === 'template_form') return t(`templates.formProblems.${String(p.what)}`, p);
  if (issue.keyword === 'template_part') return t(`templates.required.${String(p.what)}`, p);
  // A rule of the door's own names its fix (`refine(…, { params: { fix } })`, FIELD_FIXES).
  const fix = (p.params as { fix?: unknown } | undefined)?.fix;
  if (issue.keyword === 'custom' && typeof fix === 'string') return t(`fieldFixes.${fix}`);
  // A schema may name its own fix with a message key and parameters: `validation.number:{"min":1,"max":9}`.
  const own = /^(validation\.\w+)(?::(\{.*\}))?$/.exec(issue.message ?? '');
  if (own) return t(own[1]!, { ...p, ...(own[2] ? (JSON.parse(own[2]) as Record<string, unknown>) : {}) });
  switch (issue.keyword) {
    case 'invalid_type': {
      if (p.input === undefined || p.input === null || p.input === '') return t('validation.required');
      // There, but not the kind the field takes (a number or a list where a text goes): name the kind expected.
      const kind = WRONG_KINDS[String(p.expected)];
      return kind ? t(`validation.wrongKind.${kind}`) : t('validation.invalid');
    }
    case 'too_small':
      if (p.origin === 'string')
        return Number(p.minimum) <= 1
          ? t('validation.required')
          : t('validation.tooShort', { min: p.minimum });
      if (p.origin === 'array' || p.origin === 'set') return t('validation.required');
      return t('validation.number', { min: p.minimum, max: '…' });
    case 'too_big':
      if (p.origin === 'string') return t('validation.tooLong', { max: p.maximum });
      // A list longer than its limit (domains, ticket numbers, address lines) is no number out of range.
      if (p.origin === 'array' || p.origin === 'set') return t('validation.tooMany', { max: p.maximum });
      return t('validation.number', { min: '…', max: p.maximum });
    case 'invalid_format':
      return p.format === 'email' ? t('validation.email') : t('validation.invalid');
    case 'invalid_value':
    case 'invalid_union':
      return t('validation.oneOf');
    default:
      return t('validation.invalid');
  }
}

/** Whether the client wants a page (a browser) rather than JSON (the API, scripts). */
export function wantsPage(request: FastifyRequest): boolean {
  if (isApiRequest(request)) return false;
  const accept = request.headers.accept ?? '';
  return !/application\/json/.test(accept) || /text\/html/.test(accept);
}

/**
 * A form post from a browser refused for its CSRF token (no cookie, or the form sent from another browser than the
 * one it was shown in): the doors for the public give such a person their form back with what they typed, where a
 * program asking for JSON gets the usual refusal.
 */
export function isPageCsrfRefusal(error: unknown, request: FastifyRequest): boolean {
  return (
    error instanceof AccessError &&
    error.code === 'csrf_invalid' &&
    request.method === 'POST' &&
    wantsPage(request)
  );
}

export type PageRenderer = (
  request: FastifyRequest,
  reply: FastifyReply,
  problem: Problem,
) => Promise<unknown>;

/** Installs the error and not-found handlers (before the routes). `renderPage` draws the error page for browsers. */
export function installErrorHandling(app: FastifyInstance, renderPage: PageRenderer): void {
  const answer = async (caught: unknown, request: FastifyRequest, reply: FastifyReply) => {
    // Fastify refuses a body over the route's byte limit without a word of the limit: a program is told it.
    const error =
      (caught as FastifyError | null)?.code === 'FST_ERR_CTP_BODY_TOO_LARGE' && !wantsPage(request)
        ? bodyTooLarge(request.routeOptions.bodyLimit ?? 0)
        : caught;
    // What was sent where the refused value is: a header refused is looked for among the headers, not in the body
    // (where it is never found, and so was said to be blank: "Fill this in." for an Idempotency-Key too long).
    const context = (error as { validationContext?: string } | null)?.validationContext;
    const where =
      context === 'headers'
        ? request.headers
        : context === undefined || context === 'body'
          ? request.body
          : null;
    const sent = typeof where === 'object' ? (where as Record<string, unknown> | null) : null;
    const problem = problemOf(error, request.t, sent, {
      lang: request.lang,
      timeZone: request.timeZone,
      page: wantsPage(request),
    });
    if (problem.status >= 500) request.log.error({ err: error }, 'request failed');
    else request.log.info({ code: problem.code, status: problem.status }, 'request refused');
    const retry = problem.params.retryAfterSeconds;
    if (typeof retry === 'number') reply.header('retry-after', String(retry));
    if (!wantsPage(request)) {
      return reply.status(problem.status).send({
        error: {
          code: problem.code,
          message: problem.message,
          ...(problem.field ? { field: problem.field } : {}),
          ...(problem.fields.length ? { fields: problem.fields } : {}),
        },
      });
    }
    return renderPage(request, reply, problem);
  };
  app.setErrorHandler((error, request, reply) => answer(error, request, reply));
  // A form's own address is not a page, but it is not "not found" either: whoever opens it (a reload after a
  // post without script, a copied address) is sent to the page the form is on (form-address.ts).
  installFormAddresses(app);
  app.setNotFoundHandler((request, reply) => {
    const page = pageForPostAddress(app, request);
    if (page) return reply.redirect(page, 303);
    return answer(new HttpError('not_found'), request, reply);
  });
}

/**
 * What Fastify's router refuses before any hook or route runs (Fastify's `frameworkErrors`: a path parameter
 * longer than any, an address that cannot be decoded), in the usual shape and never echoing the address, which
 * Fastify's own answer does. No hook has run, so the language is the browser's (Accept-Language) and the page
 * is a bare one, without the session's header.
 */
export function answerFrameworkError(
  defaultLanguage: Language,
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): FastifyReply {
  const lang = languageFromHeader(request.headers['accept-language']) ?? defaultLanguage;
  const t = translatorFor(lang);
  const problem = problemOf(error, t, null);
  request.log.info({ code: problem.code, status: problem.status }, 'request refused');
  reply.status(problem.status).header('cache-control', 'no-store');
  if (!wantsPage(request)) return reply.send({ error: { code: problem.code, message: problem.message } });
  return reply
    .header('content-security-policy', "default-src 'none'")
    .type('text/html; charset=utf-8')
    .send(
      String(html`<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${t('errors.title')}</title></head>
<body><main><p role="alert">${problem.message}</p><p><a href="/">${t('errors.back')}</a></p></main></body>
</html>`),
    );
}
