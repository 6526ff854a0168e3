// The complainant's own page at /c/:token (the private link of the acknowledgement), and the staff page that
// lists a case's links and revokes them. The page speaks the case's language (or the one its visitor chose with its
// language buttons). Every link that does not open a case (malformed, unknown, revoked, expired, its case merged or
// gone) gets the same neutral page with the same status, so the answer tells nothing about which it was. What the complainant sends is held to the public
// form's protections: a limit per client address counted in the database, a signed form token bound to the
// visitor's CSRF cookie (also the idempotency key), the attachment policy of every door, and size limits.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseStateOf } from '../../app/case-page.ts';
import {
  ADDITION_TEXT_MAX,
  addInformation,
  complainantLinkPath,
  complainantLinksOf,
  documentsLimit,
  type OpenedLink,
  openComplainantLink,
  revokeCaseLinks,
} from '../../app/complainant-link.ts';
import type { AppContext } from '../../app/context.ts';
import { checkFormToken, issueFormToken } from '../../app/form-token.ts';
import { organisationDetails } from '../../app/outbound-mail.ts';
import { addressBucket, consumeRateLimit, countFormTry } from '../../app/rate-limit.ts';
import { canHandle } from '../../core/access/case-access.ts';
import type { Language } from '../../core/case/model.ts';
import { documentsLimits } from '../../core/files/attachment-limits.ts';
import { HttpError, isPageCsrfRefusal } from './errors.ts';
import { isLanguage, translatorFor } from './i18n/index.ts';
import { caseLinksPage, complainantPage, invalidLinkPage } from './pages/complainant-link.page.ts';
import { bytes } from './pages/components.ts';
import { redirectAfterPost, sendPage } from './render.ts';
import { actingOf, COOKIE } from './request-context.ts';
import { assertRead, staffActor, viewerOf } from './staff-access.ts';
import {
  checkMessageFiles,
  field,
  readDocumentsForm,
  readWithinBudgetOnly,
  registerComplainantDocuments,
  UPLOAD_RETRY_AFTER_SECONDS,
} from './uploads.ts';

const PURPOSE = 'complainant-link';
/** Additions accepted per link and day: far more than a person sends, few enough to stop a script. */
const ADDITIONS_PER_LINK_PER_DAY = 20;
/** Links that open nothing, per client address and hour, before the answer is a refusal to try more. */
const MISSES_PER_ADDRESS_PER_HOUR = 30;

const tokenParams = z.object({ token: z.string().max(200) });
const caseParams = z.object({ id: z.string().min(1).max(64) });

