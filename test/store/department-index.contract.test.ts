// Whether a case was sent to a department (a report filter's department that is not configured any more) is asked
// of an index, not of the whole cases table (migration 202612062110-cases-department): a misspelt department name
// would otherwise cost a read of every case. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { caseInDepartmentExists } from '../../src/adapters/db/case-page.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { planOf } from '../support/query-plans.ts';

for (const engine of ENGINES)
  describe(`cases sent to a department (${engine})`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
    });
    after(() => tdb.drop());

    it('are looked up through the department index', async () => {
      const db = tdb.database.db;
      // The repository's own query, as it is sent.
      const query = db
        .selectFrom('cases')
        .select('id')
        .where('department', '=', 'Billing')
        .limit(1)
        .compile();
      const plan = await planOf(db, engine, query);
      assert.match(plan, /cases_department/, plan);
      assert.equal(await caseInDepartmentExists(db, 'Billing'), false);
    });
  });
