// Search: one box over cases and correspondence; an htmx partial for the results.
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../app/context.ts';
import { searchCases } from '../../app/search-cases.ts';
import { pageParam } from './forms.ts';
import { SEARCH_RESULTS_ID, searchPage, searchResults } from './pages/search.page.ts';
import { sendFragment, sendPage, wantsFragment } from './render.ts';

const PAGE_SIZE = 25;

export const searchRoutes: FastifyPluginAsyncZod<{ ctx: AppContext }> = async (app, { ctx }) => {
  app.get(
    '/search',
    {
      schema: {
        querystring: z.object({ q: z.string().max(300).catch('').default(''), page: pageParam }),
      },
    },
    async (request, reply) => {
      const { q, page } = request.query;
      const found = q.trim()
        ? await searchCases(ctx, q, { limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE })
        : [];
      const options = {
        q,
        page,
        pageSize: PAGE_SIZE,
        rows: found.slice(0, PAGE_SIZE),
        hasMore: found.length > PAGE_SIZE,
        timezone: ctx.config.timezone,
      };
      if (wantsFragment(request, SEARCH_RESULTS_ID))
        return sendFragment(reply, searchResults(request, options));
      return sendPage(request, reply, {
        title: request.t('staff.search.title'),
        section: 'search',
        content: searchPage(request, options),
      });
    },
  );
};
