// The database unreachable (PostgreSQL) or the disk full (SQLite) while mail arrives by each of the three doors:
// the SMTP door answers 451 (the sending MTA keeps the message and retries), `redress ingest` exits 75
// (EX_TEMPFAIL: Postfix keeps it and retries), and the IMAP poller leaves the message in the mailbox. Once the
// database is back, the same deliveries store every message, each exactly once, and what was stored before the
// fault is still there. Real processes throughout: `redress start` and `redress ingest` as child processes,
// a real SMTP exchange, a private Dovecot, a TCP proxy that cuts PostgreSQL off, a tmpfs that really fills up.
import assert from 'node:assert/strict';
import { closeSync, openSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { type Database, openDatabase } from '../../src/adapters/db/database.ts';
import { DOVECOT_MISSING, type Dovecot, startDovecot } from '../mail/support/dovecot.ts';
import { messageIdOf, rawMessage } from '../mail/support/messages.ts';
import { runRedress, type ServerProcess, startServer } from '../mail/support/server.ts';
import { createTestDatabase, ENGINES, PG_ADMIN_URL, type TestDatabase } from '../support/databases.ts';
import {
  type CuttableProxy,
  type SmallDisk,
  smallDisk,
  smtpSend,
  startProxy,
  until,
  urlThrough,
} from './support.ts';

/** How many times each Message-ID is stored as inbound correspondence. */
async function storedTimes(database: Database, raws: Buffer[]): Promise<number[]> {
  const ids = raws.map(messageIdOf);
  const rows = await database.db
    .selectFrom('correspondence')
    .select('message_id')
    .where('direction', '=', 'in')
    .where('message_id', 'in', ids)
    .execute();
  return ids.map((id) => rows.filter((r) => r.message_id === id).length);
}

/** Fills the file system of `dir` to the last block; returns the filler's path (delete it to free the space). */
function fillDisk(dir: string): string {
  const path = join(dir, 'filler');
  const fd = openSync(path, 'w');
  try {
    for (let size = 1024 * 1024; size >= 512; ) {
      try {
        writeSync(fd, Buffer.alloc(size, 1));
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e;
        size /= 2;
      }
    }
  } finally {
    closeSync(fd);
  }
  return path;
}

interface Fault {
  /** The server's database URL. */
  url: string;
  /** A connection of the test's own, to look at what was stored (never cut off). */
  database: Database;
  /** How large each test message is: large enough that storing it needs new space on a full disk. */
  bodyBytes(): number;
  break(): void;
  mend(): void;
  close(): Promise<void>;
}

async function postgresFault(): Promise<Fault> {
  const test: TestDatabase = await createTestDatabase('postgres');
  const upstream = new URL(PG_ADMIN_URL);
  const proxy: CuttableProxy = await startProxy({
    host: upstream.hostname,
    port: Number(upstream.port || 5432),
  });
  return {
    url: urlThrough(test.url, proxy),
    database: test.database,
    bodyBytes: () => 2000,
    break: () => proxy.cut(),
    mend: () => proxy.restore(),
    async close() {
      await proxy.close();
      await test.drop();
    },
  };
}

async function sqliteFault(disk: SmallDisk): Promise<Fault> {
  const file = join(disk.dir, 'redress.db');
  const url = `sqlite:${file}`;
  const database = await openDatabase(url);
  let filler: string | null = null;
  const size = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  return {
    url,
    database,
    // SQLite writes into its write-ahead log, and reuses the log's space after a checkpoint: a message larger
    // than the log needs new blocks, which a full disk does not have.
    bodyBytes: () => Math.max(1024 * 1024, size(`${file}-wal`) + 512 * 1024),
    break() {
      filler = fillDisk(disk.dir);
    },
    mend() {
      if (filler) unlinkSync(filler);
      filler = null;
    },
    async close() {
      await database.close();
    },
  };
}

const engines = ENGINES.map((engine) => ({ engine, disk: engine === 'sqlite' ? smallDisk(96) : null }));

for (const { engine, disk } of engines) {
  const skip = DOVECOT_MISSING || (typeof disk === 'string' ? disk : false);
  const what = engine === 'postgres' ? 'the database unreachable' : 'the disk full';
  describe(`${what} during intake (${engine})`, { skip }, () => {
    let dovecot: Dovecot;
    let imap: ImapFlow;
    let fault: Fault;
    let server: ServerProcess | null = null;

    before(async () => {
      dovecot = await startDovecot();
      imap = new ImapFlow({
        host: '127.0.0.1',
        port: dovecot.port,
        secure: false,
        auth: { user: dovecot.user, pass: dovecot.password },
        logger: false,
      });
      await imap.connect();
      fault = engine === 'postgres' ? await postgresFault() : await sqliteFault(disk as SmallDisk);
    });
    after(async () => {
      await server?.kill();
      await imap?.logout().catch(() => {});
      await dovecot?.stop();
      await fault?.close();
      if (disk && typeof disk !== 'string') disk.remove();
    });

    const inFolder = async (folder: string) => {
      const s = await imap.status(folder, { messages: true }).catch(() => false as const);
      return s ? (s.messages ?? 0) : 0;
    };

    it('SMTP answers 451, the pipe exits 75, IMAP leaves the message; once mended each is stored once', async () => {
      server = await startServer(fault.url, {
        REDRESS_LOG_LEVEL: 'warn',
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
            leaseSeconds: 3,
          },
        ]),
      });
      const message = (tag: string) =>
        rawMessage({
          from: `Fault ${tag} <fault-${tag}@example.net>`,
          body: `A complaint sent while the database was away (${tag}).\n${'x'.repeat(fault.bodyBytes())}`,
        });

      // Before the fault: stored as usual.
      const before = message('before');
      assert.equal(await smtpSend(server.smtpPort, before, server.output), 250, server.output());

      const bySmtp = message('smtp');
      const byPipe = message('pipe');
      const byImap = message('imap');
      const env = { REDRESS_DATABASE_URL: fault.url, REDRESS_LOG_LEVEL: 'warn' };

      fault.break();
      const logBefore = server.output().length;
      assert.equal(await smtpSend(server.smtpPort, bySmtp, server.output), 451, server.output());
      // The log line may reach us a moment after the reply.
      await until('the server to log why it answered 451', () =>
        /could not store a message; answered 451/.test(server!.output().slice(logBefore)),
      );
      const piped = await runRedress(['ingest', '--quiet', '-m', 'complaints'], byPipe, env);
      assert.equal(piped.code, 75, piped.stderr);
      assert.match(piped.stderr, /the message was NOT stored \(retry later\)/);
      await imap.append('INBOX', byImap);
      // The poller either cannot renew its lease (and does not poll) or cannot store the message (and leaves it):
      // wait for it to say so, then look at the mailbox.
      await until('the IMAP poller to meet the fault', () =>
        /could not take or renew the lease|a message could not be stored \(the database\?\); it stays/.test(
          server!.output().slice(logBefore),
        ),
      );
      assert.equal(await inFolder('INBOX'), 1, 'the message is still in the mailbox');
      assert.equal(await inFolder('Redress-Processed'), 0);
      assert.deepEqual(await storedTimes(fault.database, [before, bySmtp, byPipe, byImap]), [1, 0, 0, 0]);

      fault.mend();
      // What the MTAs do: try again. The first attempt after the fault may still meet a connection the pool
      // has not yet found dead; an MTA retries that too.
      let code = 0;
      for (let attempt = 0; attempt < 5 && code !== 250; attempt++) {
        code = await smtpSend(server.smtpPort, bySmtp, server.output);
        if (code !== 250) await new Promise((r) => setTimeout(r, 500));
      }
      assert.equal(code, 250, server.output());
      const again = await runRedress(['ingest', '--quiet', '-m', 'complaints'], byPipe, env);
      assert.equal(again.code, 0, again.stderr);
      await until(
        'the IMAP poller to store and move the message',
        async () => (await inFolder('INBOX')) === 0 && (await inFolder('Redress-Processed')) === 1,
      );
      // A second delivery of each (the MTA never saw our answer, say) is stored once.
      assert.equal(await smtpSend(server.smtpPort, bySmtp, server.output), 250);
      assert.equal((await runRedress(['ingest', '--quiet', '-m', 'complaints'], byPipe, env)).code, 0);
      assert.deepEqual(await storedTimes(fault.database, [before, bySmtp, byPipe, byImap]), [1, 1, 1, 1]);
      assert.equal(await server.stop(), 0, server.output());
      server = null;
    });
  });
}
