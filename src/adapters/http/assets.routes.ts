// Static assets, served from memory: our stylesheet and htmx from node_modules (no CDN). Names are a fixed
// list; each has an ETag and a version for long caching (`/assets/app.css?v=…`).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from './errors.ts';

const require = createRequire(import.meta.url);

interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

function load(path: string, type: string): Asset {
  const body = readFileSync(path);
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 16)}"` };
}

const ASSETS: Record<string, Asset> = {
  'app.css': load(new URL('./assets/app.css', import.meta.url).pathname, 'text/css; charset=utf-8'),
  'htmx.min.js': load(require.resolve('htmx.org/dist/htmx.min.js'), 'text/javascript; charset=utf-8'),
  // Chart.js's browser build (its package exports no path to it, so it is found beside its main file); loaded by
  // reports.js only on a page with a chart. reports.js is in every page's head, since htmx does not run scripts
  // that arrive in swapped content: it draws the charts of whatever content arrives.
  'chart.umd.min.js': load(
    join(dirname(require.resolve('chart.js')), 'chart.umd.min.js'),
    'text/javascript; charset=utf-8',
  ),
  'reports.js': load(
    new URL('./assets/reports.js', import.meta.url).pathname,
    'text/javascript; charset=utf-8',
  ),
  // The template editor's variables, inserted at the cursor (like reports.js, in every page's head).
  'template-editor.js': load(
    new URL('./assets/template-editor.js', import.meta.url).pathname,
    'text/javascript; charset=utf-8',
  ),
  // A reply's snippet inserted at the cursor (like template-editor.js, in every page's head).
  'reply-snippets.js': load(
    new URL('./assets/reply-snippets.js', import.meta.url).pathname,
    'text/javascript; charset=utf-8',
  ),
  'reports.css': load(new URL('./assets/reports.css', import.meta.url).pathname, 'text/css; charset=utf-8'),
};

/** `/assets/NAME?v=ETAG`: the URL pages use, changing when the file changes. */
export function assetUrl(name: keyof typeof ASSETS & string): string {
  return `/assets/${name}?v=${ASSETS[name]!.etag.slice(1, 9)}`;
}

export const assetRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    '/assets/:name',
    { schema: { hide: true, params: z.object({ name: z.string().max(40) }) } },
    async (request, reply) => {
      const asset = Object.hasOwn(ASSETS, request.params.name) ? ASSETS[request.params.name] : undefined;
      if (!asset) throw new HttpError('not_found');
      reply.header('etag', asset.etag).header('cache-control', 'public, max-age=31536000, immutable');
      if (request.headers['if-none-match'] === asset.etag) return reply.status(304).send();
      return reply.type(asset.type).send(asset.body);
    },
  );
};
