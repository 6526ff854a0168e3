// The outbox draining a backlog: BENCH_OUTBOX_WARMUP + BENCH_OUTBOX_MAILS complaints (default 500 + 10,000) are received by `redress start`
// with sending off, so that their acknowledgements wait in the outbox; then `redress start` runs again with
// sending on, to a local SMTP server (bench/support/smtp-sink.ts, its own process) with the one destination
// domain's rate limit raised, and the clock runs from the last of the warm-up messages the server gets (the first
// BENCH_OUTBOX_WARMUP of the backlog, which warm the process up: its code compiled to its fastest, its connections
// open, as in a server that has run for a while) until the database says every acknowledgement is sent. Mails per
// second, on SQLite and PostgreSQL; the rate of the whole drain, warm-up included, is printed beside it.
//
// Ceiling, in the same run on the same machine: nodemailer with the same pool (as many connections as the
// outbox sends in parallel) sending the same acknowledgements, composed beforehand, straight to the same SMTP
// server, with no database. It is measured just before and just after Redress, and Redress is paired with their
// mean (the load of a shared machine changes from minute to minute). Target (DESIGN.md): ≥ 300 mails/s.
// The sink also counts Message-IDs: every acknowledgement must arrive exactly once (nothing is killed here).
//
// Sizes: BENCH_OUTBOX_MAILS (10000; --quick 1200) after BENCH_OUTBOX_WARMUP (500; --quick 200); engines:
// BENCH_ENGINES (sqlite,postgres);
// BENCH_OUTBOX_CONCURRENCY (the configuration's default): parallel sends of the outbox and connections of the
// ceiling's pool.
import { type ChildProcess, fork } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { sql } from 'kysely';
import nodemailer from 'nodemailer';
import MailComposer from 'nodemailer/lib/mail-composer';
import pino from 'pino';
import { createAppContext } from '../src/app/context.ts';
import { EmailIntake } from '../src/app/email-intake.ts';
import { startSearchIndexer } from '../src/app/search-indexer.ts';
import { loadConfig } from '../src/config.ts';
import { startServer } from '../test/mail/support/server.ts';
import { createTestDatabase, type TestDatabase } from '../test/support/databases.ts';
import { complaint } from './support/complaints.ts';
import { fig, list, percent, publish, QUICK, ratio, size } from './support/figures.ts';
import { machine } from './support/stats.ts';

const MAILS = size('BENCH_OUTBOX_MAILS', 10_000, 1_200);
/** Sent first and not timed, by the ceiling and by Redress alike (the ingest benchmark warms up the same way). */
const WARMUP = size('BENCH_OUTBOX_WARMUP', 500, 200);
/** The backlog: the warm-up messages, then those timed. */
const BACKLOG = WARMUP + MAILS;
const ENGINES = list('BENCH_ENGINES', 'sqlite,postgres') as Array<'sqlite' | 'postgres'>;
const TARGET_PER_SECOND = 300;
/** The destination domain of every acknowledgement (the complaints come from senderN@example.net). */
const DOMAIN = 'example.net';
const defaults = loadConfig({ env: {}, cwd: '/nonexistent' }).outbound as { concurrency?: number };
const CONCURRENCY = size('BENCH_OUTBOX_CONCURRENCY', defaults.concurrency ?? 8, defaults.concurrency ?? 8);
/** Complaints handed to the intake at once while the backlog is filed (as from 8 SMTP sessions). */
const INTAKE_CONNECTIONS = 8;

interface Sink {
  port: number;
  stats(): Promise<{ total: number; distinct: number; firstAt: number; warmAt: number; lastAt: number }>;
  reset(): Promise<void>;
  stop(): Promise<void>;
}

