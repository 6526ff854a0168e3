// Signing in and out, the language switch, "Forgot your password?", invitation and reset links, and the start page (which sends each role to its
// first page).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { acceptInvitation, linkAccount, setOwnLanguage } from '../../app/manage-users.ts';
import { requestPasswordReset } from '../../app/reset-password.ts';
import { signIn, signOut } from '../../app/sign-in.ts';
import { AccessError } from '../../core/access/access-error.ts';
import { LANGUAGES } from '../../core/case/model.ts';
import type { LinkPurpose } from '../db/accounts.repo.ts';
import { may } from './access.ts';
import { CONTROL_CHARACTER } from './api.routes.ts';
import { formRefusal, validationState } from './forms.ts';
import { emptyForm } from './pages/components.ts';
import { NAV } from './pages/layout.ts';
import { forgotForm, forgotSent, invitationForm, signInForm } from './pages/sign-in.page.ts';
import { redirectAfterPost, sendPage } from './render.ts';
import { actingOf, COOKIE, cookieOptions, isSecure, safeNext, userOf } from './request-context.ts';

/**
 * An account's address as typed at the doors anyone reaches before signing in. It is counted, written to the audit
 * log and looked up as typed, so a control character (a NUL, which no address holds and PostgreSQL keeps in no text,
 * made each a server error) is refused at the field as no address before any of that.
 */
const typedEmail = z
  .string()
  .trim()
  .min(1)
  .max(254)
  .refine((s) => !CONTROL_CHARACTER.test(s), { message: 'validation.email' });

