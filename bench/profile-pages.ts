// Profiles one staff page (not a benchmark: `node bench/profile-pages.ts`): lists the SQL statements one view of
// the page sends to PostgreSQL, in the order they are sent, with the time each took to answer (a round trip on
// a loaded machine includes waiting for the CPU), then asks for the page 200 times and prints p50 and p95 of
// the server's own time (Fastify's inject: no socket). PROFILE=file.cpuprofile writes a CPU profile of those
// 200 views (open it in Chrome's DevTools). CASES (default 20,000) sizes the seeded archive; URL picks the page
// (default: open step-1 cases, which show every form).
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { sql } from 'kysely';
import pg from 'pg';
import pino from 'pino';
import { randomToken, sha256Hex } from '../src/adapters/crypto/secrets.ts';
import { AccountsRepo } from '../src/adapters/db/accounts.repo.ts';
import { buildHttpApp } from '../src/adapters/http/app.ts';
import { createAppContext } from '../src/app/context.ts';
import { addUser } from '../src/app/manage-users.ts';
import { loadConfig } from '../src/config.ts';
import { fixedClock } from '../src/core/ports.ts';
import { freshDatabase } from './support/databases.ts';
import { seedCases } from './support/seed-cases.ts';

const NOW = '2026-11-23T09:00:00.000Z';
const { database, drop } = await freshDatabase('postgres', 'profile');
// Every statement the pool's clients send, while `sent` is set.
let sent: Array<{ sql: string; ms: number }> | null = null;
type Query = (...args: unknown[]) => unknown;
const proto = pg.Client.prototype as unknown as { query: Query };
const original = proto.query;
proto.query = function (this: unknown, ...args: unknown[]) {
  const first = args[0] as string | { text?: string } | undefined;
  const text = typeof first === 'string' ? first : (first?.text ?? '');
  const t0 = performance.now();
  const result = original.apply(this, args);
  if (sent && result instanceof Promise) {
    const entry = { sql: text.replace(/\s+/g, ' ').slice(0, 140), ms: 0 };
    sent.push(entry);
    result.then(
      () => {
        entry.ms = performance.now() - t0;
      },
      () => {},
    );
  }
  return result;
};
try {
  await seedCases(database, { cases: Number(process.env.CASES ?? 20_000), withStreams: true, now: NOW });
  await sql`analyze`.execute(database.db);
  const ctx = createAppContext(
    loadConfig({ env: { REDRESS_LOG_LEVEL: 'silent' }, cwd: '/nonexistent' }),
    database,
    { clock: fixedClock(NOW) },
  );
  const app = await buildHttpApp(ctx, { logger: pino({ level: 'silent' }) });
  const user = await addUser(
    ctx,
    {
      email: 'agent@bench.example',
      name: 'Bench agent',
      role: 'agent',
      departments: [],
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
  const cookie = `redress_session=${token}`;
  const open = (
    await database.db
      .selectFrom('cases')
      .select('id')
      .where('is_open', '=', 1)
      .where('step', '=', 1)
      .limit(200)
      .execute()
  ).map((r) => r.id);
  const url = (i: number) => process.env.URL ?? `/cases/${open[i % open.length]}`;
  for (let i = 0; i < 30; i++) await app.inject({ url: url(i), headers: { cookie } });
  sent = [];
  const one = await app.inject({ url: url(31), headers: { cookie } });
  await new Promise((r) => setTimeout(r, 50));
  console.log(`${url(31)}: ${one.statusCode}, ${one.body.length} bytes, ${sent.length} statements`);
  for (const e of sent) console.log(`${e.ms.toFixed(2).padStart(7)} ms  ${e.sql}`);
  sent = null;
  const session = new Session();
  session.connect();
  if (process.env.PROFILE) {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const times: number[] = [];
  for (let i = 0; i < 200; i++) {
    const t0 = performance.now();
    await app.inject({ url: url(i), headers: { cookie } });
    times.push(performance.now() - t0);
  }
  if (process.env.PROFILE) {
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(process.env.PROFILE, JSON.stringify(profile));
  }
  session.disconnect();
  times.sort((a, b) => a - b);
  console.log(`200 views: p50 ${times[100]!.toFixed(1)} ms, p95 ${times[190]!.toFixed(1)} ms`);
  await app.close();
} finally {
  await drop();
}
