// What every request carries once it is in: who it is (a session or an API token), its language and fixed
// translator, its CSRF token, and a flash message from the previous page. Also the route guard (the role
// table) and the CSRF check, as Fastify hooks.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { authenticateApiToken } from '../../app/manage-api-tokens.ts';
import type { Acting } from '../../app/record-audit.ts';
import { resolveSession } from '../../app/sign-in.ts';
import { AccessError } from '../../core/access/access-error.ts';
import type { Role } from '../../core/access/roles.ts';
import type { Language } from '../../core/case/model.ts';
import { safeRedirectPath } from '../../core/security/safe-redirect.ts';
import { randomToken, sameSecret } from '../crypto/secrets.ts';
import type { ApiToken, Session, User } from '../db/accounts.repo.ts';
import { accessOf, allows, refusalContext, routeKey } from './access.ts';
import { isApiRequest } from './api-address.ts';
import { withCategoryLabels } from './i18n/category-labels.ts';
import { isLanguage, languageFromHeader, type Translate, translatorFor } from './i18n/index.ts';

export type Principal =
  | { kind: 'session'; role: Role; actor: string; label: string; user: User; session: Session }
  | { kind: 'token'; role: Role; actor: string; label: string; token: ApiToken };

export interface Flash {
  key: string;
  params: Record<string, string | number>;
  tone: 'success' | 'info' | 'error';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
    lang: Language;
    t: Translate;
    /** The organisation's time zone, in which every time the request shows is written. */
    timeZone: string;
    /** The token forms and htmx requests must send back (the session's, or the anonymous visitor's cookie). */
    csrfToken: string;
    flash: Flash | null;
    /** True when a session cookie was sent but its session had ended (to say so on the sign-in page). */
    sessionEnded: boolean;
  }
}

export const COOKIE = {
  /** `__Host-` when secure: bound to this host, path `/`, HTTPS only. */
  session: (secure: boolean) => (secure ? '__Host-redress_session' : 'redress_session'),
  csrf: (secure: boolean) => (secure ? '__Host-redress_csrf' : 'redress_csrf'),
  lang: 'redress_lang',
  flash: 'redress_flash',
} as const;

export function isSecure(ctx: AppContext, request: FastifyRequest): boolean {
  const mode = ctx.config.http.secureCookies;
  return mode === 'always' || (mode === 'auto' && request.protocol === 'https');
}

export function cookieOptions(ctx: AppContext, request: FastifyRequest, maxAgeSeconds?: number) {
  return {
    path: '/',
    httpOnly: true,
    sameSite: 'lax' as const,
    secure: isSecure(ctx, request),
    ...(maxAgeSeconds !== undefined ? { maxAge: maxAgeSeconds } : {}),
  };
}

/** Who is acting, for use cases and the audit log. */
export function actingOf(request: FastifyRequest): Acting {
  const p = request.principal;
  return { actor: p?.actor ?? 'anonymous', label: p?.label ?? null, address: request.ip };
}

/** The signed-in person (routes whose access is not `public` may rely on it). */
export function userOf(request: FastifyRequest): { user: User; session: Session } {
  const p = request.principal;
  if (p?.kind !== 'session')
    throw new AccessError('unauthenticated', 'Sign in first.', { details: { context: 'sign_in' } });
  return { user: p.user, session: p.session };
}

export function setFlash(
  reply: FastifyReply,
  ctx: AppContext,
  request: FastifyRequest,
  key: string,
  params: Record<string, string | number> = {},
  tone: Flash['tone'] = 'success',
): void {
  const value = Buffer.from(JSON.stringify({ key, params, tone })).toString('base64url');
  reply.setCookie(COOKIE.flash, value, cookieOptions(ctx, request, 60));
}

function readFlash(raw: string | undefined): Flash | null {
  if (!raw || raw.length > 2000) return null;
  try {
    const v = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<Flash>;
    if (typeof v.key !== 'string' || !/^flash\.[a-zA-Z]+$/.test(`flash.${v.key}`)) return null;
    const params: Record<string, string | number> = {};
    for (const [k, x] of Object.entries(v.params ?? {}))
      if (typeof x === 'string' || typeof x === 'number')
        params[k] = typeof x === 'string' ? x.slice(0, 200) : x;
    const tone = v.tone === 'error' || v.tone === 'info' ? v.tone : 'success';
    return { key: v.key, params, tone };
  } catch {
    return null;
  }
}

