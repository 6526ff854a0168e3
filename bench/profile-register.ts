// Profiles the register export (not a benchmark: `node bench/profile-register.ts`): where the CPU of a row goes,
// by timing the parts apart on one seeded database: the page reads alone (registerPage), the register's entries
// alone (registerEntries: reads and the pure rule), the CSV alone over entries already in memory (registerCsv),
// and the whole export as the reports page sends it. Each part is run ROUNDS times, alternating, and printed as
// rows per second of wall time, of this process's CPU time and, on PostgreSQL, of the CPU time of the server's
// processes for this database (the machine is shared: CPU time is the steadier).
// ENGINE (sqlite or postgres), CASES (default 100,000). KEEP=path-or-db-name keeps the seeded database to reuse it
// on the next run (a SQLite file path, or a PostgreSQL database name). PROFILE=file.cpuprofile writes a CPU
// profile of one whole export. PARTS=page,entries,csv,whole picks the parts (all by default; PARTS=none only seeds),
// PAGE the cases read per page.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { sql } from 'kysely';
import pg from 'pg';
import { type Database, type Engine, openDatabase } from '../src/adapters/db/database.ts';
import { migrateToLatest } from '../src/adapters/db/migrate.ts';
import { type RegisterCursor, registerPage } from '../src/adapters/db/register.repo.ts';
import { registerCsv } from '../src/adapters/report/register-export.ts';
import { createAppContext } from '../src/app/context.ts';
import { REGISTER_PAGE, registerEntries } from '../src/app/export-register.ts';
import { loadConfig } from '../src/config.ts';
import { fixedClock } from '../src/core/ports.ts';
import type { RegisterEntry } from '../src/core/report/register.ts';
import { freshDatabase, PG_ADMIN } from './support/databases.ts';
import { seedCases } from './support/seed-cases.ts';

const ENGINE = (process.env.ENGINE ?? 'sqlite') as Engine;
const CASES = Number(process.env.CASES ?? 100_000);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const KEEP = process.env.KEEP;
/** Which parts to time (comma-separated labels' first words: page,entries,csv,whole); all by default. */
const PARTS = process.env.PARTS?.split(',');
/** Cases read per page (the export's own by default). */
const PAGE = Number(process.env.PAGE ?? REGISTER_PAGE);
const NOW = '2026-11-23T09:00:00.000Z';
const YEAR = { from: '2025-11-24', to: '2026-11-23' };

async function kept(): Promise<{ database: Database; drop(): Promise<void>; fresh: boolean }> {
  if (!KEEP) return { ...(await freshDatabase(ENGINE, 'profile_register')), fresh: true };
  if (ENGINE === 'sqlite') {
    const fresh = !existsSync(KEEP);
    const database = await openDatabase(`sqlite:${KEEP}`);
    if (fresh) await migrateToLatest(database);
    return { database, drop: () => database.close(), fresh };
  }
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  const found = await admin.query('select 1 from pg_database where datname = $1', [KEEP]);
  if (!found.rowCount) await admin.query(`create database ${KEEP}`);
  await admin.end();
  const u = new URL(PG_ADMIN);
  u.pathname = `/${KEEP}`;
  const database = await openDatabase(u.toString());
  if (!found.rowCount) await migrateToLatest(database);
  return { database, drop: () => database.close(), fresh: !found.rowCount };
}

