// `redress migrate --refill` on a large database while another process writes: how long the refill takes, and
// how long the writer's updates of answered cases wait for it (the longest and the 99th percentile), for the
// refill in pieces (the product's) and, to compare, one statement over every case (as the migration once filled
// them in its transaction). `migrate`: the upgrade itself, from a database as the release before the register's
// columns left it (the columns dropped, their migration not applied) to the latest schema, the fill after the
// migration included. On a database seeded once (`node bench/report-days-rebuild.ts seed URL CASES`), which it
// leaves as it found it but for the refilled columns:
//   node bench/refill-register.ts <sqlite:PATH | postgres://…/NAME> [pieces|whole|migrate]
// The writer is a process of its own (a SQLite writer in this process would stop this one while it waits).
import { spawn } from 'node:child_process';
import { sql } from 'kysely';
import { openDatabase } from '../src/adapters/db/database.ts';
import { migrateToLatest } from '../src/adapters/db/migrate.ts';
import { fillRegisterColumns } from '../src/adapters/db/migrations/202612051800-register-columns.ts';
import { REGISTER_COLUMNS } from '../src/adapters/db/register.repo.ts';
import { REFILL_PIECE, refillRegisterColumns } from '../src/adapters/db/register-refill.ts';

const [url, mode = 'pieces'] = process.argv.slice(2);
if (!url) throw new Error('usage: refill-register.ts URL [pieces|whole|migrate]');

if (process.env.REFILL_WRITER) {
  // The writer: updates an answered case every 10 ms, each in its own transaction, until told to stop; prints the
  // time each update took.
  const database = await openDatabase(url);
  const ids = (
    await sql<{ id: string }>`select id from cases where answered_at is not null order by id`.execute(
      database.db,
    )
  ).rows.map((r) => r.id);
  process.stdout.write('ready\n');
  const waits: number[] = [];
  let stop = false;
  process.stdin.on('data', () => {
    stop = true;
  });
  while (!stop) {
    const id = ids[Math.floor(Math.random() * ids.length)]!;
    const t0 = performance.now();
    await database.transaction((trx) =>
      sql`update cases set updated_at = updated_at where id = ${id}`.execute(trx),
    );
    waits.push(performance.now() - t0);
    await new Promise((r) => setTimeout(r, 10));
  }
  await database.close();
  process.stdout.write(`${JSON.stringify(waits)}\n`);
  process.exit(0);
}

const database = await openDatabase(url);
if (mode === 'migrate') {
  // As the release before the columns left the database.
  await sql`delete from kysely_migration where name in ('202612051800-register-columns', '202612061000-migration-fills')`.execute(
    database.db,
  );
  await sql`drop table if exists migration_fills`.execute(database.db);
  for (const column of REGISTER_COLUMNS)
    await database.db.schema.alterTable('cases').dropColumn(column).execute();
}
const cases = Number(
  (await sql<{ n: number }>`select count(*) as n from cases`.execute(database.db)).rows[0]!.n,
);
const writer = spawn(process.execPath, [new URL(import.meta.url).pathname, url], {
  env: { ...process.env, REFILL_WRITER: '1' },
  stdio: ['pipe', 'pipe', 'inherit'],
});
let out = '';
writer.stdout!.on('data', (d) => {
  out += d;
});
while (!out.includes('ready\n')) await new Promise((r) => setTimeout(r, 20));
await new Promise((r) => setTimeout(r, 500));
const t0 = performance.now();
if (mode === 'whole') await fillRegisterColumns(database.db as never, database.engine);
else if (mode === 'migrate') await migrateToLatest(database);
else await refillRegisterColumns(database);
const seconds = (performance.now() - t0) / 1000;
await new Promise((r) => setTimeout(r, 500));
const exited = new Promise((r) => writer.on('exit', r));
writer.stdin!.end('stop\n');
await exited;
await database.close();
const waits = (JSON.parse(out.slice(out.indexOf('ready\n') + 6).trim()) as number[]).sort((a, b) => a - b);
const q = (p: number) => waits[Math.min(waits.length - 1, Math.floor(p * waits.length))]!;
process.stdout.write(
  `${database.engine}, ${cases} cases, ${mode === 'whole' ? 'one statement over every case' : `${mode === 'migrate' ? 'the migration, then its fill in ' : ''}pieces of ${REFILL_PIECE[database.engine]}`}: ` +
    `${mode === 'migrate' ? 'migration and fill' : 'refill'} ${seconds.toFixed(1)} s; the writer's ${waits.length} updates: median ${q(0.5).toFixed(1)} ms, ` +
    `p99 ${q(0.99).toFixed(1)} ms, longest ${waits.at(-1)!.toFixed(0)} ms\n`,
);
