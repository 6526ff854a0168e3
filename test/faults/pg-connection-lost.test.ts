// PostgreSQL's connection lost while a transaction holds it between two statements (the server restarted, a
// network cut): the transaction fails and the database is used again once it is back, and the process goes on. A
// connection the pool has handed out has no listener for its errors of its own, and node-postgres turns an error
// without a listener into an uncaught exception: the whole server ended, SMTP sessions refused, whenever the cut
// came at that moment. Run in this process, such an exception fails the test.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { type Database, openDatabase } from '../../src/adapters/db/database.ts';
import { createTestDatabase, ENGINES, PG_ADMIN_URL, type TestDatabase } from '../support/databases.ts';
import { type CuttableProxy, startProxy, urlThrough } from './support.ts';

describe('PostgreSQL lost in the middle of a transaction', { skip: !ENGINES.includes('postgres') }, () => {
  let test: TestDatabase;
  let proxy: CuttableProxy;
  let database: Database;
  before(async () => {
    test = await createTestDatabase('postgres');
    const upstream = new URL(PG_ADMIN_URL);
    proxy = await startProxy({ host: upstream.hostname, port: Number(upstream.port || 5432) });
    database = await openDatabase(urlThrough(test.url, proxy));
  });
  after(async () => {
    await database?.close();
    await proxy?.close();
    await test?.drop();
  });

  it('fails that transaction only; the process goes on and the database answers once it is back', async () => {
    let cut: () => void = () => {};
    const between = new Promise<void>((resolve) => {
      cut = resolve;
    });
    const transaction = database.transaction(async (trx) => {
      await sql`select 1`.execute(trx);
      // The connection is lost while the transaction waits here, holding it.
      cut();
      await new Promise((r) => setTimeout(r, 300));
      await sql`select 2`.execute(trx);
    });
    await between;
    proxy.cut();
    await assert.rejects(transaction);
    // Give an unhandled error event the time to surface (it would fail this test as an uncaught exception).
    await new Promise((r) => setTimeout(r, 200));
    proxy.restore();
    let answered = false;
    for (let attempt = 0; attempt < 5 && !answered; attempt++)
      answered = await sql`select 1 as one`
        .execute(database.db)
        .then(() => true)
        .catch(() => false);
    assert.ok(answered, 'the database answers again');
  });
});
