// The triage inbox pages: the list (with an htmx partial for filters and pages), one item with its original
// shown safely, downloads, and the four actions (file onto a case, open a case, reclassify, dismiss).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { handleInboxItem, type InboxAction } from '../../app/handle-inbox-item.ts';
import { dealtWithImapNotices, markImapNotice, openImapNotices } from '../../app/imap-notices.ts';
import { getInboxItem, getInboxOriginal, INBOX_FILTERS, listInbox } from '../../app/list-inbox.ts';
import { INBOX_REASONS, OTHER_REASONS, type OtherReason } from '../../core/case/model.ts';
import { storedAddress } from '../../core/intake/addresses.ts';
import { REFERENCE_PATTERN } from './case-actions.ts';
import { HttpError } from './errors.ts';
import { formRefusal, optionalText, pageParam, text, validationState } from './forms.ts';
import {
  attachmentDisposition,
  attachmentOf,
  isEmail,
  mailBodyDocument,
  viewOriginal,
} from './original-view.ts';
import type { FormState } from './pages/components.ts';
import { INBOX_LIST_ID, type InboxForm, inboxItemPage, inboxList, inboxPage } from './pages/inbox.page.ts';
import { redirectAfterPost, sendFragment, sendPage, wantsFragment } from './render.ts';
import { actingOf } from './request-context.ts';
import { MAIL_BODY_CSP } from './security-headers.ts';
import { staffActor } from './staff-access.ts';
import { sendStoredFile } from './stored-file.ts';

const PAGE_SIZE = 25;

export const itemParams = z.object({ id: z.string().min(1).max(100) });

/** The bodies of the four actions; the API uses the same schemas. */
export const inboxActionBodies = {
  file: z.object({
    caseReference: z
      .string()
      .trim()
      .regex(REFERENCE_PATTERN, { error: 'validation.reference' })
      .describe('The reference of the case to file the item onto, e.g. RC-2026-000123.'),
  }),
  open: z.object({
    kind: z.enum(['complaint', 'suggestion']),
    step: z.enum(['1', '2']).optional().describe('For a complaint: step 1 (default) or 2.'),
    // The address rule of every door (core/intake/addresses.ts): one plain address, internationalised ones too.
    complainantEmail: optionalText(320)
      .refine((v) => v === null || storedAddress(v) !== null, 'validation.email')
      .describe(
        "The complainant's e-mail address, for a message whose sender is not verified (else the case has none); for any other message, if given, the address it comes from.",
      ),
  }),
  reclassify: z.object({ reason: z.enum(OTHER_REASONS), note: optionalText(2000) }),
  dismiss: z.object({ reason: text(3, 2000) }),
};

export function toInboxAction(form: InboxForm, body: Record<string, unknown>): InboxAction {
  switch (form) {
    case 'file':
      return { type: 'file_onto_case', caseReference: String(body.caseReference) };
    case 'open':
      return {
        type: 'open_case',
        kind: body.kind === 'suggestion' ? 'suggestion' : 'complaint',
        step: body.kind === 'suggestion' ? null : body.step === '2' ? 2 : 1,
        complainantEmail: (body.complainantEmail as string | null | undefined) ?? null,
      };
    case 'reclassify':
      return {
        type: 'reclassify',
        reason: body.reason as OtherReason,
        note: (body.note as string | null) ?? null,
      };
    case 'dismiss':
      return { type: 'dismiss', reason: String(body.reason) };
  }
}

const FLASH: Record<InboxForm, string> = {
  file: 'inboxFiled',
  open: 'inboxCaseOpened',
  reclassify: 'inboxReclassified',
  dismiss: 'inboxDismissed',
};

const PATHS: Record<InboxForm, string> = {
  file: 'file',
  open: 'open-case',
  reclassify: 'reclassify',
  dismiss: 'dismiss',
};

