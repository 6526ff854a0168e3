// The filing alone, in this process, on one thread: generated complaints are read first (not measured), then
// handed to the group-commit intake a few at a time (one transaction each, as the SMTP listener's sessions
// arrive together), and the CPU time of this thread is counted while they are filed. The write-ahead log is
// checkpointed between rounds, as the server's checkpoint thread does, and counted apart. Less noisy than a
// whole server on a shared machine (no SMTP, no reading threads): for comparing two versions of the filing.
// Usage: node bench/filing-cpu.ts [messages=1500] [messages per transaction=2] [rounds between checkpoints=20]
// FILING_SQL: statements run on the fresh database first, separated by `;` (to try a schema change, e.g. without
// an index, before writing its migration).
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { createAppContext } from '../src/app/context.ts';
import { EmailIntake } from '../src/app/email-intake.ts';
import { prepareEmail } from '../src/app/receive-email.ts';
import { loadConfig } from '../src/config.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { complaint } from './support/complaints.ts';

const count = Number(process.argv[2] ?? 1500);
const perBatch = Number(process.argv[3] ?? 2);
const checkpointEvery = Number(process.argv[4] ?? 20);
const WARMUP = 300;

const test = await createTestDatabase('sqlite');
await sql`pragma wal_autocheckpoint = 0`.execute(test.database.db);
for (const q of (process.env.FILING_SQL ?? '').split(';').filter((x) => x.trim()))
  await sql.raw(q).execute(test.database.db);
const checkpointer = new SqliteDatabase(test.url.replace(/^sqlite:(\/\/)?/, ''));
const checkpoint = checkpointer.prepare('pragma wal_checkpoint(PASSIVE)');
const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const ctx = createAppContext(config, test.database);
const intake = new EmailIntake(ctx, { readThreads: 0 });
const mailbox = config.mailboxes.find((m) => m.role === 'complaints')!;
const base = Date.now() % 1_000_000_000;
const prepare = (i: number) => prepareEmail(ctx, { raw: complaint(base + i), mailbox, door: 'smtp' });

const cpuUs = () => {
  const u = process.threadCpuUsage();
  return u.user + u.system;
};

async function file(from: number, n: number): Promise<{ filing: number; checkpoints: number }> {
  const prepared = [];
  for (let i = from; i < from + n; i++) prepared.push(await prepare(i));
  let filing = 0;
  let checkpoints = 0;
  for (let i = 0, round = 0; i < prepared.length; i += perBatch, round++) {
    const t0 = cpuUs();
    const done = await Promise.all(prepared.slice(i, i + perBatch).map((p) => intake.receivePrepared(p)));
    filing += cpuUs() - t0;
    if (done.some((d) => d.duplicate || d.filing !== 'case_opened'))
      throw new Error('not filed as a new case');
    if (round % checkpointEvery === checkpointEvery - 1) {
      const t1 = cpuUs();
      checkpoint.run();
      checkpoints += cpuUs() - t1;
    }
  }
  return { filing, checkpoints };
}

try {
  await file(0, WARMUP);
  checkpoint.run();
  const r = await file(WARMUP, count);
  process.stdout.write(
    `filing ${(r.filing / count).toFixed(0)} µs/message, checkpoints ${(r.checkpoints / count).toFixed(0)} µs/message (${count} messages, ${perBatch} per transaction)\n`,
  );
} finally {
  await intake.close();
  checkpointer.close();
  await test.drop();
}
