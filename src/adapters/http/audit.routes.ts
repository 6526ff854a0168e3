// The audit log page (administrators and auditors).
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { AUDIT_ACTIONS, listAudit } from '../../app/record-audit.ts';
import { pageParam } from './forms.ts';
import { auditPage } from './pages/audit.page.ts';
import { sendPage } from './render.ts';

const PAGE_SIZE = 50;

export const auditRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/audit',
    {
      schema: {
        querystring: z.object({ action: z.enum(AUDIT_ACTIONS).optional().catch(undefined), page: pageParam }),
      },
    },
    async (request, reply) => {
      const { action, page } = request.query;
      const result = await listAudit(ctx, { page, pageSize: PAGE_SIZE, action: action ?? null });
      return sendPage(request, reply, {
        title: request.t('audit.title'),
        section: 'audit',
        content: auditPage(request, {
          entries: result.rows,
          page: { page, pageSize: PAGE_SIZE, total: result.total },
          action: action ?? null,
          timezone: ctx.config.timezone,
        }),
      });
    },
  );
};
