// The marks that tell the report which days to count again (report-days.repo.ts), as a transaction leaves them
// (aggregates.repo.ts `saveCase`): one mark per day of receipt and transaction covers every case it saved on that
// day, and a mark undone by a rollback to a savepoint is written again by the next case saved on that day.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inSavepoint } from '../../src/adapters/db/intake-lookups.repo.ts';
import { refreshReportDays, reportDayRows } from '../../src/adapters/db/report-days.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { openCase, openCaseIn } from '../../src/app/open-case.ts';
import { inTransaction } from '../../src/app/transaction.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

for (const engine of ENGINES)
  describe(`report-day marks of one transaction (${engine})`, () => {
    let test: TestDatabase;
    let ctx: AppContext;
    before(async () => {
      test = await createTestDatabase(engine);
      const config = loadConfig({ env: {}, cwd: '/nonexistent', overrides: {} });
      ctx = createAppContext(config, test.database, { clock: fixedClock('2026-03-20T12:00:00.000Z') });
      // The first report counts every day (no calendar counted yet); from then on only marked days are counted.
      await refreshReportDays(test.database, ctx.calendar);
    });
    after(() => test?.drop());

    const marks = async (day: string) =>
      (
        await test.database.db
          .selectFrom('report_day_marks')
          .select('case_id')
          .where('day', '=', day)
          .execute()
      ).length;
    const received = async (day: string) =>
      (
        await reportDayRows(
          test.database.db,
          day,
          '2026-12-31',
          [{ facets: [''], facetValue: '', measures: ['n'] }],
          undefined,
        )
      ).reduce((n, r) => n + r.n, 0);

    it('marks a day once for every case the transaction saved on it, and the report counts them all', async () => {
      await inTransaction(ctx, async (agg) => {
        for (const at of ['2026-03-09T08:00:00.000Z', '2026-03-09T09:00:00.000Z', '2026-03-09T10:00:00.000Z'])
          await openCaseIn(ctx, agg, complaintAt(at));
      });
      assert.equal(await marks('2026-03-09'), 1);
      assert.ok((await refreshReportDays(test.database, ctx.calendar)) > 0);
      assert.equal(await received('2026-03-09'), 3);
    });

    it('marks the day again after a rollback to a savepoint undid its mark', async () => {
      await inTransaction(ctx, async (agg) => {
        await assert.rejects(
          inSavepoint(
            agg.db,
            'intake_message',
            async () => {
              await openCaseIn(ctx, agg, complaintAt('2026-03-12T08:00:00.000Z'));
              throw new Error('undone');
            },
            () => agg.forget(),
          ),
          /undone/,
        );
        await openCaseIn(ctx, agg, complaintAt('2026-03-12T09:00:00.000Z'));
      });
      assert.equal(await marks('2026-03-12'), 1);
      assert.ok((await refreshReportDays(test.database, ctx.calendar)) > 0);
      assert.equal(await received('2026-03-12'), 1);
    });
  });

// The recount after a write reads only the local days the marked UTC day's cases can fall on: in a zone west of
// UTC, a case received in the first hours of a UTC day belongs to the local day before, which must be counted
// again when the case changes.
for (const engine of ENGINES)
  describe(`report-day marks in a zone west of UTC (${engine})`, () => {
    let test: TestDatabase;
    after(() => test?.drop());

    it('counts again the local day before the marked UTC day', async () => {
      test = await createTestDatabase(engine);
      const config = loadConfig({
        env: { REDRESS_TIMEZONE: 'America/Los_Angeles' },
        cwd: '/nonexistent',
        overrides: {},
      });
      const ctx = createAppContext(config, test.database, { clock: fixedClock('2026-03-20T12:00:00.000Z') });
      await refreshReportDays(test.database, ctx.calendar);
      // 03:00 UTC on 10 March is 20:00 on 9 March in Los Angeles.
      const { caseId } = await openCase(ctx, complaintAt('2026-03-10T03:00:00.000Z'));
      await refreshReportDays(test.database, ctx.calendar);
      const acknowledged = async () =>
        (
          await reportDayRows(
            test.database.db,
            '2026-03-09',
            '2026-03-10',
            [{ facets: [''], facetValue: '', measures: ['n', 'acknowledged'] }],
            undefined,
          )
        ).map((r) => `${r.measure}=${r.n}`);
      assert.deepEqual((await acknowledged()).sort(), ['n=1']);
      await actOnCase(ctx, caseId, { type: 'acknowledge', channel: 'email', correspondenceId: null }, 'u');
      assert.ok((await refreshReportDays(test.database, ctx.calendar)) > 0);
      assert.deepEqual((await acknowledged()).sort(), ['acknowledged=1', 'n=1']);
    });
  });
