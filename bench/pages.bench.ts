// Staff pages over HTTP at 100,000 cases (target: p95 ≤ 30 ms, DESIGN.md; the complainant's own page, which a
// complainant opens from a mail and which shows far less, ≤ 20 ms), on SQLite and PostgreSQL. Redress
// listens on a loopback port and a keep-alive client in the same process asks for each page in turn.
// The ceiling, measured in the same run under the same conditions: a bare Fastify server in the same process
// answering a static page of the same size over the same kind of connection, asked in alternation with
// each page so that both see the same moments of a noisy machine. The ratio (ceiling p95 over
// Redress p95) says what share of the fastest possible answer a page keeps, which carries from one machine to
// another where milliseconds do not. Sizes: BENCH_PAGE_CASES (default 100,000; quick 3,000), BENCH_ENGINES.
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { sql } from 'kysely';
import pino from 'pino';
import { randomToken, sha256Hex } from '../src/adapters/crypto/secrets.ts';
import { AccountsRepo } from '../src/adapters/db/accounts.repo.ts';
import { insertComplainantLink } from '../src/adapters/db/complainant-links.repo.ts';
import type { Engine } from '../src/adapters/db/database.ts';
import { buildHttpApp } from '../src/adapters/http/app.ts';
import { createAppContext } from '../src/app/context.ts';
import { addUser } from '../src/app/manage-users.ts';
import { loadConfig } from '../src/config.ts';
import type { Role } from '../src/core/access/roles.ts';
import { fixedClock } from '../src/core/ports.ts';
import { freshDatabase, resultLine as line } from './support/databases.ts';
import { fig, list, percent, publish, QUICK, ratio, size } from './support/figures.ts';
import { closeHttpClient, httpGet } from './support/http-get.ts';
import { seedCases } from './support/seed-cases.ts';
import { machine, timePaired } from './support/stats.ts';

const CASES = size('BENCH_PAGE_CASES', 100_000, 3_000);
const ENGINES = list('BENCH_ENGINES', 'sqlite,postgres') as Engine[];
const NOW = '2026-11-23T09:00:00.000Z';
// Requests per page (quick: fewer, so that the whole quick summary stays within a few minutes).
const N = QUICK ? 60 : 300;
const WARMUP = QUICK ? 10 : 20;
// p95 targets in ms: every staff page 30, the complainant's page 20.
const COMPLAINANT_PAGE = 'complainant page (private link)';
const targetMs = (label: string) => (label === COMPLAINANT_PAGE ? 20 : 30);

console.log(
  `staff pages over HTTP (loopback, keep-alive), ${CASES.toLocaleString('en')} cases${QUICK ? ' (quick)' : ''}; ceiling: bare Fastify answering a static page of the same size — ${machine()}`,
);

// The ceiling: a static page of each size asked for, built once and kept.
const ceilingApp = Fastify({ logger: false });
const staticPages = new Map<number, string>();
ceilingApp.get<{ Params: { bytes: string } }>('/static/:bytes', async (request, reply) => {
  const bytes = Number(request.params.bytes);
  let page = staticPages.get(bytes);
  if (!page) {
    const head =
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>static</title></head><body><p>';
    page = `${head}${'x'.repeat(Math.max(0, bytes - head.length - 18))}</p></body></html>`;
    staticPages.set(bytes, page);
  }
  return reply.type('text/html; charset=utf-8').send(page);
});
await ceilingApp.listen({ host: '127.0.0.1', port: 0 });
const ceilingPort = (ceilingApp.server.address() as AddressInfo).port;

interface PageFigures {
  p95Ms: number;
  targetP95Ms: number;
  ceilingP95Ms: number;
  ratio: number;
}
const summary: Record<string, PageFigures & { page: string; byPage: Record<string, PageFigures> }> = {};

