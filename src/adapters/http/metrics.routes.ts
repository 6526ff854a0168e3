// GET /metrics: the Prometheus text (metrics.ts). Not for staff, so not behind a session: it is answered
// - to a request with `Authorization: Bearer <metrics.token>` (REDRESS_METRICS_TOKEN), or
// - to a request from one of the trusted proxies' addresses (REDRESS_TRUST_PROXY) that was not forwarded for
//   someone else: a Prometheus on the proxy's machine scraping the instance directly. A request that a proxy
//   forwards carries the client's address in X-Forwarded-For, and that client is judged, not the proxy.
// With neither configured, /metrics is off (404), so that nothing is exposed by default.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import type { RedressMetrics } from '../metrics/metrics.ts';
import { addressMatcher } from '../net/address-list.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

export type MetricsAccess = 'allowed' | 'off' | 'token_needed' | 'refused';

/** Whether a request may read the metrics, by the token or the trusted addresses. */
export function metricsAccess(
  config: AppContext['config'],
  request: Pick<FastifyRequest, 'ip' | 'headers'>,
  trusted: (address: string | undefined) => boolean,
): MetricsAccess {
  const token = config.metrics.token;
  const proxies = config.http.trustProxy;
  if (!token && proxies.length === 0) return 'off';
  if (token) {
    const m = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '');
    if (m && timingSafeEqual(digest(m[1]!), digest(token))) return 'allowed';
  }
  // request.ip is the client's address as the trusted proxies report it (Fastify's trustProxy).
  if (proxies.length > 0 && trusted(request.ip)) return 'allowed';
  return token ? 'token_needed' : 'refused';
}

export async function metricsRoutes(
  app: FastifyInstance,
  options: { ctx: AppContext; metrics: RedressMetrics },
): Promise<void> {
  const { ctx, metrics } = options;
  let trusted = { key: '', list: addressMatcher([]) };
  app.get('/metrics', { schema: { hide: true } }, async (request, reply) => {
    const key = ctx.config.http.trustProxy.join(',');
    if (trusted.key !== key) trusted = { key, list: addressMatcher(ctx.config.http.trustProxy) };
    const access = metricsAccess(ctx.config, request, trusted.list);
    reply.header('cache-control', 'no-store');
    if (access === 'off')
      return reply.code(404).send({
        error: {
          code: 'metrics_off',
          message:
            'Metrics are off: set REDRESS_METRICS_TOKEN, or REDRESS_TRUST_PROXY for a scraper on a proxy.',
        },
      });
    if (access === 'token_needed')
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="metrics"')
        .send({ error: { code: 'token_invalid', message: 'The metrics token is missing or wrong.' } });
    if (access === 'refused')
      return reply.code(403).send({
        error: { code: 'forbidden_address', message: 'Metrics are answered to the trusted proxies only.' },
      });
    const { contentType, body } = await metrics.expose();
    return reply.type(contentType).send(body);
  });
}
