// Whether a case was sent to a department (a report filter's department that is not configured any more) is asked
// of an index, not of the whole cases table (migration 202612062110-cases-department): a misspelt department name
// would otherwise cost a read of every case. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { caseInDepartmentExists } from '../../src/adapters/db/case-page.repo.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

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
      const plan = await db.transaction().execute(async (trx) => {
        if (engine === 'sqlite') {
          const rows = await trx.executeQuery<{ detail: string }>({
            ...query,
            sql: `explain query plan ${query.sql}`,
          });
          return rows.rows.map((r) => r.detail).join('\n');
        }
        // An empty table is cheapest to read whole: the planner is told not to, to show which index serves.
        await sql`set local enable_seqscan = off`.execute(trx);
        const rows = await trx.executeQuery<{ 'QUERY PLAN': string }>({
          ...query,
          sql: `explain ${query.sql}`,
        });
        return rows.rows.map((r) => r['QUERY PLAN']).join('\n');
      });
      assert.match(plan, /cases_department/, plan);
      assert.equal(await caseInDepartmentExists(db, 'Billing'), false);
    });
  });
