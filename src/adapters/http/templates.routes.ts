// Outbound texts: administrators edit the templates (a new version on every save, none overwritten),
// preview a draft as they type (htmx posts the draft and swaps in the preview alone), and send a test to
// themselves; auditors read them. The preview shows a real case only to whom the case rule lets read it, and so an
// administrator's shows a made-up sample case (src/core/access/template-preview.ts).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import {
  activeTemplate,
  activeVersions,
  listTemplateVersions,
  previewTemplate,
  saveTemplateVersion,
  sendTestTemplate,
} from '../../app/manage-templates.ts';
import { LANGUAGES, type Language } from '../../core/case/model.ts';
import { DomainError } from '../../core/case/refusal.ts';
import { builtInTemplate } from '../../core/correspondence/compose.ts';
import { templateProblemList } from '../../core/correspondence/template-check.ts';
import { TEMPLATE_KINDS, type TemplateKind } from '../../core/correspondence/template-kinds.ts';
import { may } from './access.ts';
import { formRefusal, optionalText, text, typedValues, validationState } from './forms.ts';
import type { FormState } from './pages/components.ts';
import {
  PREVIEW_ID,
  problemText,
  type TemplatePreview,
  templateEditorPage,
  templatePreview,
  templatesListPage,
} from './pages/templates.page.ts';
import { redirectAfterPost, sendFragment, sendPage, wantsFragment } from './render.ts';
import { actingOf, userOf } from './request-context.ts';
import { viewerOf } from './staff-access.ts';

const params = z.object({ kind: z.enum(TEMPLATE_KINDS), language: z.enum(LANGUAGES) });
const draftBody = z.object({
  subject: text(1, 500),
  body: text(1, 20_000),
  note: optionalText(200),
  caseReference: optionalText(40),
  // The version in use when the editor was opened (0: the built-in text): a save is refused if another was saved
  // since, rather than replace a colleague's text unseen.
  basedOn: z.coerce.number().int().min(0).optional().catch(undefined),
});

/** The kind and language of the path; an unknown one is a missing page (404), not a form error. */
function templateOf(request: FastifyRequest): { kind: TemplateKind; language: Language } {
  const parsed = params.safeParse(request.params);
  if (!parsed.success)
    throw new DomainError({
      code: 'case_not_found',
      message: request.t('templates.noSuchTemplate'),
      details: { context: 'template' },
    });
  return parsed.data;
}

/** The checks of a template (the core's, as the use case asks them) as field errors, or null when it can be saved. */
function fieldProblems(
  request: FastifyRequest,
  kind: TemplateKind,
  draft: { subject: string; body: string },
): Record<string, string> | null {
  const problems = templateProblemList(kind, draft);
  if (problems.length === 0) return null;
  const errors: Record<string, string> = {};
  for (const field of ['subject', 'body'] as const) {
    const mine = problems.filter((p) => p.field === field).map((p) => problemText(request.t, p));
    if (mine.length) errors[field] = mine.join(' ');
  }
  return errors;
}

