// Ingest through the SMTP listener, end to end (issue 4): `redress start` runs as its own process; several client
// connections send generated complaints (FR/DE/EN, each from its own sender: every one opens a case, is filed,
// and has its acknowledgement queued in the outbox); the clock stops at the last 250, which is answered only
// after commit. Messages per second, median of several runs, on SQLite and PostgreSQL.
//
// Absolute rates on shared 2-core machines differ up to 2x between two machines of the same kind, so every run
// also measures a ceiling on the same machine at the same time: a minimal SMTP server that only stores each raw
// message with the same durability and group commit (bench/support/ceiling-smtp.ts), fed by the same client
// with the same connections and messages. Targets (DESIGN.md): Redress ≥ 40% of the ceiling on SQLite, ≥ 30% on
// PostgreSQL. The load of a shared machine changes from minute to minute, so each run brackets Redress between
// two ceiling runs, one just before and one just after, and pairs it with their mean.
// Sizes: BENCH_INGEST_MESSAGES (default 5000, after 500 to warm up), BENCH_INGEST_CONNECTIONS (8,16: a series each), BENCH_INGEST_RUNS (3);
// engines: BENCH_ENGINES (sqlite,postgres); --quick: 1,000 messages after 200, 8 connections, one run.
// Outbound sending is off: acknowledgements wait in the outbox.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import { startServer } from '../test/mail/support/server.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { complaint } from './support/complaints.ts';
import { fig, list, percent, publish, QUICK, ratio, size } from './support/figures.ts';
import { SmtpConnection } from './support/smtp-client.ts';
import { machine } from './support/stats.ts';

const MESSAGES = size('BENCH_INGEST_MESSAGES', 5000, 1000);
/** Client connections, one series of runs each: a few, and what an MTA opens to one destination (Postfix: 20). */
const CONNECTION_COUNTS = list('BENCH_INGEST_CONNECTIONS', '8,16', '8').map(Number);
const RUNS = size('BENCH_INGEST_RUNS', 3, 1);
const WARMUP = QUICK ? 200 : 500;
const ENGINES = list('BENCH_ENGINES', 'sqlite,postgres') as Array<'sqlite' | 'postgres'>;
const TARGET = { sqlite: 0.4, postgres: 0.3 } as const;

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

interface RunResult {
  rate: number;
  ceiling: number;
  idleMiB: number;
  peakMiB: number;
  cpuPerMessage: number;
  clientCpuPerMessage: number;
  seconds: number;
  acknowledgedSeconds: number;
}