export const authRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/', async (request, reply) => {
    const p = request.principal!;
    const first = NAV.find((n) => n.key !== 'account' && may(p.role, n.route));
    return reply.redirect(first?.href ?? '/account', 303);
  });

  app.get(
    '/sign-in',
    { schema: { querystring: z.object({ next: z.string().max(500).optional() }) } },
    async (request, reply) => {
      if (request.principal) return reply.redirect(safeNext(request.query.next), 303);
      const next = safeNext(request.query.next);
      return sendPage(request, reply, {
        title: request.t('signIn.title'),
        bare: true,
        content: signInForm(request, emptyForm(), next),
      });
    },
  );

  app.post(
    '/sign-in',
    {
      attachValidation: true,
      schema: {
        body: z.object({
          email: typedEmail,
          password: z.string().min(1).max(1000),
          next: z.string().max(500).optional(),
        }),
      },
    },
    async (request, reply) => {
      const next = safeNext((request.body as { next?: unknown } | undefined)?.next);
      const page = (state: ReturnType<typeof emptyForm>, status: number) =>
        sendPage(
          request,
          reply,
          { title: request.t('signIn.title'), bare: true, content: signInForm(request, state, next) },
          status,
        );
      const invalid = validationState(request);
      if (invalid) return page(invalid, 422);
      try {
        const signed = await signIn(ctx, {
          email: request.body.email,
          password: request.body.password,
          address: request.ip,
          userAgent: request.headers['user-agent'] ?? null,
        });
        const secure = isSecure(ctx, request);
        reply.setCookie(
          COOKIE.session(secure),
          signed.sessionToken,
          cookieOptions(ctx, request, ctx.config.auth.sessionMaxHours * 3600),
        );
        reply.clearCookie(COOKIE.csrf(secure), { path: '/' });
        // A whole new page: another language perhaps, and the session's CSRF token in place of the visitor's.
        return redirectAfterPost(
          ctx,
          request,
          reply,
          next,
          { key: 'signedIn', params: { name: signed.user.name } },
          { fullReload: true },
        );
      } catch (e) {
        if (e instanceof AccessError && e.code === 'sign_in_throttled')
          reply.header('retry-after', String(e.retryAfterSeconds));
        const { state, status } = formRefusal(request, e);
        return page(state, status);
      }
    },
  );

  app.post('/sign-out', async (request, reply) => {
    const { session } = userOf(request);
    await signOut(ctx, session, actingOf(request));
    reply.clearCookie(COOKIE.session(isSecure(ctx, request)), { path: '/' });
    return redirectAfterPost(
      ctx,
      request,
      reply,
      '/sign-in',
      { key: 'signedOut', tone: 'info' },
      { fullReload: true },
    );
  });

  app.post(
    '/language',
    { schema: { body: z.object({ lang: z.enum(LANGUAGES), next: z.string().max(500).optional() }) } },
    async (request, reply) => {
      const { lang } = request.body;
      const p = request.principal;
      if (p?.kind === 'session') await setOwnLanguage(ctx, p.user, lang);
      reply.setCookie(COOKIE.lang, lang, { ...cookieOptions(ctx, request, 365 * 86400), httpOnly: true });
      // The message is shown in the new language, on a whole new page.
      return redirectAfterPost(
        ctx,
        request,
        reply,
        safeNext(request.body.next),
        { key: 'languageChanged', tone: 'info' },
        { fullReload: true },
      );
    },
  );

  const tokenParams = z.object({ token: z.string().regex(/^[\w-]{20,100}$/) });

  // "Forgot your password?": the same answer whether or not an account has the address (reset-password.ts).
  const forgotPage = (
    request: Parameters<typeof sendPage>[0],
    reply: Parameters<typeof sendPage>[1],
    content: ReturnType<typeof forgotForm>,
    status = 200,
  ) => sendPage(request, reply, { title: request.t('forgot.title'), bare: true, content }, status);

  app.get('/forgot-password', async (request, reply) =>
    forgotPage(request, reply, forgotForm(request, emptyForm())),
  );

  app.post(
    '/forgot-password',
    { attachValidation: true, schema: { body: z.object({ email: typedEmail }) } },
    async (request, reply) => {
      const invalid = validationState(request);
      if (invalid) return forgotPage(request, reply, forgotForm(request, invalid), 422);
      try {
        await requestPasswordReset(ctx, { email: request.body.email, address: request.ip });
      } catch (e) {
        if (e instanceof AccessError && e.code === 'reset_throttled')
          reply.header('retry-after', String(e.retryAfterSeconds));
        const { state, status } = formRefusal(request, e);
        return forgotPage(request, reply, forgotForm(request, state), status);
      }
      return forgotPage(request, reply, forgotSent(request, request.body.email.trim()));
    },
  );

  // A set-your-password link: an administrator's invitation or a reset the person asked for. Either path takes
  // either token (the token decides what it is); the words on the page follow what the link is for.
  for (const path of ['/invitation/:token', '/reset-password/:token'] as const) {
    const titleOf = (request: { t: (k: string) => string }, purpose: LinkPurpose) =>
      request.t(purpose === 'reset' ? 'reset.title' : 'invitation.title');

    app.get(path, { schema: { params: tokenParams } }, async (request, reply) => {
      const { user, purpose } = await linkAccount(ctx, request.params.token);
      return sendPage(request, reply, {
        title: titleOf(request, purpose),
        bare: true,
        content: invitationForm(request, user, request.params.token, emptyForm(), purpose),
      });
    });

    app.post(
      path,
      {
        attachValidation: true,
        schema: {
          params: tokenParams,
          body: z.object({ password: z.string().min(1).max(1000), confirm: z.string().max(1000) }),
        },
      },
      async (request, reply) => {
        const { user, purpose } = await linkAccount(ctx, request.params.token);
        const page = (state: ReturnType<typeof emptyForm>, status: number) =>
          sendPage(
            request,
            reply,
            {
              title: titleOf(request, purpose),
              bare: true,
              content: invitationForm(request, user, request.params.token, state, purpose),
            },
            status,
          );
        const invalid = validationState(request);
        if (invalid) return page(invalid, 422);
        if (request.body.password !== request.body.confirm)
          return page({ values: {}, errors: { confirm: request.t('errors.passwords_differ_confirm') } }, 422);
        try {
          await acceptInvitation(ctx, request.params.token, request.body.password, request.ip);
        } catch (e) {
          const { state, status } = formRefusal(request, e);
          return page(state, status);
        }
        return redirectAfterPost(ctx, request, reply, '/sign-in', { key: 'passwordSet' });
      },
    );
  }
};
