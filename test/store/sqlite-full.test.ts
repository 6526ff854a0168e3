// SQLite ends a whole transaction by itself on some errors (the disk full, an I/O error): it rolls it back before
// the error reaches us. What then reaches the caller must be that error, SQLITE_FULL, which the doors read as
// "try again later" (451, exit 75, the message left in the IMAP folder), and not the failure of a rollback with
// nothing left to roll back ("cannot rollback - no transaction is active"), which reads as a fault of the message.
// The disk is made full by a page limit (`max_page_count`), which SQLite answers as it does a full disk.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { inSavepoint } from '../../src/adapters/db/intake-lookups.repo.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

describe('SQLite: a transaction the disk ends', () => {
  let t: TestDatabase;
  before(async () => {
    t = await createTestDatabase('sqlite');
    await sql`create table filler (x blob)`.execute(t.database.db);
  });
  after(async () => {
    await t?.drop();
  });

  async function full(): Promise<void> {
    const pages = (await sql<{ page_count: number }>`pragma page_count`.execute(t.database.db)).rows[0]!
      .page_count;
    await sql.raw(`pragma max_page_count = ${pages + 2}`).execute(t.database.db);
  }
  async function roomy(): Promise<void> {
    await sql.raw('pragma max_page_count = 1073741823').execute(t.database.db);
  }
  const fill = async (db: typeof t.database.db) => {
    for (let i = 0; i < 50; i++) await sql`insert into filler values (randomblob(4000))`.execute(db);
  };

  it('fails with SQLITE_FULL, and the next transaction runs once there is room', async () => {
    await full();
    await assert.rejects(
      t.database.db.transaction().execute(fill),
      (e: { code?: string; message?: string }) =>
        e.code === 'SQLITE_FULL' || assert.fail(`${e.code}: ${e.message}`),
    );
    await roomy();
    await t.database.db.transaction().execute(async (trx) => {
      await sql`insert into filler values (x'00')`.execute(trx);
    });
  });

  it('fails with SQLITE_FULL out of a savepoint too (its rollback has nothing left to undo)', async () => {
    await full();
    let forgotten = false;
    await assert.rejects(
      t.database.db.transaction().execute((trx) =>
        inSavepoint(
          trx,
          'intake_message',
          () => fill(trx),
          () => {
            forgotten = true;
          },
        ),
      ),
      (e: { code?: string; message?: string }) =>
        e.code === 'SQLITE_FULL' || assert.fail(`${e.code}: ${e.message}`),
    );
    assert.ok(forgotten, 'what the savepoint held is forgotten');
    await roomy();
  });
});
