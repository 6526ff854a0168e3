// A mail instance whose SMTP listener is gone is alive but does not do its work: the mail server that relays to it
// queues every message. Its /readyz says so (503, reason "smtp") from the moment the listener's thread stops until a
// new one listens, as it says an unreachable database; and a new thread is tried until one listens, also when the
// first try finds the address taken.
import assert from 'node:assert/strict';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import { describe, it } from 'node:test';
import type { Worker } from 'node:worker_threads';
import { loadConfig } from '../../src/config.ts';
import { createTestDatabase, ENGINES } from '../support/databases.ts';
import { until } from '../support/until.ts';
import { freePort } from './support/dovecot.ts';

// Every thread the server starts, with the file it runs: the test stops the SMTP thread as a crash would.
const threads = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
const started: Array<{ file: string; worker: Worker }> = [];
const Original = threads.Worker;
threads.Worker = class extends Original {
  constructor(...args: ConstructorParameters<typeof Original>) {
    super(...args);
    started.push({ file: String(args[0]), worker: this });
  }
};
syncBuiltinESMExports();
const { startRedress } = await import('../../src/main.ts');

const DOWN = { status: 503, body: { status: 'not_ready', reason: 'smtp' } };
const smtpThreads = () => started.filter((t) => t.file.endsWith('smtp-worker.ts')).length;

/** Whether an SMTP server greets on the port (220). */
function smtpAnswers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('data', (d) => {
      socket.destroy();
      resolve(d.toString().startsWith('220'));
    });
    socket.once('error', () => resolve(false));
  });
}

for (const engine of ENGINES)
  describe(`readiness of a mail instance (${engine})`, () => {
    it('is 503 "smtp" while the SMTP thread is down, and ready again once a new one listens', async () => {
      const tdb = await createTestDatabase(engine);
      const smtpPort = await freePort();
      const running = await startRedress(
        loadConfig({
          cwd: '/nonexistent',
          env: {
            REDRESS_DATABASE_URL: tdb.url,
            REDRESS_ROLE: 'mail',
            REDRESS_PORT: '0',
            REDRESS_SMTP_PORT: String(smtpPort),
            REDRESS_READ_THREADS: '1',
            REDRESS_LOG_LEVEL: 'silent',
          },
        }),
      );
      try {
        const ready = async () => {
          const res = await fetch(new URL('/readyz', running.httpUrl));
          return { status: res.status, body: (await res.json()) as unknown };
        };
        assert.deepEqual(await ready(), { status: 200, body: { status: 'ready' } });
        const smtp = started.filter((t) => t.file.endsWith('smtp-worker.ts'));
        assert.equal(smtp.length, 1, started.map((t) => t.file).join(', '));
        // The thread stops as in a crash, and another process takes its address before a new thread starts (a
        // second later): the new one cannot listen, and the instance is without its listener until it can.
        await smtp[0]!.worker.terminate();
        const squatter = net.createServer();
        await new Promise<void>((resolve, reject) => {
          squatter.once('error', reject);
          squatter.listen(smtpPort, '127.0.0.1', resolve);
        });
        try {
          await until(
            '/readyz says the SMTP listener is down',
            async () => JSON.stringify(await ready()) === JSON.stringify(DOWN),
          );
          await until('a new thread tried to listen', () => smtpThreads() >= 2);
          assert.deepEqual(await ready(), DOWN);
        } finally {
          await new Promise((resolve) => squatter.close(resolve));
        }
        // Tried again until it listens.
        await until('ready again with a new SMTP thread', async () => (await ready()).status === 200);
        assert.ok(await smtpAnswers(smtpPort), 'the listener greets');
      } finally {
        await running.stop();
        started.length = 0;
        await tdb.drop();
      }
    });
  });
