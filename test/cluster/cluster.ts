// `npm run test:cluster`: Redress as it runs for real, several `redress start` processes on one database, one of
// them killed in the middle of the work. Not part of `npm test` (it takes minutes and starts processes); `.ci/run`
// runs it after the unit and contract tests.
//
// PostgreSQL: three instances on one database, a test SMTP server that captures what they send. 2,000 deliveries
// spread over the three SMTP listeners: new complaints (each from its own sender), the same message delivered a
// second time to another instance (as an MTA does after a lost reply), and replies to earlier complaints. Half-way
// one instance is killed (SIGKILL: no chance to finish anything) and started again; the sender, like an MTA,
// delivers whatever was not answered 250 again, elsewhere. Then:
// - each message is stored once, each case opened once, each reply filed on its complaint's case;
// - each acknowledgement reaches the SMTP server once, apart from a send cut by the kill, which may arrive twice
//   with the same Message-ID (outbound mail is at-least-once, DESIGN.md);
// - references are gap-free per prefix and year, and `redress archive verify` finds the archive intact.
// Printed, not asserted (they depend on the machine): the share of busy database backends waiting on a lock,
// and the throughput of three instances against one alone.
// SQLite: the same with one instance, killed three times.
//
// CLUSTER_DELIVERIES changes the number of deliveries (default 2000).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import net, { type AddressInfo } from 'node:net';
import { sql } from 'kysely';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { complaint } from '../../bench/support/complaints.ts';
import { runRedress, type ServerProcess } from '../mail/support/server.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const DELIVERIES = Number(process.env.CLUSTER_DELIVERIES ?? 2000);
/** Client connections per instance, as an MTA opens a few to one destination. */
const CONNECTIONS_PER_INSTANCE = 4;
/**
 * How long a sending instance keeps an e-mail it took: the shortest allowed, so that a send cut by a kill is taken
 * up again soon and the test does not wait out the default two minutes.
 */
const CLAIM_SECONDS = 30;
/** How long to wait for the outbox to drain: a send cut by a kill is taken up again when its claim ends. */
const DRAIN_TIMEOUT_MS = 240_000;
/**
 * Sends that one instance may have in flight when it is killed: each may reach the SMTP server a second time (same
 * Message-ID) after its lease ends. The outbox sends in parallel within a rate per destination domain.
 */
const SENDS_IN_FLIGHT_PER_INSTANCE = 16;

// ---------------------------------------------------------------------------------------------------------------
// The mail: complaints, second deliveries and replies.

interface Delivery {
  raw: Buffer;
  messageId: string;
  kind: 'new' | 'again' | 'reply';
  /** Index of the delivery of the complaint this one repeats or replies to. */
  of: number | null;
  /** The instance it is sent to first. */
  target: number;
}

function messageIdOf(raw: Buffer): string {
  return /^Message-ID: (<[^>]+>)/im.exec(raw.toString('utf8'))![1]!;
}

function reply(original: Buffer, n: number): Buffer {
  const text = original.toString('utf8');
  const from = /^From: (.+)$/m.exec(text)![1]!;
  const subject = /^Subject: (.+)$/m.exec(text)![1]!;
  const id = messageIdOf(original);
  const headers = [
    `From: ${from}`,
    'To: complaint@example.org',
    `Subject: Re: ${subject}`,
    'Date: Mon, 23 Nov 2026 11:15:00 +0100',
    `Message-ID: <reply-${n}-${process.pid}@example.net>`,
    `In-Reply-To: ${id}`,
    `References: ${id}`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
  ];
  return Buffer.from(
    `${headers.join('\r\n')}\r\n\r\nHello again,\r\n\r\nhere is the invoice number you may need: INV-${n}.\r\n\r\nRegards\r\n`,
  );
}

/**
 * `count` deliveries over `instances` listeners: about one in ten is a second delivery of an earlier complaint to
 * another instance, one in ten a reply to an earlier complaint; the rest are new complaints.
 */