export const templateRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: {
      kind: TemplateKind;
      language: Language;
      state?: FormState;
      preview?: TemplatePreview | null;
      from?: number;
    },
    status = 200,
  ) => {
    const versions = await listTemplateVersions(ctx, o.kind, o.language);
    const active = await activeTemplate(ctx.database.db, o.kind, o.language);
    let state = o.state;
    if (!state) {
      const chosen =
        o.from === 0
          ? builtInTemplate(o.kind, o.language)
          : (versions.find((v) => v.version === o.from) ?? active.template);
      state = { values: { subject: chosen.subject, body: chosen.body }, errors: {} };
    }
    // The page opens with the preview and the check of the text shown, as they will follow the typing.
    const preview =
      o.preview ??
      (may(request.principal?.role ?? null, 'POST /admin/templates/:kind/:language/preview')
        ? await draftPreview(request, o.kind, o.language, {
            subject: String(state.values.subject ?? ''),
            body: String(state.values.body ?? ''),
            caseReference: null,
          })
        : null);
    return sendPage(
      request,
      reply,
      {
        title: `${request.t('templates.title')}: ${request.t(`templates.kinds.${o.kind}`)} (${request.t(`languages.${o.language}`)})`,
        section: 'templates',
        content: templateEditorPage(request, {
          kind: o.kind,
          language: o.language,
          state,
          versions,
          activeVersion: active.version,
          preview,
          timezone: ctx.config.timezone,
        }),
      },
      status,
    );
  };

  /** The case the preview would use: the one whose reference is named, else the latest complaint; null: none. */
  const caseIdOf = async (reference: string | null): Promise<string | null> => {
    const q = ctx.database.db.selectFrom('cases').select('id');
    const row = reference
      ? await q.where('reference', '=', reference.trim().toUpperCase()).executeTakeFirst()
      : await q.where('kind', '=', 'complaint').orderBy('received_at', 'desc').executeTakeFirst();
    return row?.id ?? null;
  };

  /**
   * A draft rendered and checked by the core's rule: with the case named (else the latest complaint) where the
   * case rule lets this person read it, else with the made-up sample case (core/access/template-preview.ts). A
   * reference the person may not read is refused as one that names no case: the caller reports it.
   */
  const draftPreview = async (
    request: FastifyRequest,
    kind: TemplateKind,
    language: Language,
    draft: { subject: string; body: string; caseReference: string | null },
  ): Promise<TemplatePreview> => {
    const text = { subject: draft.subject, body: draft.body };
    const p = await previewTemplate(ctx, {
      kind,
      language,
      caseId: await caseIdOf(draft.caseReference),
      named: !!draft.caseReference,
      draft: text,
      viewer: viewerOf(request),
    });
    return { rendered: { subject: p.subject, text: p.text }, problems: p.problems, sample: p.sample };
  };

  app.get('/admin/templates', async (request, reply) => {
    const active = await activeVersions(ctx);
    return sendPage(request, reply, {
      title: request.t('templates.title'),
      section: 'templates',
      content: templatesListPage(request, { active }),
    });
  });

  app.get(
    '/admin/templates/:kind/:language',
    {
      schema: {
        params,
        querystring: z.object({ from: z.coerce.number().int().min(0).optional().catch(undefined) }),
      },
    },
    async (request, reply) =>
      show(request, reply, {
        ...request.params,
        ...(request.query.from !== undefined ? { from: request.query.from } : {}),
      }),
  );

  app.post(
    '/admin/templates/:kind/:language',
    { attachValidation: true, schema: { params, body: draftBody } },
    async (request, reply) => {
      const { kind, language } = templateOf(request);
      const invalid = validationState(request, ['_csrf']);
      if (invalid) return show(request, reply, { kind, language, state: invalid }, 422);
      const problems = fieldProblems(request, kind, request.body);
      if (problems)
        return show(
          request,
          reply,
          { kind, language, state: { values: typedValues(request.body, ['_csrf']), errors: problems } },
          422,
        );
      try {
        const saved = await saveTemplateVersion(ctx, {
          kind,
          language,
          template: { subject: request.body.subject, body: request.body.body },
          note: request.body.note,
          acting: actingOf(request),
          basedOn: request.body.basedOn,
        });
        return redirectAfterPost(ctx, request, reply, `/admin/templates/${kind}/${language}`, {
          key: 'templateSaved',
          params: { version: saved.version },
        });
      } catch (e) {
        const { state, status } = formRefusal(request, e, {}, ['_csrf']);
        return show(request, reply, { kind, language, state }, status);
      }
    },
  );

  app.post(
    '/admin/templates/:kind/:language/preview',
    { attachValidation: true, schema: { params, body: draftBody } },
    async (request, reply) => {
      const { kind, language } = templateOf(request);
      const fragment = wantsFragment(request, PREVIEW_ID);
      const invalid = validationState(request, ['_csrf']);
      // While typing, a draft the form would refuse (an empty subject, a text over its limit) leaves the preview
      // as it was; the form says what is wrong when it is sent.
      if (invalid && fragment) return reply.status(204).send();
      if (invalid) return show(request, reply, { kind, language, state: invalid }, 422);
      try {
        const preview = await draftPreview(request, kind, language, {
          subject: request.body.subject,
          body: request.body.body,
          caseReference: request.body.caseReference,
        });
        if (fragment) return sendFragment(reply, templatePreview(request, preview));
        const state = { values: typedValues(request.body, ['_csrf']), errors: {} };
        return show(request, reply, { kind, language, state, preview });
      } catch (e) {
        const { state, status } = formRefusal(request, e, { case_not_found: 'caseReference' }, ['_csrf']);
        // As one types, a reference that names no case leaves the preview with the check alone.
        if (fragment)
          return sendFragment(
            reply,
            templatePreview(request, {
              rendered: null,
              sample: false,
              problems: templateProblemList(kind, { subject: request.body.subject, body: request.body.body }),
            }),
          );
        return show(request, reply, { kind, language, state }, status);
      }
    },
  );

  app.post(
    '/admin/templates/:kind/:language/test',
    { attachValidation: true, schema: { params, body: draftBody } },
    async (request, reply) => {
      const { kind, language } = templateOf(request);
      const invalid = validationState(request, ['_csrf']);
      if (invalid) return show(request, reply, { kind, language, state: invalid }, 422);
      try {
        const { user } = userOf(request);
        await sendTestTemplate(ctx, {
          kind,
          language,
          caseId: await caseIdOf(request.body.caseReference),
          named: !!request.body.caseReference,
          viewer: viewerOf(request),
          draft: { subject: request.body.subject, body: request.body.body },
          to: user.email,
          actor: actingOf(request).actor,
        });
        const state = { values: typedValues(request.body, ['_csrf']), errors: {} };
        request.flash = { key: 'templateTestSent', params: { email: user.email }, tone: 'success' };
        return show(request, reply, { kind, language, state });
      } catch (e) {
        const { state, status } = formRefusal(request, e, { case_not_found: 'caseReference' }, ['_csrf']);
        return show(request, reply, { kind, language, state }, status);
      }
    },
  );
};