/** Starts the ceiling server (its own process) on a database URL; resolves with its SMTP port. */
async function startCeiling(
  url: string,
): Promise<{ child: ChildProcess; port: number; stop(): Promise<void> }> {
  const script = new URL('./support/ceiling-smtp.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, [script, url], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    const look = (d: Buffer) => {
      out += d;
      const m = /ceiling listening on (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', (d) => {
      out += d;
    });
    void exited.then(() => reject(new Error(`the ceiling server exited before listening:\n${out}`)));
  });
  return {
    child,
    port,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** The ceiling: the same messages through the same client into a store that does nothing else. */
async function ceilingRun(
  engine: 'sqlite' | 'postgres',
  warmup: Buffer[],
  messages: Buffer[],
  connections: number,
): Promise<{ rate: number; cpuPerMessage: number }> {
  const test = await createTestDatabase(engine);
  const ceiling = await startCeiling(test.url);
  try {
    await sendAll(ceiling.port, warmup, connections);
    const cpu0 = cpuMs(ceiling.child.pid!);
    const t0 = performance.now();
    const accepted = await sendAll(ceiling.port, messages, connections);
    const seconds = (performance.now() - t0) / 1000;
    const cpuPerMessage = (cpuMs(ceiling.child.pid!) - cpu0) / messages.length;
    if (accepted !== messages.length)
      throw new Error(`the ceiling accepted only ${accepted} of ${messages.length} messages`);
    const stored = await sql<{ n: number }>`select count(*) as n from bench_ceiling`.execute(
      test.database.db,
    );
    if (Number(stored.rows[0]!.n) !== messages.length + warmup.length)
      throw new Error(`the ceiling stored ${stored.rows[0]!.n}, expected ${messages.length + warmup.length}`);
    return { rate: messages.length / seconds, cpuPerMessage };
  } finally {
    await ceiling.stop();
    await test.drop();
  }
}

async function run(engine: 'sqlite' | 'postgres', connections: number, runNo: number): Promise<RunResult> {
  const offset = runNo * (MESSAGES + WARMUP);
  const warmup = Array.from({ length: WARMUP }, (_, i) => complaint(1_000_000 + offset + i));
  const messages = Array.from({ length: MESSAGES }, (_, i) => complaint(offset + i));
  const before = await ceilingRun(engine, warmup, messages, connections);
  const ours = await redressRun(engine, warmup, messages, connections);
  const after = await ceilingRun(engine, warmup, messages, connections);
  const ceiling = (before.rate + after.rate) / 2;
  const lag =
    engine === 'sqlite' ? ` (last 250 at ${ours.acknowledgedSeconds.toFixed(2)} s, then indexed)` : '';
  process.stdout.write(
    `  ${engine}, ${connections} connections, run ${runNo + 1}: ${MESSAGES} messages in ${ours.seconds.toFixed(2)} s${lag} = ${ours.rate.toFixed(0)} msg/s; ` +
      `ceiling ${ceiling.toFixed(0)} msg/s (before ${before.rate.toFixed(0)}, after ${after.rate.toFixed(0)}), ratio ${percent(ours.rate / ceiling)}; ` +
      `CPU per message: server ${ours.cpuPerMessage.toFixed(2)} ms (all threads; ceiling ${((before.cpuPerMessage + after.cpuPerMessage) / 2).toFixed(2)} ms), client ${ours.clientCpuPerMessage.toFixed(2)} ms; ` +
      `server RSS ${ours.idleMiB.toFixed(0)} MiB idle after start, peak ${ours.peakMiB.toFixed(0)} MiB\n`,
  );
  return { ...ours, ceiling };
}

/** Redress itself: `redress start` as its own process, the same client, connections and messages. */
async function redressRun(
  engine: 'sqlite' | 'postgres',
  warmup: Buffer[],
  messages: Buffer[],
  connections: number,
): Promise<Omit<RunResult, 'ceiling'>> {
  const test = await createTestDatabase(engine);
  const server = await startServer(test.url);
  try {
    const idle = rssMiB(server.child.pid!).now;
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
    return {
      rate,
      idleMiB: idle,
      peakMiB: memory.peak,
      cpuPerMessage: serverCpuPerMessage,
      clientCpuPerMessage,
      seconds,
      acknowledgedSeconds,
    };
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
    `ceiling: a minimal smtp-server process storing each raw message with the same durability and group commit, same client and messages\n` +
    `machine: ${machine()}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n` +
    `sizes: ${MESSAGES} messages per run (+${WARMUP} warm-up), about ${avgBytes} bytes each (first ${sample.length}), ${CONNECTION_COUNTS.join(' and ')} client connections, ${RUNS} run(s) each${QUICK ? ' (quick)' : ''}\n` +
    `the clock stops at the last 250 and, on SQLite, once the background indexer has every document in the full-text index\n`,
);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const results: string[] = [];
const ingest: Record<string, Record<string, unknown>> = {};
const rss: Record<string, { idle: number; peak: number }> = {};
for (const engine of ENGINES)
  for (const connections of CONNECTION_COUNTS) {
    const runs: RunResult[] = [];
    for (let i = 0; i < RUNS; i++) runs.push(await run(engine, connections, i));
    const figures = {
      perSecond: fig(median(runs.map((r) => r.rate))),
      ceilingPerSecond: fig(median(runs.map((r) => r.ceiling))),
      // The median of the paired ratios: each run's Redress against the ceilings measured around it.
      ratio: ratio(median(runs.map((r) => r.rate / r.ceiling)), 1),
      target: TARGET[engine],
    };
    // The summary's figures for an engine are those at the first connection count; the others follow.
    if (!ingest[engine]) ingest[engine] = { ...figures, connections, byConnections: {} };
    (ingest[engine].byConnections as Record<number, typeof figures>)[connections] = figures;
    const peak = Math.max(...runs.map((r) => r.peakMiB));
    const idle = Math.max(...runs.map((r) => r.idleMiB));
    rss[engine] = {
      idle: fig(Math.max(idle, rss[engine]?.idle ?? 0)),
      peak: fig(Math.max(peak, rss[engine]?.peak ?? 0)),
    };
    results.push(
      `${engine}, ${connections} connections: median ${figures.perSecond} msg/s, ceiling ${figures.ceilingPerSecond} msg/s, ratio ${percent(figures.ratio)} ` +
        `(${figures.ratio >= figures.target ? '✓ ≥' : '✗ <'} ${percent(figures.target)}) (runs: ${runs.map((r) => `${r.rate.toFixed(0)}/${r.ceiling.toFixed(0)}`).join(', ')})`,
    );
  }
process.stdout.write(`${results.join('\n')}\n`);
publish({ ingest, rssMiB: { ...rss, peak: Math.max(...Object.values(rss).map((r) => r.peak)) } });
