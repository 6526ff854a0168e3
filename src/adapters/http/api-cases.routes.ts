// The API for cases, under /api/v1 beside the shell's door (api.routes.ts): create a complaint
// (for a web form or another system), register a letter (JSON with a base64 scan, or multipart), read cases (queues
// with filters, one case, its events and correspondence), search, and act on a case. The same use cases and rules
// as the pages: the role table says which routes a token's role may call, staff-access which cases it may read and
// handle (management handles step 2, the complaints team the rest). Errors are `{ error: { code, message, field? } }`
// from the one error map; writes are limited per token (api.writesPerMinute), counted in the database.

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { acknowledgeCase } from '../../app/acknowledge-case.ts';
import { actOnCase } from '../../app/act-on-case.ts';
import { answerCase } from '../../app/answer-case.ts';
import { caseIdByReference, userNames } from '../../app/case-page.ts';
import type { AppContext } from '../../app/context.ts';
import { escalateCase } from '../../app/escalate-case.ts';
import { extendCase } from '../../app/extend-case.ts';
import {
  acknowledgeSuggestion,
  completeSuggestion,
  forwardSuggestion,
} from '../../app/forward-suggestion.ts';
import { type CaseView, getCase } from '../../app/get-case.ts';
import { listQueue, QUEUES } from '../../app/list-queue.ts';
import { getUser } from '../../app/manage-users.ts';
import { mergeCases } from '../../app/merge-cases.ts';
import { consumeRateLimit } from '../../app/rate-limit.ts';
import { reclassifyCase } from '../../app/reclassify-case.ts';
import { letterInputSchema, registerLetter } from '../../app/register-letter.ts';
import { requestInformation } from '../../app/request-information.ts';
import { searchCases } from '../../app/search-cases.ts';
import { sendReply } from '../../app/send-reply.ts';
import { complaintSubmissionSchema, submitComplaint } from '../../app/submit-complaint.ts';
import type { ActingStaff } from '../../core/access/case-access.ts';
import {
  CASE_ACTION_NAMES,
  CASE_ACTIONS,
  type CaseActionName as RegisteredAction,
} from '../../core/case/actions.ts';
import {
  CASE_STATUSES,
  CHANNELS,
  KINDS,
  LANGUAGES,
  MISSING_FIELDS,
  OUTCOMES,
  RESTRICTION_KINDS,
} from '../../core/case/model.ts';
import { isCaseReference } from '../../core/case/reference.ts';
import { DomainError } from '../../core/case/refusal.ts';
import {
  DELIVERY_DETAILS,
  type DeliveryDetailKey,
  readDeliveryDetail,
} from '../../core/correspondence/status-words.ts';
import { attachmentLimits, attachmentsRefusal } from '../../core/files/attachment-limits.ts';
import { NOT_SET } from '../../core/report/report-filter.ts';
import {
  apiBodyTypeHook,
  apiInputHook,
  installApiJsonParser,
  parseJsonField,
  refuseUnknownFields,
} from './api.routes.ts';
import { MAX_BODY_FIELDS } from './body-budget.ts';
import {
  answerInput,
  CASE_ACTION_DOCS,
  CASE_ACTION_INPUTS,
  type CaseActionInput,
  replyInput,
} from './case-actions.ts';
import { meanwhileRefusal, seenOfIfMatch } from './case-meanwhile.ts';
import { bodyTooLarge, HttpError } from './errors.ts';
import { wholeNumberParam } from './forms.ts';
import { bytes } from './pages/components.ts';
import { accountNamedIn, deliveryDetailText } from './pages/status-words.part.ts';
import { actingOf } from './request-context.ts';
import { assertAct, assertRead, staffActor, type Viewer, viewerOf } from './staff-access.ts';
import {
  type CheckedAttachment,
  checkMessageFiles,
  formParts,
  holdUploadBudget,
  MAX_FILES,
  MAX_SCAN_BYTES,
  multipartBudget,
  registerUploads,
  UPLOAD_RETRY_AFTER_SECONDS,
} from './uploads.ts';

// -- schemas ---------------------------------------------------------------------------------------------------

const errorOut = z
  .object({
    error: z.object({
      code: z
        .string()
        .describe('A stable code, e.g. validation_failed, forbidden_role, case_closed, rate_limited.'),
      message: z
        .string()
        .describe('A sentence for a person (in the language of Accept-Language) naming the fix.'),
      field: z.string().optional().describe('The field the refusal is about, when there is one.'),
      fields: z.array(z.object({ field: z.string(), message: z.string() })).optional(),
    }),
  })
  .describe('An error')
  .meta({
    example: {
      error: { code: 'case_closed', message: 'The case is closed; reopen it first.' },
    },
  });
const errors = { '4xx': errorOut, '5xx': errorOut };

/** The largest JSON body of a letter: its scan at the largest size in base64, and the letter's fields. */
export const JSON_LETTER_BYTES = Math.ceil((MAX_SCAN_BYTES * 4) / 3) + 256 * 1024;

/** The refusal of a scan too large, read or not: one scan of at most MAX_SCAN_BYTES. */
const scanTooLarge = () =>
  new DomainError({
    code: 'invalid_command',
    message: `scan: send one scan of at most ${MAX_SCAN_BYTES / 1024 / 1024} MB with the field "letter".`,
    details: { context: 'scan_size', megabytes: MAX_SCAN_BYTES / 1024 / 1024 },
  });

/** The most the letter's JSON may weigh in the multipart field "letter": far more than any letter's text. */
export const LETTER_FIELD_BYTES = 200_000;

