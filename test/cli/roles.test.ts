// `redress start --role`: each process runs only its part, on one SQLite database. A web-only instance has no SMTP
// listener; a mail-only instance takes mail but serves no page (health, readiness and metrics only) and sends
// nothing; a worker-only instance sends what waits in the outbox. The metrics move when a message is received.
// And an instance of an older release starts on a database that a newer release has already migrated.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { SMTPServer } from 'smtp-server';
import { type Database, openDatabase } from '../../src/adapters/db/database.ts';
import { loadConfig } from '../../src/config.ts';
import { freePort } from '../mail/support/dovecot.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { createTestDatabase, ENGINES } from '../support/databases.ts';
import { smtpClient } from '../support/smtp-client.ts';
import { until } from '../support/until.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const TOKEN = 'metrics-token-for-the-roles-test';

interface Instance {
  child: ChildProcess;
  url: string;
  output(): string;
  stop(): Promise<number | null>;
}

async function start(role: string | null, env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [bin, 'start', ...(role ? ['--role', role] : [])], {
    env: {
      ...process.env,
      REDRESS_PORT: '0',
      REDRESS_SMTP_PORT: '0',
      REDRESS_LOG_LEVEL: 'info',
      REDRESS_OUTBOUND_ENABLED: 'false',
      REDRESS_METRICS_TOKEN: TOKEN,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no address printed:\n${out}`)), 60_000);
    child.stdout!.on('data', () => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited ${code} before listening:\n${out}`));
    });
  });
  return {
    child,
    url,
    output: () => out,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

async function metricsOf(instance: Instance): Promise<string> {
  const res = await fetch(new URL('/metrics', instance.url), {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  assert.equal(res.status, 200);
  return res.text();
}

function value(body: string, series: string): number {
  const line = body.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

const refused = (port: number) =>
  new Promise<boolean>((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(true));
  });

describe('the role setting', () => {
  const load = (env: Record<string, string>) => loadConfig({ env, cwd: '/nonexistent' });
  it('reads a role, a list, all, and refuses anything else naming the variable', () => {
    assert.deepEqual(load({}).role, ['web', 'mail', 'worker']);
    assert.deepEqual(load({ REDRESS_ROLE: 'all' }).role, ['web', 'mail', 'worker']);
    assert.deepEqual(load({ REDRESS_ROLE: 'worker, Mail' }).role, ['mail', 'worker']);
    assert.deepEqual(load({ REDRESS_ROLE: 'web' }).role, ['web']);
    assert.throws(
      () => load({ REDRESS_ROLE: 'web,cook' }),
      (e: Error) => /REDRESS_ROLE/.test(e.message) && /cook is not a role/.test(e.message),
    );
    assert.throws(
      () => load({ REDRESS_METRICS_TOKEN: 'short' }),
      (e: Error) => /REDRESS_METRICS_TOKEN=\(hidden\)/.test(e.message) && !e.message.includes('short'),
    );
    assert.throws(() => load({ REDRESS_DATABASE_POOL_SIZE: '0' }), /REDRESS_DATABASE_POOL_SIZE/);
  });
});

describe('roles of a process (SQLite, one database)', () => {
  let dir: string;
  let url: string;
  let database: Database;
  const running: Instance[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'redress-roles-'));
    url = `sqlite:${join(dir, 'redress.db')}`;
  });
  after(async () => {
    for (const i of running) await i.stop();
    await database?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('web only: pages, no SMTP listener', async () => {
    const smtpPort = await freePort();
    const web = await start('web', { REDRESS_DATABASE_URL: url, REDRESS_SMTP_PORT: String(smtpPort) });
    running.push(web);
    assert.equal((await fetch(new URL('/sign-in', web.url))).status, 200);
    assert.doesNotMatch(web.output(), /receives mail by SMTP/);
    assert.ok(await refused(smtpPort), `nothing listens on the SMTP port ${smtpPort}`);
    assert.equal(await web.stop(), 0);
    database = await openDatabase(url);
  });

  let mailInstance: Instance;
  it('mail only: takes mail, serves health and metrics but no page, sends nothing; the metrics move', async () => {
    // Sending is on, to a port where nothing listens: had this instance a sender, it would try at once.
    const mail = await start('mail', {
      REDRESS_DATABASE_URL: url,
      REDRESS_OUTBOUND_ENABLED: 'true',
      REDRESS_OUTBOUND_HOST: '127.0.0.1',
      REDRESS_OUTBOUND_PORT: String(await freePort()),
    });
    running.push(mail);
    mailInstance = mail;
    const smtpPort = Number(/receives mail by SMTP on [^\s]+:(\d+)/.exec(mail.output())![1]);
    assert.equal((await fetch(new URL('/sign-in', mail.url))).status, 404);
    assert.equal((await fetch(new URL('/', mail.url))).status, 404);
    assert.equal((await fetch(new URL('/healthz', mail.url))).status, 200);
    assert.equal((await fetch(new URL('/readyz', mail.url))).status, 200);

    const before = await metricsOf(mail);
    assert.equal(value(before, 'redress_messages_received_total{door="smtp"}'), 0);
    const transport = smtpClient(smtpPort);
    await transport.sendMail({
      envelope: { from: 'marie.dupont@example.net', to: ['complaint@example.org'] },
      raw: rawMessage(),
    });
    transport.close();
    const after = await metricsOf(mail);
    assert.equal(value(after, 'redress_messages_received_total{door="smtp"}'), 1);
    assert.equal(value(after, 'redress_messages_filed_total{door="smtp",to="case"}'), 1);
    // Its acknowledgement waits in the outbox: this instance has no worker.
    await until(
      'the backlog figure to show the acknowledgement',
      async () => value(await metricsOf(mail), 'redress_outbox_backlog') === 1,
    );
    const pending = await database.db
      .selectFrom('correspondence')
      .select(['status', 'attempts'])
      .where('direction', '=', 'out')
      .execute();
    assert.deepEqual(pending, [{ status: 'pending', attempts: 0 }], 'never tried');
  });

  for (const [where, threads] of [
    ['on the main thread', '0'],
    ['on its own thread', '1'],
  ] as const)
    it(`mail with the listener ${where} counts its refusals (over the size limit) and times what it stores`, async () => {
      const mail = await start('mail', {
        REDRESS_DATABASE_URL: url,
        REDRESS_READ_THREADS: threads,
        REDRESS_SMTP_MAX_BYTES: '2048',
      });
      running.push(mail);
      const smtpPort = Number(/receives mail by SMTP on [^\s]+:(\d+)/.exec(mail.output())![1]);
      const transport = smtpClient(smtpPort);
      await assert.rejects(
        transport.sendMail({
          envelope: { from: 'marie.dupont@example.net', to: ['complaint@example.org'] },
          raw: rawMessage({ body: 'x'.repeat(70).concat('\n').repeat(100) }),
        }),
        /552/,
      );
      // The SMTP thread says its counts to the main thread about once a second.
      const series = 'redress_messages_refused_total{door="smtp",reason="too_large"}';
      let seen = value(await metricsOf(mail), series);
      for (let i = 0; i < 100 && seen !== 1; i++) {
        await new Promise((r) => setTimeout(r, 100));
        seen = value(await metricsOf(mail), series);
      }
      assert.equal(seen, 1);
      // A message stored: counted, and the time it took until its commit observed once. An out-of-office reply,
      // which waits in the inbox unanswered: the worker's test below expects one acknowledgement in the outbox.
      await transport.sendMail({
        envelope: { from: 'marie.dupont@example.net', to: ['complaint@example.org'] },
        raw: rawMessage({ body: 'Je suis absente.', headers: { 'Auto-Submitted': 'auto-replied' } }),
      });
      const after = await metricsOf(mail);
      assert.equal(value(after, 'redress_messages_received_total{door="smtp"}'), 1);
      assert.equal(value(after, 'redress_mail_store_duration_seconds_count{door="smtp"}'), 1);
      assert.equal(value(after, 'redress_mail_store_duration_seconds_bucket{le="+Inf",door="smtp"}'), 1);
      transport.close();
      assert.equal(await mail.stop(), 0);
    });

  it('worker only: sends the outbox, no SMTP listener, no page', async () => {
    const captured: string[] = [];
    const capture = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, _session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          captured.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => capture.listen(0, '127.0.0.1', resolve));
    const capturePort = (capture.server.address() as net.AddressInfo).port;
    try {
      const worker = await start('worker', {
        REDRESS_DATABASE_URL: url,
        REDRESS_OUTBOUND_ENABLED: 'true',
        REDRESS_OUTBOUND_HOST: '127.0.0.1',
        REDRESS_OUTBOUND_PORT: String(capturePort),
      });
      running.push(worker);
      assert.doesNotMatch(worker.output(), /receives mail by SMTP/);
      assert.equal((await fetch(new URL('/sign-in', worker.url))).status, 404);
      await until(
        () => `the acknowledgement sent; the worker said:\n${worker.output()}`,
        async () => captured.length === 1,
      );
      assert.match(captured[0]!, /^To: .*marie\.dupont@example\.net/im);
      await until('the outbox row marked sent', async () => {
        const rows = await database.db
          .selectFrom('correspondence')
          .select('status')
          .where('direction', '=', 'out')
          .execute();
        return rows.length === 1 && rows[0]!.status === 'sent';
      });
      assert.equal(await worker.stop(), 0);
      assert.equal(await mailInstance.stop(), 0);
    } finally {
      await new Promise<void>((resolve) => capture.close(() => resolve()));
    }
  });

  it('an instance of an older release starts on a database that a newer release migrated further', async () => {
    await sql`insert into kysely_migration (name, timestamp) values ('209901010000-from-a-newer-release', ${new Date().toISOString()})`.execute(
      database.db,
    );
    const old = await start('web', { REDRESS_DATABASE_URL: url });
    running.push(old);
    assert.match(old.output(), /migrated by a newer release/);
    assert.equal((await fetch(new URL('/readyz', old.url))).status, 200);
    assert.equal(await old.stop(), 0);
  });

  it('prints the database it uses without the password in its URL', {
    skip: ENGINES.includes('postgres') ? false : 'PostgreSQL tests are off',
  }, async () => {
    const test = await createTestDatabase('postgres');
    try {
      // The test server trusts local connections: the password is ignored, and must not be printed.
      const withPassword = test.url.replace('postgres://postgres@', 'postgres://postgres:do-not-print-me@');
      const worker = await start('worker', { REDRESS_DATABASE_URL: withPassword });
      running.push(worker);
      assert.equal(await worker.stop(), 0);
      assert.doesNotMatch(worker.output(), /do-not-print-me/);
      assert.match(worker.output(), /postgres:\/\/postgres:\*\*\*@/);
    } finally {
      await test.drop();
    }
  });

  it('refuses an unknown role with a clear message', async () => {
    const child = spawn(process.execPath, [bin, 'start', '--role', 'web,cook'], {
      env: { ...process.env, REDRESS_DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d) => {
      err += d;
    });
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 2);
    assert.match(err, /--role web,cook is not allowed/);
  });
});