const { database, drop, fresh } = await kept();
try {
  if (fresh) {
    const t0 = performance.now();
    await seedCases(database, { cases: CASES, withStreams: true, now: NOW });
    await sql`analyze`.execute(database.db);
    console.log(`${ENGINE}: seeded ${CASES} cases in ${Math.round((performance.now() - t0) / 1000)} s`);
  }
  const ctx = createAppContext(loadConfig({ env: {} }), database, { clock: fixedClock(NOW) });
  const start = ctx.calendar.startOfDay(YEAR.from);
  const end = ctx.calendar.startOfDay('2026-11-24');

  const pages = async () => {
    let n = 0;
    let cursor: RegisterCursor | null = null;
    for (;;) {
      const page = await registerPage(database.db, start, end, cursor, PAGE);
      n += page.length;
      if (page.length < PAGE) return n;
      const last = page.at(-1)!;
      cursor = { receivedAt: last.received_at, id: last.id };
    }
  };
  const entries = async () => {
    let n = 0;
    for await (const _ of registerEntries(ctx, YEAR, PAGE)) n++;
    return n;
  };
  const inMemory: RegisterEntry[] = [];
  if (!PARTS || PARTS.includes('csv'))
    for await (const e of registerEntries(ctx, YEAR, PAGE)) inMemory.push(e);
  const csvAlone = async () => {
    async function* from() {
      yield* inMemory;
    }
    let bytes = 0;
    for await (const chunk of registerCsv(from())) bytes += chunk.length;
    if (bytes === 0) throw new Error('no CSV');
    return inMemory.length;
  };
  const whole = async () => {
    let bytes = 0;
    let lines = 0;
    for await (const chunk of registerCsv(registerEntries(ctx, YEAR, PAGE))) {
      bytes += chunk.length;
      for (let i = chunk.indexOf('\n'); i !== -1; i = chunk.indexOf('\n', i + 1)) lines++;
    }
    if (bytes === 0) throw new Error('no CSV');
    return lines - 1;
  };
  const parts = (
    [
      ['page reads (registerPage)', pages],
      ['entries (registerEntries)', entries],
      ['CSV alone (registerCsv)', csvAlone],
      ['whole export', whole],
    ] as Array<[string, () => Promise<number>]>
  ).filter(([label]) => !PARTS || PARTS.includes(label.split(' ')[0]!.toLowerCase()));
  // On PostgreSQL the server's work is the larger part: its backends serving this database, read from /proc
  // (their CPU time in clock ticks, 100 a second on Linux).
  const serverCpuS = async () => {
    if (ENGINE !== 'postgres') return 0;
    const { rows } = await sql<{
      pid: number;
    }>`select pid from pg_stat_activity where datname = current_database()`.execute(database.db);
    let ticks = 0;
    for (const { pid } of rows) {
      try {
        const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      } catch {
        // A backend that ended in between.
      }
    }
    return ticks / 100;
  };
  const results = new Map<string, { wall: number[]; cpu: number[]; server: number[] }>();
  for (let round = 0; round < ROUNDS; round++)
    for (const [label, run] of parts) {
      const s0 = await serverCpuS();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const n = await run();
      const wall = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      const cpu = (c.user + c.system) / 1e6;
      const server = (await serverCpuS()) - s0;
      const r = results.get(label) ?? { wall: [], cpu: [], server: [] };
      r.wall.push(n / wall);
      r.cpu.push(n / cpu);
      r.server.push(server > 0 ? n / server : 0);
      results.set(label, r);
    }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  console.log(
    `${ENGINE}, pages of ${PAGE.toLocaleString('en')} cases, ${ROUNDS} rounds (median of each part's rows/s):`,
  );
  for (const [label, r] of results)
    console.log(
      `  ${label.padEnd(28)} ${Math.round(median(r.wall)).toLocaleString('en').padStart(9)} rows/s wall  ${Math.round(median(r.cpu)).toLocaleString('en').padStart(9)} rows/s of CPU${ENGINE === 'postgres' ? `  ${Math.round(median(r.server)).toLocaleString('en').padStart(9)} rows/s of the server's CPU` : ''}`,
    );
  if (process.env.PROFILE) {
    const session = new Session();
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
    await whole();
    const { profile } = await session.post('Profiler.stop');
    writeFileSync(process.env.PROFILE, JSON.stringify(profile));
    session.disconnect();
  }
} finally {
  await drop();
}