function deliveries(count: number, instances: number, seed: number): Delivery[] {
  const list: Delivery[] = [];
  const originals: number[] = [];
  for (let k = 0; k < count; k++) {
    const target = k % instances;
    if (k % 10 === 7 && originals.length > 5) {
      const of = originals[originals.length - 3]!;
      list.push({ ...list[of]!, kind: 'again', of, target: (list[of]!.target + 1) % instances });
    } else if (k % 10 === 9 && originals.length > 60) {
      // Far enough back that the complaint is stored when its reply is sent (the sender waits for it anyway).
      const of = originals[originals.length - 50]!;
      const raw = reply(list[of]!.raw, seed + k);
      list.push({ raw, messageId: messageIdOf(raw), kind: 'reply', of, target });
    } else {
      const raw = complaint(seed + k);
      originals.push(list.length);
      list.push({ raw, messageId: messageIdOf(raw), kind: 'new', of: null, target });
    }
  }
  return list;
}

// ---------------------------------------------------------------------------------------------------------------
// The SMTP server that captures outbound mail.

interface Capture {
  port: number;
  /** How many times each Message-ID arrived. */
  byMessageId: Map<string, number>;
  total(): number;
  stop(): Promise<void>;
}

async function startCapture(): Promise<Capture> {
  const byMessageId = new Map<string, number>();
  let total = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    maxClients: 200,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const head = Buffer.concat(chunks)
          .toString('utf8')
          .split(/\r?\n\r?\n/, 1)[0]!
          .replace(/\r?\n[ \t]+/g, ' ');
        const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '(none)';
        byMessageId.set(id, (byMessageId.get(id) ?? 0) + 1);
        total++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  // An instance killed in the middle of a send resets its connection: the capture goes on (what counts is which
  // messages arrived whole), where an unhandled error would end the whole run.
  server.on('error', () => {});
  return {
    port: (server.server.address() as AddressInfo).port,
    byMessageId,
    total: () => total,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The instances and the sender.

/**
 * One SMTP client connection, as light as the benchmark's (PIPELINING: MAIL, RCPT and DATA in one write) so that the
 * test measures the servers, not the client; a connection cut or silent for 30 s fails what is waiting.
 */
class SmtpClient {
  readonly #socket: net.Socket;
  #buffer = '';
  #waiting: Array<{ resolve: (line: string) => void; reject: (e: Error) => void }> = [];
  #lines: string[] = [];
  #dead: Error | null = null;

  private constructor(socket: net.Socket) {
    this.#socket = socket;
    socket.setEncoding('latin1');
    socket.setNoDelay(true);
    socket.setTimeout(30_000, () => socket.destroy(new Error('no answer for 30 s')));
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      for (let i = this.#buffer.indexOf('\r\n'); i >= 0; i = this.#buffer.indexOf('\r\n')) {
        const line = this.#buffer.slice(0, i);
        this.#buffer = this.#buffer.slice(i + 2);
        // A multi-line reply (250-…) ends with the line whose fourth character is a space.
        if (line[3] === '-') continue;
        const w = this.#waiting.shift();
        if (w) w.resolve(line);
        else this.#lines.push(line);
      }
    });
    const fail = (e?: Error) => {
      this.#dead ??= e ?? new Error('connection closed');
      for (const w of this.#waiting.splice(0)) w.reject(this.#dead);
    };
    socket.on('error', fail);
    socket.on('close', () => fail());
  }

  static async open(port: number): Promise<SmtpClient> {
    const socket = net.connect(port, '127.0.0.1');
    const c = new SmtpClient(socket);
    await c.#expect('220');
    socket.write('EHLO mta.example.net\r\n');
    await c.#expect('250');
    return c;
  }

  get dead(): boolean {
    return this.#dead !== null;
  }

  #reply(): Promise<string> {
    const line = this.#lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.#dead) return Promise.reject(this.#dead);
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }));
  }

  async #expect(code: string): Promise<void> {
    const line = await this.#reply();
    if (!line.startsWith(code)) throw new Error(`expected ${code}, got: ${line}`);
  }

  /** Sends one message; resolves when it is answered 250, throws otherwise. */
  async send(raw: Buffer): Promise<void> {
    this.#socket.write('MAIL FROM:<mta@example.net>\r\nRCPT TO:<complaint@example.org>\r\nDATA\r\n');
    await this.#expect('250');
    await this.#expect('250');
    await this.#expect('354');
    const text = raw.toString('latin1').replace(/^\./gm, '..');
    this.#socket.write(text.endsWith('\r\n') ? `${text}.\r\n` : `${text}\r\n.\r\n`, 'latin1');
    await this.#expect('250');
  }

  close(): void {
    this.#socket.end('QUIT\r\n');
    this.#socket.destroy();
  }
}

