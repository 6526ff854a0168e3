// Ingest through the SMTP listener, end to end (issue 4): `redress start` runs as its own process; several client
// connections send generated complaints (FR/DE/EN, each from its own sender: every one opens a case, is filed,
// and has its acknowledgement queued in the outbox); the clock stops at the last 250, which is answered only
// after commit. Messages per second, median of several runs, on SQLite and PostgreSQL. Target (DESIGN.md):
// ≥ 1,000/s into SQLite, ≥ 500/s into PostgreSQL.
// Sizes: BENCH_INGEST_MESSAGES (default 5000, after 500 to warm up), BENCH_INGEST_CONNECTIONS (8,16: a series each), BENCH_INGEST_RUNS (3);
// engines: BENCH_ENGINES (sqlite,postgres). Outbound sending is off: acknowledgements wait in the outbox.
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { startServer } from '../test/mail/support/server.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { complaint } from './support/complaints.ts';
import { SmtpConnection } from './support/smtp-client.ts';
import { machine } from './support/stats.ts';

const MESSAGES = Number(process.env.BENCH_INGEST_MESSAGES ?? 5000);
/** Client connections, one series of runs each: a few, and what an MTA opens to one destination (Postfix: 20). */
const CONNECTION_COUNTS = (process.env.BENCH_INGEST_CONNECTIONS ?? '8,16')
  .split(',')
  .map((s) => Number(s.trim()));
const RUNS = Number(process.env.BENCH_INGEST_RUNS ?? 3);
const WARMUP = 500;
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as Array<
  'sqlite' | 'postgres'
>;

async function sendAll(port: number, messages: Buffer[], connections: number): Promise<number> {
  let next = 0;
  let accepted = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      const c = await SmtpConnection.open(port);
      while (next < messages.length) {
        const reply = await c.send('sender@example.net', 'complaint@example.org', messages[next++]!);
        if (reply.startsWith('250')) accepted++;
      }
      await c.close();
    }),
  );
  return accepted;
}

/** CPU time (user + system, all threads) a process has used so far, in ms (Linux: /proc/PID/stat, in ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** A process's resident memory now and its peak so far, in MiB (Linux: /proc/PID/status). */
function rssMiB(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { now: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

/**
 * SQLite: waits until the background indexer has put every search document in the full-text index (the
 * clock includes it, so that no filing work is left after the measured time).
 */
async function indexed(test: Awaited<ReturnType<typeof createTestDatabase>>): Promise<void> {
  if (test.engine !== 'sqlite') return;
  for (;;) {
    const row = await sql<{
      behind: number;
    }>`select (select coalesce(max(id), 0) from search_docs) - (select indexed_up_to from search_progress where name = 'fts') as behind`.execute(
      test.database.db,
    );
    if (Number(row.rows[0]?.behind ?? 0) <= 0) return;
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function run(engine: 'sqlite' | 'postgres', connections: number, runNo: number): Promise<number> {
  const test = await createTestDatabase(engine);
  const server = await startServer(test.url);
  try {
    const idle = rssMiB(server.child.pid!).now;
    const offset = runNo * (MESSAGES + WARMUP);
    const warmup = Array.from({ length: WARMUP }, (_, i) => complaint(1_000_000 + offset + i));
    const messages = Array.from({ length: MESSAGES }, (_, i) => complaint(offset + i));
    await sendAll(server.smtpPort, warmup, connections);
    await indexed(test);
    const cpu0 = cpuMs(server.child.pid!);
    const client0 = process.cpuUsage();
    const t0 = performance.now();
    const accepted = await sendAll(server.smtpPort, messages, connections);
    const acknowledgedSeconds = (performance.now() - t0) / 1000;
    await indexed(test);
    const seconds = (performance.now() - t0) / 1000;
    const serverCpuPerMessage = (cpuMs(server.child.pid!) - cpu0) / MESSAGES;
    const memory = rssMiB(server.child.pid!);
    const client = process.cpuUsage(client0);
    const clientCpuPerMessage = (client.user + client.system) / 1000 / MESSAGES;
    if (accepted !== MESSAGES) throw new Error(`only ${accepted} of ${MESSAGES} messages were accepted`);
    // Committed and filed: every message is on a case, with its acknowledgement in the outbox.
    const { db } = test.database;
    const filed = await db
      .selectFrom('correspondence')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('direction', '=', 'in')
      .where('case_id', 'is not', null)
      .executeTakeFirstOrThrow();
    const acks = await db
      .selectFrom('outbound_items')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('purpose', '=', 'acknowledgement')
      .executeTakeFirstOrThrow();
    if (Number(filed.n) !== MESSAGES + WARMUP || Number(acks.n) !== MESSAGES + WARMUP)
      throw new Error(`filed ${filed.n}, acknowledgements ${acks.n}, expected ${MESSAGES + WARMUP} each`);
    const rate = MESSAGES / seconds;
    const lag = engine === 'sqlite' ? ` (last 250 at ${acknowledgedSeconds.toFixed(2)} s, then indexed)` : '';
    process.stdout.write(
      `  ${engine}, ${connections} connections, run ${runNo + 1}: ${MESSAGES} messages in ${seconds.toFixed(2)} s${lag} = ${rate.toFixed(0)} msg/s; ` +
        `CPU per message: server ${serverCpuPerMessage.toFixed(2)} ms (all threads), client ${clientCpuPerMessage.toFixed(2)} ms; ` +
        `server RSS ${idle.toFixed(0)} MiB idle after start, peak ${memory.peak.toFixed(0)} MiB\n`,
    );
    return rate;
  } finally {
    await server.stop();
    await test.drop();
  }
}

const sample = complaint(0);
const avgBytes = Math.round(
  Array.from({ length: 30 }, (_, i) => complaint(i).length).reduce((a, b) => a + b, 0) / 30,
);
process.stdout.write(
  `ingest through the SMTP listener (redress start, its own process), end to end: committed, filed on a new case, acknowledgement queued\n` +
    `machine: ${machine()}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n` +
    `sizes: ${MESSAGES} messages per run (+${WARMUP} warm-up), about ${avgBytes} bytes each (first ${sample.length}), ${CONNECTION_COUNTS.join(' and ')} client connections, ${RUNS} runs each\n` +
    `the clock stops at the last 250 and, on SQLite, once the background indexer has every document in the full-text index\n`,
);
const results: string[] = [];
for (const engine of ENGINES)
  for (const connections of CONNECTION_COUNTS) {
    const rates: number[] = [];
    for (let i = 0; i < RUNS; i++) rates.push(await run(engine, connections, i));
    rates.sort((a, b) => a - b);
    const median = rates[Math.floor(rates.length / 2)]!;
    results.push(
      `${engine}, ${connections} connections: median ${median.toFixed(0)} msg/s (runs: ${rates.map((r) => r.toFixed(0)).join(', ')})`,
    );
  }
process.stdout.write(`${results.join('\n')}\n`);