async function startSink(): Promise<Sink> {
  const script = new URL('./support/smtp-sink.ts', import.meta.url).pathname;
  const child: ChildProcess = fork(script, [], {
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_SINK_WARM: String(WARMUP) },
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  let out = '';
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /sink listening on (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    void exited.then(() => reject(new Error(`the SMTP sink exited before listening:\n${out}`)));
  });
  const ask = (m: string) =>
    new Promise<Awaited<ReturnType<Sink['stats']>>>((resolve) => {
      child.once('message', (s) => resolve(s as Awaited<ReturnType<Sink['stats']>>));
      child.send(m);
    });
  return {
    port,
    stats: () => ask('stats'),
    reset: async () => {
      await ask('reset');
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** CPU time (user + system, all threads) a process has used so far, in ms (Linux: /proc/PID/stat, in ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** SQLite: waits until the background indexer has every search document (so that it is idle during the drain). */
async function indexed(test: TestDatabase): Promise<void> {
  if (test.engine !== 'sqlite') return;
  for (;;) {
    const row = await sql<{
      behind: number;
    }>`select (select coalesce(max(id), 0) from search_docs) - (select indexed_up_to from search_progress where name = 'fts') as behind`.execute(
      test.database.db,
    );
    if (Number(row.rows[0]?.behind ?? 0) <= 0) return;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function count(test: TestDatabase, status: string): Promise<number> {
  const row = await test.database.db
    .selectFrom('correspondence')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('direction', '=', 'out')
    .where('channel', '=', 'email')
    .where('status', '=', status)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * The backlog: BACKLOG complaints filed with sending off, each with its acknowledgement pending in the outbox. Filed
 * in this process through the mail door's own intake (group commit, as `redress start` files what its SMTP listener
 * receives), not over SMTP: the rows are the same, and receiving is measured by the ingest benchmark, not here. The
 * search indexer runs until every document is indexed, so that the drain below has only the outbox to do.
 */
async function backlog(engine: 'sqlite' | 'postgres'): Promise<TestDatabase> {
  const test = await createTestDatabase(engine);
  const config = loadConfig({ env: {}, cwd: '/nonexistent' });
  const ctx = createAppContext(config, test.database);
  const mailbox = config.mailboxes.find((m) => m.role === 'complaints');
  if (!mailbox) throw new Error('the default configuration has no complaints mailbox');
  const intake = new EmailIntake(ctx);
  const indexer = startSearchIndexer(ctx, pino({ level: 'warn' }));
  const t0 = performance.now();
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: INTAKE_CONNECTIONS }, async () => {
        while (next < BACKLOG) {
          const i = next++;
          const filed = await intake.receive({
            raw: complaint(i),
            mailbox,
            door: 'smtp',
            envelopeSender: `sender${i}@${DOMAIN}`,
          });
          if (filed.duplicate || filed.filing !== 'case_opened')
            throw new Error(`complaint ${i} was not filed on a new case (${filed.filing})`);
        }
      }),
    );
    await indexed(test);
    process.stdout.write(
      `  ${engine}: backlog of ${BACKLOG} complaints filed in ${((performance.now() - t0) / 1000).toFixed(1)} s (sending off)\n`,
    );
  } finally {
    await intake.close();
    await indexer.stop();
  }
  const pending = await count(test, 'pending');
  if (pending !== BACKLOG) throw new Error(`${pending} acknowledgements pending, expected ${BACKLOG}`);
  return test;
}

/** The acknowledgements as the outbox holds them, composed into raw messages (not timed). */
async function composed(test: TestDatabase): Promise<Array<{ from: string; to: string; raw: Buffer }>> {
  const rows = await sql<{
    message_id: string;
    subject: string;
    text_body: string;
    to_address: string;
    from_address: string;
    from_name: string | null;
    in_reply_to: string | null;
  }>`select c.message_id, c.subject, c.text_body, c.to_address, o.from_address, o.from_name, c.in_reply_to
       from correspondence c join outbound_items o on o.correspondence_id = c.id
      where c.direction = 'out' and c.channel = 'email'`.execute(test.database.db);
  return Promise.all(
    rows.rows.map(async (r) => ({
      from: r.from_address,
      to: r.to_address,
      raw: await new MailComposer({
        messageId: r.message_id,
        from: { name: r.from_name ?? '', address: r.from_address },
        to: [{ name: '', address: r.to_address }],
        subject: r.subject,
        text: r.text_body,
        ...(r.in_reply_to ? { inReplyTo: r.in_reply_to, references: [r.in_reply_to] } : {}),
        headers: { 'Auto-Submitted': 'auto-replied', 'X-Auto-Response-Suppress': 'All' },
      })
        .compile()
        .build(),
    })),
  );
}

/** The ceiling: the same pool of nodemailer connections sending the composed messages, no database. */
async function ceiling(
  sink: Sink,
  messages: Array<{ from: string; to: string; raw: Buffer }>,
): Promise<number> {
  await sink.reset();
  const transporter = nodemailer.createTransport({
    host: '127.0.0.1',
    port: sink.port,
    secure: false,
    pool: true,
    maxConnections: CONCURRENCY,
    maxMessages: Number.POSITIVE_INFINITY,
  });
  try {
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < messages.length) {
          const m = messages[next++]!;
          await transporter.sendMail({ envelope: { from: m.from, to: [m.to] }, raw: m.raw });
        }
      }),
    );
    const doneAt = performance.timeOrigin + performance.now();
    const s = await sink.stats();
    if (s.total !== messages.length) throw new Error(`the sink got ${s.total} of ${messages.length}`);
    return (messages.length - WARMUP) / ((doneAt - s.warmAt) / 1000);
  } finally {
    transporter.close();
  }
}

