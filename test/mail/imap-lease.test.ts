// Two `redress start --role mail` processes on one database and one Dovecot mailbox: one at a time polls it
// (the lease), the other waits; when the polling one is killed (SIGKILL, nothing cleaned up), the other takes
// over once the lease has run out, and no message is fetched twice or lost. A clean stop gives the lease up.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import type { ImapFlow } from 'imapflow';
import { leaseHolder } from '../../src/adapters/db/leases.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { until } from '../support/until.ts';
import { adminClient, DOVECOT_MISSING, type Dovecot, startDovecot } from './support/dovecot.ts';
import { rawMessage } from './support/messages.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;

interface Instance {
  child: ChildProcess;
  pid: number;
  url: string;
  output(): string;
  /** The JSON log lines of the process. */
  logs(): Array<Record<string, unknown>>;
  exited: Promise<number | null>;
}

async function startMailInstance(env: Record<string, string>): Promise<Instance> {
  const child = spawn(process.execPath, [bin, 'start', '--role', 'mail'], {
    env: { ...process.env, ...env },
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
    const timer = setTimeout(() => reject(new Error(`the instance did not start:\n${out}`)), 60_000);
    const look = () => {
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', look);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the instance exited (${code}) before listening:\n${out}`));
    });
  });
  return {
    child,
    pid: child.pid!,
    url,
    output: () => out,
    logs: () =>
      out
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as Record<string, unknown>),
    exited,
  };
}

const TOKEN = 'metrics-token-of-the-lease-test';

/** The instance's `redress_imap_polling` figure: 1 while it polls the mailbox. */
async function polling(instance: Instance): Promise<number> {
  const res = await fetch(new URL('/metrics', instance.url), {
    headers: { authorization: `Bearer ${TOKEN}` },
  });
  const line = (await res.text()).split('\n').find((l) => l.startsWith('redress_imap_polling{'));
  return Number(line?.split(' ').pop());
}

/** What an instance's log says it stored and found already stored, over all its rounds. */
function storedBy(instance: Instance): { stored: number; duplicates: number } {
  let stored = 0;
  let duplicates = 0;
  for (const line of instance.logs())
    if (line.msg === 'imap: messages stored and moved') {
      stored += Number(line.stored);
      duplicates += Number(line.duplicates);
    }
  return { stored, duplicates };
}

for (const engine of ENGINES) {
  describe(`one IMAP poller at a time over two instances (${engine})`, { skip: DOVECOT_MISSING }, () => {
    let dovecot: Dovecot;
    let admin: ImapFlow;
    let test: TestDatabase;
    const instances: Instance[] = [];

    before(async () => {
      dovecot = await startDovecot();
      test = await createTestDatabase(engine);
      admin = await adminClient(dovecot);
    });
    after(async () => {
      for (const i of instances)
        if (i.child.exitCode === null && i.child.signalCode === null) i.child.kill('SIGKILL');
      await Promise.all(instances.map((i) => i.exited));
      await admin?.logout().catch(() => {});
      await test?.drop();
      await dovecot?.stop();
    });

    const inInbox = async () => {
      const s = await admin.status('INBOX', { messages: true });
      return s ? (s.messages ?? 0) : 0;
    };
    const stored = async () =>
      Number(
        (
          await test.database.db
            .selectFrom('correspondence')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('direction', '=', 'in')
            .executeTakeFirstOrThrow()
        ).n,
      );
    const append = async (n: number, tag: string) => {
      for (let i = 0; i < n; i++)
        await admin.append('INBOX', rawMessage({ from: `Lease ${tag}${i} <lease-${tag}${i}@example.net>` }));
    };
    const leaseName = () => `imap:${dovecot.user}@127.0.0.1:${dovecot.port}/INBOX`;

    it('the first instance polls, the second waits, and takes over after the first is killed', async () => {
      const env = {
        REDRESS_DATABASE_URL: test.url,
        REDRESS_PORT: '0',
        REDRESS_SMTP_ENABLED: 'false',
        REDRESS_OUTBOUND_ENABLED: 'false',
        REDRESS_READ_THREADS: '0',
        REDRESS_LOG_LEVEL: 'info',
        REDRESS_METRICS_TOKEN: TOKEN,
        REDRESS_IMAP_TEST_PASSWORD: dovecot.password,
        REDRESS_IMAP: JSON.stringify([
          {
            mailbox: 'complaints',
            host: '127.0.0.1',
            port: dovecot.port,
            secure: false,
            user: dovecot.user,
            passwordEnv: 'REDRESS_IMAP_TEST_PASSWORD',
            pollSeconds: 1,
            leaseSeconds: 10,
          },
        ]),
      };
      await append(5, 'a');
      const first = await startMailInstance(env);
      instances.push(first);
      await until(
        'the first 5 messages stored and moved',
        async () => (await stored()) === 5 && (await inInbox()) === 0,
      );
      assert.match((await leaseHolder(test.database, leaseName())) ?? '', new RegExp(`:${first.pid}:`));

      const second = await startMailInstance(env);
      instances.push(second);
      await until('the second instance to see that the mailbox is taken', async () =>
        /another instance polls the mailbox/.test(second.output()),
      );
      await append(3, 'b');
      // The log line comes after the commit and the move, so wait for it too rather than read it at once.
      await until(
        '3 more stored and moved',
        async () => (await stored()) === 8 && (await inInbox()) === 0 && storedBy(first).stored === 8,
      );
      assert.equal(storedBy(first).stored, 8, 'the first instance stored everything while it lived');
      assert.equal(storedBy(second).stored, 0, 'the second did not poll while the first held the lease');
      assert.deepEqual([await polling(first), await polling(second)], [1, 0], 'the metrics say who polls');

      first.child.kill('SIGKILL');
      await first.exited;
      await append(4, 'c');
      await until(
        'the second instance to take over and store the 4 new ones',
        async () => (await stored()) === 12 && (await inInbox()) === 0 && storedBy(second).stored === 4,
      );
      assert.match((await leaseHolder(test.database, leaseName())) ?? '', new RegExp(`:${second.pid}:`));
      assert.match(second.output(), /this instance polls the mailbox \(lease taken\)/);
      assert.equal(storedBy(second).stored, 4);
      assert.equal(await polling(second), 1);
      const total = storedBy(first).duplicates + storedBy(second).duplicates;
      assert.equal(total, 0, 'no message was fetched and handed over twice');
      const processed = await admin.status('Redress-Processed', { messages: true });
      assert.equal(processed ? processed.messages : 0, 12);

      // A clean stop gives the lease up at once.
      second.child.kill('SIGTERM');
      assert.equal(await second.exited, 0);
      assert.equal(await leaseHolder(test.database, leaseName()), null);
    });
  });
}
