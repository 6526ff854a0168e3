// Which requests are the API's. The API answers in JSON, takes bearer tokens only and sets no cookie; the staff
// application answers browsers with pages, sessions and CSRF cookies. One answer for the whole application (the
// request context, the CSRF check, the error and not-found handlers), so the two never disagree about a request.
//
// A request that reached a route is the API's when its route is one of the API's: the router has read the address
// already (to it, `/%61pi/v1/me` is `/api/v1/me`), and the route is what runs. A request that reached no route is
// read leniently: however a program or a person writes an address under the prefix (`//api/v1/me`, `/API/v1/cases`,
// `/api%2Fv1%2Fcases`, `/./api/v1/me`), the answer is the API's "not found", never the page meant for browsers. The
// router itself stays strict (one spelling per resource, which the role table and the logs name), rather than
// folding repeated and trailing slashes: that would give every staff page a second address too, and would still
// answer capitals and encoded slashes with a page.
import type { FastifyRequest } from 'fastify';

/** Where the API's routes are (`/api/v1/…`). */
export const API_PREFIX = '/api/';

/** An address decoded more often than this (an escape of an escape of an escape) is read as it then is. */
const MAX_DECODES = 3;
/** A percent-encoded ASCII character (`%2F`, `%61`): what an address under the prefix may be written with. */
const ASCII_ESCAPE = /%([0-7][0-9a-f])/gi;

/** Whether an address (path and query, as sent) is under the API's prefix, however it is written. */
export function isApiAddress(url: string): boolean {
  const end = url.search(/[?#]/);
  let path = end < 0 ? url : url.slice(0, end);
  for (let i = 0; i < MAX_DECODES && path.includes('%'); i++) {
    const decoded = path.replace(ASCII_ESCAPE, (_, hex: string) =>
      String.fromCharCode(Number.parseInt(hex, 16)),
    );
    if (decoded === path) break;
    path = decoded;
  }
  // Segments as RFC 3986 resolves them (empty and `.` ones dropped, `..` goes up), a backslash read as a slash as
  // browsers read it; the first one, without parameters (`;x`) or what follows a space or control character.
  const segments: string[] = [];
  for (const segment of path.replaceAll('\\', '/').split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') segments.pop();
    else segments.push(segment);
  }
  const first = segments[0];
  return (
    first !== undefined && first.replace(/[;\s\p{Cc}].*$/su, '').toLowerCase() === API_PREFIX.slice(1, -1)
  );
}

/** Whether a request is the API's: by its route when it reached one, else by its address (isApiAddress). */
export function isApiRequest(request: Pick<FastifyRequest, 'url' | 'routeOptions'>): boolean {
  const route = request.routeOptions?.url;
  return route ? route.startsWith(API_PREFIX) : isApiAddress(request.url);
}
