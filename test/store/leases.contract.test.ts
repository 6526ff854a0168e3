// Leases on both engines: one holder at a time; the holder renews; another takes over only once the lease has
// run out; a release lets another take it at once; a release by someone else changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { databaseLease, leaseHolder } from '../../src/adapters/db/leases.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

for (const engine of ENGINES) {
  describe(`leases (${engine})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(engine);
    });
    after(async () => {
      await t?.drop();
    });

    it('one holder at a time, renewal, takeover after expiry, release', async () => {
      const a = databaseLease(t.database, 'imap:x', 'host:1:a', 60);
      const b = databaseLease(t.database, 'imap:x', 'host:2:b', 60);
      assert.equal(await a.acquire(), true);
      assert.equal(await b.acquire(), false, 'held by a');
      assert.equal(await a.acquire(), true, 'a renews');
      assert.equal(await leaseHolder(t.database, 'imap:x'), 'host:1:a');
      await b.release();
      assert.equal(await leaseHolder(t.database, 'imap:x'), 'host:1:a', 'b cannot release what a holds');

      // a's lease runs out (renewed for a negative time: already past on the database's clock).
      const aShort = databaseLease(t.database, 'imap:x', 'host:1:a', -1);
      assert.equal(await aShort.acquire(), true);
      assert.equal(await leaseHolder(t.database, 'imap:x'), null, 'run out');
      assert.equal(await b.acquire(), true, 'b takes over');
      assert.equal(await a.acquire(), false, 'a has lost it');
      await b.release();
      assert.equal(await leaseHolder(t.database, 'imap:x'), null);
      assert.equal(await a.acquire(), true, 'free again');
      // Another name is another lease.
      assert.equal(await databaseLease(t.database, 'imap:y', 'host:2:b', 60).acquire(), true);
    });

    it('of many racing for a free lease, exactly one gets it', async () => {
      const racers = Array.from({ length: 8 }, (_, i) =>
        databaseLease(t.database, 'race', `host:${i}:r`, 60),
      );
      const got = await Promise.all(racers.map((r) => r.acquire()));
      assert.equal(got.filter(Boolean).length, 1);
    });
  });
}
