// A `redress start --role mail` process polling a real Dovecot mailbox removes, as it starts, the failures counted
// for IMAP mailboxes that are no longer in its configuration (imap_failures rows nobody would ever forget), but
// keeps those of a mailbox whose lease another instance holds (it still runs the older configuration).
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { databaseFailureLog, imapMailboxName } from '../../src/adapters/db/imap-failures.repo.ts';
import { databaseLease, leaseHolder } from '../../src/adapters/db/leases.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { until } from '../support/until.ts';
import { DOVECOT_MISSING, type Dovecot, startDovecot } from './support/dovecot.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const TOKEN = 'metrics-token-of-the-removed-mailbox-test';

for (const engine of ENGINES) {
  describe(`failures of an IMAP mailbox removed from the configuration (${engine})`, {
    skip: DOVECOT_MISSING,
  }, () => {
    let dovecot: Dovecot;
    let test: TestDatabase;
    let child: ChildProcess | null = null;
    let exited: Promise<unknown> = Promise.resolve();

    before(async () => {
      dovecot = await startDovecot();
      test = await createTestDatabase(engine);
    });
    after(async () => {
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      await test?.drop();
      await dovecot?.stop();
    });

    const mailboxes = async () =>
      (
        await test.database.db
          .selectFrom('imap_failures')
          .select('mailbox')
          .distinct()
          .orderBy('mailbox')
          .execute()
      ).map((r) => r.mailbox);

    it('are removed when the mail doors start; those of a mailbox another instance still polls are kept', async () => {
      const configured = imapMailboxName({
        user: dovecot.user,
        host: '127.0.0.1',
        port: dovecot.port,
        folder: 'INBOX',
      });
      // The same account's old folder, and an account the configuration no longer names.
      const oldFolder = imapMailboxName({
        user: dovecot.user,
        host: '127.0.0.1',
        port: dovecot.port,
        folder: 'Old',
      });
      const removed = imapMailboxName({
        user: 'former',
        host: 'imap.example.org',
        port: 993,
        folder: 'INBOX',
      });
      const stillPolled = imapMailboxName({
        user: 'older',
        host: 'imap.example.org',
        port: 993,
        folder: 'INBOX',
      });
      for (const name of [oldFolder, removed, stillPolled])
        await databaseFailureLog(test.database, name).count(
          '42',
          7,
          'could not be stored',
          '2026-12-01T08:00:00.000Z',
        );
      const older = databaseLease(test.database, stillPolled, 'elsewhere:1:older', 600);
      assert.equal(await older.acquire(), true);

      child = spawn(process.execPath, [bin, 'start', '--role', 'mail'], {
        env: {
          ...process.env,
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
      const running = child;
      exited = new Promise((resolve) => running.on('exit', resolve));
      await until(
        'the instance polls the configured mailbox',
        async () => (await leaseHolder(test.database, configured)) !== null,
        60_000,
      );
      await until(
        'the failures of the removed mailboxes removed',
        async () => (await mailboxes()).length === 1,
        30_000,
      );
      assert.deepEqual(await mailboxes(), [stillPolled], out);
      // The log says which (written a moment later: the logger writes asynchronously).
      await until('the log to name them', () =>
        /removed the failures counted for mailboxes no longer configured/.test(out),
      );
      const said = out.split('\n').find((l) => l.includes('no longer configured'))!;
      assert.deepEqual(
        (JSON.parse(said) as { mailboxes: string[] }).mailboxes.sort(),
        [oldFolder, removed].sort(),
      );

      // /metrics names the configured mailbox only, with nothing failing.
      const url = /listening on (http:\/\/\S+)/.exec(out)![1]!;
      const body = await (
        await fetch(new URL('/metrics', url), { headers: { authorization: `Bearer ${TOKEN}` } })
      ).text();
      const failing = body.split('\n').filter((l) => l.startsWith('redress_imap_failing_messages{'));
      assert.deepEqual(failing, [
        `redress_imap_failing_messages{mailbox="${dovecot.user}@127.0.0.1/INBOX"} 0`,
      ]);
    });
  });
}
