// Administration of accounts (administrators change, auditors read).

import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { openCasesOwnedBy } from '../../app/bulk-act.ts';
import type { AppContext } from '../../app/context.ts';
import {
  getUser,
  type Invitation,
  inviteUser,
  listUsers,
  renewInvitation,
  setUserEnabled,
  updateUser,
} from '../../app/manage-users.ts';
import { signOutEverywhere } from '../../app/sign-in.ts';
import { ROLES } from '../../core/access/roles.ts';
import { LANGUAGES } from '../../core/case/model.ts';
import type { User } from '../db/accounts.repo.ts';
import { formRefusal, pageParam, text, validationState } from './forms.ts';
import { type FormState, whenText } from './pages/components.ts';
import { invitationLinkPage, inviteUserPage, userPage, usersPage } from './pages/users.page.ts';
import { redirectAfterPost, sendPage } from './render.ts';
import { actingOf } from './request-context.ts';

const PAGE_SIZE = 50;
const userParams = z.object({ id: z.string().min(1).max(100) });
const accountBody = z.object({
  name: text(1, 120),
  role: z.enum(ROLES),
  departments: z.string().max(500).default(''),
  language: z.enum(LANGUAGES),
});
const inviteBody = accountBody.extend({ email: z.email().max(254) });

const stateOf = (u: User): FormState => ({
  values: { name: u.name, role: u.role, departments: u.departments.join(', '), language: u.language },
  errors: {},
});

export const userRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const tz = ctx.config.timezone;
  // Read per request: administrators add departments while the server runs.
  const departmentNames = () => ctx.config.departments.map((d) => d.name);
  const linkFor = (request: FastifyRequest, token: string) =>
    `${ctx.config.http.publicUrl?.replace(/\/$/, '') ?? `${request.protocol}://${request.host}`}/invitation/${token}`;
  /** The page after an invitation: "sent" when it went by e-mail, else the link to pass on (mail switched off). */
  const invitationDone = (request: FastifyRequest, reply: FastifyReply, inv: Invitation) =>
    sendPage(request, reply, {
      title: request.t(inv.mailed ? 'users.invitationSentTitle' : 'users.invitationTitle', {
        email: inv.user.email,
      }),
      section: 'users',
      content: invitationLinkPage(request, {
        user: inv.user,
        link: linkFor(request, inv.token),
        until: whenText(request.lang, tz, inv.expiresAt),
        mailed: inv.mailed,
      }),
    });

  app.get(
    '/admin/users',
    { schema: { querystring: z.object({ page: pageParam }) } },
    async (request, reply) => {
      const { page } = request.query;
      const result = await listUsers(ctx, { page, pageSize: PAGE_SIZE });
      return sendPage(request, reply, {
        title: request.t('users.title'),
        section: 'users',
        content: usersPage(request, {
          users: result.rows,
          page: { page, pageSize: PAGE_SIZE, total: result.total },
          timezone: tz,
        }),
      });
    },
  );

  const showInvite = (request: FastifyRequest, reply: FastifyReply, state: FormState, status = 200) =>
    sendPage(
      request,
      reply,
      {
        title: request.t('users.inviteTitle'),
        section: 'users',
        content: inviteUserPage(request, state, departmentNames()),
      },
      status,
    );

  app.get('/admin/users/new', async (request, reply) =>
    showInvite(request, reply, { values: { role: 'agent', language: request.lang }, errors: {} }),
  );

  app.post(
    '/admin/users',
    { attachValidation: true, schema: { body: inviteBody } },
    async (request, reply) => {
      const invalid = validationState(request);
      if (invalid) return showInvite(request, reply, invalid, 422);
      const b = request.body;
      try {
        const inv = await inviteUser(
          ctx,
          { email: b.email, name: b.name, role: b.role, departments: [b.departments], language: b.language },
          actingOf(request),
        );
        return invitationDone(request, reply, inv);
      } catch (e) {
        const { state, status } = formRefusal(request, e);
        return showInvite(request, reply, state, status);
      }
    },
  );

  const showUser = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    state?: FormState,
    status = 200,
  ) => {
    const user = await getUser(ctx, id);
    const openCases = await openCasesOwnedBy(ctx, user.id);
    return sendPage(
      request,
      reply,
      {
        title: request.t('users.editTitle', { email: user.email }),
        section: 'users',
        content: userPage(request, {
          user,
          state: state ?? stateOf(user),
          timezone: tz,
          departments: departmentNames(),
          openCases,
        }),
      },
      status,
    );
  };

  app.get('/admin/users/:id', { schema: { params: userParams } }, async (request, reply) =>
    showUser(request, reply, request.params.id),
  );

  app.post(
    '/admin/users/:id',
    { attachValidation: true, schema: { params: userParams, body: accountBody } },
    async (request, reply) => {
      const invalid = validationState(request);
      if (invalid) return showUser(request, reply, request.params.id, invalid, 422);
      const b = request.body;
      try {
        const user = await updateUser(
          ctx,
          request.params.id,
          { name: b.name, role: b.role, departments: [b.departments], language: b.language },
          actingOf(request),
        );
        return redirectAfterPost(ctx, request, reply, `/admin/users/${user.id}`, {
          key: user.tokensRevoked > 0 ? 'userSavedTokensRevoked' : 'userSaved',
          params: { email: user.email, count: user.tokensRevoked },
        });
      } catch (e) {
        const { state, status } = formRefusal(request, e);
        return showUser(request, reply, request.params.id, state, status);
      }
    },
  );

  for (const [path, enabled] of [
    ['disable', false],
    ['enable', true],
  ] as const) {
    app.post(`/admin/users/:id/${path}`, { schema: { params: userParams } }, async (request, reply) => {
      try {
        const user = await setUserEnabled(ctx, request.params.id, enabled, actingOf(request));
        return redirectAfterPost(ctx, request, reply, `/admin/users/${user.id}`, {
          key: enabled
            ? 'userEnabled'
            : user.tokensRevoked > 0
              ? 'userDisabledTokensRevoked'
              : 'userDisabled',
          params: { email: user.email, count: user.tokensRevoked },
        });
      } catch (e) {
        const { state, status } = formRefusal(request, e);
        if (status === 404) throw e;
        const user = await getUser(ctx, request.params.id);
        return showUser(
          request,
          reply,
          request.params.id,
          { ...stateOf(user), message: state.message ?? Object.values(state.errors)[0] ?? null },
          status,
        );
      }
    });
  }

  app.post('/admin/users/:id/invitation', { schema: { params: userParams } }, async (request, reply) => {
    const inv = await renewInvitation(ctx, request.params.id, actingOf(request));
    return invitationDone(request, reply, inv);
  });

  app.post('/admin/users/:id/sign-out', { schema: { params: userParams } }, async (request, reply) => {
    const user = await getUser(ctx, request.params.id);
    const count = await signOutEverywhere(ctx, user, actingOf(request));
    return redirectAfterPost(ctx, request, reply, `/admin/users/${user.id}`, {
      key: 'userSignedOut',
      params: { email: user.email, count },
    });
  });
};