export const complainantLinkRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  await registerComplainantDocuments(app, documentsLimit(ctx.config.smtp.maxMessageBytes));
  const tz = ctx.config.timezone;

  /**
   * The page speaks the case's language, whatever the browser asks for, unless the visitor chose another with the
   * page's own language buttons (the language cookie): a button that changed nothing would leave them stranded.
   */
  const speak = (request: FastifyRequest, caseLanguage: Language) => {
    const chosen = request.cookies[COOKIE.lang];
    const lang = isLanguage(chosen) ? chosen : caseLanguage;
    request.lang = lang;
    request.t = translatorFor(lang);
  };

  // Never cached, never indexed; the referrer policy of every page (same-origin) keeps the address, and so the
  // token, from other sites.
  const privateHeaders = (reply: FastifyReply) =>
    reply.header('x-robots-tag', 'noindex, nofollow').header('cache-control', 'no-store');

  const invalid = async (request: FastifyRequest, reply: FastifyReply, status = 404) => {
    privateHeaders(reply);
    return sendPage(
      request,
      reply,
      { title: request.t('complainantLink.invalidTitle'), bare: true, content: invalidLinkPage(request) },
      status,
    );
  };

  /** Counts a link that opened nothing against the client's address; true when it is over the limit. */
  const tooManyMisses = async (request: FastifyRequest) => {
    const bucket = await addressBucket(ctx, 'complainant-link', request.ip);
    const r = await consumeRateLimit(ctx, `${bucket}:miss`, MISSES_PER_ADDRESS_PER_HOUR, 3600);
    return !r.allowed;
  };

  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    token: string,
    opened: Extract<OpenedLink, { ok: true }>,
    extra: {
      error?: string | null;
      filesError?: string | null;
      sent?: boolean;
      text?: string;
      status?: number;
    } = {},
  ) => {
    speak(request, opened.state.language);
    privateHeaders(reply);
    const { t } = request;
    const org = organisationDetails(ctx.config);
    return sendPage(
      request,
      reply,
      {
        title: t(opened.state.step === 2 ? 'complainantLink.titleStep2' : 'complainantLink.title', {
          reference: opened.view.reference,
        }),
        bare: true,
        content: complainantPage(request, {
          view: opened.view,
          action: `${complainantLinkPath(token)}?_csrf=${encodeURIComponent(request.csrfToken)}`,
          formToken: await issueFormToken(ctx, PURPOSE, request.csrfToken),
          timeZone: tz,
          markers: org.markers,
          maxFileBytes: documentsLimits(ctx.config.smtp.maxMessageBytes).fileBytes,
          maxFiles: documentsLimits(ctx.config.smtp.maxMessageBytes).files,
          textMax: ADDITION_TEXT_MAX,
          error: extra.error ?? null,
          filesError: extra.filesError ?? null,
          sent: extra.sent ?? false,
          text: extra.text ?? '',
        }),
      },
      extra.status ?? 200,
    );
  };

  // What is added from a browser that kept no cookie (cookies turned off, or the page sent from another browser) has
  // no CSRF token of its own and is refused before the route reads it (request-context.ts). The person is given
  // their page back, in the case's language, with what they typed and why (403), not an error page that loses the
  // text and says to reload; a link that opens nothing is answered as any such link; a program asking for JSON gets
  // the usual refusal. The text is read within the address's limit, and no file is kept.
  app.setErrorHandler(async (error, request, reply) => {
    const token = (request.params as { token?: unknown } | undefined)?.token;
    if (!isPageCsrfRefusal(error, request) || typeof token !== 'string') throw error;
    const { tries } = await countFormTry(
      ctx,
      'complainant-link',
      request.ip,
      ctx.config.publicForm.perAddressPerHour,
    );
    if (!tries.allowed) throw error;
    const opened = await openComplainantLink(ctx, token);
    if (!opened.ok) return invalid(request, reply, (await tooManyMisses(request)) ? 429 : 404);
    speak(request, opened.state.language);
    const { form: read } = await readDocumentsForm(
      request,
      reply,
      documentsLimits(ctx.config.smtp.maxMessageBytes).totalBytes,
      false,
    );
    const names = read.droppedNames ?? [];
    return show(request, reply, token, opened, {
      error: request.t('complainantLink.errors.notShown'),
      filesError: names.length
        ? request.t('complainantLink.errors.chooseAgain', { names: names.join(', ') })
        : null,
      text: (field(read, 'text') ?? '').slice(0, ADDITION_TEXT_MAX),
      status: 403,
    });
  });

  app.get(
    '/c/:token',
    { schema: { params: tokenParams, querystring: z.object({ sent: z.string().max(5).optional() }) } },
    async (request, reply) => {
      const { token } = request.params;
      const opened = await openComplainantLink(ctx, token);
      if (!opened.ok) return invalid(request, reply, (await tooManyMisses(request)) ? 429 : 404);
      return show(request, reply, token, opened, { sent: request.query.sent === '1' });
    },
  );

  app.post(
    '/c/:token',
    { schema: { params: tokenParams, querystring: z.object({ _csrf: z.string().max(100).optional() }) } },
    async (request, reply) => {
      const { token } = request.params;
      const form = ctx.config.publicForm;
      // 1. Floods: every post counts against the client's address, as on the public form, and a link that opens
      // nothing is answered before a byte of what was sent is read. Files are read only within the upload memory
      // (uploads.ts); a post over its address's limit, or one that waited too long for that memory, has its text
      // read without its files, so the person gets it back with the reason.
      const { tries } = await countFormTry(ctx, 'complainant-link', request.ip, form.perAddressPerHour);
      if (!tries.allowed) readWithinBudgetOnly(request);
      const opened = await openComplainantLink(ctx, token);
      if (!opened.ok) return invalid(request, reply, (await tooManyMisses(request)) ? 429 : 404);
      speak(request, opened.state.language);
      // What is added is kept as one message, so the documents together may weigh what one e-mail may carry.
      // The limits of a complainant's documents: the rule's (core/files/attachment-limits.ts), as the use case's.
      const limits = documentsLimits(ctx.config.smtp.maxMessageBytes);
      const { form: read, busy } = await readDocumentsForm(request, reply, limits.totalBytes, tries.allowed);
      const { t, lang } = request;
      const text = (field(read, 'text') ?? '').slice(0, ADDITION_TEXT_MAX + 1);
      // The page given back is shown without the documents sent (no browser fills a file field again): when some
      // were sent and the refusal is not about them, their field says to choose them again, by name (the refusal
      // of a busy server, 503, says so in its own words).
      const names = [...read.files.map((f) => f.filename), ...(read.droppedNames ?? [])];
      const refuse = (message: string, status = 422, at: 'form' | 'files' = 'form') =>
        show(request, reply, token, opened, {
          ...(at === 'files'
            ? { filesError: message }
            : {
                error: message,
                filesError:
                  names.length && status !== 503
                    ? t('complainantLink.errors.chooseAgain', { names: names.join(', ') })
                    : null,
              }),
          text: text.slice(0, ADDITION_TEXT_MAX),
          status,
        });
      // A page left open while its case was answered or closed: nothing is added, and what was typed comes back
      // beside where to write instead (409), before any other refusal, since sending again here cannot help.
      const notAdded = () =>
        show(
          request,
          reply,
          token,
          { ...opened, view: { ...opened.view, mayAdd: false } },
          {
            error: request.t('complainantLink.notAdded'),
            text: text.slice(0, ADDITION_TEXT_MAX),
            status: 409,
          },
        );
      if (!opened.view.mayAdd) {
        read.files = [];
        return notAdded();
      }
      if (!tries.allowed) {
        reply.header('retry-after', String(tries.retryAfterSeconds));
        return refuse(
          t('complainantLink.errors.rateLimited', { minutes: Math.ceil(tries.retryAfterSeconds / 60) }),
          429,
        );
      }
      if (busy) {
        reply.header('retry-after', String(UPLOAD_RETRY_AFTER_SECONDS));
        return refuse(t('complainantLink.errors.busy'), 503);
      }
      // What was sent was larger as a whole than this page reads: its text was read, its documents let go. The
      // message comes back with the limits at the documents, before anything else is checked, so that one more
      // sending does.
      if (read.overBudget) {
        request.log.info({ reason: 'over_budget' }, 'complainant page: refused');
        return refuse(
          t('complainantLink.errors.overBudget', {
            count: limits.files,
            size: bytes(lang, limits.fileBytes),
            total: bytes(lang, limits.totalBytes),
          }),
          413,
          'files',
        );
      }
      // 2. The form must have been shown by us, to this visitor, long enough ago for a person to fill it.
      const formToken = field(read, 'formToken');
      const checked = await checkFormToken(ctx, PURPOSE, formToken, request.csrfToken, {
        minSeconds: form.minFillSeconds,
        maxSeconds: form.maxAgeHours * 3600,
      });
      if (!checked.ok)
        return refuse(
          t(
            checked.reason === 'too_fast'
              ? 'complainantLink.errors.tooFast'
              : checked.reason === 'expired'
                ? 'complainantLink.errors.expired'
                : 'complainantLink.errors.notShown',
          ),
        );
      // 3. Sizes and types: the rule of every message's files. What the read let go of (a file over its size, one
      // too many, all of them over their total) is said as the rule would say it; the files kept are then held to
      // the rule itself.
      const tooLarge = () =>
        refuse(t('complainantLink.errors.tooLarge', { size: bytes(lang, limits.fileBytes) }), 413, 'files');
      const tooMany = () =>
        refuse(t('complainantLink.errors.tooMany', { count: limits.files }), 413, 'files');
      const tooMuch = () =>
        refuse(t('complainantLink.errors.tooMuch', { size: bytes(lang, limits.totalBytes) }), 413, 'files');
      if (read.tooLarge) return tooLarge();
      if (read.tooMany) return tooMany();
      if (read.tooMuch) return tooMuch();
      if (read.emptyFile)
        return refuse(t('complainantLink.errors.emptyFile', { name: read.emptyFile }), 422, 'files');
      if (text.length > ADDITION_TEXT_MAX)
        return refuse(t('complainantLink.errors.tooLong', { max: ADDITION_TEXT_MAX }));
      const files = await checkMessageFiles(read.files, limits);
      read.files = [];
      if (!files.ok) {
        const { problem } = files;
        if (problem.code === 'type_not_allowed')
          return refuse(t('complainantLink.errors.fileType', { name: problem.name }), 422, 'files');
        return problem.code === 'too_many_files'
          ? tooMany()
          : problem.code === 'file_too_large'
            ? tooLarge()
            : tooMuch();
      }
      if (!text.trim() && files.files.length === 0) return refuse(t('complainantLink.errors.empty'));
      // 4. One link cannot be used to pour messages into a case.
      const perLink = await consumeRateLimit(
        ctx,
        `link:${opened.link.id}`,
        ADDITIONS_PER_LINK_PER_DAY,
        86_400,
      );
      if (!perLink.allowed) {
        reply.header('retry-after', String(perLink.retryAfterSeconds));
        return refuse(
          t('complainantLink.errors.rateLimited', { minutes: Math.ceil(perLink.retryAfterSeconds / 60) }),
          429,
        );
      }
      const added = await addInformation(ctx, token, {
        text,
        files: files.files,
        idempotencyKey: String(formToken),
        // Kept in the case's language, as staff read the case, whatever the page spoke.
        subject: translatorFor(opened.state.language)('complainantLink.subject', {
          reference: opened.view.reference,
        }),
      });
      if (!added.ok) {
        if (added.reason === 'empty') return refuse(t('complainantLink.errors.empty'));
        if (added.reason === 'closed') return notAdded();
        return invalid(request, reply);
      }
      request.log.info(
        { reference: added.reference, duplicate: added.duplicate },
        'complainant page: information added',
      );
      return redirectAfterPost(ctx, request, reply, `${complainantLinkPath(token)}?sent=1`);
    },
  );

  // -- staff: the links of a case -----------------------------------------------------------------------------

  app.get('/cases/:id/complainant-link', { schema: { params: caseParams } }, async (request, reply) => {
    const state = await caseStateOf(ctx, request.params.id);
    if (!state) throw new HttpError('not_found');
    const viewer = viewerOf(request);
    assertRead(viewer, state);
    return sendPage(request, reply, {
      title: request.t('complainantLink.staff.title', { reference: state.reference }),
      section: 'queues',
      content: caseLinksPage(request, {
        caseId: state.id,
        links: await complainantLinksOf(ctx, state),
        timeZone: tz,
        mayRevoke: canHandle(viewer, state),
        now: ctx.clock.now(),
      }),
    });
  });

  app.post(
    '/cases/:id/complainant-link/revoke',
    { schema: { params: caseParams } },
    async (request, reply) => {
      const state = await caseStateOf(ctx, request.params.id);
      if (!state) throw new HttpError('not_found');
      assertRead(viewerOf(request), state);
      const n = await revokeCaseLinks(ctx, state.id, staffActor(request), actingOf(request));
      return redirectAfterPost(
        ctx,
        request,
        reply,
        `/cases/${state.id}/complainant-link`,
        n
          ? { key: 'complainantLinksRevoked', params: { count: n } }
          : { key: 'complainantLinksNone', tone: 'info' },
      );
    },
  );
};
