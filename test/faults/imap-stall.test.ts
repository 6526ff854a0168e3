// PostgreSQL behind a network that stops answering (packets dropped, nothing refused) while the IMAP poller works:
// storing gives no error, so without a time limit of its own the poller would wait forever and never poll the
// mailbox again. With REDRESS_SMTP_STORE_TIMEOUT_MS (the SMTP door's limit) the poller gives up on the round, says
// so, and leaves the message in the mailbox; once the network is back it stores the message, once, and moves it.
// Real processes: `redress start` as a child process, a private Dovecot, a TCP proxy in front of PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { DOVECOT_MISSING, type Dovecot, startDovecot } from '../mail/support/dovecot.ts';
import { messageIdOf, rawMessage } from '../mail/support/messages.ts';
import { type ServerProcess, startServer } from '../mail/support/server.ts';
import { createTestDatabase, ENGINES, PG_ADMIN_URL, type TestDatabase } from '../support/databases.ts';
import { type CuttableProxy, startProxy, until, urlThrough } from './support.ts';

describe('the network to PostgreSQL stalls while the IMAP poller stores', {
  skip: DOVECOT_MISSING || !ENGINES.includes('postgres'),
}, () => {
  let test: TestDatabase;
  let proxy: CuttableProxy;
  let dovecot: Dovecot;
  let imap: ImapFlow;
  let server: ServerProcess | null = null;
  before(async () => {
    test = await createTestDatabase('postgres');
    const upstream = new URL(PG_ADMIN_URL);
    proxy = await startProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    dovecot = await startDovecot();
    imap = new ImapFlow({
      host: '127.0.0.1',
      port: dovecot.port,
      secure: false,
      auth: { user: dovecot.user, pass: dovecot.password },
      logger: false,
    });
    await imap.connect();
  });
  after(async () => {
    await server?.kill();
    await imap?.logout().catch(() => {});
    await dovecot?.stop();
    await proxy?.close();
    await test?.drop();
  });

  const inFolder = async (folder: string) => {
    const s = await imap.status(folder, { messages: true }).catch(() => false as const);
    return s ? (s.messages ?? 0) : 0;
  };

  it('gives up on the round past the time limit, leaves the message, and stores it once the network is back', async () => {
    server = await startServer(urlThrough(test.url, proxy), {
      REDRESS_SMTP_STORE_TIMEOUT_MS: '5000',
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
          leaseSeconds: 30,
        },
      ]),
    });
    // Before the stall: stored and moved as usual.
    const first = rawMessage({ from: 'Vorher <vorher@example.net>' });
    await imap.append('INBOX', first);
    await until(
      'the first message to be stored and moved',
      async () => (await inFolder('Redress-Processed')) === 1,
    );

    const stalled = rawMessage({ from: 'Gestaut <gestaut@example.net>' });
    const logBefore = server.output().length;
    proxy.hang();
    await imap.append('INBOX', stalled);
    // Storing the message, or renewing the lease before the round, runs into the limit: the poller says so.
    await until('the poller to give up on the stalled database', () =>
      /(storing message UID \d+|taking the lease) took longer than 5000 ms/.test(
        server!.output().slice(logBefore),
      ),
    );
    assert.equal(await inFolder('INBOX'), 1, 'the message is still in the mailbox');
    assert.equal(await inFolder('Redress-Processed'), 1);

    proxy.restore();
    await until('the message to be stored and moved once the network is back', async () => {
      return (await inFolder('INBOX')) === 0 && (await inFolder('Redress-Processed')) === 2;
    });
    const rows = await test.database.db
      .selectFrom('correspondence')
      .select('message_id')
      .where('direction', '=', 'in')
      .execute();
    assert.deepEqual(
      rows.map((r) => r.message_id).sort(),
      [messageIdOf(first), messageIdOf(stalled)].sort(),
      'each stored once',
    );
    assert.equal(await server.stop(), 0, server.output());
    server = null;
  });
});
