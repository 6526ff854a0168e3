// The public complaint form at /complain: no sign-in, in the visitor's language. A complaint sent
// here is received like one by e-mail (channel `web`): case, reference, deadlines, acknowledgement by e-mail through
// the outbox. Floods are held back without a third-party captcha: a limit per client address counted in the
// database (several instances count together), a honeypot field, a minimum time to fill the form (the form token
// carries the time it was shown, signed and bound to the visitor's CSRF cookie), and size limits on every field.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { checkFormToken, issueFormToken, readSignedValue, signValue } from '../../app/form-token.ts';
import { consumeRateLimit, countFormTry } from '../../app/rate-limit.ts';
import { checkDomains, SUBMISSION_LIMITS, submitComplaint } from '../../app/submit-complaint.ts';
import { isCaseReference } from '../../core/case/reference.ts';
import { documentsLimit, documentsLimits } from '../../core/files/attachment-limits.ts';
import { storedAddress } from '../../core/intake/addresses.ts';
import { typedTicketNumber } from '../../core/intake/ticket-refs.ts';
import { HttpError, isPageCsrfRefusal } from './errors.ts';
import { optionalText, typedValues, validationState } from './forms.ts';
import type { FormState } from './pages/components.ts';
import { bytes } from './pages/components.ts';
import { HONEYPOT, publicFormPage, thanksPage } from './pages/public-form.page.ts';
import { sendPage } from './render.ts';
import { cookieOptions } from './request-context.ts';
import {
  checkMessageFiles,
  type ReadForm,
  readDocumentsForm,
  readWithinBudgetOnly,
  registerComplainantDocuments,
  UPLOAD_RETRY_AFTER_SECONDS,
} from './uploads.ts';

const PURPOSE = 'complain';
const THANKS_COOKIE = 'redress_complaint';
const ACTOR = 'web:complaint-form';
/** The most a form without files may weigh (bytes): Fastify holds every body it reads itself to it, chunked or not. */
const FIELDS_LIMIT = 64 * 1024;

const body = z.object({
  name: z.string().trim().min(1).max(SUBMISSION_LIMITS.name),
  // The address rule of every door (core/intake/addresses.ts): one plain address, internationalised ones too.
  email: z
    .string()
    .trim()
    .max(SUBMISSION_LIMITS.email)
    .refine((s) => storedAddress(s) !== null, 'validation.email'),
  postalAddress: optionalText(SUBMISSION_LIMITS.postalAddress),
  ticketRefs: optionalText(SUBMISSION_LIMITS.ticketRefs),
  domains: optionalText(SUBMISSION_LIMITS.domains),
  description: z.string().trim().min(1).max(SUBMISSION_LIMITS.description),
  expectations: z.string().trim().min(1).max(SUBMISSION_LIMITS.expectations),
  step: z.enum(['1', '2']).optional(),
  caseReference: optionalText(SUBMISSION_LIMITS.caseReference),
  consent: z.literal('yes', { error: 'validation.consent' }),
  formToken: z.string().max(100).optional(),
  [HONEYPOT]: z.string().max(2000).optional(),
});

/**
 * Ticket numbers as typed ("#123456, INC-2026-AB12"), each by the rule of every door (ticket-refs.ts); null when
 * one is not a ticket number.
 */
