// The outbox benchmark's receiving end: an SMTP server (smtp-server, as the tests' sink) that accepts every
// message, keeps nothing but a count per Message-ID, and answers 250 once the message has been read. It runs as
// its own process, so that what it costs is not counted against the sender it measures; the ceiling and Redress
// send to the same sink.
//
// Usage: node bench/support/smtp-sink.ts (with an IPC channel). It prints `sink listening on PORT` once ready,
// answers the message `stats` with { total, distinct, firstAt, warmAt, lastAt } (times as performance.timeOrigin +
// performance.now(), comparable between processes of one machine; `warmAt` is when the BENCH_SINK_WARM-th message
// arrived, 0 before), `reset` with the same after clearing them, and stops on SIGTERM.
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

const seen = new Map<string, number>();
let total = 0;
let firstAt = 0;
let warmAt = 0;
let lastAt = 0;
/** The messages that warm the sender up (its code compiled, its connections open): the clock starts after them. */
const WARM = Number(process.env.BENCH_SINK_WARM ?? 0);
const now = () => performance.timeOrigin + performance.now();

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS'],
  logger: false,
  // Several senders open many connections at once; smtp-server's default of 100 clients is plenty, but say so.
  maxClients: 1000,
  onData(stream, _session, callback) {
    // The Message-ID sits in the header, at the start: look for it in the first chunks only.
    let head = '';
    stream.on('data', (chunk: Buffer) => {
      if (head.length < 16_384) head += chunk.toString('latin1');
    });
    stream.on('end', () => {
      const id = /^Message-ID:\s*(<[^>]+>)/im.exec(head)?.[1] ?? '(none)';
      seen.set(id, (seen.get(id) ?? 0) + 1);
      total++;
      lastAt = now();
      if (total === 1) firstAt = lastAt;
      if (total === WARM) warmAt = lastAt;
      callback();
    });
  },
});

const stats = () => ({ total, distinct: seen.size, firstAt, warmAt, lastAt });

process.on('message', (m: unknown) => {
  if (m === 'reset') {
    seen.clear();
    total = 0;
    firstAt = 0;
    warmAt = 0;
    lastAt = 0;
  }
  process.send?.(stats());
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`sink listening on ${(server.server.address() as AddressInfo).port}\n`);
});
