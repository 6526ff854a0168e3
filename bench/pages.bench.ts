import { sql } from 'kysely';
import pino from 'pino';
import { randomToken, sha256Hex } from '../src/adapters/crypto/secrets.ts';
import { AccountsRepo } from '../src/adapters/db/accounts.repo.ts';
import type { Engine } from '../src/adapters/db/database.ts';
import { buildHttpApp } from '../src/adapters/http/app.ts';
import { createAppContext } from '../src/app/context.ts';
import { addUser } from '../src/app/manage-users.ts';
import { loadConfig } from '../src/config.ts';
import type { Role } from '../src/core/access/roles.ts';
import { fixedClock } from '../src/core/ports.ts';
import { freshDatabase, resultLine as line } from './support/databases.ts';
import { seedCases } from './support/seed-cases.ts';
import { machine, time } from './support/stats.ts';

const CASES = Number(process.env.BENCH_PAGE_CASES ?? 100_000);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Engine[];
const NOW = '2026-11-23T09:00:00.000Z';
const N = 300;

console.log(`staff pages over HTTP (fastify.inject) — ${machine()}`);
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
    const get = async (cookie: string, url: string, headers: Record<string, string> = {}) => {
      const res = await app.inject({ method: 'GET', url, headers: { cookie, ...headers } });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
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
    const pages: Array<[string, (i: number) => Promise<unknown>]> = [
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
    for (const [label, fn] of pages) console.log(line(label, await time(N, fn), 30));
    await app.close();
  } finally {
    await drop();
  }
}
