// Complainants: the profile page, restrictions as recorded decisions (P8.2–P8.4), telling the
// complainant about one, merging two records of the same person, exporting everything held as one ZIP, and an
// erasure request for administrators (P6.3, both audited).
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { caseHandlers } from '../../app/case-page.ts';
import {
  findComplainant,
  loadComplainantPage,
  SHARED_ADDRESS_PAGE_SIZE,
  sharedAddressPage,
} from '../../app/complainant-page.ts';
import type { AppContext } from '../../app/context.ts';
import { eraseComplainant, previewErasure } from '../../app/erase-complainant.ts';
import { exportSubject, findSubjectOrAddress } from '../../app/export-complainant.ts';
import { mergeComplainants } from '../../app/merge-complainants.ts';
import { notifyRestriction } from '../../app/notify-restriction.ts';
import { actOnComplainant } from '../../app/restrict-complainant.ts';
import { KINDS, RESTRICTION_KINDS } from '../../core/case/model.ts';
import { DomainError } from '../../core/case/refusal.ts';
import { HttpError } from './errors.ts';
import { pageParam, text, validationState } from './forms.ts';
import { type ComplainantForm, complainantPage } from './pages/complainant.page.ts';
import type { FormState } from './pages/components.ts';
import { erasurePage, subjectByAddressPage } from './pages/erasure.page.ts';
import { sameAddressPage } from './pages/same-address.page.ts';
import { refusalState } from './pages/staff-components.ts';
import { redirectAfterPost, sendPage } from './render.ts';
import { actingOf } from './request-context.ts';
import { canRead, staffActor, viewerOf } from './staff-access.ts';
import { downloadBudget, zipDownload } from './zip-download.ts';

const params = z.object({ id: z.string().min(1).max(100) });
const restrictionParams = params.extend({ rid: z.string().min(1).max(100) });

