// Saved snippets for free replies: administrators list, add, change and retire them (audited, manage-snippets.ts);
// auditors read. Staff use them on the case page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import {
  allSnippets,
  retireSnippetBy,
  type SnippetRow,
  saveSnippet,
  snippet,
  snippetRevision,
} from '../../app/manage-snippets.ts';
import { LANGUAGES } from '../../core/case/model.ts';
import { HttpError } from './errors.ts';
import { formRefusal, text, validationState } from './forms.ts';
import type { FormState } from './pages/components.ts';
import { SNIPPET_LIMITS, snippetFormPage, snippetsPage } from './pages/snippets.page.ts';
import { redirectAfterPost, sendPage } from './render.ts';
import { actingOf } from './request-context.ts';

const idParams = z.object({ id: z.string().min(1).max(100) });
const snippetBody = z.object({
  language: z.enum(LANGUAGES),
  title: text(1, SNIPPET_LIMITS.title),
  body: text(1, SNIPPET_LIMITS.body),
  // The snippet as the form showed it (manage-snippets.ts snippetRevision), so that a colleague's save since is not
  // overwritten unseen.
  seen: z.string().max(100).optional(),
});

export const snippetRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const showForm = (
    request: FastifyRequest,
    reply: FastifyReply,
    existing: SnippetRow | null,
    state: FormState,
    status = 200,
  ) =>
    sendPage(
      request,
      reply,
      {
        title: existing ? request.t('replies.snippets.editTitle') : request.t('replies.snippets.addTitle'),
        section: 'admin',
        content: snippetFormPage(request, {
          existing,
          state,
          timezone: ctx.config.timezone,
          seen: existing ? snippetRevision(existing) : null,
        }),
      },
      status,
    );

  const found = async (id: string) => {
    const s = await snippet(ctx, id);
    if (!s) throw new HttpError('not_found');
    return s;
  };

  app.get('/admin/snippets', async (request, reply) =>
    sendPage(request, reply, {
      title: request.t('replies.snippets.title'),
      section: 'admin',
      content: snippetsPage(request, { snippets: await allSnippets(ctx), timezone: ctx.config.timezone }),
    }),
  );

  app.get('/admin/snippets/new', async (request, reply) =>
    showForm(request, reply, null, { values: { language: ctx.config.defaultLanguage }, errors: {} }),
  );

  app.post(
    '/admin/snippets',
    { attachValidation: true, schema: { body: snippetBody } },
    async (request, reply) => {
      const invalid = validationState(request);
      if (invalid) return showForm(request, reply, null, invalid, 422);
      try {
        await saveSnippet(ctx, null, request.body, actingOf(request));
        return redirectAfterPost(ctx, request, reply, '/admin/snippets', {
          key: 'snippetSaved',
          params: { title: request.body.title },
        });
      } catch (e) {
        const { state, status } = formRefusal(request, e);
        return showForm(request, reply, null, state, status);
      }
    },
  );

  app.get('/admin/snippets/:id', { schema: { params: idParams } }, async (request, reply) => {
    const s = await found(request.params.id);
    return showForm(request, reply, s, {
      values: { language: s.language, title: s.title, body: s.body },
      errors: {},
    });
  });

  app.post(
    '/admin/snippets/:id',
    { attachValidation: true, schema: { params: idParams, body: snippetBody } },
    async (request, reply) => {
      const s = await found(request.params.id);
      const invalid = validationState(request);
      if (invalid) return showForm(request, reply, s, invalid, 422);
      try {
        await saveSnippet(ctx, s.id, request.body, actingOf(request));
        return redirectAfterPost(ctx, request, reply, '/admin/snippets', {
          key: 'snippetSaved',
          params: { title: request.body.title },
        });
      } catch (e) {
        const { state, status } = formRefusal(request, e);
        return showForm(request, reply, s, state, status);
      }
    },
  );

  app.post('/admin/snippets/:id/retire', { schema: { params: idParams } }, async (request, reply) => {
    const s = await found(request.params.id);
    try {
      await retireSnippetBy(ctx, s.id, actingOf(request));
    } catch (e) {
      const { state, status } = formRefusal(request, e);
      return showForm(request, reply, s, state, status);
    }
    return redirectAfterPost(ctx, request, reply, '/admin/snippets', {
      key: 'snippetRetired',
      params: { title: s.title },
    });
  });
};