for (const engine of ENGINES) {
  const { database, drop } = await freshDatabase(engine, 'pages');
  try {
    const t0 = performance.now();
    const seeded = await seedCases(database, { cases: CASES, withStreams: true, now: NOW });
    await sql`analyze`.execute(database.db);
    console.log(
      `${engine}: ${CASES.toLocaleString('en')} cases with events loaded in ${Math.round((performance.now() - t0) / 1000)} s`,
    );
    const ctx = createAppContext(
      loadConfig({ env: { REDRESS_LOG_LEVEL: 'silent' }, cwd: '/nonexistent' }),
      database,
      {
        clock: fixedClock(NOW),
      },
    );
    const app = await buildHttpApp(ctx, { logger: pino({ level: 'silent' }) });
    const cookieOf = async (role: Role) => {
      const user = await addUser(
        ctx,
        {
          email: `${role}@bench.example`,
          name: `Bench ${role}`,
          role,
          departments: role === 'department_member' ? ['Billing'] : [],
          language: 'en',
          password: 'a bench password that is long',
        },
        { actor: 'cli', label: null, address: null },
      );
      const token = randomToken(32);
      await new AccountsRepo(database.db).insertSession({
        id: sha256Hex(token),
        userId: user.id,
        csrfToken: randomToken(32),
        createdAt: NOW,
        lastSeenAt: NOW,
        expiresAt: '2030-01-01T00:00:00.000Z',
        absoluteExpiresAt: '2030-01-01T00:00:00.000Z',
        address: null,
        userAgent: 'bench',
      });
      return `redress_session=${token}`;
    };
    const agent = await cookieOf('agent');
    const lead = await cookieOf('lead');
    const management = await cookieOf('management');
    const auditor = await cookieOf('auditor');
    await app.listen({ host: '127.0.0.1', port: 0 });
    const port = (app.server.address() as AddressInfo).port;
    let lastBytes = 0;
    const get = async (cookie: string, url: string, headers: Record<string, string> = {}) => {
      const res = await httpGet(port, url, { cookie, ...headers });
      if (res.status !== 200) throw new Error(`${url}: ${res.status} ${res.body.slice(0, 300)}`);
      lastBytes = Buffer.byteLength(res.body);
      return res;
    };
    const pick = (i: number) => seeded.caseIds[(i * 7919) % seeded.caseIds.length]!;
    // Open step-1 cases show every form (answer preview in the complainant's language, extension window picker).
    const open = (
      await database.db
        .selectFrom('cases')
        .select('id')
        .where('is_open', '=', 1)
        .where('step', '=', 1)
        .limit(500)
        .execute()
    ).map((r) => r.id);
    // The complainant's own page (no session: the private link is the key), for open cases.
    const linkTokens: string[] = [];
    for (const caseId of open.slice(0, 200)) {
      const token = randomToken(32);
      await insertComplainantLink(database.db, {
        id: `bench-link-${caseId}`,
        caseId,
        tokenSha256: sha256Hex(token),
        createdAt: NOW,
        createdBy: 'bench',
      });
      linkTokens.push(token);
    }
    const pages: Array<[string, (i: number) => Promise<unknown>]> = [
      [COMPLAINANT_PAGE, (i) => get('', `/c/${linkTokens[i % linkTokens.length]}`)],
      ['queue step 1, agent (page 1 of 50, due first)', () => get(agent, '/queues/step1')],
      ['queue step 1, lead (check boxes, bulk forms)', () => get(lead, '/queues/step1')],
      [
        'queue step 1, htmx list only, page 3',
        () => get(agent, '/queues/step1?page=3', { 'hx-request': 'true', 'hx-target': 'queue-list' }),
      ],
      ['queue step 1, overdue', () => get(agent, '/queues/step1?due=overdue')],
      ['queue step 1, waiting on complainant', () => get(agent, '/queues/step1?waiting=yes')],
      ['queue step 2, management', () => get(management, '/queues/step2')],
      ['queue mine', () => get(agent, '/queues/mine')],
      [
        'queue step 1, sorted by receipt, newest first',
        () => get(agent, '/queues/step1?sort=received&dir=desc'),
      ],
      ['queue step 1, sorted by reference', () => get(agent, '/queues/step1?sort=reference')],
      ['queue step 1, sorted by complainant', () => get(agent, '/queues/step1?sort=complainant')],
      ['queue step 1, sorted by owner, last first', () => get(agent, '/queues/step1?sort=owner&dir=desc')],
      ['case page, agent, any case (most answered)', (i) => get(agent, `/cases/${pick(i)}`)],
      [
        'case page, agent, open step-1 case (all forms)',
        async (i) => {
          const res = await get(agent, `/cases/${open[i % open.length]}`);
          if (!res.body.includes('id="answer-preview"'))
            throw new Error('the open case shows no answer form');
        },
      ],
      ['case page, auditor (read only)', (i) => get(auditor, `/cases/${pick(i)}`)],
      [
        'search page, by reference',
        (i) => get(agent, `/search?q=${seeded.references[i % seeded.references.length]}`),
      ],
    ];
    const byPage: Record<string, PageFigures> = {};
    for (const [label, fn] of pages) {
      // The ceiling, a static page as large as this one (one request tells its size), asked in alternation with it.
      await fn(0);
      const bytes = lastBytes;
      const { ours, reference: ceiling } = await timePaired(
        N,
        fn,
        async () => {
          const res = await httpGet(ceilingPort, `/static/${bytes}`);
          if (res.status !== 200) throw new Error(`ceiling: ${res.status}`);
        },
        WARMUP,
      );
      const figures = {
        p95Ms: fig(ours.p95),
        targetP95Ms: targetMs(label),
        ceilingP95Ms: fig(ceiling.p95),
        ratio: ratio(ceiling.p95, ours.p95),
      };
      byPage[label] = figures;
      console.log(
        `${line(label, ours, targetMs(label))}   static ${Math.round(bytes / 1024)} KiB p95 ${ceiling.p95} ms, ratio ${percent(figures.ratio)}`,
      );
    }
    // The summary's figure for an engine: its slowest page at p95, with that page's ceiling.
    const [page, worst] = Object.entries(byPage).sort((a, b) => b[1].p95Ms - a[1].p95Ms)[0]!;
    summary[engine] = { ...worst, page, byPage };
    await app.close();
  } finally {
    await drop();
  }
}
await ceilingApp.close();
closeHttpClient();
publish({
  pages: {
    ...summary,
    p95Ms: Math.max(...Object.values(summary).map((s) => s.p95Ms)),
    target: { p95Ms: 30, complainantPageP95Ms: 20 },
  },
});