/** A local path to go back to after signing in or switching language (never another site). */
export function safeNext(next: unknown, fallback = '/'): string {
  return safeRedirectPath(next, fallback);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function installRequestContext(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('principal', null);
  app.decorateRequest('lang', ctx.config.defaultLanguage);
  app.decorateRequest('t', translatorFor(ctx.config.defaultLanguage));
  app.decorateRequest('timeZone', ctx.config.timezone);
  app.decorateRequest('csrfToken', '');
  app.decorateRequest('flash', null);
  app.decorateRequest('sessionEnded', false);

  app.addHook('onRequest', async (request, reply) => {
    const key = routeKey(request.method, request.routeOptions.url ?? '');
    const access = request.routeOptions.url ? accessOf(key) : 'public';
    const api = isApiRequest(request);
    const secure = isSecure(ctx, request);

    if (api) {
      // The API takes bearer tokens only, never cookies: no ambient authority, so no CSRF.
      const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
      const token = m ? await authenticateApiToken(ctx, m[1]!) : null;
      if (token)
        request.principal = {
          kind: 'token',
          role: token.role,
          actor: `token:${token.id}`,
          label: token.name,
          token,
        };
    } else {
      const cookie = request.cookies[COOKIE.session(secure)];
      if (cookie) {
        const found = await resolveSession(ctx, cookie);
        if (found.status === 'valid')
          request.principal = {
            kind: 'session',
            role: found.user.role,
            actor: `user:${found.user.id}`,
            label: found.user.email,
            user: found.user,
            session: found.session,
          };
        else {
          request.sessionEnded = true;
          reply.clearCookie(COOKIE.session(secure), { path: '/' });
        }
      }
      if (request.principal?.kind === 'session') request.csrfToken = request.principal.session.csrfToken;
      else {
        const existing = request.cookies[COOKIE.csrf(secure)];
        request.csrfToken = existing && /^[\w-]{43}$/.test(existing) ? existing : randomToken(32);
        if (request.csrfToken !== existing)
          reply.setCookie(COOKIE.csrf(secure), request.csrfToken, cookieOptions(ctx, request));
      }
      request.flash = readFlash(request.cookies[COOKIE.flash]);
    }

    const own = request.principal?.kind === 'session' ? request.principal.user.language : null;
    const chosen = request.cookies[COOKIE.lang];
    request.lang =
      own ??
      (isLanguage(chosen) ? chosen : null) ??
      languageFromHeader(request.headers['accept-language']) ??
      ctx.config.defaultLanguage;
    // Read per request: an administrator may change the time zone while the server runs.
    request.timeZone = ctx.config.timezone;
    request.t = withCategoryLabels(
      translatorFor(request.lang),
      ctx.config.categoryCatalogue ?? [],
      request.lang,
    );

    if (access === undefined) throw new Error(`route ${key} is not in the role table`);
    if (access === 'public') return;
    if (!request.principal) {
      if (api) reply.header('www-authenticate', 'Bearer');
      throw api
        ? new AccessError('token_invalid', 'A valid API token is needed.', { details: { context: 'bearer' } })
        : request.sessionEnded
          ? new AccessError('session_expired', 'Sign in again.', { details: { context: 'ended' } })
          : new AccessError('unauthenticated', 'Sign in first.', { details: { context: 'sign_in' } });
    }
    if (!allows(access, request.principal.role))
      throw new AccessError('forbidden_role', `The role ${request.principal.role} may not call ${key}.`, {
        details:
          refusalContext(key) === 'inbox'
            ? { context: 'inbox' }
            : { context: 'route', role: request.principal.role },
      });
  });

  // CSRF: every state-changing request from a browser carries the synchronizer token (form field `_csrf` or
  // header X-CSRF-Token, which htmx sends), checked after the body is parsed and before it is validated.
  // A form with files is different: its parts are read by the route, after this check, so its field cannot be
  // seen here. htmx sends the header; a browser without scripts sends the form as it is, so such a form's
  // address carries the token (`?_csrf=`, formAction in pages/components.ts). It is the visitor's own token,
  // bound to their session or cookie, and proves what the field would; request logs never show a query and
  // the referrer policy keeps addresses on this site. Taken from the address for multipart posts only.
  app.addHook('preValidation', async (request) => {
    if (SAFE_METHODS.has(request.method) || isApiRequest(request)) return;
    const header = request.headers['x-csrf-token'];
    const body = request.body as Record<string, unknown> | null | undefined;
    const multipart = /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
    const inAddress = multipart ? new URLSearchParams(request.url.split('?')[1] ?? '').get('_csrf') : null;
    const sent =
      typeof header === 'string'
        ? header
        : typeof body?._csrf === 'string'
          ? body._csrf
          : inAddress && inAddress.length <= 100
            ? inAddress
            : '';
    if (!request.csrfToken || !sent || !sameSecret(sent, request.csrfToken))
      throw new AccessError('csrf_invalid', 'The CSRF token is missing or wrong.', {
        details: { context: 'expired' },
      });
  });
}
