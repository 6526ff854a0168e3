// Times the bulk load of bench/support/seed-cases.ts alone, and prints a fingerprint of what it wrote (rows per
// table and a digest of every row in key order), so that a change to the loader can be checked to write the
// same database. `node bench/seed-check.ts` with BENCH_CASES (default 5,000) and BENCH_ENGINES (sqlite,postgres).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { cpuUsage } from 'node:process';
import { sql } from 'kysely';
import type { Engine } from '../src/adapters/db/database.ts';
import { freshDatabase } from './support/databases.ts';
import { list, size } from './support/figures.ts';
import { seedCases as seedNew } from './support/seed-cases.ts';
import { machine } from './support/stats.ts';

const CASES = size('BENCH_CASES', 5_000, 5_000);
const ENGINES = list('BENCH_ENGINES', 'sqlite,postgres') as Engine[];
const FINGERPRINT = process.env.BENCH_FINGERPRINT !== '0';
// BENCH_SEED_MODULE=PATH: another loader with the same interface (e.g. an older version of seed-cases.ts kept
// outside the repository), to compare its time and fingerprint with this one's.
const other = process.env.BENCH_SEED_MODULE;
const seedCases: typeof seedNew = other
  ? ((await import(resolve(other))) as { seedCases: typeof seedNew }).seedCases
  : seedNew;
const NOW = '2026-11-23T09:00:00.000Z';
const TABLES: Array<[string, string]> = [
  ['complainants', 'id'],
  ['cases', 'id'],
  ['streams', 'stream'],
  ['events', 'stream, seq'],
  ['search_docs', 'id'],
  ['case_keys', 'case_id, kind, value'],
  ['case_counts', 'day, kind, step, channel, category, language, outcome, other_reason, suggestion_status'],
];

console.log(`seeding ${CASES.toLocaleString('en')} cases — ${machine()}`);
for (const engine of ENGINES) {
  const { database, drop } = await freshDatabase(engine, 'seed');
  try {
    const cpu0 = cpuUsage();
    const t0 = performance.now();
    const seeded = await seedCases(database, {
      cases: CASES,
      withStreams: true,
      now: NOW,
      progress: (what) => console.log(`  ${engine} seeding: ${what}`),
    });
    const wall = (performance.now() - t0) / 1000;
    const cpu = cpuUsage(cpu0);
    // PostgreSQL does its share in its own processes: their CPU time, read from /proc (same machine).
    let serverCpu = '';
    if (engine === 'postgres') {
      const pids = await sql<{
        pid: number;
      }>`select pid from pg_stat_activity where datname = current_database()`.execute(database.db);
      const tick = 100;
      let ticks = 0;
      for (const { pid } of pids.rows) {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks += Number(fields[11]) + Number(fields[12]);
      }
      serverCpu = `, ${(ticks / tick).toFixed(1)} s CPU of the server's connections`;
    }
    console.log(
      `${engine}: seeded in ${wall.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU of this process${serverCpu} (${Math.round(CASES / wall)} cases/s)`,
    );
    if (!FINGERPRINT) continue;
    const sampleDigest = createHash('sha256').update(JSON.stringify(seeded)).digest('hex').slice(0, 16);
    console.log(`  sample ${sampleDigest}`);
    for (const [table, key] of TABLES) {
      const rows = await sql<
        Record<string, unknown>
      >`select * from ${sql.table(table)} order by ${sql.raw(key)}`.execute(database.db);
      const h = createHash('sha256');
      for (const r of rows.rows) {
        const { tsv: _tsv, ...rest } = r;
        // Numbers as numbers on both engines (pg gives floats for some sums as strings elsewhere).
        h.update(JSON.stringify(rest, (_k, v) => (typeof v === 'number' ? Math.round(v * 1e6) / 1e6 : v)));
      }
      console.log(
        `  ${table.padEnd(14)} ${String(rows.rows.length).padStart(8)} ${h.digest('hex').slice(0, 16)}`,
      );
    }
    const indexes =
      engine === 'sqlite'
        ? await sql<
            Record<string, unknown>
          >`select name, tbl_name, sql from sqlite_master where type = 'index' order by name`.execute(
            database.db,
          )
        : await sql<
            Record<string, unknown>
          >`select indexname, tablename, indexdef from pg_indexes where schemaname = current_schema() order by indexname`.execute(
            database.db,
          );
    const settings =
      engine === 'sqlite'
        ? await Promise.all(
            ['journal_mode', 'synchronous', 'cache_size', 'foreign_keys'].map(
              async (p) =>
                (await sql.raw<Record<string, unknown>>(`pragma ${p}`).execute(database.db)).rows[0],
            ),
          )
        : [];
    console.log(
      `  indexes ${indexes.rows.length} ${createHash('sha256').update(JSON.stringify(indexes.rows)).digest('hex').slice(0, 16)} settings ${JSON.stringify(settings)}`,
    );
    if (engine === 'sqlite') {
      const fts = await sql<{ n: number }>`select count(*) as n from search_fts`.execute(database.db);
      const hits = await sql<{
        n: number;
      }>`select count(*) as n from search_fts where search_fts match 'serv*'`.execute(database.db);
      const progress = await sql<{ v: number }>`select indexed_up_to as v from search_progress`.execute(
        database.db,
      );
      console.log(
        `  search_fts ${fts.rows[0]!.n} rows, 'serv*' ${hits.rows[0]!.n}, indexed up to ${progress.rows[0]!.v}`,
      );
    } else {
      const hits = await sql<{
        n: number;
      }>`select count(*)::int as n from search_docs where tsv @@ to_tsquery('simple', 'serv:*')`.execute(
        database.db,
      );
      console.log(`  tsv 'serv:*' ${hits.rows[0]!.n}`);
    }
  } finally {
    await drop();
  }
}