function ticketNumbers(text: string | null): string[] | null {
  if (!text) return [];
  const parts = text
    .split(/[\s,;/]+/)
    .map((p) => p.replace(/^(?:ticket|nr\.?|no\.?|n°)[:#]?/i, ''))
    .filter(Boolean)
    .map(typedTicketNumber);
  return parts.every((p) => p !== null) ? [...new Set(parts as string[])] : null;
}

export const publicFormRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const settings = () => ctx.config.publicForm;
  // Documents may come with the form (multipart): the same limits and attachment policy as every door. The parts
  // are read before validation, so the fields are checked as those of a form without files.
  await registerComplainantDocuments(app, documentsLimit(ctx.config.smtp.maxMessageBytes));
  const uploads = new WeakMap<FastifyRequest, ReadForm>();
  /** Each post's count against its address, taken before any part is read. */
  const counted = new WeakMap<
    FastifyRequest,
    { bucket: string; tries: Awaited<ReturnType<typeof consumeRateLimit>>; busy: boolean }
  >();

  /** The names of the documents a post carried, as read (before they are checked and handed over). */
  const chosen = new WeakMap<FastifyRequest, string[]>();

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    state: FormState,
    status = 200,
    headers: Record<string, string> = {},
  ) => {
    const c = ctx.config;
    for (const [k, v] of Object.entries(headers)) reply.header(k, v);
    // A form given back is shown without its documents (no browser fills a file field again), so one that carried
    // some says, at their field, to choose them again: else the next sending is received without them, unsaid (the
    // refusal of a busy server, 503, says so in its own words).
    const names = status >= 400 && status !== 503 ? (chosen.get(request) ?? []) : [];
    if (names.length && !state.errors.attachments)
      state.errors.attachments = request.t('publicForm.errors_attachments_again', {
        names: names.join(', '),
      });
    return sendPage(
      request,
      reply,
      {
        title: request.t('publicForm.title'),
        bare: true,
        content: publicFormPage(request, {
          state,
          formToken: await issueFormToken(ctx, PURPOSE, request.csrfToken),
          organisation: c.organisation.name,
          complaintsEmail: c.mailboxes.find((m) => m.role === 'complaints')?.address ?? null,
          managementAddress: c.organisation.managementPostalAddress,
          answerBusinessDays: c.answerBusinessDays,
          acknowledgeWithin: c.acknowledgeWithin,
          acceptStep2: c.publicForm.step2 === 'accept',
          documentsMaxBytes: documentsLimit(c.smtp.maxMessageBytes),
        }),
      },
      status,
    );
  };

  const refuse = (
    request: FastifyRequest,
    reply: FastifyReply,
    message: string,
    status: number,
    extra = {},
  ) =>
    show(
      request,
      reply,
      { values: typedValues(request.body, [HONEYPOT, 'formToken']), errors: {}, message },
      status,
      extra,
    );

  /** The form as typed, with what is wrong at each field in the visitor's language; null when the fields are valid. */
  const invalidFields = (request: FastifyRequest): FormState | null => {
    const invalid = validationState(request, [HONEYPOT, 'formToken']);
    // A box not ticked is not a field left blank: say what the box is for.
    if (invalid?.errors.consent) invalid.errors.consent = request.t('validation.consent');
    return invalid;
  };

  // A post without the CSRF token of the visitor's cookie is refused before the route reads it (request-context.ts):
  // a browser with cookies turned off, or a form sent from another browser than the one it was shown in. A person
  // is given the form back with what they typed and why (403), not an error page that loses a long complaint and
  // says to reload; a program asking for JSON gets the usual refusal. The fields are read within the address's
  // limit, and no file is kept.
  app.setErrorHandler(async (error, request, reply) => {
    if (!isPageCsrfRefusal(error, request) || !settings().enabled) throw error;
    const { tries } = await countFormTry(ctx, 'complain', request.ip, settings().perAddressPerHour);
    if (!tries.allowed) throw error;
    if (request.isMultipart()) {
      const { form: read } = await readDocumentsForm(
        request,
        reply,
        documentsLimit(ctx.config.smtp.maxMessageBytes),
        false,
      );
      (request as { body: unknown }).body = read.fields;
      chosen.set(request, read.droppedNames ?? []);
    }
    request.log.info({ reason: 'csrf_invalid' }, 'public form: refused');
    return refuse(request, reply, request.t('publicForm.notShown'), 403);
  });

  app.get('/complain', async (request, reply) => {
    if (!settings().enabled) throw new HttpError('not_found');
    return show(request, reply, { values: { step: '1' }, errors: {} });
  });

  app.post(
    '/complain',
    {
      attachValidation: true,
      // Holds the bodies Fastify reads itself (a form without files, JSON), whatever the transfer encoding. The
      // multipart parser reads nothing: a form with files is held to its own limits in readForm.
      bodyLimit: FIELDS_LIMIT,
      schema: { body },
      // What costs nothing comes before a single part is read: the form is on, the post counts against its
      // address, and its files wait for their share of the upload memory. A post over its address's limit, or
      // one that waited too long for the memory, has its fields read without its files, so the person gets the
      // form back with what they typed.
      preValidation: async (request, reply) => {
        if (!settings().enabled) throw new HttpError('not_found');
        const { bucket, tries } = await countFormTry(
          ctx,
          'complain',
          request.ip,
          settings().perAddressPerHour,
        );
        if (!tries.allowed) readWithinBudgetOnly(request);
        if (!request.isMultipart()) {
          counted.set(request, { bucket, tries, busy: false });
          return;
        }
        // The documents are kept as one message, so together they may weigh what one e-mail may carry.
        const { form: read, busy } = await readDocumentsForm(
          request,
          reply,
          documentsLimit(ctx.config.smtp.maxMessageBytes),
          tries.allowed,
        );
        counted.set(request, { bucket, tries, busy });
        (request as { body: unknown }).body = read.fields;
        uploads.set(request, read);
        chosen.set(request, [...read.files.map((f) => f.filename), ...(read.droppedNames ?? [])]);
      },
    },
    async (request, reply) => {
      const { t } = request;
      const form = settings();
      if (!form.enabled) throw new HttpError('not_found');

      // 1. Floods: every post counted against the address before it was read (generously); complaints accepted
      // count strictly (below). A post that found the upload memory taken is asked to come again a little later.
      const { bucket, tries, busy } = counted.get(request)!;
      const limited = (retry: number) => {
        request.log.info({ reason: 'rate_limited' }, 'public form: refused');
        return refuse(request, reply, t('publicForm.rateLimited', { minutes: Math.ceil(retry / 60) }), 429, {
          'retry-after': String(retry),
        });
      };
      if (!tries.allowed) return limited(tries.retryAfterSeconds);
      if (busy) {
        request.log.info({ reason: 'upload_budget' }, 'public form: refused');
        return refuse(request, reply, t('publicForm.busy'), 503, {
          'retry-after': String(UPLOAD_RETRY_AFTER_SECONDS),
        });
      }
      const raw = (request.body ?? {}) as Record<string, unknown>;

      // 2. A robot fills the field that people do not see.
      if (typeof raw[HONEYPOT] === 'string' && raw[HONEYPOT].trim() !== '') {
        request.log.info({ reason: 'honeypot' }, 'public form: refused');
        return refuse(request, reply, t('publicForm.notAccepted'), 422);
      }

      // 3. A form larger as a whole than this door reads: its text was read, its documents let go. It comes back
      // with what was typed, the limits at the documents and whatever else is wrong, so that one more sending does.
      const sent = uploads.get(request);
      // The limits of a complainant's documents: the rule's (core/files/attachment-limits.ts), as the use case's.
      const limits = documentsLimits(ctx.config.smtp.maxMessageBytes);
      if (sent?.overBudget) {
        request.log.info({ reason: 'over_budget' }, 'public form: refused');
        const state = invalidFields(request) ?? {
          values: typedValues(request.body, [HONEYPOT, 'formToken']),
          errors: {},
        };
        state.errors.attachments = t('publicForm.errors_attachments_overBudget', {
          count: limits.files,
          size: bytes(request.lang, limits.fileBytes),
          total: bytes(request.lang, limits.totalBytes),
        });
        return show(request, reply, state, 413);
      }

      // 4. The form must have been shown by us, to this visitor, long enough ago for a person to fill it.
      const token = await checkFormToken(ctx, PURPOSE, raw.formToken, request.csrfToken, {
        minSeconds: form.minFillSeconds,
        maxSeconds: form.maxAgeHours * 3600,
      });
      if (!token.ok) {
        request.log.info({ reason: `token_${token.reason}` }, 'public form: refused');
        return refuse(
          request,
          reply,
          t(
            token.reason === 'too_fast'
              ? 'publicForm.tooFast'
              : token.reason === 'expired'
                ? 'publicForm.expired'
                : 'publicForm.notShown',
          ),
          422,
        );
      }

      // 5. The fields, checked here to say what is wrong at each field in the visitor's language.
      const invalid = invalidFields(request);
      if (invalid) return show(request, reply, invalid, 422);
      const b = request.body;
      const errors: Record<string, string> = {};
      const tickets = ticketNumbers(b.ticketRefs);
      if (!tickets) errors.ticketRefs = t('publicForm.errors.ticketRefs');
      const domainList = (b.domains ?? '').split(/[\s,;]+/).filter(Boolean);
      const { rejected } = checkDomains(domainList);
      if (rejected.length)
        errors.domains = t('publicForm.errors.domains', { values: rejected.slice(0, 5).join(', ') });
      const acceptStep2 = ctx.config.publicForm.step2 === 'accept';
      const step = acceptStep2 && b.step === '2' ? 2 : 1;
      // The reference names the step-1 case of a step-2 complaint only: for step 1 (chosen, or the only one the form
      // offers) it is not used, so it is not held against the person either.
      if (step === 2 && b.caseReference && !isCaseReference(b.caseReference))
        errors.caseReference = t('validation.reference');
      // What the read let go of (a file over its size, one too many, all of them over their total) is said as the
      // rule would say it; the files kept are then held to the rule itself.
      const tooLarge = () =>
        t('publicForm.errors_attachments_tooLarge', { size: bytes(request.lang, limits.fileBytes) });
      const tooMany = () => t('publicForm.errors_attachments_tooMany', { count: limits.files });
      const tooMuch = () =>
        t('publicForm.errors_attachments_tooMuch', { size: bytes(request.lang, limits.totalBytes) });
      if (sent?.tooLarge) errors.attachments = tooLarge();
      else if (sent?.tooMany) errors.attachments = tooMany();
      else if (sent?.tooMuch) errors.attachments = tooMuch();
      else if (sent?.emptyFile)
        errors.attachments = t('publicForm.errors_attachments_empty', { name: sent.emptyFile });
      const documents = await checkMessageFiles(sent?.files ?? [], limits);
      // The checked files are the ones passed on: the form's own list lets go of its bytes.
      if (sent) sent.files = [];
      if (!documents.ok) {
        const { problem } = documents;
        // A type not allowed is named even beside another problem of the read; otherwise the read's sentence stands.
        if (problem.code === 'type_not_allowed')
          errors.attachments = t('publicForm.errors_attachments_type', { name: problem.name });
        else if (!errors.attachments)
          errors.attachments =
            problem.code === 'too_many_files'
              ? tooMany()
              : problem.code === 'file_too_large'
                ? tooLarge()
                : tooMuch();
      }
      if (Object.keys(errors).length)
        return show(
          request,
          reply,
          { values: typedValues(request.body, [HONEYPOT, 'formToken']), errors },
          422,
        );
      const accepted = await consumeRateLimit(ctx, `${bucket}:ok`, form.perAddressPerHour, 3600);
      if (!accepted.allowed) return limited(accepted.retryAfterSeconds);

      const submitted = await submitComplaint(
        ctx,
        {
          complainant: {
            name: b.name,
            email: b.email,
            postalAddress: b.postalAddress ? b.postalAddress.split(/\r?\n/) : null,
          },
          language: request.lang,
          step,
          ticketRefs: tickets ?? [],
          domains: domainList,
          description: b.description,
          expectations: b.expectations,
          caseReference: step === 2 ? b.caseReference : null,
        },
        {
          channel: 'web',
          actor: ACTOR,
          // The same form sent twice (a double click, a reload of the post) is one complaint; edited and sent
          // again, it is a new one.
          formToken: String(raw.formToken),
          consent: {
            given: true,
            text: t('publicForm.consent', { organisation: ctx.config.organisation.name }),
          },
          documents:
            documents.ok && documents.files.length
              ? {
                  // Handed over: emptied once composed into one message (submit-complaint.ts).
                  files: documents.files.splice(0),
                  title: t('publicForm.attachmentsDocumentsTitle'),
                  subject: (reference) => t('publicForm.attachmentsDocumentsSubject', { reference }),
                }
              : null,
        },
      );
      request.log.info(
        { reference: submitted.reference, duplicate: submitted.duplicate },
        'public form: complaint received',
      );
      const thanks = JSON.stringify({
        reference: submitted.reference,
        email: b.email,
        answerByDate: submitted.deadline?.answerByDate ?? null,
        // A step-2 request filed on the writer's step-2 complaint: no new acknowledgement comes, so the page says
        // where their message went and that complaint's answer date instead.
        joined: submitted.filing === 'filed_on_case',
        answered: submitted.answered,
      });
      reply.setCookie(
        THANKS_COOKIE,
        await signValue(ctx, 'thanks', thanks),
        cookieOptions(ctx, request, 3600),
      );
      return reply.redirect('/complain/thanks', 303);
    },
  );

  app.get('/complain/thanks', async (request, reply) => {
    const value = await readSignedValue(ctx, 'thanks', request.cookies[THANKS_COOKIE]);
    if (!value) return reply.redirect('/complain', 303);
    const o = JSON.parse(value) as {
      reference: string;
      email: string | null;
      answerByDate: string | null;
      joined?: boolean;
      answered?: boolean;
    };
    return sendPage(request, reply, {
      title: request.t(o.joined ? 'publicForm.thanksJoinedTitle' : 'publicForm.thanksTitle'),
      bare: true,
      content: thanksPage(request, o),
    });
  });
};