/** The refusal of a field "letter" over LETTER_FIELD_BYTES (the parser cut it, so it is no JSON any more). */
const letterFieldTooLarge = () =>
  new HttpError('payload_too_large', `field letter: more than ${LETTER_FIELD_BYTES} bytes`, {
    context: 'letter_field',
    bytes: LETTER_FIELD_BYTES,
  });

/** The refusal of the letter's JSON sent as a file: it goes in a field, the one file being the scan. */
const letterSentAsFile = () =>
  new DomainError({
    code: 'invalid_command',
    message: `letter: send the letter's JSON as the text of the field "letter", not as a file (with curl, -F 'letter=<letter.json').`,
    details: { context: 'letter_as_file' },
  });

/** A JSON field's value as the parser read it, written out again; one nested past any stack is too many values. */
function jsonAgain(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    throw new HttpError('payload_too_large', 'field letter: nested past any stack', {
      context: 'json_field',
      field: 'letter',
      max: MAX_BODY_FIELDS,
    });
  }
}

/** The refusal when the memory for files stayed taken (the client sends the same request again later). */
const uploadsBusy = () =>
  new HttpError('uploads_busy', 'too many documents arriving at once', {
    retryAfterSeconds: UPLOAD_RETRY_AFTER_SECONDS,
  });

const instant = z.string().describe('ISO 8601 UTC, e.g. 2026-11-23T09:14:00.000Z');
const deadlineOut = z
  .object({
    acknowledgeBy: instant,
    answerBy: instant.describe('The last instant of the local due day (ISO 8601 UTC).'),
    answerByDate: z.string().describe('The due day, local date YYYY-MM-DD.'),
  })
  .meta({
    example: {
      acknowledgeBy: '2026-11-24T09:14:00.000Z',
      answerBy: '2026-12-07T22:59:59.999Z',
      answerByDate: '2026-12-07',
    },
  });

const complainantOut = z.object({
  id: z.string(),
  name: z.string().nullable(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  postalAddress: z.array(z.string()).nullable(),
  language: z.enum(LANGUAGES),
  unreachableByEmail: z.boolean(),
  restrictions: z
    .array(
      z.object({
        kind: z.enum(RESTRICTION_KINDS),
        reason: z.string(),
        decidedAt: instant,
        reviewBy: z.string(),
      }),
    )
    .describe('Restrictions in force (P8).'),
});

const caseOut = z
  .object({
    id: z.string(),
    reference: z.string(),
    kind: z.enum(KINDS),
    otherReason: z.string().nullable(),
    step: z.number().int().nullable(),
    status: z.enum(CASE_STATUSES),
    channel: z.enum(CHANNELS),
    language: z.enum(LANGUAGES),
    subject: z.string(),
    receivedAt: instant,
    acknowledgedAt: instant.nullable(),
    answeredAt: instant.nullable(),
    closedAt: instant.nullable(),
    outcome: z.enum(OUTCOMES).nullable(),
    deadline: deadlineOut.nullable().describe('In force (moved by extensions and recorded recomputes).'),
    originalDeadline: deadlineOut.nullable().describe('As first set at receipt.'),
    extensions: z.array(
      z.object({
        at: instant,
        reason: z.string(),
        windowStart: z.string(),
        windowEnd: z.string(),
        previousAnswerByDate: z.string(),
        answerByDate: z.string(),
      }),
    ),
    ownerId: z.string().nullable(),
    category: z.string().nullable(),
    waitingOnComplainant: z.boolean(),
    flagged: z.boolean(),
    fields: z.object({
      ticketRefs: z.array(z.string()),
      domains: z.array(z.string()),
      description: z.string().nullable(),
      expectations: z.string().nullable(),
    }),
    missing: z.array(z.enum(MISSING_FIELDS)),
    step1CaseId: z.string().nullable(),
    step2CaseId: z.string().nullable(),
    department: z.string().nullable(),
    suggestionStatus: z.string().nullable(),
    lettersToPost: z.number().int().describe('Letters prepared and not yet marked posted.'),
    complainant: complainantOut.nullable(),
    linked: z.array(
      z.object({
        id: z.string(),
        reference: z.string(),
        step: z.number().int().nullable(),
        status: z.string(),
      }),
    ),
    version: z.number().int().describe('The number of events of the case.'),
  })
  .describe('A case');

const queueRowOut = z.object({
  id: z.string(),
  reference: z.string(),
  kind: z.string(),
  step: z.number().int().nullable(),
  status: z.string(),
  subject: z.string(),
  channel: z.string(),
  language: z.string(),
  category: z.string().nullable(),
  ownerId: z.string().nullable(),
  complainantName: z.string().nullable(),
  complainantEmail: z.string().nullable(),
  restricted: z.boolean(),
  waitingOnComplainant: z.boolean(),
  flagged: z.boolean(),
  receivedAt: instant,
  acknowledgedAt: instant.nullable(),
  acknowledgeBy: instant.nullable(),
  answerBy: instant.nullable(),
  answerByDate: z.string().nullable(),
  workingDaysLeft: z
    .number()
    .int()
    .nullable()
    .describe('To the earliest open deadline: 0 = due today, negative = overdue.'),
  urgency: z.enum(['overdue', 'today', 'soon', 'later', 'none']),
  dueFor: z
    .enum(['acknowledge', 'answer'])
    .nullable()
    .describe(
      'The deadline the clock is about: the acknowledgement until it is sent (P3.1), then the answer.',
    ),
  toAddress: z
    .boolean()
    .describe('A complaint whose complainant has no address to answer: it waits until one is added.'),
});

const caseParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .describe('The case id, or its reference (e.g. RC-2026-000123).')
    .meta({ example: 'RC-2026-000123' }),
});

