// The ingest benchmark's ceiling: the least an SMTP-to-database store can do on this machine, run as its own
// process like `redress start`. It uses the same SMTP library (smtp-server) and the same database engine with
// the same durability as Redress, and does nothing else: no reading, no filing, no acknowledgement. So the
// ratio "Redress / ceiling" measured in one run says how much of what the machine allows Redress achieves,
// which carries from one machine to another where absolute messages per second do not.
//
// What it keeps equal to Redress:
// - "250 after commit": a message is answered only once the transaction holding it has committed;
// - group commit: the messages that arrive while a transaction runs are committed together in the next one
//   (up to 100), one transaction at a time, as src/app/email-intake.ts does;
// - SQLite: WAL with synchronous=NORMAL, IMMEDIATE transactions, and checkpoints on a background thread
//   (src/adapters/db/checkpointer.ts), as the server opens its database; PostgreSQL: the server's defaults
//   (synchronous_commit on), one multi-row insert per transaction;
// - each message stored raw, keyed by its SHA-256, as originals are.
//
// Usage: node bench/support/ceiling-smtp.ts DATABASE_URL. It prints `ceiling listening on PORT` once ready
// and stops on SIGTERM.
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import SqliteDatabase from 'better-sqlite3';
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { startCheckpointer } from '../../src/adapters/db/checkpointer.ts';
import { sqlitePathOf } from '../../src/adapters/db/database.ts';

const MAX_BATCH = 100;
const url = process.argv[2];
if (!url) throw new Error('usage: ceiling-smtp.ts DATABASE_URL');

interface Job {
  key: string;
  raw: Buffer;
  done(error: Error | null): void;
}

/** Commits one group of messages; resolves after COMMIT. */
type Store = (jobs: Job[]) => Promise<void>;

async function openStore(): Promise<{ store: Store; close(): Promise<void> }> {
  if (url!.startsWith('sqlite:')) {
    const path = sqlitePathOf(url!);
    const db = new SqliteDatabase(path, { timeout: 30_000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('cache_size = -16384');
    db.pragma('wal_autocheckpoint = 0');
    db.exec('create table if not exists bench_ceiling (sha256 text primary key, raw blob not null)');
    const checkpointer = startCheckpointer(path, () => db.pragma('wal_autocheckpoint = 1000'));
    const insert = db.prepare('insert into bench_ceiling (sha256, raw) values (?, ?) on conflict do nothing');
    const commit = db.transaction((jobs: Job[]) => {
      for (const j of jobs) insert.run(j.key, j.raw);
    });
    return {
      store: async (jobs) => {
        commit.immediate(jobs);
      },
      async close() {
        await checkpointer.stop();
        db.close();
      },
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(
    'create table if not exists bench_ceiling (sha256 text primary key, raw bytea not null)',
  );
  return {
    store: async (jobs) => {
      const values = jobs.map((_, i) => `($${2 * i + 1}, $${2 * i + 2})`).join(', ');
      await client.query('begin');
      try {
        await client.query(
          `insert into bench_ceiling (sha256, raw) values ${values} on conflict do nothing`,
          jobs.flatMap((j) => [j.key, j.raw]),
        );
        await client.query('commit');
      } catch (e) {
        await client.query('rollback').catch(() => {});
        throw e;
      }
    },
    close: () => client.end(),
  };
}

const { store, close } = await openStore();
let pending: Job[] = [];
let running = false;

/** One transaction at a time; whatever arrived meanwhile forms the next group. */
async function drain(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (pending.length) {
      const group = pending.slice(0, MAX_BATCH);
      pending = pending.slice(group.length);
      try {
        await store(group);
        for (const j of group) j.done(null);
      } catch (e) {
        for (const j of group) j.done(e as Error);
      }
    }
  } finally {
    running = false;
  }
}

const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['AUTH', 'STARTTLS'],
  disableReverseLookup: true,
  logger: false,
  size: 25 * 1024 * 1024,
  onData(stream, _session, callback) {
    const chunks: Buffer[] = [];
    stream.on('data', (c: Buffer) => chunks.push(c));
    stream.on('end', () => {
      const raw = Buffer.concat(chunks);
      pending.push({
        key: createHash('sha256').update(raw).digest('hex'),
        raw,
        done: (error) =>
          error ? callback(Object.assign(error, { responseCode: 451 })) : callback(null, 'stored'),
      });
      // Let the messages whose data is already in hand join this group before it starts.
      setImmediate(() => void drain());
    });
  },
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`ceiling listening on ${(server.server.address() as AddressInfo).port}\n`);
});
process.on('SIGTERM', () => {
  server.close(() => void close().then(() => process.exit(0)));
});
