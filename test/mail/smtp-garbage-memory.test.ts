// While a large message arrives, the SMTP listener copies each piece read from the socket into the message's shared
// buffer and drops it; the dropped pieces (and smtp-server's copies of them) live in the C library's memory until
// the young generation of the SMTP thread is collected, and the most they ever take stays the server's (a C-library
// arena seldom gives memory back). So the listener collects it after every COLLECT_YOUNG_EVERY bytes. Here: a
// 24 MiB message through a listener on a thread of its own, as the server runs it, and the collections of that
// thread's young generation counted while it arrives.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { COLLECT_YOUNG_EVERY } from '../../src/adapters/mail/smtp-listener.ts';

const MiB = 1024 * 1024;
const SIZE = 24 * MiB;

/**
 * The listener on a worker thread (as src/app/smtp-worker.ts runs it): says its port, then, when asked, how many
 * collections of its young generation there were since.
 */
const LISTENER = `
import { parentPort } from 'node:worker_threads';
import { PerformanceObserver, constants } from 'node:perf_hooks';
let minor = 0;
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) if (e.detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) minor++;
}).observe({ entryTypes: ['gc'] });
parentPort.on('message', () => setTimeout(() => parentPort.postMessage(minor), 100));
const { startSmtpListener } = await import(${JSON.stringify(new URL('../../src/adapters/mail/smtp-listener.ts', import.meta.url).href)});
const { collectGarbage } = await import(${JSON.stringify(new URL('../../src/adapters/os/collect.ts', import.meta.url).href)});
const { createLogger } = await import(${JSON.stringify(new URL('../../src/adapters/log/logger.ts', import.meta.url).href)});
const listener = await startSmtpListener({
  host: '127.0.0.1',
  port: 0,
  maxMessageBytes: 25 * 1024 * 1024,
  mailboxes: () => [{ name: 'complaints', address: 'complaint@example.org', role: 'complaints', language: 'fr' }],
  receive: async () => {
    setImmediate(collectGarbage);
    return { correspondenceId: 'c1', duplicate: false };
  },
  logger: createLogger('warn'),
});
parentPort.postMessage(listener.port);
`;

/** Sends one message of SIZE bytes from a child process (its memory is not this process's). */
const CLIENT = `
const net = require('node:net');
const line = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\\r\\n';
const head = 'From: a@example.net\\r\\nTo: complaint@example.org\\r\\nSubject: x\\r\\n\\r\\n';
const body = Buffer.from(head + line.repeat(Math.floor((${SIZE} - head.length) / line.length)) + '.\\r\\n');
const s = net.connect(Number(process.argv[1]), '127.0.0.1');
const steps = ['EHLO x\\r\\n', 'MAIL FROM:<a@example.net>\\r\\n', 'RCPT TO:<complaint@example.org>\\r\\n', 'DATA\\r\\n', body, 'QUIT\\r\\n'];
let buffered = '';
s.on('data', (d) => {
  buffered += d;
  for (let i = buffered.indexOf('\\r\\n'); i >= 0; i = buffered.indexOf('\\r\\n')) {
    const reply = buffered.slice(0, i);
    buffered = buffered.slice(i + 2);
    if (reply[3] === '-') continue;
    if (!/^(220|250|354|221)/.test(reply)) { console.error(reply); process.exit(1); }
    const next = steps.shift();
    if (next) s.write(next); else s.end();
  }
});
`;

describe('the SMTP listener while a large message arrives', { skip: process.platform !== 'linux' }, () => {
  it(`collects the SMTP thread's young generation after every ${COLLECT_YOUNG_EVERY / MiB} MiB of it`, async () => {
    const worker = new Worker(new URL(`data:text/javascript,${encodeURIComponent(LISTENER)}`), {
      resourceLimits: { maxYoungGenerationSizeMb: 8 },
    });
    try {
      const [port] = (await once(worker, 'message')) as [number];
      worker.postMessage('count');
      const [before] = (await once(worker, 'message')) as [number];
      const client = spawn(process.execPath, ['-e', CLIENT, String(port)], {
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      const [code] = (await once(client, 'exit')) as [number];
      assert.equal(code, 0);
      worker.postMessage('count');
      const [after] = (await once(worker, 'message')) as [number];
      // About one a MiB; far fewer when the listener waited for 4 MiB.
      assert.ok(
        after - before >= SIZE / MiB / 2,
        `${after - before} collections for a ${SIZE / MiB} MiB message`,
      );
    } finally {
      await worker.terminate();
    }
  });
});
