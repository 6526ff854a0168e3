// The rebuild of the report's day counts alone, on a database seeded once and kept, so that two versions of the
// code can be timed one after the other on the same data (run this file from each tree) and the memory a rebuild
// takes can be bounded (`node --max-old-space-size=600`). Steps:
//   node bench/report-days-rebuild.ts seed <sqlite:PATH | postgres://…/NAME> <cases>   (creates the database)
//   node bench/report-days-rebuild.ts rebuild <sqlite:PATH | postgres://…/NAME>
//   node bench/report-days-rebuild.ts drop <sqlite:PATH | postgres://…/NAME>
// A rebuild prints its time, the largest heap seen between its reads and the peak resident memory of the process.
import { createHash } from 'node:crypto';
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { openDatabase } from '../src/adapters/db/database.ts';
import { migrateToLatest } from '../src/adapters/db/migrate.ts';
import { rebuildReportDays } from '../src/adapters/db/report-days.repo.ts';
import { createAppContext } from '../src/app/context.ts';
import { loadConfig } from '../src/config.ts';
import { fixedClock } from '../src/core/ports.ts';
import { pgAdmin } from './support/databases.ts';
import { seedCases } from './support/seed-cases.ts';

const NOW = '2026-11-23T09:00:00.000Z';
const [step, url, count] = process.argv.slice(2);
if (!step || !url) throw new Error('usage: report-days-rebuild.ts seed|rebuild|drop URL [cases]');

const pgName = url.startsWith('postgres') ? new URL(url).pathname.slice(1) : null;

if (step === 'drop') {
  if (pgName) await pgAdmin(`drop database if exists ${pgName} with (force)`);
  else rmSync(url.replace(/^sqlite:/, ''), { force: true });
  for (const suffix of ['-wal', '-shm'])
    if (!pgName) rmSync(url.replace(/^sqlite:/, '') + suffix, { force: true });
} else if (step === 'seed') {
  if (pgName) await pgAdmin(`create database ${pgName}`);
  const database = await openDatabase(url);
  await migrateToLatest(database);
  const t0 = performance.now();
  await seedCases(database, {
    cases: Number(count ?? 100_000),
    withStreams: true,
    now: NOW,
    progress: (what) => console.log(`seeding: ${what}`),
  });
  await (database.engine === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(database.db);
  console.log(`seeded in ${Math.round((performance.now() - t0) / 1000)} s`);
  await database.close();
} else if (step === 'rebuild') {
  const database = await openDatabase(url);
  const ctx = createAppContext(loadConfig({ env: {} }), database, { clock: fixedClock(NOW) });
  await sql`analyze`.execute(database.db);
  let heapPeak = process.memoryUsage().heapUsed;
  const sampler = setInterval(() => {
    heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  }, 20);
  const t0 = performance.now();
  const days = await rebuildReportDays(database, ctx.calendar);
  const s = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  // A digest of the counts, to compare two versions' results.
  const hash = createHash('sha256');
  let rows = 0;
  for (const table of ['report_days', 'report_months'] as const)
    for (const r of await sql<Record<string, unknown>>`select * from ${sql.table(table)} where n <> 0`
      .execute(database.db)
      .then((q) => q.rows.map((r) => Object.values(r).map(String).join('\u0000')).sort())) {
      hash.update(`${table}\u0000${r}\n`);
      rows++;
    }
  console.log(
    `${database.engine}: ${days} days rebuilt in ${s.toFixed(1)} s; ${rows} rows, digest ${hash.digest('hex').slice(0, 12)}; heap at most ${Math.round(heapPeak / 2 ** 20)} MiB, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MiB`,
  );
  await database.close();
} else throw new Error(`unknown step ${step}`);
