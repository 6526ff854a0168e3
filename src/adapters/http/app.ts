// The HTTP application: Fastify 5 with zod schemas on every route, the request context (session or API token,
// language, CSRF), the role table as the route guard, security headers, the error map, and the routes of the
// web application and of the API. Built once in main.ts; tests build it on a test database.

import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import swagger from '@fastify/swagger';
import Fastify, {
  type FastifyBaseLogger,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { html } from 'hono/html';
import type pino from 'pino';
import type { AppContext } from '../../app/context.ts';
import type { Config } from '../../config.ts';
import { withCombiningRunsCapped, withoutBidiControls } from '../../core/text/clean-text.ts';
import { REDACT } from '../log/logger.ts';
import { createMetrics, type RedressMetrics } from '../metrics/metrics.ts';
import { accessOf, routeKey } from './access.ts';
import { accountRoutes } from './account.routes.ts';
import { installAddressControlCheck } from './address-controls.ts';
import { adminRoutes } from './admin.routes.ts';
import { apiRoutes } from './api.routes.ts';
import { apiCaseRoutes } from './api-cases.routes.ts';
import { assetRoutes } from './assets.routes.ts';
import { auditRoutes } from './audit.routes.ts';
import { authRoutes } from './auth.routes.ts';
import { installBodyBudget } from './body-budget.ts';
import { caseContactRoutes } from './case-contact.routes.ts';
import { caseRoutes } from './cases.routes.ts';
import { complainantLinkRoutes } from './complainant-link.routes.ts';
import { complainantRoutes } from './complainants.routes.ts';
import { dossierRoutes } from './dossier.routes.ts';
import { answerFrameworkError, installErrorHandling, type Problem } from './errors.ts';
import { healthRoutes } from './health.routes.ts';
import { inboxRoutes } from './inbox.routes.ts';
import { letterRoutes } from './letters.routes.ts';
import { metricsRoutes } from './metrics.routes.ts';
import { publicFormRoutes } from './public-form.routes.ts';
import { queueRoutes } from './queues.routes.ts';
import { sendPage } from './render.ts';
import { reportRoutes } from './reports.routes.ts';
import { installRequestContext, setFlash } from './request-context.ts';
import { searchRoutes } from './search.routes.ts';
import { installSecurityHeaders } from './security-headers.ts';
import { snippetRoutes } from './snippets.routes.ts';
import { templateRoutes } from './templates.routes.ts';
import { tokenRoutes } from './tokens.routes.ts';
import { setUploadMinRate } from './uploads.ts';
import { userRoutes } from './users.routes.ts';

export interface HttpAppOptions {
  logger: pino.Logger;
  /** The configuration from the file and the environment, under the administrators' settings (default: ctx.config). */
  base?: Config;
  /** The process's metrics (main.ts); by default a registry of this app's own. */
  metrics?: RedressMetrics;
}

export type HttpApp = FastifyInstance & { routeKeys: ReadonlySet<string> };

/**
 * What request logs may show: never cookies, tokens, bodies; the invitation, password-reset and complainant-link
 * tokens in a path are masked.
 */
const serializers = {
  req(request: { method: string; url: string; ip?: string; id?: string }) {
    return {
      method: request.method,
      url: request.url
        .replace(/^\/invitation\/[^/?#]+/, '/invitation/…')
        .replace(/^\/reset-password\/[^/?#]+/, '/reset-password/…')
        .replace(/^\/c\/[^/?#]+/, '/c/…')
        .replace(/\?.*$/, '?…'),
      remoteAddress: request.ip,
    };
  },
  res(reply: { statusCode: number }) {
    return { statusCode: reply.statusCode };
  },
};

/**
 * Node cuts a request that has taken longer than its time limit (`requestTimeout`, and `headersTimeout` for its
 * header lines) only when it next looks over its connections, every thirty seconds unless told otherwise: a client
 * sending its request a few bytes at a time, never idle long enough for the connection's own timeout, could hold a
 * connection for the limit and up to thirty seconds more. Looking every second keeps the limit to within about a
 * second; each look walks only the connections still receiving a request.
 */
const CONNECTIONS_CHECKING_MS = 1000;

function keepRequestTimeLimit(app: FastifyInstance): void {
  // A public property of Node's HTTP server, read when it starts listening (its type does not declare it).
  Object.assign(app.server, { connectionsCheckingInterval: CONNECTIONS_CHECKING_MS });
}

/** Fastify's options shared by the web application and the health-only app of the other roles. */
function fastifyOptions(ctx: AppContext, logger: pino.Logger) {
  const { http } = ctx.config;
  return {
    // Redacted here too, whatever logger the caller passes: @fastify/multipart logs the request headers (cookie,
    // CSRF token) at trace level, and an error may carry a request.
    loggerInstance: logger.child({}, { serializers, redact: REDACT }) as FastifyBaseLogger,
    // Only the configured proxies are believed (proxy-addr): a forged X-Forwarded-For from anyone else is ignored.
    trustProxy: http.trustProxy.length > 0 ? [...http.trustProxy] : false,
    bodyLimit: http.bodyLimitBytes,
    requestTimeout: http.requestTimeoutMs,
    connectionTimeout: http.requestTimeoutMs + 5000,
    keepAliveTimeout: 10_000,
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { maxParamLength: 200 },
    // The router's own refusals (a parameter over that length, an address it cannot decode) in Redress's shape.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) =>
      answerFrameworkError(ctx.config.defaultLanguage, error, request, reply),
  } as const;
}

/** Every answer's time goes into the latency histogram, by the route as registered (a bounded set). */
function measureRequests(app: FastifyInstance, metrics: RedressMetrics): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.request(
      request.method,
      request.routeOptions.url ?? 'unmatched',
      reply.statusCode,
      reply.elapsedTime / 1000,
    );
  });
}

/**
 * What an instance without the web role serves over HTTP: health, readiness and metrics, nothing else (the
 * mail and worker roles, for the load balancer's or the service manager's checks and for Prometheus).
 */
export async function buildOperationsApp(
  ctx: AppContext,
  options: { logger: pino.Logger; metrics: RedressMetrics },
): Promise<FastifyInstance> {
  const app = Fastify(fastifyOptions(ctx, options.logger));
  keepRequestTimeLimit(app);
  measureRequests(app, options.metrics);
  installSecurityHeaders(app, { hsts: ctx.config.http.secureCookies !== 'never' });
  await app.register(healthRoutes, { ctx });
  await app.register(metricsRoutes, { ctx, metrics: options.metrics });
  await app.ready();
  return app;
}

export async function buildHttpApp(ctx: AppContext, options: HttpAppOptions): Promise<HttpApp> {
  const { http } = ctx.config;
  const app = Fastify(fastifyOptions(ctx, options.logger));
  keepRequestTimeLimit(app);
  const metrics = options.metrics ?? createMetrics(ctx);
  measureRequests(app, metrics);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  // Every route must be in the role table, or the application does not start.
  const routeKeys = new Set<string>();
  app.addHook('onRoute', (route) => {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      if (method === 'HEAD' && route.url && routeKeys.has(routeKey('GET', route.url))) continue;
      const key = routeKey(method, route.url ?? route.path);
      if (accessOf(key) === undefined)
        throw new Error(`route ${key} has no entry in the role table (src/adapters/http/access.ts)`);
      routeKeys.add(key);
    }
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: http.bodyLimitBytes });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Redress API',
        version: '1',
        description:
          'The HTTP API of Redress. Authenticate with an API token created by an administrator: ' +
          '`Authorization: Bearer rdt_…`. A token acts with the rights of its role. Errors are ' +
          '`{ "error": { "code", "message", "fields"? } }` with the status of the code.',
      },
      servers: [{ url: http.publicUrl ?? '/' }],
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
    // Only the API is documented; the web pages are not an API.
    transform: (doc) =>
      doc.url.startsWith('/api/v1/') ? jsonSchemaTransform(doc) : { schema: { hide: true }, url: doc.url },
  });

  installRequestContext(app, ctx);
  // No page reads an address holding a control character (address-controls.ts).
  installAddressControlCheck(app);
  // A form or JSON body is held to a number of fields as well as to its bytes (body-budget.ts).
  installBodyBudget(app);
  // A form with files that brings its bytes slower than this gives its upload memory back (uploads.ts).
  setUploadMinRate(app, http.uploadMinBytesPerSecond);
  // Bidi controls in a name or subject from outside could reorder what staff read ("invoice\u202Efdp.exe"):
  // our own pages never contain them, so they are removed from every page and fragment at the last moment; so are
  // combining marks past a few on one letter, which would be drawn over the page around them (clean-text.ts).
  app.addHook('onSend', async (_request, reply, payload) =>
    typeof payload === 'string' && /^text\/html/.test(String(reply.getHeader('content-type') ?? ''))
      ? withCombiningRunsCapped(withoutBidiControls(payload))
      : payload,
  );
  installSecurityHeaders(app, { hsts: http.secureCookies !== 'never' });
  installErrorHandling(app, (request, reply, problem) => errorPage(ctx, request, reply, problem));

  await app.register(healthRoutes, { ctx });
  await app.register(metricsRoutes, { ctx, metrics });
  await app.register(assetRoutes);
  await app.register(authRoutes, { ctx });
  await app.register(accountRoutes, { ctx });
  await app.register(inboxRoutes, { ctx });
  await app.register(queueRoutes, { ctx });
  await app.register(caseRoutes, { ctx });
  await app.register(snippetRoutes, { ctx });
  await app.register(caseContactRoutes, { ctx });
  await app.register(letterRoutes, { ctx });
  await app.register(complainantRoutes, { ctx });
  await app.register(searchRoutes, { ctx });
  await app.register(reportRoutes, { ctx, base: options.base ?? ctx.config });
  await app.register(userRoutes, { ctx });
  await app.register(tokenRoutes, { ctx });
  await app.register(templateRoutes, { ctx });
  await app.register(adminRoutes, { ctx, base: options.base ?? ctx.config });
  await app.register(publicFormRoutes, { ctx });
  await app.register(complainantLinkRoutes, { ctx });
  await app.register(auditRoutes, { ctx });
  await app.register(dossierRoutes, { ctx });
  await app.register(apiRoutes, { ctx });
  await app.register(apiCaseRoutes, { ctx });
  await app.ready();
  return Object.assign(app, { routeKeys }) as unknown as HttpApp;
}

/** The answer to a browser when something is refused: sign-in for the signed out, else a page that says why. */
async function errorPage(
  ctx: AppContext,
  request: Parameters<typeof sendPage>[0],
  reply: Parameters<typeof sendPage>[1],
  problem: Problem,
) {
  if (problem.code === 'unauthenticated' || problem.code === 'session_expired') {
    if (problem.code === 'session_expired') setFlash(reply, ctx, request, 'sessionExpired', {}, 'info');
    const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
    if (request.headers['hx-request'] === 'true')
      return reply.status(401).header('hx-redirect', `/sign-in${next}`).send();
    return reply.redirect(`/sign-in${next}`, 303);
  }
  const { t } = request;
  return sendPage(
    request,
    reply,
    {
      title: t('errors.title'),
      bare: !request.principal,
      content: html`<div class="error-summary" role="alert"><p>${problem.message}</p></div>
        <p><a href="/">${t('errors.back')}</a></p>`,
    },
    problem.status,
  );
}
