// A PostgreSQL database closed before it ran any query leaves no connection open. Opening it takes a connection
// to see that the server answers and gives it back to the pool; Kysely ends the pool only when it has used it, so
// that idle connection stayed open until the pool's idle timeout and kept the process alive after its work (a
// command, a test file) was done.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openDatabase } from '../../src/adapters/db/database.ts';
import { createTestDatabase, ENGINES, type TestDatabase, withAdmin } from '../support/databases.ts';
import { until } from '../support/until.ts';

describe('a PostgreSQL database closed unused', { skip: !ENGINES.includes('postgres') }, () => {
  let test: TestDatabase;
  before(async () => {
    test = await createTestDatabase('postgres');
    await test.database.close();
  });
  after(async () => {
    await test?.drop();
  });

  const connections = () =>
    withAdmin(async (admin) => {
      const r = await admin.query<{ n: number }>(
        'select count(*)::int as n from pg_stat_activity where datname = $1',
        [new URL(test.url).pathname.slice(1)],
      );
      return r.rows[0]!.n;
    });

  it('keeps no connection to the server once closed', async () => {
    const database = await openDatabase(test.url);
    assert.ok((await connections()) > 0, 'opening connects');
    await database.close();
    // A backend ends a moment after its client said goodbye; far less than the pool's idle timeout of 10 s.
    await until('no connection left to the closed database', async () => (await connections()) === 0, 3_000);
  });
});
