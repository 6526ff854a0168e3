// The sweep finds the open complaints whose stored due key may disagree with the rule (adapters/db/due-key.repo.ts
// dueKeysApart, dueKeysUngiven) through the partial indexes that hold only them (migrations
// 202612062340-due-key-apart, 202612070050-due-key-ungiven), not by reading every case each minute. The
// repository's own queries, as they are sent, on SQLite and PostgreSQL; the seeded database is small, so PostgreSQL
// is told not to read whole tables, to show which index serves.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dueKeysApart, dueKeysUngiven } from '../../src/adapters/db/due-key.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { lastQueryOf, planOf } from '../support/query-plans.ts';

for (const engine of ENGINES)
  describe(`due keys apart from their given key (${engine})`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(() => tdb.drop());

    it('are found through the partial index of the open cases whose key is not the given key', async () => {
      const { db } = tdb.database;
      const query = await lastQueryOf(db, async (caught) =>
        assert.deepEqual(await dueKeysApart(caught, '', 200), []),
      );
      const plan = await planOf(db, engine, query, { noSort: true });
      assert.match(plan, /cases_due_key_apart/, plan);
      if (engine === 'sqlite') assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
      else assert.doesNotMatch(plan, /^\s*(->\s*)?Sort\b/m, plan);
    });

    it('and those an older instance wrote without a given key, through the partial index of those', async () => {
      const { db } = tdb.database;
      const query = await lastQueryOf(db, async (caught) =>
        assert.deepEqual(await dueKeysUngiven(caught, '', 200), []),
      );
      const plan = await planOf(db, engine, query, { noSort: true });
      assert.match(plan, /cases_due_key_ungiven/, plan);
      if (engine === 'sqlite') assert.doesNotMatch(plan, /TEMP B-TREE/, plan);
      else assert.doesNotMatch(plan, /^\s*(->\s*)?Sort\b/m, plan);
    });
  });
