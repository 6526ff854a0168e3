// The drill-down lists behind the report's rare figures (answered late, escalated) read their own partial indexes
// on both engines, instead of walking the receipt date's index through every case of the period: the plan each
// engine chooses, over a register with statistics, names the index. The query is the queue's drill-down query
// (src/adapters/db/queue.repo.ts) reduced to its conditions and order: complaints not merged, a receipt range,
// the figure's condition from report-scope.ts, newest first, one page.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { seedCases } from '../../bench/support/seed-cases.ts';
import { casesBehind } from '../../src/adapters/db/report-scope.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const NOW = '2026-11-23T09:00:00.000Z';

for (const engine of ENGINES) {
  describe(`drill-down plans on ${engine}`, () => {
    let tdb: TestDatabase;
    before(async () => {
      tdb = await createTestDatabase(engine);
      await seedCases(tdb.database, { cases: 3000, withStreams: false, now: NOW });
      await sql`analyze`.execute(tdb.database.db);
    });
    after(() => tdb.drop());

    for (const [figure, index, category] of [
      ['answered_late', 'cases_answered_late_procedure', undefined],
      ['escalated', 'cases_escalated', undefined],
      // Open cases past due of one category: the open cases' index, not the year's cases in receipt order.
      ['overdue', 'cases_open_report', 'billing'],
    ] as const)
      it(`reads ${index} for the cases ${figure.replace('_', ' ')}`, async () => {
        const db = tdb.database.db;
        const query = db
          .selectFrom('cases')
          .$if(category !== undefined, (q) => q.where('cases.category', '=', category!))
          .innerJoin('complainants', 'complainants.id', 'cases.complainant_id')
          .select(['cases.id', 'cases.reference', 'complainants.name'])
          .where('cases.kind', '=', 'complaint')
          .where('cases.merged_into', 'is', null)
          .where('cases.received_at', '>=', '2025-11-23T23:00:00.000Z')
          .where('cases.received_at', '<', '2026-11-23T23:00:00.000Z')
          .where(casesBehind(figure, engine, NOW))
          .orderBy('cases.received_at', 'desc')
          .limit(50)
          .compile();
        const explain = engine === 'sqlite' ? 'explain query plan ' : 'explain ';
        const plan = await db.executeQuery<Record<string, unknown>>({
          ...query,
          sql: explain + query.sql,
        });
        const text = plan.rows.map((r) => String(r.detail ?? r['QUERY PLAN'])).join('\n');
        assert.match(text, new RegExp(`\\b${index}\\b`), text);
      });
  });
}
