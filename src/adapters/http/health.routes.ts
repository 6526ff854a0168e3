// Health for load balancers and service managers, without a session and with the least output:
// - GET /healthz (and /health): liveness. The process answers HTTP; the database is not touched, so a database
//   outage does not make every instance look dead and get restarted.
// - GET /readyz: readiness. The database answers within a few seconds and every migration of this release is
//   applied, and the parts of its roles that say so can do their work (the SMTP listener listens); otherwise 503
//   with one word for the reason, and the detail in the log. Migrations that a NEWER
//   release applied do not make an older instance unready (migrations only add: DESIGN.md).
//   The route is public, so anyone can ask it as often as they like: every probe arriving while a check runs
//   shares that check, and its answer serves for a second after it. However many probes come, the database
//   is asked at most one question at a time, and about once a second.
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../app/context.ts';
import { migrationState } from '../db/migrate.ts';

/** How long readiness waits for the database before answering 503. */
const READY_TIMEOUT_MS = 3000;
/**
 * How long one readiness answer serves later probes. Load balancers probe every few seconds, so this changes no
 * decision of theirs; it only keeps a flood of anonymous probes off the database.
 */
export const READY_REUSE_MS = 1000;

/**
 * A check that runs once for every caller arriving while it runs, and whose answer is reused by callers arriving
 * within `reuseMs` of its end. `now` is a monotonic clock in milliseconds (the wall clock may jump).
 */
export function sharedCheck<T>(
  check: () => Promise<T>,
  reuseMs: number,
  now: () => number = () => performance.now(),
): () => Promise<T> {
  let running: Promise<T> | null = null;
  let last: { value: T; at: number } | null = null;
  return () => {
    if (last && now() - last.at < reuseMs) return Promise.resolve(last.value);
    if (!running)
      running = check().then(
        (value) => {
          last = { value, at: now() };
          running = null;
          return value;
        },
        (e: unknown) => {
          running = null;
          throw e;
        },
      );
    return running;
  };
}

/** What a part of this instance's roles says of its own work: why it cannot do it now, or null when it can. */
export type PartProblem = { reason: 'smtp'; detail: string };
export type PartCheck = () => PartProblem | null;

export type Readiness =
  | { ready: true }
  | { ready: false; reason: 'database' | 'migrations' | PartProblem['reason']; detail: string };

const partChecks = new WeakMap<AppContext, PartCheck[]>();

/**
 * Adds to readiness a part of the roles this instance runs (main.ts): the SMTP listener of the mail role, which a
 * mail server relays to. An instance whose listener is gone is alive but does not do its work; without this it
 * would answer ready while every message sent to it waits in the relay's queue.
 */
export function addReadinessCheck(ctx: AppContext, check: PartCheck): void {
  partChecks.set(ctx, [...(partChecks.get(ctx) ?? []), check]);
}

/** Whether this instance can serve: the database answers and holds every migration this release knows. */
export async function readiness(ctx: AppContext, timeoutMs = READY_TIMEOUT_MS): Promise<Readiness> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    const state = await Promise.race([migrationState(ctx.database), timeout]);
    if (state.missing.length > 0)
      return { ready: false, reason: 'migrations', detail: `not applied: ${state.missing.join(', ')}` };
    for (const check of partChecks.get(ctx) ?? []) {
      const problem = check();
      if (problem) return { ready: false, ...problem };
    }
    return { ready: true };
  } catch (e) {
    return { ready: false, reason: 'database', detail: (e as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

export async function healthRoutes(app: FastifyInstance, options: { ctx: AppContext }): Promise<void> {
  const { ctx } = options;
  const alive = async (_request: unknown, reply: { header(k: string, v: string): unknown }) => {
    reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  };
  app.get('/health', { schema: { hide: true } }, alive);
  app.get('/healthz', { schema: { hide: true } }, alive);
  let lastProblem = '';
  const ready = sharedCheck(() => readiness(ctx), READY_REUSE_MS);
  app.get('/readyz', { schema: { hide: true } }, async (request, reply) => {
    reply.header('cache-control', 'no-store');
    const r = await ready();
    if (r.ready) {
      lastProblem = '';
      return { status: 'ready' };
    }
    // Logged when the reason changes, not at every probe of the load balancer.
    if (r.detail !== lastProblem) request.log.warn({ reason: r.reason, detail: r.detail }, 'not ready');
    lastProblem = r.detail;
    return reply.code(503).send({ status: 'not_ready', reason: r.reason });
  });
}
