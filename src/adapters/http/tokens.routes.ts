// API tokens (administrators create and revoke, auditors read).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { createApiToken, listApiTokens, revokeApiToken } from '../../app/manage-api-tokens.ts';
import { ROLES } from '../../core/access/roles.ts';
import { formRefusal, optionalWholeNumber, pageParam, text, validationState } from './forms.ts';
import type { FormState } from './pages/components.ts';
import { tokensPage } from './pages/tokens.page.ts';
import { redirectAfterPost, sendPage } from './render.ts';
import { actingOf } from './request-context.ts';

const PAGE_SIZE = 50;

export const tokenRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    o: { page: number; state?: FormState; created?: { name: string; secret: string } },
    status = 200,
  ) => {
    const result = await listApiTokens(ctx, { page: o.page, pageSize: PAGE_SIZE });
    return sendPage(
      request,
      reply,
      {
        title: request.t('tokens.title'),
        section: 'tokens',
        content: tokensPage(request, {
          tokens: result.rows,
          page: { page: o.page, pageSize: PAGE_SIZE, total: result.total },
          timezone: ctx.config.timezone,
          state: o.state ?? { values: { role: 'agent' }, errors: {} },
          created: o.created ?? null,
          now: ctx.clock.now(),
        }),
      },
      status,
    );
  };

  app.get(
    '/admin/tokens',
    { schema: { querystring: z.object({ page: pageParam }) } },
    async (request, reply) => show(request, reply, { page: request.query.page }),
  );

  app.post(
    '/admin/tokens',
    {
      attachValidation: true,
      schema: {
        body: z.object({
          name: text(1, 80),
          role: z.enum(ROLES),
          expiresInDays: optionalWholeNumber(1, 3650),
        }),
      },
    },
    async (request, reply) => {
      const invalid = validationState(request);
      if (invalid) return show(request, reply, { page: 1, state: invalid }, 422);
      try {
        const { token, secret } = await createApiToken(
          ctx,
          { name: request.body.name, role: request.body.role, expiresInDays: request.body.expiresInDays },
          actingOf(request),
        );
        // The secret is in this answer only: never in a redirect, a flash cookie or a log.
        return show(request, reply, { page: 1, created: { name: token.name, secret } }, 201);
      } catch (e) {
        const { state, status } = formRefusal(request, e);
        return show(request, reply, { page: 1, state }, status);
      }
    },
  );

  app.post(
    '/admin/tokens/:id/revoke',
    { schema: { params: z.object({ id: z.string().min(1).max(100) }) } },
    async (request, reply) => {
      const token = await revokeApiToken(ctx, request.params.id, actingOf(request));
      return redirectAfterPost(ctx, request, reply, '/admin/tokens', {
        key: 'tokenRevoked',
        params: { name: token.name },
      });
    },
  );
};
