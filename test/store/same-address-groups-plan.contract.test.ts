// The list of records that share an address key (complainants.repo.ts sharedAddressGroups) groups the records not
// merged into another by their key: it reads the index of those keys alone (migration 202612062300), not every
// complainant row of the table to see whether it was merged. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sharedKeysQuery } from '../../src/adapters/db/complainants.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { planOf } from '../support/query-plans.ts';

for (const engine of ENGINES)
  describe(`the groups of records that share an address key (${engine})`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(() => tdb.drop());

    it('are read from the index of the keys of records not merged', async () => {
      const db = tdb.database.db;
      const query = sharedKeysQuery(db, { offset: 25, limit: 25 }).compile();
      const plan = await planOf(db, engine, query);
      assert.match(plan, /complainants_live_email_key/, plan);
      if (engine === 'sqlite') assert.match(plan, /COVERING INDEX complainants_live_email_key/, plan);
    });
  });
