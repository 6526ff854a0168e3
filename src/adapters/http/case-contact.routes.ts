// Changing the language a case is written in (and its complainant's), and giving a complainant who had none an
// address, from the case page (src/app/case-contact.ts). Each posts and redirects back to the case page, with a
// message either way: the address bar always holds the case's own address.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { addComplainantAddress, changeCaseLanguage } from '../../app/case-contact.ts';
import type { AppContext } from '../../app/context.ts';
import { LANGUAGES } from '../../core/case/model.ts';
import { DomainError } from '../../core/case/refusal.ts';
import { cleanAddressLines } from '../../core/text/clean-text.ts';
import { HttpError } from './errors.ts';
import { refusalState } from './pages/staff-components.ts';
import { redirectAfterPost } from './render.ts';
import { staffActor } from './staff-access.ts';

const caseParams = z.object({ id: z.string().min(1).max(100) });
const text = (max: number) =>
  z
    .string()
    .max(max)
    .optional()
    .transform((s) => s?.trim() || null);

export const caseContactRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  /** Runs the change; a refusal of the procedure comes back to the case page as a message, not a new page. */
  const act = async (
    request: FastifyRequest,
    reply: FastifyReply,
    id: string,
    change: () => Promise<string>,
  ) => {
    try {
      const key = await change();
      return redirectAfterPost(ctx, request, reply, `/cases/${id}`, { key });
    } catch (e) {
      if (e instanceof DomainError && e.code === 'case_not_found') throw new HttpError('not_found');
      if (e instanceof DomainError) {
        // The refusal in the reader's language, as a form shows it (staff-components.ts refusalState).
        const { state } = refusalState(request, e);
        return redirectAfterPost(ctx, request, reply, `/cases/${id}`, {
          key: 'staffCaseChangeRefused',
          params: { message: state.message ?? Object.values(state.errors)[0] ?? '' },
          tone: 'error',
        });
      }
      throw e;
    }
  };

  app.post(
    '/cases/:id/language',
    {
      schema: {
        params: caseParams,
        body: z.object({
          language: z.enum(LANGUAGES),
          forComplainant: z.string().max(10).optional(),
          reason: text(500),
        }),
      },
    },
    async (request, reply) =>
      act(request, reply, request.params.id, async () => {
        const r = await changeCaseLanguage(
          ctx,
          request.params.id,
          {
            language: request.body.language,
            forComplainant: request.body.forComplainant === 'yes',
            reason: request.body.reason,
          },
          staffActor(request),
        );
        return r.caseChanged ? 'staffLanguageChanged' : 'staffComplainantLanguageChanged';
      }),
  );

  app.post(
    '/cases/:id/address',
    {
      schema: {
        params: caseParams,
        body: z.object({ email: text(254), postalAddress: text(1000) }),
      },
    },
    async (request, reply) =>
      act(request, reply, request.params.id, async () => {
        const r = await addComplainantAddress(
          ctx,
          request.params.id,
          {
            email: request.body.email,
            postalAddress: cleanAddressLines(request.body.postalAddress?.split(/\r?\n/) ?? null),
          },
          staffActor(request),
        );
        return r.acknowledged === 'email'
          ? 'staffAddressAddedEmail'
          : r.acknowledged === 'letter'
            ? 'staffAddressAddedLetter'
            : 'staffAddressAdded';
      }),
  );
};
