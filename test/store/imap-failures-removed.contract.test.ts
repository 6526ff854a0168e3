// The failures counted for an IMAP mailbox (imap_failures), and the messages it skips for good (imap_skipped), are
// forgotten by its poller; a mailbox removed from the configuration has none left, so its rows are removed when the
// mail doors start (forgetRemovedMailboxes), except while an instance still holds its lease (one running the older
// configuration during an upgrade polls it).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  databaseFailureLog,
  forgetRemovedMailboxes,
  imapMailboxName,
} from '../../src/adapters/db/imap-failures.repo.ts';
import { databaseLease } from '../../src/adapters/db/leases.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

for (const engine of ENGINES) {
  describe(`failures of IMAP mailboxes no longer configured (${engine})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(engine);
    });
    after(async () => {
      await t?.drop();
    });

    const mailboxes = async (table: 'imap_failures' | 'imap_skipped' = 'imap_failures') =>
      (await t.database.db.selectFrom(table).select('mailbox').distinct().orderBy('mailbox').execute()).map(
        (r) => r.mailbox,
      );

    it('are removed, those of configured mailboxes and of mailboxes whose lease is held are kept', async () => {
      const kept = imapMailboxName({ user: 'kept', host: 'imap.example.org', port: 993, folder: 'INBOX' });
      const removed = imapMailboxName({ user: 'gone', host: 'imap.example.org', port: 993, folder: 'INBOX' });
      // The same account, another folder: another mailbox, no longer configured.
      const otherFolder = imapMailboxName({
        user: 'kept',
        host: 'imap.example.org',
        port: 993,
        folder: 'Old',
      });
      const stillPolled = imapMailboxName({
        user: 'old',
        host: 'imap.example.org',
        port: 993,
        folder: 'INBOX',
      });
      assert.equal(kept, 'imap:kept@imap.example.org:993/INBOX');
      const at = '2026-12-06T10:00:00.000Z';
      for (const name of [kept, removed, otherFolder, stillPolled]) {
        const log = databaseFailureLog(t.database, name);
        await log.count('7', 1, 'boom', at);
        await log.count('7', 2, 'boom', at);
        await log.skip('7', [3], 'set_aside', at);
      }
      // An instance with the older configuration polls `stillPolled` now.
      const lease = databaseLease(t.database, stillPolled, 'host:1:older', 60);
      assert.equal(await lease.acquire(), true);

      assert.deepEqual(
        (await forgetRemovedMailboxes(t.database, [kept])).sort(),
        [otherFolder, removed].sort(),
      );
      assert.deepEqual(await mailboxes(), [kept, stillPolled].sort());
      assert.deepEqual(await mailboxes('imap_skipped'), [kept, stillPolled].sort());
      assert.equal(
        (await databaseFailureLog(t.database, kept).failing()).length,
        2,
        'both messages still counted',
      );
      assert.deepEqual(await databaseFailureLog(t.database, kept).skipped(), [
        { uidValidity: '7', uid: 3, reason: 'set_aside' },
      ]);

      // Once that instance gives the lease up (restarted with the new configuration, or stopped), they go too.
      await lease.release();
      assert.deepEqual(await forgetRemovedMailboxes(t.database, [kept]), [stillPolled]);
      assert.deepEqual(await mailboxes(), [kept]);

      // With no IMAP mailbox configured at all, every row goes.
      assert.deepEqual(await forgetRemovedMailboxes(t.database, []), [kept]);
      assert.deepEqual(await mailboxes(), []);
      assert.deepEqual(await mailboxes('imap_skipped'), []);
    });
  });
}
