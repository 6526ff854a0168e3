// The case dossier as a download from the case page (P6.2; app/export-dossier.ts): for the staff who may read
// the case, and auditors. The export is recorded in the audit log under the person who asked for it. A GET that
// writes an audit entry: the download is a read of the case, and the entry records that read, not a change.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { exportDossier, findCase } from '../../app/export-dossier.ts';
import { readsComplainantRecord } from '../../core/access/complainant-record.ts';
import { DomainError } from '../../core/case/refusal.ts';
import { HttpError } from './errors.ts';
import { actingOf } from './request-context.ts';
import { assertRead, viewerOf } from './staff-access.ts';
import { downloadBudget, zipDownload } from './zip-download.ts';

const params = z.object({ id: z.string().min(1).max(100) });

export const dossierRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get('/cases/:id/dossier', { schema: { params, hide: true } }, async (request, reply) => {
    const state = await findCase(ctx, request.params.id).catch((e: unknown) => {
      if (e instanceof DomainError && e.code === 'case_not_found') throw new HttpError('not_found');
      throw e;
    });
    // A case the person may not read is not found (its existence is not disclosed).
    const viewer = viewerOf(request);
    assertRead(viewer, state);
    // The complainant's record (restrictions, their reasons, the designated contact) only for whom the rule shows
    // it: a department member's dossier of a suggestion holds the case and the person's name and address alone.
    const complainantRecord = readsComplainantRecord(viewer.role);
    return zipDownload(request, reply, downloadBudget(ctx.config.http), (deliver) =>
      exportDossier(ctx, state.id, actingOf(request), { language: request.lang, deliver, complainantRecord }),
    );
  });
};