const boolQuery = z
  .enum(['true', 'false'])
  .transform((v) => v === 'true')
  .optional();

// -- helpers ---------------------------------------------------------------------------------------------------

// Who calls, and which cases they may read and act on: the same rules as the staff pages and the use cases
// (src/core/access/case-access.ts, through staff-access.ts), so that the two doors cannot differ.

function caseJson(view: CaseView): z.infer<typeof caseOut> {
  const s = view.state;
  const c = view.complainant;
  return {
    id: s.id,
    reference: s.reference,
    kind: s.kind,
    otherReason: s.otherReason,
    step: s.step,
    status: s.status,
    channel: s.channel,
    language: s.language,
    subject: s.subject,
    receivedAt: s.receivedAt,
    acknowledgedAt: s.acknowledgedAt,
    answeredAt: s.answeredAt,
    closedAt: s.closedAt,
    outcome: s.outcome,
    deadline: s.deadline,
    originalDeadline: s.originalDeadline,
    extensions: s.extensions.map((e) => ({
      at: e.at,
      reason: e.reason,
      windowStart: e.windowStart,
      windowEnd: e.windowEnd,
      previousAnswerByDate: e.previousAnswerByDate,
      answerByDate: e.answerByDate,
    })),
    ownerId: s.ownerId,
    category: s.category,
    waitingOnComplainant: s.waitingOnComplainant,
    flagged: s.flagged,
    fields: s.fields,
    missing: s.missing,
    step1CaseId: s.step1CaseId,
    step2CaseId: s.step2CaseId,
    department: s.department,
    suggestionStatus: s.suggestionStatus,
    lettersToPost: s.lettersToPost.length,
    complainant: c
      ? {
          id: c.id,
          name: c.details.name,
          email: c.details.email,
          phone: c.details.phone,
          postalAddress: c.details.postalAddress,
          language: c.details.language,
          unreachableByEmail: c.unreachableByEmail,
          restrictions: c.restrictions
            .filter((r) => !r.liftedAt)
            .map((r) => ({ kind: r.kind, reason: r.reason, decidedAt: r.decidedAt, reviewBy: r.reviewBy })),
        }
      : null,
    linked: view.linked,
    version: view.version,
  };
}

/**
 * The code of a status detail Redress writes, as the API's other codes are written (snake_case): the sentence's key
 * (src/core/correspondence/status-words.ts), which stays as long as the sentence does.
 */
const deliveryDetailCode = (key: DeliveryDetailKey) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const DELIVERY_DETAIL_CODES = (Object.keys(DELIVERY_DETAILS) as DeliveryDetailKey[]).map(deliveryDetailCode);

