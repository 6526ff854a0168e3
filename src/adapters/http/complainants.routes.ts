// Complainants: the profile page, restrictions as recorded decisions (P8.2–P8.4), telling the
// complainant about one, merging two records of the same person, and exporting everything held (P6.3, audited).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseHandlers } from '../../app/case-page.ts';
import { findComplainant, loadComplainantPage } from '../../app/complainant-page.ts';
import type { AppContext } from '../../app/context.ts';
import { exportComplainant } from '../../app/export-complainant.ts';
import { mergeComplainants } from '../../app/merge-complainants.ts';
import { notifyRestriction } from '../../app/notify-restriction.ts';
import { recordAudit, repoOf } from '../../app/record-audit.ts';
import { actOnComplainant } from '../../app/restrict-complainant.ts';
import { RESTRICTION_KINDS } from '../../core/case/model.ts';
import { HttpError } from './errors.ts';
import { text, validationState } from './forms.ts';
import { attachmentDisposition } from './original-view.ts';
import { type ComplainantForm, complainantPage } from './pages/complainant.page.ts';
import type { FormState } from './pages/components.ts';
import { refusalState } from './pages/staff-components.ts';
import { redirectAfterPost, sendPage } from './render.ts';
import { actingOf } from './request-context.ts';
import { staffActor } from './staff-access.ts';

const params = z.object({ id: z.string().min(1).max(100) });
const restrictionParams = params.extend({ rid: z.string().min(1).max(100) });

export const complainantRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  const show = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    forms: Partial<Record<ComplainantForm, FormState>> = {},
    status = 200,
    restrictionId: string | null = null,
  ) => {
    const page = await loadComplainantPage(ctx, id);
    if (!page) throw new HttpError('not_found');
    const staff = await caseHandlers(ctx);
    return sendPage(
      request,
      reply,
      {
        title: page.state.details.name ?? request.t('staff.complainant.title'),
        section: 'queues',
        content: complainantPage(request, {
          page,
          today: ctx.calendar.localDate(ctx.clock.now()).toString(),
          timezone: ctx.config.timezone,
          staff,
          forms,
          restrictionId,
        }),
      },
      status,
    );
  };

  const exists = async (id: string) => {
    if (!(await loadComplainantPage(ctx, id))) throw new HttpError('not_found');
  };

  app.get('/complainants/:id', { schema: { params } }, async (request, reply) =>
    show(request, reply, request.params.id),
  );

  app.post(
    '/complainants/:id/restrictions',
    {
      attachValidation: true,
      schema: {
        params,
        body: z.object({
          kind: z.enum(RESTRICTION_KINDS),
          reason: text(3, 2000),
          reviewBy: z
            .string()
            .trim()
            .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'validation.invalid' }),
          designatedContactId: z.string().max(100).optional(),
        }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      await exists(id);
      const invalid = validationState(request);
      if (invalid) return show(request, reply, id, { restrict: invalid }, 422);
      const b = request.body;
      try {
        await actOnComplainant(
          ctx,
          id,
          {
            type: 'restrict',
            restrictionId: ctx.newId(),
            kind: b.kind,
            reason: b.reason,
            reviewBy: b.reviewBy,
            designatedContactId: b.designatedContactId || null,
          },
          actingOf(request).actor,
        );
        return redirectAfterPost(ctx, request, reply, `/complainants/${id}`, { key: 'staffRestricted' });
      } catch (e) {
        const { state, status } = refusalState(request, e, {
          review_date_in_past: 'reviewBy',
          designated_contact_required: 'designatedContactId',
          restriction_active: 'kind',
          empty_text: 'reason',
        });
        return show(request, reply, id, { restrict: state }, status);
      }
    },
  );

  app.post(
    '/complainants/:id/restrictions/:rid/lift',
    {
      attachValidation: true,
      schema: { params: restrictionParams, body: z.object({ reason: text(3, 2000) }) },
    },
    async (request, reply) => {
      const { id, rid } = request.params;
      await exists(id);
      const invalid = validationState(request);
      if (invalid) return show(request, reply, id, { lift: invalid }, 422, rid);
      try {
        await actOnComplainant(
          ctx,
          id,
          { type: 'lift_restriction', restrictionId: rid, reason: request.body.reason },
          actingOf(request).actor,
        );
        return redirectAfterPost(ctx, request, reply, `/complainants/${id}`, {
          key: 'staffRestrictionLifted',
        });
      } catch (e) {
        const { state, status } = refusalState(request, e, { empty_text: 'reason' });
        return show(request, reply, id, { lift: state }, status === 404 ? 409 : status, rid);
      }
    },
  );

  app.post(
    '/complainants/:id/restrictions/:rid/notify',
    { schema: { params: restrictionParams } },
    async (request, reply) => {
      const { id, rid } = request.params;
      await exists(id);
      try {
        const w = await notifyRestriction(ctx, id, rid, actingOf(request).actor);
        return redirectAfterPost(ctx, request, reply, `/complainants/${id}`, {
          key: w.channel === 'letter' ? 'staffRestrictionNotifiedLetter' : 'staffRestrictionNotified',
        });
      } catch (e) {
        const { state, status } = refusalState(request, e);
        return show(request, reply, id, { notify: state }, status === 404 ? 409 : status, rid);
      }
    },
  );

  app.post(
    '/complainants/:id/merge',
    { attachValidation: true, schema: { params, body: z.object({ other: text(3, 254) }) } },
    async (request, reply) => {
      const { id } = request.params;
      await exists(id);
      const invalid = validationState(request);
      if (invalid) return show(request, reply, id, { merge: invalid }, 422);
      const other = await findComplainant(ctx, request.body.other);
      if (!other)
        return show(
          request,
          reply,
          id,
          {
            merge: {
              values: { other: request.body.other },
              errors: { other: request.t('staff.errors.noSuchComplainant') },
            },
          },
          422,
        );
      try {
        await mergeComplainants(ctx, id, other, staffActor(request));
        return redirectAfterPost(ctx, request, reply, `/complainants/${id}`, {
          key: 'staffComplainantsMerged',
        });
      } catch (e) {
        const { state, status } = refusalState(request, e, { invalid_command: 'other', same_value: 'other' });
        state.values = { other: request.body.other };
        return show(request, reply, id, { merge: state }, status === 404 ? 422 : status);
      }
    },
  );

  app.post('/complainants/:id/export', { schema: { params } }, async (request, reply) => {
    const { id } = request.params;
    await exists(id);
    const data = await exportComplainant(ctx, id);
    await recordAudit(
      ctx,
      repoOf(ctx),
      actingOf(request),
      'personal_data_exported',
      { type: 'complainant', id, label: data.complainant.details.name ?? data.complainant.details.email },
      { cases: data.cases.length, correspondence: data.correspondence.length },
    );
    const day = ctx.calendar.localDate(ctx.clock.now()).toString();
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', attachmentDisposition(`complainant-${id.slice(0, 8)}-${day}.json`))
      .send(JSON.stringify(data, null, 2));
  });
};
