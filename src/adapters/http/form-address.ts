// Where a form lives. A form posts to an address of its own (`/cases/:id/answer`) that is not a page. When the
// answer to a post is a page (the form again with its errors, a preview, a one-time link), the address the
// person sees must be the page the form is on, so that reloading, bookmarking or sharing it works. One rule for
// every form of the web application, with nothing to declare per route:
// - the form's page is the nearest GET route above the post's route (`/cases/:id/answer` → `/cases/:id`,
//   `/admin/templates/:kind/:language/preview` → `/admin/templates/:kind/:language`), unless FORM_PAGES names it;
// - a page sent in answer to a post tells htmx to show that address (HX-Replace-Url: the person stays on the page
//   they were on, whatever address the form posted to);
// - a GET on a post-only address (a browser without script shows it after a post; a copied address) is sent to
//   that page (303) instead of "This page does not exist".
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/** Forms that are not on the page above their address. */
const FORM_PAGES: Readonly<Record<string, string>> = {
  '/letters': '/letters/new',
  '/admin/users': '/admin/users/new',
};

interface PostRoute {
  url: string;
  match: RegExp;
  names: string[];
}

const postRoutes = new WeakMap<FastifyInstance, PostRoute[]>();
const pageOfRoute = new Map<string, string | null>();

/** Records the post routes of the web application as they are registered (call before the routes). */
export function installFormAddresses(app: FastifyInstance): void {
  const routes: PostRoute[] = [];
  postRoutes.set(app, routes);
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const url = route.url ?? route.path;
    if (!methods.includes('POST') || url.startsWith('/api/')) return;
    const names: string[] = [];
    const source = url
      .split('/')
      .map((segment) => {
        if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(segment.slice(1));
        return '([^/]+)';
      })
      .join('/');
    routes.push({ url, match: new RegExp(`^${source}$`), names });
  });
}

/** The page (a GET route pattern) a form posting to `url` is on; null when there is none. */
function formPagePattern(server: FastifyInstance, url: string): string | null {
  const known = pageOfRoute.get(url);
  if (known !== undefined) return known;
  let page: string | null = FORM_PAGES[url] ?? null;
  for (let candidate = url; !page && candidate; candidate = candidate.slice(0, candidate.lastIndexOf('/')))
    if (server.hasRoute({ method: 'GET', url: candidate })) page = candidate;
  if (!page && server.hasRoute({ method: 'GET', url: '/' })) page = '/';
  pageOfRoute.set(url, page);
  return page;
}

function fill(pattern: string, params: Readonly<Record<string, string>>): string | null {
  let missing = false;
  const out = pattern.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) missing = true;
    return encodeURIComponent(v ?? '');
  });
  return missing ? null : out;
}

/** The address of the page a posted form is on, with this request's values (null: not a form post). */
export function formPageOf(request: FastifyRequest): string | null {
  const url = request.routeOptions.url;
  if (request.method !== 'POST' || !url || url.startsWith('/api/')) return null;
  const pattern = formPagePattern(request.server, url);
  return pattern ? fill(pattern, (request.params ?? {}) as Record<string, string>) : null;
}

/** Whether a post's own address is also a page (`/admin/calendar`, `/sign-in`): then it is kept as it is. */
function isPage(request: FastifyRequest): boolean {
  const url = request.routeOptions.url;
  return !!url && !FORM_PAGES[url] && request.server.hasRoute({ method: 'GET', url });
}

/** For a page answered to a form post through htmx: show the form's page in the address bar. */
export function keepFormAddress(request: FastifyRequest, reply: FastifyReply): void {
  if (request.headers['hx-request'] !== 'true' || isPage(request)) return;
  // A route that knows better (the queue a bulk action came from, with its filters) has said already.
  if (reply.hasHeader('hx-replace-url')) return;
  const page = formPageOf(request);
  if (page) reply.header('hx-replace-url', page);
}

/** The page to send a GET on a post-only address to (null: the address is simply unknown). */
export function pageForPostAddress(app: FastifyInstance, request: FastifyRequest): string | null {
  if (request.method !== 'GET' && request.method !== 'HEAD') return null;
  const path = request.url.replace(/[?#].*$/, '');
  if (path.startsWith('/api/')) return null;
  for (const route of postRoutes.get(app) ?? []) {
    const m = route.match.exec(path);
    if (!m) continue;
    const pattern = formPagePattern(app, route.url);
    if (!pattern) return null;
    const params: Record<string, string> = {};
    try {
      route.names.forEach((name, i) => {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      });
    } catch {
      return null; // a malformed escape: the address is not one of ours
    }
    return fill(pattern, params);
  }
  return null;
}