/** Redress: `redress start` with sending on drains the backlog; mails per second from the first to the last. */
async function drain(
  test: TestDatabase,
  sink: Sink,
): Promise<{ rate: number; seconds: number; wholeRate: number; cpuPerMail: number }> {
  await sink.reset();
  const server = await startServer(test.url, {
    REDRESS_OUTBOUND_ENABLED: 'true',
    REDRESS_OUTBOUND_HOST: '127.0.0.1',
    REDRESS_OUTBOUND_PORT: String(sink.port),
    REDRESS_OUTBOUND_CONCURRENCY: String(CONCURRENCY),
    // One destination domain, its rate limit raised far above what the machine can do.
    REDRESS_OUTBOUND_DOMAIN_RATES: JSON.stringify({ [DOMAIN]: 100_000 }),
  });
  try {
    // CPU time of the server per mail, from when it is up (its start-up is not the outbox's work).
    const cpu0 = cpuMs(server.child.pid!);
    const before = (await sink.stats()).total;
    const deadline = performance.now() + 600_000;
    // The server's count first (asking it costs next to nothing), then the database's, which only has to catch
    // up with the last group of outcomes: counting rows on every turn would load the database being measured.
    for (let got = (await sink.stats()).total; got < BACKLOG; got = (await sink.stats()).total) {
      if (performance.now() > deadline)
        throw new Error(`only ${got} of ${BACKLOG} received after 10 minutes`);
      await new Promise((r) => setTimeout(r, 20));
    }
    for (let sent = await count(test, 'sent'); sent < BACKLOG; sent = await count(test, 'sent')) {
      if (performance.now() > deadline) throw new Error(`only ${sent} of ${BACKLOG} sent after 10 minutes`);
      await new Promise((r) => setTimeout(r, 5));
    }
    const doneAt = performance.timeOrigin + performance.now();
    const cpuPerMail = (cpuMs(server.child.pid!) - cpu0) / (BACKLOG - before);
    const s = await sink.stats();
    if (s.distinct !== BACKLOG || s.total !== BACKLOG)
      throw new Error(
        `the sink got ${s.total} messages, ${s.distinct} Message-IDs, expected ${BACKLOG} of each`,
      );
    const seconds = (doneAt - s.warmAt) / 1000;
    return {
      rate: MAILS / seconds,
      seconds,
      wholeRate: BACKLOG / ((doneAt - s.firstAt) / 1000),
      cpuPerMail,
    };
  } finally {
    await server.stop();
  }
}

process.stdout.write(
  `outbox: a backlog of acknowledgements sent by \`redress start\` to a local SMTP server (its own process), one destination domain with its rate limit raised\n` +
    `ceiling: nodemailer with the same pool (${CONCURRENCY} connections) sending the same messages, composed beforehand, to the same server, no database\n` +
    `machine: ${machine()}; load average at start ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}\n` +
    `sizes: ${MAILS} acknowledgements after ${WARMUP} to warm up, ${CONCURRENCY} parallel sends${QUICK ? ' (quick)' : ''}\n` +
    `the clock runs from the last warm-up message the SMTP server gets until every acknowledgement is marked sent\n`,
);
const outbox: Record<string, Record<string, unknown>> = {};
const lines: string[] = [];
for (const engine of ENGINES) {
  const test = await backlog(engine);
  const sink = await startSink();
  try {
    const messages = await composed(test);
    const before = await ceiling(sink, messages);
    const ours = await drain(test, sink);
    const after = await ceiling(sink, messages);
    const ceilingPerSecond = (before + after) / 2;
    const figures = {
      perSecond: fig(ours.rate),
      ceilingPerSecond: fig(ceilingPerSecond),
      ratio: ratio(ours.rate, ceilingPerSecond),
      targetPerSecond: TARGET_PER_SECOND,
      mails: MAILS,
      concurrency: CONCURRENCY,
      warmup: WARMUP,
      wholeDrainPerSecond: fig(ours.wholeRate),
      serverCpuMsPerMail: fig(ours.cpuPerMail),
    };
    outbox[engine] = figures;
    const line = `${engine}: ${MAILS} acknowledgements in ${ours.seconds.toFixed(2)} s = ${figures.perSecond} mails/s (${ours.rate >= TARGET_PER_SECOND ? '✓ ≥' : '✗ <'} ${TARGET_PER_SECOND}); ceiling ${figures.ceilingPerSecond} mails/s (before ${before.toFixed(0)}, after ${after.toFixed(0)}), ratio ${percent(figures.ratio)}; the whole drain of ${BACKLOG}, warm-up included, ${figures.wholeDrainPerSecond} mails/s; server CPU ${ours.cpuPerMail.toFixed(2)} ms per mail (all threads, the whole drain)`;
    process.stdout.write(`  ${line}\n`);
    lines.push(line);
  } finally {
    await sink.stop();
    await test.drop();
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
publish({ outbox });