/** Instances still running: killed when the test ends, however it ends, so that none is left behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * `redress start` as a child process (as test/mail/support/server.ts starts it), waiting up to two minutes for it
 * to listen: on a busy shared machine, loading the sources and migrating can take longer than other tests allow.
 */
async function startInstance(databaseUrl: string, env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, [bin, 'start'], {
    env: {
      ...process.env,
      REDRESS_DATABASE_URL: databaseUrl,
      REDRESS_PORT: '0',
      REDRESS_SMTP_PORT: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let out = '';
  child.stdout.on('data', (d) => {
    // Only the start-up lines are needed; the rest of the log is not kept.
    if (out.length < 20_000) out += d;
  });
  child.stderr.on('data', (d) => {
    if (out.length < 20_000) out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let smtpPort: number;
  try {
    smtpPort = await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the instance did not listen in 2 min:\n${out}`)),
        120_000,
      );
      const look = () => {
        const m = /receives mail by SMTP on [^\s]+:(\d+)/.exec(out);
        if (m && /listening on http/.test(out)) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      };
      child.stdout.on('data', look);
      void exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`the instance exited (${code}) before listening:\n${out}`));
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    throw e;
  }
  return {
    child,
    smtpPort,
    output: () => out,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}

class Cluster {
  readonly servers: Array<ServerProcess | null> = [];
  readonly #url: string;
  readonly #env: Record<string, string>;
  kills = 0;

  constructor(url: string, env: Record<string, string>) {
    this.#url = url;
    this.#env = env;
  }

  async start(i: number): Promise<void> {
    this.servers[i] = await startInstance(this.#url, this.#env);
  }

  /** SIGKILL instance i, then start it again (on a new port). */
  async killAndRestart(i: number): Promise<void> {
    const server = this.servers[i]!;
    this.servers[i] = null;
    await server.kill();
    this.kills++;
    await new Promise((r) => setTimeout(r, 300));
    await this.start(i);
  }

  /**
   * Delivers one message, as an MTA would: until it is answered 250, trying the next live instance after a
   * failure. `connections` are the sender's own, by port.
   */
  async deliver(d: Delivery, connections: Map<number, SmtpClient>): Promise<void> {
    let target = d.target;
    for (let attempt = 0; ; attempt++) {
      const port = this.servers[target]?.smtpPort;
      if (port !== undefined) {
        let c = connections.get(port);
        try {
          if (!c || c.dead) {
            c = await SmtpClient.open(port);
            connections.set(port, c);
          }
          await c.send(d.raw);
          return;
        } catch {
          // Connection cut (the instance was killed) or a refusal: delivered again below, on a new connection.
          c?.close();
          connections.delete(port);
        }
      }
      if (attempt > 300) throw new Error(`delivery ${d.messageId} failed 300 times`);
      target = (target + 1) % this.servers.length;
      await new Promise((r) => setTimeout(r, 20 + Math.min(attempt, 10) * 20));
    }
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.servers.map((s) => s?.stop()));
  }
}

/**
 * Sends every delivery through `workers` concurrent senders; a second delivery or a reply waits until the complaint
 * it concerns was accepted. `onAccepted(n)` is told each time one more is accepted.
 */
async function sendAll(
  cluster: Cluster,
  list: Delivery[],
  workers: number,
  onAccepted: (n: number) => Promise<void> | void,
): Promise<void> {
  const accepted = list.map(() => Promise.withResolvers<void>());
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: workers }, async () => {
      const connections = new Map<number, SmtpClient>();
      while (next < list.length) {
        const k = next++;
        const d = list[k]!;
        if (d.of !== null) await accepted[d.of]!.promise;
        await cluster.deliver(d, connections);
        accepted[k]!.resolve();
        await onAccepted(++done);
      }
      for (const c of connections.values()) c.close();
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------
// Lock waits (PostgreSQL): the share of busy backends of the database that wait on a lock, sampled.

interface LockSampler {
  stop(): Promise<{ samples: number; busy: number; waiting: number; on: Map<string, number> }>;
}

async function sampleLocks(url: string): Promise<LockSampler> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const dbName = new URL(url).pathname.slice(1);
  let samples = 0;
  let busy = 0;
  let waiting = 0;
  const on = new Map<string, number>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const r = await client.query<{ wait_event_type: string | null; query: string }>(
        `select wait_event_type, query from pg_stat_activity
          where datname = $1 and state = 'active' and backend_type = 'client backend' and pid <> pg_backend_pid()`,
        [dbName],
      );
      samples++;
      busy += r.rows.length;
      for (const row of r.rows)
        if (row.wait_event_type === 'Lock') {
          waiting++;
          const what = row.query.replace(/\s+/g, ' ').slice(0, 70);
          on.set(what, (on.get(what) ?? 0) + 1);
        }
      await new Promise((res) => setTimeout(res, 50));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return { samples, busy, waiting, on };
    },
  };
}

function printLocks(label: string, s: Awaited<ReturnType<LockSampler['stop']>>): void {
  const share = s.busy ? s.waiting / s.busy : 0;
  console.log(
    `${label}: ${(share * 100).toFixed(1)}% of busy backends waiting on a lock (${s.waiting} of ${s.busy} in ${s.samples} samples; ${(s.busy / Math.max(1, s.samples)).toFixed(2)} busy on average)`,
  );
  const top = [...s.on].sort((a, b) => b[1] - a[1]).slice(0, 3);
  for (const [q, n] of top) console.log(`  waiting (${n}): ${q}`);
}

// ---------------------------------------------------------------------------------------------------------------
// The checks.

async function drained(test: TestDatabase): Promise<void> {
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  for (;;) {
    const r = await sql<{ n: number | string }>`select count(*) as n from correspondence
      where direction = 'out' and channel = 'email' and status in ('pending', 'sending')`.execute(
      test.database.db,
    );
    const left = Number(r.rows[0]!.n);
    if (left === 0) return;
    if (Date.now() > deadline)
      throw new Error(`${left} e-mails still in the outbox after ${DRAIN_TIMEOUT_MS} ms`);
    await new Promise((res) => setTimeout(res, 500));
  }
}

async function check(test: TestDatabase, list: Delivery[], capture: Capture, kills: number): Promise<void> {
  const db = test.database.db;
  const originals = list.filter((d) => d.kind === 'new');
  const replies = list.filter((d) => d.kind === 'reply');

  // Each message stored once.
  const inbound = (
    await sql<{ message_id: string; case_id: string | null; n: number | string }>`
      select c.message_id, min(c.case_id) as case_id, min(i.reason) as inbox, count(*) as n
      from correspondence c left join inbox_items i on i.id = c.inbox_item_id
      where c.direction = 'in' group by c.message_id`.execute(db)
  ).rows;
  const stored = new Map(inbound.map((r) => [r.message_id, r]));
  for (const r of inbound) assert.equal(Number(r.n), 1, `${r.message_id} stored ${r.n} times`);
  assert.equal(
    inbound.length,
    originals.length + replies.length,
    'every message sent is stored, nothing else',
  );

  // Each case opened once: one per complaint, each reply filed on its complaint's case.
  const caseOf = new Map<string, string>();
  const opened = new Set<string>();
  for (const d of originals) {
    const row = stored.get(d.messageId);
    assert.ok(row?.case_id, `the complaint ${d.messageId} opened a case: ${JSON.stringify(row)}`);
    assert.ok(!opened.has(row.case_id), `two complaints on case ${row.case_id}`);
    opened.add(row.case_id);
    caseOf.set(d.messageId, row.case_id);
  }
  for (const d of replies)
    assert.equal(
      stored.get(d.messageId)?.case_id,
      caseOf.get(list[d.of!]!.messageId),
      `the reply ${d.messageId} is filed on its complaint's case`,
    );
  const cases = (await sql<{ reference: string }>`select reference from cases`.execute(db)).rows;
  assert.equal(cases.length, originals.length, 'one case per complaint');

  // References gap-free per prefix and year.
  const numbers = new Map<string, number[]>();
  for (const { reference } of cases) {
    const m = /^(.+-\d{4})-(\d+)$/.exec(reference)!;
    const key = m[1]!;
    numbers.set(key, [...(numbers.get(key) ?? []), Number(m[2])]);
  }
  for (const [key, list] of numbers) {
    list.sort((a, b) => a - b);
    assert.deepEqual(
      list,
      list.map((_, i) => i + 1),
      `references ${key}-… run from 1 to ${list.length} without a gap`,
    );
  }

  // Each acknowledgement sent once (a send cut by a kill may arrive twice, with the same Message-ID).
  const acks = (
    await sql<{ message_id: string; status: string }>`
      select c.message_id, c.status from correspondence c join outbound_items o on o.correspondence_id = c.id
      where o.purpose = 'acknowledgement'`.execute(db)
  ).rows;
  assert.equal(acks.length, originals.length, 'one acknowledgement per complaint');
  const sent = (
    await sql<{ message_id: string; status: string }>`
      select message_id, status from correspondence where direction = 'out' and channel = 'email'`.execute(db)
  ).rows;
  const ours = new Set(sent.map((r) => r.message_id));
  let twice = 0;
  for (const r of sent) {
    assert.equal(r.status, 'sent', `${r.message_id} is ${r.status}`);
    const n = capture.byMessageId.get(r.message_id) ?? 0;
    assert.ok(n >= 1 && n <= 2, `${r.message_id} reached the SMTP server ${n} times`);
    if (n === 2) twice++;
  }
  for (const id of capture.byMessageId.keys())
    assert.ok(ours.has(id), `the SMTP server got ${id}, never queued`);
  assert.ok(
    twice <= kills * SENDS_IN_FLIGHT_PER_INSTANCE,
    `${twice} e-mails arrived twice after ${kills} kill(s)`,
  );
  console.log(
    `checked: ${inbound.length} messages stored once, ${cases.length} cases, ${replies.length} replies filed, ${acks.length} acknowledgements; ${capture.total()} e-mails captured, ${twice} twice (same Message-ID) after ${kills} kill(s)`,
  );

  // The archive.
  const verify = await runRedress(['archive', 'verify'], Buffer.alloc(0), {
    REDRESS_DATABASE_URL: test.url,
    REDRESS_LOG_LEVEL: 'warn',
  });
  assert.equal(verify.code, 0, verify.stdout + verify.stderr);
  console.log(verify.stdout.trim());
}

function serverEnv(capturePort: number): Record<string, string> {
  return {
    REDRESS_OUTBOUND_ENABLED: 'true',
    REDRESS_OUTBOUND_HOST: '127.0.0.1',
    REDRESS_OUTBOUND_PORT: String(capturePort),
    REDRESS_OUTBOUND_CLAIM_SECONDS: String(CLAIM_SECONDS),
    // A message whose reading takes longer than its budget waits in the inbox for a person, as it should; on a
    // busy shared machine an ordinary complaint can take that long, and this test is about numbers, not budgets.
    REDRESS_READ_BUDGET_MS: '60000',
    // The start-up lines the test waits for ("listening on http…") are printed at this level.
    REDRESS_LOG_LEVEL: 'info',
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The runs.

/** Messages per second of `instances` instances on a fresh PostgreSQL database, over `count` new complaints. */
async function throughput(instances: number, count: number, seed: number): Promise<number> {
  const test = await createTestDatabase('postgres');
  const capture = await startCapture();
  const cluster = new Cluster(test.url, { ...serverEnv(capture.port), REDRESS_OUTBOUND_ENABLED: 'false' });
  try {
    for (let i = 0; i < instances; i++) await cluster.start(i);
    const list = deliveries(count, instances, seed).filter((d) => d.kind === 'new');
    const t0 = performance.now();
    await sendAll(cluster, list, 3 * CONNECTIONS_PER_INSTANCE, () => {});
    return list.length / ((performance.now() - t0) / 1000);
  } finally {
    await cluster.stopAll();
    await capture.stop();
    await test.drop();
  }
}

/**
 * The PostgreSQL run; `alongside` runs while the outbox drains (a send cut by the kill waits for its lease to end,
 * and nothing is measured meanwhile), so that the whole test takes minutes less.
 */
async function postgresCluster(alongside: () => Promise<void>): Promise<void> {
  console.log(`\nPostgreSQL: three instances, ${DELIVERIES} deliveries, one instance killed half-way`);
  const test = await createTestDatabase('postgres');
  const capture = await startCapture();
  const cluster = new Cluster(test.url, serverEnv(capture.port));
  let locks: LockSampler | null = null;
  try {
    for (const i of [0, 1, 2]) await cluster.start(i);
    const list = deliveries(DELIVERIES, 3, 1_000_000);
    locks = await sampleLocks(test.url);
    const t0 = performance.now();
    let firstHalf = 0;
    let killing: Promise<void> | null = null;
    await sendAll(cluster, list, 3 * CONNECTIONS_PER_INSTANCE, (n) => {
      if (n === Math.floor(list.length / 2) && !killing) {
        firstHalf = n / ((performance.now() - t0) / 1000);
        killing = cluster.killAndRestart(1);
      }
    });
    await killing;
    const lockFigures = await locks.stop();
    locks = null;
    const all = list.length / ((performance.now() - t0) / 1000);
    printLocks('lock waits, three instances', lockFigures);
    await Promise.all([drained(test), alongside()]);
    await cluster.stopAll();
    await check(test, list, capture, cluster.kills);
    const alone = await throughput(1, Math.floor(list.length / 2), 3_000_000);
    console.log(
      `throughput: three instances ${firstHalf.toFixed(0)} deliveries/s before the kill (${all.toFixed(0)} over the whole run with the kill); one instance alone ${alone.toFixed(0)}/s; ratio ${(firstHalf / alone).toFixed(2)}`,
    );
  } finally {
    // Stopped before its database is dropped: otherwise the drop ends its connection mid-query, and that error
    // would end the process in place of the one that brought us here.
    await locks?.stop().catch(() => {});
    await cluster.stopAll();
    await capture.stop();
    await test.drop();
  }
}

async function sqliteKills(): Promise<void> {
  console.log(`\nSQLite: one instance, ${DELIVERIES} deliveries, killed three times`);
  const test = await createTestDatabase('sqlite');
  const capture = await startCapture();
  const cluster = new Cluster(test.url, serverEnv(capture.port));
  try {
    await cluster.start(0);
    const list = deliveries(DELIVERIES, 1, 2_000_000);
    // Early enough that the sends cut by the last kill, taken up again when their lease ends, are not all the
    // test waits for.
    const killAt = new Set([3, 6, 9].map((q) => Math.floor((list.length * q) / 20)));
    const t0 = performance.now();
    let killing: Promise<void> = Promise.resolve();
    await sendAll(cluster, list, CONNECTIONS_PER_INSTANCE, (n) => {
      if (killAt.has(n)) {
        killAt.delete(n);
        killing = killing.then(() => cluster.killAndRestart(0));
      }
    });
    await killing;
    console.log(
      `throughput: ${(list.length / ((performance.now() - t0) / 1000)).toFixed(0)} deliveries/s with the kills`,
    );
    await drained(test);
    await cluster.stopAll();
    await check(test, list, capture, cluster.kills);
  } finally {
    await cluster.stopAll();
    await capture.stop();
    await test.drop();
  }
}

const engines = (process.env.REDRESS_TEST_ENGINES ?? 'sqlite,postgres').split(',').map((s) => s.trim());
const started = performance.now();
const sqlite = engines.includes('sqlite') ? sqliteKills : async () => {};
if (engines.includes('postgres')) await postgresCluster(sqlite);
else await sqlite();
console.log(`\ncluster test passed in ${((performance.now() - started) / 1000).toFixed(0)} s`);
