// The report's time limit, on both engines: a report over its limit is stopped with a ReportTimeLimit (which the
// HTTP layer answers with a message saying what to do), never left running; within its limit it is the report.
// On PostgreSQL the server cancels a statement still running at the limit (statement_timeout), so nothing is
// left running after the report gave up, whatever the client that asked did meanwhile.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { seedCases } from '../../bench/support/seed-cases.ts';
import { withinTimeLimit } from '../../src/adapters/db/report-limit.ts';
import { problemOf } from '../../src/adapters/http/errors.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ReportTimeLimit } from '../../src/core/report/time-limit.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const NOW = '2026-11-23T09:00:00.000Z';
const YEAR = { from: '2025-11-24', to: '2026-11-23' };

describe('a report stopped at its limit', () => {
  it('is answered 503 with what to do, in each language', () => {
    const said = new Set<string>();
    for (const lang of ['en', 'fr', 'de'] as const) {
      const problem = problemOf(new ReportTimeLimit(15_000), translatorFor(lang));
      assert.equal(problem.status, 503);
      assert.equal(problem.code, 'report_time_limit');
      assert.match(problem.message, /\b15\b/);
      assert.doesNotMatch(problem.message, /\{\{|errors\./);
      said.add(problem.message);
    }
    assert.equal(said.size, 3);
  });
});

for (const engine of ENGINES) {
  describe(`report time limit on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    let owner = '';
    before(async () => {
      tdb = await createTestDatabase(engine);
      const seeded = await seedCases(tdb.database, { cases: 500, withStreams: true, now: NOW });
      owner = seeded.ownerIds[0]!;
      ctx = createAppContext(loadConfig({ env: {} }), tdb.database, { clock: fixedClock(NOW) });
    });
    after(() => tdb.drop());

    // Without a filter (the counts), with a category (counts and cases) and with an owner (the cases alone).
    for (const [label, filterOf] of [
      ['no filter', () => ({})],
      ['a category', () => ({ category: 'billing' })],
      ['an owner', () => ({ owner })],
    ] as const)
      it(`stops a report past its limit, ${label}`, async () => {
        const filter = filterOf();
        const report = await reportCases(ctx, YEAR, filter);
        assert.ok(report.complaints.received + report.suggestions.received > 0, 'not an empty register');
        await assert.rejects(reportCases(ctx, YEAR, filter, { timeLimitMs: 0 }), (e: unknown) => {
          assert.ok(e instanceof ReportTimeLimit, String(e));
          assert.equal(e.limitMs, 0);
          assert.match(e.message, /shorter period/);
          return true;
        });
        // The database is still usable, and the same report within its limit is the report.
        assert.deepEqual(await reportCases(ctx, YEAR, filter), report);
      });

    it('refuses a statement that would start after the limit', async () => {
      await assert.rejects(
        withinTimeLimit(tdb.database, 5, async (limited) => {
          await limited.db.selectFrom('cases').select('id').limit(1).execute();
          const start = performance.now();
          while (performance.now() - start < 6) {
            // The limit passes.
          }
          await limited.db.selectFrom('cases').select('id').limit(1).execute();
        }),
        ReportTimeLimit,
      );
    });

    if (engine === 'postgres')
      it('has the server cancel a statement still running at the limit', async () => {
        const marker = `report_limit_${process.pid}`;
        await assert.rejects(
          withinTimeLimit(tdb.database, 200, (limited) =>
            sql`select pg_sleep(30), ${marker}::text`.execute(limited.db),
          ),
          ReportTimeLimit,
        );
        // Nothing of it is left running on the server.
        const running = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where state = 'active' and query like ${`%pg_sleep(30)%`} and pid <> pg_backend_pid()`.execute(
          tdb.database.db,
        );
        assert.equal(running.rows[0]!.n, 0);
      });
  });
}
