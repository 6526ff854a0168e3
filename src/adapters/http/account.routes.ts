// One's own account: the page, changing one's password, signing out everywhere.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { changeOwnPassword, sessionsOf } from '../../app/manage-users.ts';
import { signOutEverywhere } from '../../app/sign-in.ts';
import { formRefusal, validationState } from './forms.ts';
import { accountPage } from './pages/account.page.ts';
import { emptyForm, type FormState } from './pages/components.ts';
import { redirectAfterPost, sendPage } from './render.ts';
import { actingOf, COOKIE, isSecure, userOf } from './request-context.ts';

export const accountRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const show = async (
    request: Parameters<typeof sendPage>[0],
    reply: Parameters<typeof sendPage>[1],
    password: FormState,
    status = 200,
  ) => {
    const { user, session } = userOf(request);
    const sessions = await sessionsOf(ctx, user.id);
    return sendPage(
      request,
      reply,
      {
        title: request.t('account.title'),
        section: 'account',
        content: accountPage(request, {
          user,
          current: session,
          sessions,
          timezone: ctx.config.timezone,
          password,
        }),
      },
      status,
    );
  };

  app.get('/account', async (request, reply) => show(request, reply, emptyForm()));

  app.post(
    '/account/password',
    {
      attachValidation: true,
      schema: {
        body: z.object({
          current: z.string().min(1).max(1000),
          next: z.string().min(1).max(1000),
          confirm: z.string().max(1000),
        }),
      },
    },
    async (request, reply) => {
      const invalid = validationState(request);
      if (invalid) return show(request, reply, invalid, 422);
      if (request.body.next !== request.body.confirm)
        return show(
          request,
          reply,
          { values: {}, errors: { confirm: request.t('errors.passwords_differ_confirm') } },
          422,
        );
      const { user, session } = userOf(request);
      try {
        await changeOwnPassword(
          ctx,
          user,
          { current: request.body.current, next: request.body.next, keepSession: session },
          actingOf(request),
        );
      } catch (e) {
        const { state, status } = formRefusal(request, e);
        return show(request, reply, state, status);
      }
      return redirectAfterPost(ctx, request, reply, '/account', { key: 'passwordChanged' });
    },
  );

  app.post('/account/sign-out-everywhere', async (request, reply) => {
    const { user } = userOf(request);
    await signOutEverywhere(ctx, user, actingOf(request));
    reply.clearCookie(COOKIE.session(isSecure(ctx, request)), { path: '/' });
    return redirectAfterPost(
      ctx,
      request,
      reply,
      '/sign-in',
      { key: 'signedOutEverywhere', tone: 'info' },
      { fullReload: true },
    );
  });
};