/** Who asks for an export or an erasure: named in the audit log, and checked by the record rule in the use case. */
const requesterOf = (request: FastifyRequest) => ({ ...actingOf(request), staff: staffActor(request) });

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
    // The person's cases are named only where this person may read them (the case rule): an administrator, who
    // answers the person's requests about their data, reads no case, so is told only how many are not listed.
    const viewer = viewerOf(request);
    const readable = page.cases.filter((c) => {
      const kind = KINDS.find((k) => k === c.kind);
      return !!kind && canRead(viewer, { kind, department: c.department });
    });
    const casesNotListed = page.cases.length - readable.length;
    page.cases = readable;
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
          casesNotListed,
        }),
      },
      status,
    );
  };

  const exists = async (id: string) => {
    if (!(await loadComplainantPage(ctx, id))) throw new HttpError('not_found');
  };

  app.get(
    '/complainants/:id',
    {
      schema: {
        params,
        // From the list of records that share an address: the merge form opened with the other record named.
        querystring: z.object({ merge: z.string().min(1).max(100).optional().catch(undefined) }),
      },
    },
    async (request, reply) =>
      show(
        request,
        reply,
        request.params.id,
        request.query.merge ? { merge: { values: { other: request.query.merge }, errors: {} } } : {},
      ),
  );

  // The records that share an address key, for staff to merge (complainants.repo.ts sharedAddressGroups).
  app.get(
    '/complainants/same-address',
    { schema: { querystring: z.object({ page: pageParam }) } },
    async (request, reply) => {
      const { page } = request.query;
      const { groups, total } = await sharedAddressPage(ctx, page);
      return sendPage(request, reply, {
        title: request.t('staff.sameAddressGroups.title'),
        section: 'sameAddress',
        content: sameAddressPage(request, {
          groups,
          page: { page, pageSize: SHARED_ADDRESS_PAGE_SIZE, total },
          timezone: ctx.config.timezone,
        }),
      });
    },
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
          staffActor(request),
        );
        return redirectAfterPost(ctx, request, reply, `/complainants/${id}`, { key: 'staffRestricted' });
      } catch (e) {
        const { state, status } = refusalState(request, e, {
          review_date_in_past: 'reviewBy',
          designated_contact_required: 'designatedContactId',
          designated_contact_not_allowed: 'designatedContactId',
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
          staffActor(request),
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
        const w = await notifyRestriction(ctx, id, rid, staffActor(request));
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
      const other = await findComplainant(ctx, request.body.other, id);
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
    // Everything held as one ZIP (app/export-complainant.ts), recorded in the audit log under this person.
    return zipDownload(request, reply, downloadBudget(ctx.config.http), (deliver) =>
      exportSubject(ctx, id, requesterOf(request), { deliver }),
    );
  });

  // An erasure request (administrators): the page shows what an erasure does today, without changing anything.
  const showErasure = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    form: FormState = { values: {}, errors: {} },
    status = 200,
  ) => {
    const result = await previewErasure(ctx, id, requesterOf(request)).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'case_not_found') throw new HttpError('not_found');
      throw e;
    });
    return sendPage(
      request,
      reply,
      {
        title: request.t('subject.erasure.title'),
        section: 'queues',
        content: erasurePage(request, { id, result, organisation: ctx.config.organisation.name, form }),
      },
      status,
    );
  };

  app.get('/complainants/:id/erasure', { schema: { params } }, async (request, reply) =>
    showErasure(request, reply, request.params.id),
  );

  app.post(
    '/complainants/:id/erasure',
    {
      attachValidation: true,
      schema: {
        params,
        body: z.object({ reason: text(3, 2000), confirm: z.literal('yes').optional() }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const invalid = validationState(request);
      if (invalid) return showErasure(request, reply, id, invalid, 422);
      if (request.body.confirm !== 'yes')
        return showErasure(
          request,
          reply,
          id,
          { values: { reason: request.body.reason }, errors: { confirm: request.t('validation.required') } },
          422,
        );
      const r = await eraseComplainant(ctx, id, {
        reason: request.body.reason,
        acting: requesterOf(request),
      });
      return redirectAfterPost(ctx, request, reply, `/complainants/${r.complainantId}/erasure`, {
        key: 'subjectErased',
        params: {
          erased: r.erased.length,
          kept: r.plan.cases.filter((d) => d.decision === 'keep').length,
        },
      });
    },
  );

  // Requests by address (administrators), for a person no complainant record knows: their messages on no case.
  // The address is always posted: a link holding it would leave it in access logs and the browser's history.
  const showByAddress = (
    request: FastifyRequest,
    reply: FastifyReply,
    form: FormState = { values: {}, errors: {} },
    status = 200,
  ) =>
    sendPage(
      request,
      reply,
      {
        title: request.t('subject.byAddress.title'),
        section: 'admin',
        content: subjectByAddressPage(request, { form }),
      },
      status,
    );

  app.get('/admin/subject-requests', async (request, reply) => showByAddress(request, reply));

  // The export of what is held under an address no record holds (a record's address is served on its page).
  app.post(
    '/admin/subject-requests/export',
    { schema: { body: z.object({ address: text(3, 254) }) } },
    async (request, reply) => {
      const found = await findSubjectOrAddress(ctx, request.body.address).catch((e: unknown) => {
        if (e instanceof DomainError && e.code === 'case_not_found') throw new HttpError('not_found');
        throw e;
      });
      if (found.kind !== 'address' || !request.body.address.includes('@')) throw new HttpError('not_found');
      return zipDownload(request, reply, downloadBudget(ctx.config.http), (deliver) =>
        exportSubject(ctx, found.address, requesterOf(request), { deliver }),
      );
    },
  );

  app.post(
    '/admin/subject-requests',
    {
      attachValidation: true,
      schema: {
        body: z.object({
          address: text(3, 254),
          reason: z.string().max(2000).optional(),
          confirm: z.literal('yes').optional(),
        }),
      },
    },
    async (request, reply) => {
      const invalid = validationState(request);
      if (invalid) return showByAddress(request, reply, invalid, 422);
      const { address, reason, confirm } = request.body;
      if (!address.includes('@'))
        return showByAddress(
          request,
          reply,
          { values: { address }, errors: { address: request.t('subject.byAddress.label') } },
          422,
        );
      const found = await findSubjectOrAddress(ctx, address).catch((e: unknown) => {
        if (e instanceof DomainError && e.code === 'case_not_found') return null;
        throw e;
      });
      if (!found)
        return showByAddress(
          request,
          reply,
          { values: { address }, errors: { address: request.t('subject.byAddress.nothing') } },
          404,
        );
      // A person with a record is served on their own page, which covers their messages on no case too.
      if (found.kind === 'complainant')
        return reply.redirect(`/complainants/${encodeURIComponent(found.complainant.id)}/erasure`, 303);
      const page = (
        result: Awaited<ReturnType<typeof previewErasure>>,
        form: FormState,
        status: number,
        notice?: string,
      ) =>
        sendPage(
          request,
          reply,
          {
            title: request.t('subject.erasure.title'),
            section: 'admin',
            content: erasurePage(request, {
              id: '',
              result,
              organisation: ctx.config.organisation.name,
              form,
              action: '/admin/subject-requests',
              ...(notice ? { notice } : {}),
            }),
          },
          status,
        );
      // The address alone: what an erasure would do, with the form to do it.
      if (reason === undefined)
        return page(
          await previewErasure(ctx, address, requesterOf(request)),
          { values: {}, errors: {} },
          200,
        );
      const errors: Record<string, string> = {};
      if (reason.trim().length < 3) errors.reason = request.t('validation.required');
      if (confirm !== 'yes') errors.confirm = request.t('validation.required');
      if (Object.keys(errors).length)
        return page(
          await previewErasure(ctx, address, requesterOf(request)),
          { values: { reason }, errors },
          422,
        );
      const r = await eraseComplainant(ctx, address, { reason, acting: requesterOf(request) });
      // Shown here rather than redirected: the next page could only be reached by an address in its link.
      return page(
        r,
        { values: {}, errors: {} },
        200,
        request.t('subject.byAddress.done', {
          erased: r.inboxErased.length,
          kept: r.plan.inboxItems.filter((d) => d.decision === 'keep').length,
        }),
      );
    },
  );
};