export const apiCaseRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  installApiJsonParser(app);
  app.addHook('onRequest', apiBodyTypeHook);
  app.addHook('preValidation', apiInputHook);
  /** A case by id or reference, readable by this token's role (else 404: its existence is not disclosed). */
  const load = async (
    request: FastifyRequest,
    idOrRef: string,
  ): Promise<{ view: CaseView; viewer: Viewer }> => {
    const viewer = viewerOf(request);
    let id = idOrRef;
    if (isCaseReference(idOrRef)) {
      const row = await ctx.database.db
        .selectFrom('cases')
        .select('id')
        .where('reference', '=', idOrRef.toUpperCase())
        .executeTakeFirst();
      if (!row) throw new HttpError('not_found');
      id = row.id;
    }
    let view: CaseView;
    try {
      view = await getCase(ctx, id);
    } catch (e) {
      if (e instanceof DomainError && e.code === 'case_not_found') throw new HttpError('not_found');
      throw e;
    }
    assertRead(viewer, view.state);
    return { view, viewer };
  };

  /** Writes are limited per token (or per signed-in person) and minute, across instances. */
  const limitWrites = async (request: FastifyRequest, reply: FastifyReply) => {
    const actor = actingOf(request).actor;
    const r = await consumeRateLimit(ctx, `api-write:${actor}`, ctx.config.api.writesPerMinute, 60);
    reply.header('ratelimit-limit', String(r.limit));
    reply.header('ratelimit-remaining', String(Math.max(0, r.limit - r.count)));
    if (!r.allowed)
      throw new HttpError('rate_limited', 'Too many writes', { retryAfterSeconds: r.retryAfterSeconds });
  };

  // -- complaints in -------------------------------------------------------------------------------------------

  const complaintOut = z
    .object({
      caseId: z.string(),
      reference: z.string(),
      duplicate: z.boolean().describe('True when this Idempotency-Key and content were received already.'),
      step: z.number().int(),
      receivedAt: instant,
      deadline: deadlineOut.nullable(),
      missing: z.array(z.enum(MISSING_FIELDS)),
      acknowledgement: z
        .enum(['email', 'letter'])
        .nullable()
        .describe(
          'email: queued in the outbox; letter: a letter to post waits on the case; null: a person acknowledges.',
        ),
      filing: z
        .enum(['case_opened', 'step2_case_opened', 'filed_on_case'])
        .describe(
          'case_opened or step2_case_opened: a case was opened for it (201). filed_on_case: a step-2 request from a writer who has a step-2 complaint already was filed on that complaint as a message (200): the case, its reference, answer date and acknowledgement are that complaint’s, and nothing new is acknowledged.',
        ),
    })
    .meta({
      example: {
        caseId: '0b6f0c1e-2f51-4a8e-9d0e-3c2b5f0e8a11',
        reference: 'RC-2026-000123',
        duplicate: false,
        step: 1,
        receivedAt: '2026-11-23T09:14:00.000Z',
        deadline: {
          acknowledgeBy: '2026-11-24T09:14:00.000Z',
          answerBy: '2026-12-07T22:59:59.999Z',
          answerByDate: '2026-12-07',
        },
        missing: [],
        acknowledgement: 'email',
        filing: 'case_opened',
      },
    });

  app.post(
    '/api/v1/complaints',
    {
      schema: {
        summary: 'Create a complaint',
        description:
          'For a web form or another system: the fields of P2. The complaint is received now (channel `api`), ' +
          'numbered, given its deadlines, and acknowledged by e-mail through the outbox in the same transaction ' +
          '(P3.1). What is missing (name, contact, description, expectations) is named in the acknowledgement ' +
          '(P2.7). A step-2 complaint names the step-1 case in `caseReference`; it is opened with a token of ' +
          'management, a step-1 complaint with one of the complaints team (P5.2: 403 otherwise). Send an `Idempotency-Key` header ' +
          'to retry safely: the same key and content give the same case (`duplicate: true`). A step-2 request from a ' +
          'writer who has a step-2 complaint already is filed on that complaint as a message (200, `filing: ' +
          'filed_on_case`): its reference and answer date are that complaint’s, and no second acknowledgement is sent.',
        tags: ['complaints'],
        headers: z.object({
          'idempotency-key': z
            .string()
            .min(8)
            .max(100)
            .optional()
            .describe('Any unique string per complaint, e.g. a UUID or the id of your form submission.'),
        }),
        body: complaintSubmissionSchema.meta({
          example: {
            complainant: {
              name: 'Erika Mustermann',
              email: 'erika@example.de',
              postalAddress: ['Hauptstraße 5', '10115 Berlin'],
            },
            language: 'de',
            step: 1,
            subject: 'Domain nach Umzug nicht erreichbar',
            ticketRefs: ['482913'],
            domains: ['müller-bau.de'],
            description: 'Seit dem Umzug am 12. November ist meine Domain nicht erreichbar.',
            expectations:
              'Bitte stellen Sie die Erreichbarkeit wieder her und erstatten Sie den Monatsbeitrag.',
          },
        }),
        response: {
          201: complaintOut,
          // The same key and content received already (duplicate), or a step-2 request filed on the writer's
          // step-2 complaint (filing: filed_on_case): no case was created.
          200: complaintOut,
          ...errors,
        },
      },
    },
    async (request, reply) => {
      await limitWrites(request, reply);
      const key = request.headers['idempotency-key'];
      const done = await submitComplaint(ctx, request.body, {
        channel: 'api',
        actor: actingOf(request).actor,
        by: staffActor(request),
        idempotencyKey: typeof key === 'string' ? `${actingOf(request).actor}:${key}` : null,
      });
      // 201 only when a case was created: a request filed on an existing complaint created none.
      return reply.status(done.duplicate || done.filing === 'filed_on_case' ? 200 : 201).send({
        caseId: done.caseId,
        reference: done.reference,
        duplicate: done.duplicate,
        step: done.step,
        receivedAt: done.receivedAt,
        deadline: done.deadline,
        missing: done.missing,
        acknowledgement: done.acknowledgement,
        filing: done.filing,
      });
    },
  );

  const letterOut = z
    .object({
      correspondenceId: z.string(),
      duplicate: z.boolean().describe('The same scan was registered already: nothing new was written.'),
      filing: z.string().nullable().describe('case_opened, step2_case_opened or filed_on_case.'),
      caseId: z.string().nullable(),
      reference: z.string().nullable(),
      receivedAt: instant.nullable(),
      missing: z.array(z.enum(MISSING_FIELDS)),
      acknowledgement: z.enum(['email', 'letter']).nullable(),
      contactDiffers: z
        .array(z.enum(['email', 'phone', 'postalAddress']))
        .optional()
        .describe(
          "Contact details the letter gives that its writer's record (on record before the letter) does not hold. The record is left as it was: anyone can post a letter in someone's name; a case the letter opens is answered at the letter's postal address.",
        ),
      sameRecord: z
        .object({ complainantId: z.string(), name: z.string().nullable(), restricted: z.boolean() })
        .nullish()
        .describe(
          'A letter without an e-mail address opened a record of its own; a record with the same name and postal address exists (restricted: a restriction is in force on it). A hint only: nothing is merged; merge the records at /complainants/{id} if they are one person.',
        ),
      complainantId: z.string().optional().describe('The record the case the letter opened is filed under.'),
    })
    .meta({
      example: {
        correspondenceId: '5a1d2c3b-0000-4000-8000-000000000001',
        duplicate: false,
        filing: 'case_opened',
        caseId: '5a1d2c3b-0000-4000-8000-000000000002',
        reference: 'RC-2026-000124',
        receivedAt: '2026-11-22T23:00:00.000Z',
        missing: ['expectations'],
        acknowledgement: 'letter',
      },
    });

  app.post(
    '/api/v1/letters',
    {
      bodyLimit: JSON_LETTER_BYTES,
      // The scan comes in base64 inside the JSON body: the body, then the scan decoded from it, are held in
      // memory, within the same budget as every other door's files, taken before a byte of the body is read.
      preParsing: async (request, reply, payload) => {
        // Announced over the limit: refused at once, as Fastify would refuse it, not after waiting for the memory.
        if (Number(request.headers['content-length']) > JSON_LETTER_BYTES) {
          reply.header('connection', 'close');
          throw bodyTooLarge(JSON_LETTER_BYTES);
        }
        if (!(await holdUploadBudget(request, reply, JSON_LETTER_BYTES, 2))) throw uploadsBusy();
        return payload;
      },
      schema: {
        summary: 'Register a postal letter',
        description:
          'What the letter says, and its scan (PDF, PNG, JPEG or TIFF, read from its content; a TIFF is offered to staff as a download) in base64. The clock starts on the day ' +
          'it arrived (00:00 local unless a time is given). A step-2 letter naming a step-1 case escalates it; a ' +
          'letter naming any other case is filed on it. The same scan registered twice is one letter. To send the ' +
          'scan as a file instead, use POST /api/v1/letters/upload (multipart).',
        tags: ['letters'],
        body: z
          .object({
            letter: letterInputSchema,
            scan: z
              .object({
                contentBase64: z.string().min(4).describe('The file, base64-encoded.'),
                contentType: z.string().max(100).nullish(),
                filename: z.string().max(255).nullish(),
              })
              .nullish(),
          })
          .meta({
            example: {
              letter: {
                arrived: '2026-11-23',
                kind: 'complaint',
                title: 'Transmission de réclamation - Etape 1',
                complainant: { name: 'Jean Dupont', postalAddress: ['12 rue des Lilas', '67000 Strasbourg'] },
                language: 'fr',
                ticketRefs: ['482913'],
                domains: ['exemple.fr'],
                description: 'Ma facture de novembre compte deux fois le même service.',
                expectations: null,
              },
              scan: {
                contentBase64: 'JVBERi0xLjQK…',
                contentType: 'application/pdf',
                filename: 'lettre.pdf',
              },
            },
          }),
        response: { 201: letterOut, 200: letterOut, ...errors },
      },
    },
    async (request, reply) => {
      await limitWrites(request, reply);
      const scan = request.body.scan;
      let content: Buffer | null = null;
      if (scan) {
        if (!/^[A-Za-z0-9+/=\s]+$/.test(scan.contentBase64))
          throw new DomainError({
            code: 'invalid_command',
            message: 'scan.contentBase64: not base64; encode the file in base64.',
            details: { context: 'scan_base64' },
          });
        content = Buffer.from(scan.contentBase64, 'base64');
      }
      const done = await registerLetter(
        ctx,
        request.body.letter,
        content
          ? { content, contentType: scan?.contentType ?? null, filename: scan?.filename ?? null }
          : null,
        staffActor(request),
      );
      return reply.status(done.duplicate ? 200 : 201).send(done);
    },
  );

  // The multipart door for letters lives in its own scope, where the multipart parser is registered.
  await app.register(async (scope) => {
    // A form larger than the door reads (one scan at its limit and the letter) is refused unread, with that limit
    // in bytes; a scan over its own limit within it is refused as a scan too large.
    await registerUploads(scope, MAX_SCAN_BYTES, {
      files: 1,
      fields: 10,
      fieldSize: LETTER_FIELD_BYTES,
      parts: 1000,
      throwFileSizeLimit: true,
      tooLarge: () => bodyTooLarge(multipartBudget(MAX_SCAN_BYTES, 1)),
    });
    scope.post(
      '/api/v1/letters/upload',
      {
        schema: {
          summary: 'Register a postal letter with its scan as a file (multipart)',
          description:
            'multipart/form-data with a field `letter` (the same JSON object as `letter` in POST /api/v1/letters) ' +
            `and a file \`scan\`. Example: curl -F 'letter=<letter.json' -F scan=@scan.pdf … (\`<\` sends the file's text as the field; the letter's JSON may hold at most ${LETTER_FIELD_BYTES} bytes).`,
          tags: ['letters'],
          consumes: ['multipart/form-data'],
          response: { 201: letterOut, 200: letterOut, ...errors },
        },
      },
      async (request, reply) => {
        await limitWrites(request, reply);
        if (!request.isMultipart())
          throw new HttpError('unsupported_media_type', 'multipart/form-data expected', {
            context: 'multipart',
          });
        // The scan is held in memory: within the same budget as every other door's files.
        if (!(await holdUploadBudget(request, reply, multipartBudget(MAX_SCAN_BYTES, 1))))
          throw uploadsBusy();
        let letterText = '';
        // The letter sent as a file (curl's -F letter=@letter.json) rather than as a field's text.
        let letterAsFile = false;
        let file: { content: Buffer; contentType: string; filename: string } | null = null;
        try {
          for await (const part of formParts(request)) {
            if (part.type === 'field') {
              if (part.fieldname !== 'letter') continue;
              // Cut at the field's limit by the parser, it would be read as JSON broken off: said as too large.
              if (part.valueTruncated) throw letterFieldTooLarge();
              // A field sent with Content-Type application/json comes already read by the parser; written out
              // again here, it is held to the same rules as a field of text (a key given twice is lost by then).
              letterText = typeof part.value === 'string' ? part.value : jsonAgain(part.value);
            } else if (part.fieldname === 'letter') {
              letterAsFile = true;
              await part.toBuffer();
            } else if (part.fieldname === 'scan' && !file) {
              file = { content: await part.toBuffer(), contentType: part.mimetype, filename: part.filename };
            } else await part.toBuffer();
          }
        } catch (e) {
          const code = (e as { code?: string }).code ?? '';
          // The one file the door reads was the letter: the scan beside it is refused for that, not for its size.
          if (letterAsFile) throw letterSentAsFile();
          if (/^FST_(REQ_FILE_TOO_LARGE|FILES_LIMIT|PARTS_LIMIT|FIELDS_LIMIT)$/.test(code))
            throw scanTooLarge();
          throw e;
        }
        if (letterAsFile) throw letterSentAsFile();
        const letter = parseJsonField(letterText, 'letter');
        if (letter === undefined)
          throw new DomainError({
            code: 'invalid_command',
            message: 'letter: give the letter as a JSON object in the field "letter".',
            details: { context: 'letter_field' },
          });
        refuseUnknownFields(letterInputSchema, letter, ['letter']);
        const done = await registerLetter(
          ctx,
          letter as Parameters<typeof registerLetter>[1],
          file
            ? {
                content: file.content,
                contentType: file.contentType === 'application/octet-stream' ? null : file.contentType,
                filename: file.filename,
              }
            : null,
          staffActor(request),
        );
        return reply.status(done.duplicate ? 200 : 201).send(done);
      },
    );
  });

  // -- reading -------------------------------------------------------------------------------------------------

  app.get(
    '/api/v1/cases',
    {
      schema: {
        summary: 'List cases (a queue)',
        description:
          'What is due first. `queue`: step1, step2, suggestions, mine (the signed-in person’s; nothing for a token) ' +
          'or all. Filters combine. Open cases (received or acknowledged) by default. `category`, `outcome`, `ownerId` ' +
          'and `department` take `_none`: the cases without one (not categorised, not answered, owned by nobody, ' +
          'not forwarded), as in the reports.',
        tags: ['cases'],
        querystring: z.object({
          queue: z.enum(QUEUES).default('all'),
          status: z.enum(['open', 'answered', 'closed', 'all']).default('open'),
          due: z.enum(['overdue', 'today', 'soon']).optional(),
          category: z.string().max(60).optional(),
          channel: z.enum(CHANNELS).optional(),
          language: z.enum(LANGUAGES).optional(),
          ownerId: z.string().max(100).optional(),
          outcome: z.enum([...OUTCOMES, NOT_SET]).optional(),
          department: z
            .string()
            .max(100)
            .optional()
            .describe('The department a suggestion was forwarded to.'),
          restricted: boolQuery,
          waiting: boolQuery.describe('Waiting on the complainant (information requested).'),
          limit: wholeNumberParam(1, 200, 50),
          offset: wholeNumberParam(0, 1_000_000, 0),
        }),
        response: {
          200: z.object({ cases: z.array(queueRowOut), hasMore: z.boolean() }),
          ...errors,
        },
      },
    },
    async (request) => {
      const q = request.query;
      const viewer = viewerOf(request);
      const result = await listQueue(ctx, {
        queue: q.queue,
        status: q.status,
        ...(q.due ? { due: q.due } : {}),
        // "Not set" is null: the cases without a value there (list-queue.ts).
        ...(q.category ? { category: q.category === NOT_SET ? null : q.category } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.language ? { language: q.language } : {}),
        ...(q.ownerId ? { ownerId: q.ownerId === NOT_SET ? null : q.ownerId } : {}),
        ...(q.outcome ? { outcome: q.outcome === NOT_SET ? null : q.outcome } : {}),
        ...(q.department ? { department: q.department === NOT_SET ? null : q.department } : {}),
        ...(q.restricted !== undefined ? { restricted: q.restricted } : {}),
        ...(q.waiting !== undefined ? { waiting: q.waiting } : {}),
        // `mine` is a person's queue: a token owns no case.
        userId: viewer.userId ?? '',
        limit: q.limit,
        offset: q.offset,
      });
      return { cases: result.rows, hasMore: result.hasMore };
    },
  );

  app.get(
    '/api/v1/cases/:id',
    {
      schema: {
        summary: 'One case',
        description:
          'Its state, deadlines (in force and original), extensions, complainant and linked cases.',
        tags: ['cases'],
        params: caseParams,
        response: { 200: caseOut, ...errors },
      },
    },
    async (request) => caseJson((await load(request, request.params.id)).view),
  );

  app.get(
    '/api/v1/cases/:id/events',
    {
      schema: {
        summary: 'The history of a case',
        description:
          'Every event in order, with who and when, and its hash in the case’s chain (P6.2). A payload replaced by ' +
          'the retention policy is `null` with `redacted: true`.',
        tags: ['cases'],
        params: caseParams,
        response: {
          200: z.object({
            events: z.array(
              z.object({
                seq: z.number().int(),
                type: z.string(),
                at: instant,
                actor: z.string(),
                payload: z.unknown(),
                redacted: z.boolean(),
                hash: z.string(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { view } = await load(request, request.params.id);
      return {
        events: view.events.map((e) => ({
          seq: e.seq,
          type: e.type,
          at: e.at,
          actor: e.actor,
          payload: e.redacted ? null : e.payload,
          redacted: e.redacted,
          hash: e.hash,
        })),
      };
    },
  );

  app.get(
    '/api/v1/cases/:id/correspondence',
    {
      schema: {
        summary: 'The correspondence of a case',
        description: 'Every item in and out (e-mails, letters, form submissions) with its delivery state.',
        tags: ['cases'],
        params: caseParams,
        response: {
          200: z.object({
            correspondence: z.array(
              z.object({
                id: z.string(),
                direction: z.string(),
                channel: z.string(),
                subject: z.string(),
                fromAddress: z.string().nullable(),
                fromName: z.string().nullable(),
                toAddress: z.string().nullable(),
                at: instant,
                status: z
                  .string()
                  .describe('in: received; out: pending, sending, sent, failed, to_post, posted.'),
                statusDetail: z
                  .string()
                  .nullable()
                  .describe(
                    'What happened to the send, as stored (in English for what Redress writes; "posted by user:<id>" for a letter).',
                  ),
                statusDetailCode: z
                  .enum(DELIVERY_DETAIL_CODES)
                  .nullable()
                  .describe(
                    'Which sentence of Redress `statusDetail` is (e.g. refused, held, posted); null for words it did not write (a server\'s "250 OK") or no detail.',
                  ),
                statusDetailValues: z
                  .record(z.string(), z.string())
                  .nullable()
                  .describe(
                    "The values in that sentence, as stored in it (e.g. reply: the mail server's answer; actor: user:<id>); empty for words Redress did not write, null with no detail.",
                  ),
                statusDetailText: z
                  .string()
                  .nullable()
                  .describe(
                    "`statusDetail` in the language of Accept-Language: Redress's sentence translated (who posted a letter by name), other words as stored; null with no detail.",
                  ),
                originalSha256: z.string().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const { correspondence } = (await load(request, request.params.id)).view;
      // The status detail is stored in English (clients may rely on it, so it stays); beside it, as for the notes on
      // inbox items, which sentence it is and its values, so that a program need not read the words, and the words
      // in the reader's language. A letter names who posted it by account id: the text gives their name.
      const accounts = correspondence.flatMap((c) => accountNamedIn(c.statusDetail) ?? []);
      const names = await userNames(ctx, [...new Set(accounts)]);
      return {
        correspondence: correspondence.map((c) => {
          const read = c.statusDetail === null ? null : readDeliveryDetail(c.statusDetail);
          return {
            ...c,
            statusDetailCode: read && deliveryDetailCode(read.key),
            statusDetailValues: c.statusDetail === null ? null : (read?.values ?? {}),
            statusDetailText:
              c.statusDetail === null ? null : deliveryDetailText(request.t, c.statusDetail, names),
          };
        }),
      };
    },
  );

  app.get(
    '/api/v1/search',
    {
      schema: {
        summary: 'Search cases',
        description:
          'Full text over cases and correspondence (accent- and case-insensitive, prefix matching), or by ' +
          'reference, e-mail address, ticket number or domain name.',
        tags: ['cases'],
        querystring: z.object({
          q: z.string().trim().min(1).max(500).meta({ example: 'müller-bau.de' }),
          limit: wholeNumberParam(1, 100, 25),
          offset: wholeNumberParam(0, 10_000, 0),
        }),
        response: {
          200: z.object({
            cases: z.array(
              z.object({
                id: z.string(),
                reference: z.string(),
                kind: z.string(),
                step: z.number().int().nullable(),
                status: z.string(),
                subject: z.string(),
                complainantName: z.string().nullable(),
                complainantEmail: z.string().nullable(),
                receivedAt: instant,
                answerBy: instant.nullable(),
                answerByDate: z.string().nullable(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (request) => {
      const found = await searchCases(ctx, request.query.q, {
        limit: request.query.limit,
        offset: request.query.offset,
      });
      return { cases: found };
    },
  );

  // -- acting on a case ----------------------------------------------------------------------------------------

  // Every case action of the registry (src/core/case/actions.ts), with the input schema the staff page validates
  // with too (case-actions.ts); only the answer's attachments differ, as base64 here and files on the page.
  const answerBody = answerInput
    .extend({
      attachments: z
        .array(
          z.object({
            filename: z.string().min(1).max(255),
            contentType: z.string().min(1).max(100),
            contentBase64: z.string().min(4),
          }),
        )
        .max(MAX_FILES)
        .default([])
        .describe(
          'At most 5 PDF, PNG or JPEG files of at most 10 MB each (the type is read from the content; a larger ' +
            'file is refused with 413 and the limits). ' +
            'The files go to the complainant in one e-mail, so together they may weigh what one e-mail carries ' +
            'once encoded: about 18 MB with the default REDRESS_SMTP_MAX_BYTES (25 MB), the same limit as a ' +
            "complainant's documents. More is refused (413) with the limit in bytes; nothing is sent.",
        ),
    })
    .meta({
      example: {
        outcome: 'partly_upheld',
        text: 'We have restored your domain and checked the DNS records.',
        remedy: 'A credit of one month’s fee.',
      },
    });

  // A free reply takes attachments the same way as the answer.
  const replyBody = replyInput.extend({ attachments: answerBody.shape.attachments }).meta({
    example: {
      kind: 'reply',
      text: 'Your refund was sent on 3 December; it reaches your account within five working days.',
    },
  });

  /**
   * The attachments sent in base64, held to the rule of one message's files (src/core/files/attachment-limits.ts),
   * the one the web form and the use cases hold them to: how many, each file's size, their weight together (what
   * one e-mail to the complainant carries once encoded, from `smtp.maxMessageBytes`: more would be recorded as sent
   * and then refused by the mail relay), each file's type from its content, never the name. Said here in the
   * caller's language, before anything is recorded.
   */
  const checkedBase64 = async (
    request: FastifyRequest,
    attachments: ReadonlyArray<{ filename: string; contentBase64: string }>,
  ): Promise<CheckedAttachment[]> => {
    const files = attachments.map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.contentBase64, 'base64'),
    }));
    const limits = attachmentLimits(ctx.config.smtp.maxMessageBytes);
    const checked = await checkMessageFiles(files, limits);
    if (checked.ok) return checked.files;
    const { problem } = checked;
    switch (problem.code) {
      case 'too_large_together':
        throw new HttpError(
          'payload_too_large',
          `attachments: together more than ${limits.totalBytes} bytes`,
          {
            context: 'attachments',
            limit: limits.totalBytes,
          },
        );
      // A file over its own limit (the body limit raised by an operator lets it arrive), or too many: the limits.
      case 'file_too_large':
      case 'too_many_files':
        throw new HttpError('payload_too_large', `attachments: ${problem.code}`, {
          context: 'files',
          files: limits.files,
          fileSize: bytes(request.lang, limits.fileBytes),
          totalSize: bytes(request.lang, limits.totalBytes),
        });
      case 'type_not_allowed':
        throw new DomainError(attachmentsRefusal(problem, limits));
    }
  };

  interface ActCall<B> {
    caseId: string;
    body: B;
    actor: string;
    /** The caller as the use cases that check who may act want it. */
    by: ActingStaff;
    /** The request, for what is said in the caller's language before a use case is called. */
    request: FastifyRequest;
  }
  const runners: { [K in RegisteredAction]: (o: ActCall<CaseActionInput<K>>) => Promise<unknown> } = {
    assign: async ({ caseId, body, by }) => {
      // An unknown account is named as such; who may give the case to whom is the use case's rule.
      if (body.to) await getUser(ctx, body.to);
      return actOnCase(ctx, caseId, { type: 'assign', to: body.to }, by);
    },
    categorise: async ({ caseId, body, by }) => {
      if (body.category && !ctx.config.categories.includes(body.category))
        throw new DomainError({
          code: 'invalid_command',
          message: `category: "${body.category}" is not a category; use one of ${ctx.config.categories.join(', ')}.`,
          details: {
            context: 'category_unknown',
            category: body.category,
            categories: ctx.config.categories.join(', '),
          },
        });
      return actOnCase(ctx, caseId, { type: 'categorise', category: body.category }, by);
    },
    note: ({ caseId, body, by }) => actOnCase(ctx, caseId, { type: 'add_note', text: body.text }, by),
    acknowledge: ({ caseId, by }) => acknowledgeCase(ctx, caseId, by),
    request_information: ({ caseId, body, actor, by }) =>
      requestInformation(ctx, caseId, { missing: body.missing, note: body.note, actor, by }),
    extend: ({ caseId, body, actor, by }) => extendCase(ctx, caseId, { ...body, actor, by }),
    answer: async ({ caseId, body, actor, by, request }) => {
      const { attachments } = body as z.output<typeof answerBody>;
      // The same rule as the web form: their count, their sizes, their weight together, the type from the content.
      const files = await checkedBase64(request, attachments);
      return answerCase(ctx, caseId, {
        outcome: body.outcome,
        text: body.text,
        remedy: body.remedy,
        rootCause: body.rootCause,
        rootCauseNote: body.rootCauseNote,
        remedyAmount: body.remedyAmount,
        remedyCurrency: body.remedyCurrency,
        attachments: files,
        actor,
        by,
      });
    },
    reply: async ({ caseId, body, actor, by, request }) => {
      const { attachments } = body as z.output<typeof replyBody>;
      const files = await checkedBase64(request, attachments);
      return sendReply(ctx, caseId, {
        kind: body.kind,
        text: body.text,
        attachments: files,
        actor,
        by,
      });
    },
    escalate: ({ caseId, by }) => escalateCase(ctx, caseId, by),
    close: ({ caseId, body, by }) => actOnCase(ctx, caseId, { type: 'close', reason: body.reason }, by),
    reopen: ({ caseId, body, by }) => actOnCase(ctx, caseId, { type: 'reopen', reason: body.reason }, by),
    merge: async ({ caseId, body, by }) => {
      const reference = body.duplicateReference.toUpperCase();
      const duplicate = await caseIdByReference(ctx, reference);
      if (!duplicate)
        throw new DomainError({
          code: 'invalid_command',
          message: `duplicateReference: there is no case ${reference}.`,
          details: { context: 'duplicate_unknown', reference },
        });
      return mergeCases(ctx, caseId, duplicate, by);
    },
    forward: ({ caseId, body, actor, by }) =>
      forwardSuggestion(ctx, caseId, { department: body.department, note: body.note, actor, by }),
    suggestion_acknowledge: ({ caseId, by }) => acknowledgeSuggestion(ctx, caseId, by),
    suggestion_done: ({ caseId, body, actor, by }) =>
      completeSuggestion(ctx, caseId, { note: body.note, actor, by }),
    reclassify: ({ caseId, body, by }) => reclassifyCase(ctx, caseId, body, by),
  };

  for (const name of CASE_ACTION_NAMES) {
    const spec = CASE_ACTIONS[name];
    app.post(
      `/api/v1/cases/:id/${spec.api}`,
      {
        schema: {
          ...CASE_ACTION_DOCS[name],
          tags: ['actions'],
          params: caseParams,
          body: name === 'answer' ? answerBody : name === 'reply' ? replyBody : CASE_ACTION_INPUTS[name],
          response: { 200: caseOut, ...errors },
        },
      },
      async (request, reply) => {
        await limitWrites(request, reply);
        const { view, viewer } = await load(request, (request.params as { id: string }).id);
        assertAct(viewer, spec.act, view.state);
        // If-Match: the case's `version` the caller acted from; an act a colleague's act since would undo or repeat
        // is refused as on the case page (case-meanwhile.ts). Without it, nothing is checked.
        const meanwhile = await meanwhileRefusal(
          ctx,
          request,
          view.state.id,
          name,
          seenOfIfMatch(request.headers['if-match']),
        );
        if (meanwhile) throw meanwhile;
        const run = runners[name] as (o: ActCall<unknown>) => Promise<unknown>;
        await run({
          caseId: view.state.id,
          body: request.body,
          actor: actingOf(request).actor,
          by: staffActor(request),
          request,
        });
        return caseJson(await getCase(ctx, view.state.id));
      },
    );
  }
};