export const inboxRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tz = ctx.config.timezone;

  app.get(
    '/inbox',
    {
      schema: {
        querystring: z.object({
          status: z.enum(INBOX_FILTERS).catch('open').default('open'),
          reason: z.enum(INBOX_REASONS).optional().catch(undefined),
          page: pageParam,
        }),
      },
    },
    async (request, reply) => {
      const { status, reason, page } = request.query;
      const result = await listInbox(ctx, {
        filter: status,
        reason: reason ?? null,
        page,
        pageSize: PAGE_SIZE,
      });
      const options = {
        rows: result.rows,
        page: { page, pageSize: PAGE_SIZE, total: result.total },
        filter: status,
        reason: reason ?? null,
        timezone: tz,
      };
      if (wantsFragment(request, INBOX_LIST_ID)) return sendFragment(reply, inboxList(request, options));
      // The mail door's notices (messages it has no bytes of) wait above the list, whatever its filter.
      const [open, dealtWith] = await Promise.all([openImapNotices(ctx), dealtWithImapNotices(ctx)]);
      return sendPage(request, reply, {
        title: request.t('inbox.title'),
        section: 'inbox',
        content: inboxPage(request, {
          ...options,
          notices: { open: open.rows, total: open.total, dealtWith, timezone: tz },
        }),
      });
    },
  );

  // A notice of the mail door marked dealt with (who and when on the notice, and in the audit log).
  app.post('/inbox/imap-notices/:id/done', { schema: { params: itemParams } }, async (request, reply) => {
    const outcome = await markImapNotice(ctx, request.params.id, actingOf(request));
    if (outcome === 'not_found') throw new HttpError('not_found');
    return redirectAfterPost(
      ctx,
      request,
      reply,
      '/inbox',
      outcome === 'done' ? { key: 'imapNoticeDealtWith' } : { key: 'imapNoticeAlready', tone: 'info' },
    );
  });

  const showItem = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    forms: Partial<Record<InboxForm, FormState>> = {},
    status = 200,
  ) => {
    const view = await getInboxItem(ctx, id);
    if (!view) throw new HttpError('not_found');
    const original = view.correspondence.originalSha256 ? await getInboxOriginal(ctx, id) : null;
    const shown = original
      ? await viewOriginal(original.content, original.contentType)
      : { html: null, attachments: [] };
    return sendPage(
      request,
      reply,
      {
        title: request.t('inbox.item'),
        section: 'inbox',
        content: inboxItemPage(request, {
          view,
          html: shown.html !== null,
          htmlTooComplex: 'tooComplex' in shown && shown.tooComplex === true,
          attachments: shown.attachments,
          timezone: tz,
          forms,
        }),
      },
      status,
    );
  };

  app.get('/inbox/:id', { schema: { params: itemParams } }, async (request, reply) =>
    showItem(request, reply, request.params.id),
  );

  app.get('/inbox/:id/body', { schema: { params: itemParams } }, async (request, reply) => {
    const original = await getInboxOriginal(ctx, request.params.id);
    const shown = original ? await viewOriginal(original.content, original.contentType) : null;
    if (!shown?.html) throw new HttpError('not_found');
    return reply
      .header('content-security-policy', MAIL_BODY_CSP)
      .header('x-frame-options', 'SAMEORIGIN')
      .type('text/html; charset=utf-8')
      .send(mailBodyDocument(shown.html));
  });

  app.get('/inbox/:id/original', { schema: { params: itemParams } }, async (request, reply) => {
    const original = await getInboxOriginal(ctx, request.params.id);
    if (!original) throw new HttpError('not_found');
    const email = isEmail(original.contentType);
    const extension = email ? 'eml' : (/\/(pdf|png|jpeg|tiff)$/.exec(original.contentType)?.[1] ?? 'bin');
    // A scan or PDF is shown in the browser (stored-file.ts); an e-mail stays a download.
    if (!email)
      return sendStoredFile(reply, {
        content: original.content,
        filename: `original-${original.sha256.slice(0, 12)}.${extension}`,
      });
    return reply
      .type(email ? 'message/rfc822' : 'application/octet-stream')
      .header(
        'content-disposition',
        attachmentDisposition(`original-${original.sha256.slice(0, 12)}.${extension}`),
      )
      .send(original.content);
  });

  app.get(
    '/inbox/:id/attachments/:index',
    { schema: { params: itemParams.extend({ index: z.coerce.number().int().min(0).max(1000) }) } },
    async (request, reply) => {
      const original = await getInboxOriginal(ctx, request.params.id);
      const attachment =
        original && isEmail(original.contentType)
          ? await attachmentOf(original.content, request.params.index)
          : null;
      if (!attachment) throw new HttpError('not_found');
      return sendStoredFile(reply, { content: attachment.body, filename: attachment.filename });
    },
  );

  for (const form of ['file', 'open', 'reclassify', 'dismiss'] as const) {
    app.post(
      `/inbox/:id/${PATHS[form]}`,
      { attachValidation: true, schema: { params: itemParams, body: inboxActionBodies[form] } },
      async (request, reply) => {
        const { id } = request.params;
        const invalid = validationState(request);
        if (invalid) return showItem(request, reply, id, { [form]: invalid }, 422);
        try {
          const done = await handleInboxItem(
            ctx,
            id,
            toInboxAction(form, request.body as Record<string, unknown>),
            staffActor(request),
          );
          return redirectAfterPost(ctx, request, reply, '/inbox', {
            key: FLASH[form],
            params: done.caseReference ? { reference: done.caseReference } : {},
          });
        } catch (e) {
          const { state, status } = formRefusal(
            request,
            e,
            form === 'file' ? { case_not_found: 'caseReference' } : {},
          );
          if (status === 404 && form !== 'file') throw e;
          return showItem(request, reply, id, { [form]: state }, status);
        }
      },
    );
  }
};
