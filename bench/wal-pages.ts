// What a commit of the intake writes on SQLite: the pages each transaction adds to the write-ahead log, by the table
// or index they belong to. Every page written to the log is written again to the database at the next checkpoint,
// so the pages per message are much of the cost of filing beyond its JavaScript: the ceiling of the ingest
// benchmark, which stores each raw message in one table with one index, writes one or two.
// Files 500 generated complaints to warm the tables, empties the log, files 100 transactions of N messages each
// (one new case each, as the SMTP listener's sessions arrive together), then reads the log's frame headers (each
// names its page) against SQLite's dbstat table (which page belongs to which B-tree).
// Usage: node bench/wal-pages.ts [messages per transaction=5] [tables and indexes listed=25]
import { readFileSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import { sql } from 'kysely';
import { createAppContext } from '../src/app/context.ts';
import { EmailIntake } from '../src/app/email-intake.ts';
import { prepareEmail } from '../src/app/receive-email.ts';
import { loadConfig } from '../src/config.ts';
import { createTestDatabase } from '../test/support/databases.ts';
import { complaint } from './support/complaints.ts';

const perCommit = Number(process.argv[2] ?? 5);
const listed = Number(process.argv[3] ?? 25);
const COMMITS = 100;
/** A frame of the log: a 24-byte header (its first 4 bytes are the page number), then the page. */
const PAGE = 4096;
const FRAME = PAGE + 24;

const test = await createTestDatabase('sqlite');
await sql`pragma wal_autocheckpoint = 0`.execute(test.database.db);
const path = test.url.replace(/^sqlite:(\/\/)?/, '');
const checkpointer = new SqliteDatabase(path);
const config = loadConfig({ env: {}, cwd: '/nonexistent' });
const ctx = createAppContext(config, test.database);
const intake = new EmailIntake(ctx, { readThreads: 0 });
const mailbox = config.mailboxes.find((m) => m.role === 'complaints')!;
const prepare = (i: number) => prepareEmail(ctx, { raw: complaint(i), mailbox, door: 'smtp' });
try {
  for (let i = 0; i < 500; i++) await intake.receivePrepared(await prepare(i));
  checkpointer.pragma('wal_checkpoint(TRUNCATE)');
  const prepared = [];
  for (let i = 0; i < COMMITS * perCommit; i++) prepared.push(await prepare(1_000 + i));
  for (let i = 0; i < prepared.length; i += perCommit)
    await Promise.all(prepared.slice(i, i + perCommit).map((p) => intake.receivePrepared(p)));
  const log = readFileSync(`${path}-wal`);
  const owner = new Map(
    (
      checkpointer.prepare('select pageno, name from dbstat').all() as Array<{ pageno: number; name: string }>
    ).map((r) => [r.pageno, r.name]),
  );
  const pages = new Map<string, number>();
  let frames = 0;
  for (let at = 32; at + FRAME <= log.length; at += FRAME, frames++) {
    const name = owner.get(log.readUInt32BE(at)) ?? '(free)';
    pages.set(name, (pages.get(name) ?? 0) + 1);
  }
  process.stdout.write(
    `${perCommit} messages per commit: ${(frames / COMMITS).toFixed(1)} pages per commit, ${(frames / COMMITS / perCommit).toFixed(1)} per message, in ${pages.size} tables and indexes\n`,
  );
  for (const [name, n] of [...pages].sort((a, b) => b[1] - a[1]).slice(0, listed))
    process.stdout.write(`  ${(n / COMMITS).toFixed(1).padStart(6)}  ${name}\n`);
} finally {
  await intake.close();
  checkpointer.close();
  await test.drop();
}
