// Monitoring on the calendar in force at receipt, on both engines: a complaint received before a change of the
// business calendar (a closure day added later, inside its answer period) keeps its business-day figures after the
// change, while one received after it is measured on the new calendar; the first report after the change counts
// again only the days from the change on (not the past); the counts agree with the recount from the cases and
// their events, with another instance that reads the versions, and with `redress report`.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { calendarFromConfig } from '../../src/adapters/calendar/calendar.ts';
import { refreshReportDays } from '../../src/adapters/db/report-days.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { calendarHistory } from '../../src/app/calendar-versions.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { loadSettings, updateSettings } from '../../src/app/settings.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { BEGINNING_OF_TIME } from '../../src/core/calendar/calendar-versions.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { workingDayCounter } from '../../src/core/report/promise-figures.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { reportDayRows } from '../support/report-days.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const ENV = { REDRESS_HOLIDAYS: 'DE-BW', REDRESS_TIMEZONE: 'Europe/Berlin' };
// Monday 2 March 2026 to Friday 6 March; the change on Monday 9 March closes Wednesdays 4 and 11 March.
const A = { receivedAt: '2026-03-02T09:00:00.000Z', answeredAt: '2026-03-06T10:00:00.000Z' };
const CHANGE = '2026-03-09T09:00:00.000Z';
const CLOSED = ['2026-03-04', '2026-03-11'];
const B = { receivedAt: '2026-03-09T10:00:00.000Z', answeredAt: '2026-03-13T10:00:00.000Z' };
const ADMIN = { actor: 'user:admin', label: 'admin@example.org', address: null };

for (const engine of ENGINES)
  describe(`report on the calendar in force at receipt (${engine})`, () => {
    let tdb: TestDatabase;
    let base: Config;
    let ctx: AppContext;
    const clock = fixedClock('2026-01-05T08:00:00.000Z');

    before(async () => {
      tdb = await createTestDatabase(engine);
      base = loadConfig({ env: ENV, cwd: '/nonexistent' });
      ctx = createAppContext(base, tdb.database, { clock });
      // As the server starts.
      await loadSettings(ctx, base, { recordCalendar: true });
    });
    after(() => tdb?.drop());

    const answer = async (receivedAt: string, answeredAt: string) => {
      clock.set(receivedAt);
      const { caseId } = await openCase(ctx, complaintAt(receivedAt));
      clock.set(answeredAt);
      await actOnCase(
        ctx,
        caseId,
        {
          type: 'answer',
          outcome: 'upheld',
          text: 'Our answer.',
          remedy: null,
          correspondenceId: null,
          rootCause: null,
        },
        'u',
      );
    };
    const day = (d: string) => ({ from: d, to: d });
    const answerDays = async (c: AppContext, period: { from: string; to: string }) =>
      (await reportCases(c, period)).complaints.promises.businessDaysToAnswer;
    const pastRows = () => reportDayRows(tdb.database.db, '2026-03-07');

    it('keeps the figures of a case received before a change, and measures one received after on the new calendar', async () => {
      // The calendar in force at the first start is version 1, from the beginning of time.
      const v1 = await calendarHistory(ctx);
      assert.deepEqual(
        v1.map((v) => [v.version, v.effectiveAt, v.closureDays]),
        [[1, BEGINNING_OF_TIME, []]],
      );
      // Two months of complaints before the change, and the one whose answer period the closure day falls in.
      for (let d = 5; d <= 60; d += 5)
        await answer(
          new Date(Date.UTC(2026, 0, d, 9)).toISOString(),
          new Date(Date.UTC(2026, 0, d + 3, 15)).toISOString(),
        );
      await answer(A.receivedAt, A.answeredAt);
      clock.set('2026-03-09T08:00:00.000Z');
      // Every day marked so far is counted (a report reads only the marks of its own period).
      assert.ok((await refreshReportDays(tdb.database, ctx.calendars)) > 10);
      const aBefore = await answerDays(ctx, day('2026-03-02'));
      assert.equal(aBefore.n, 1);
      const rowsBefore = await pastRows();
      assert.ok(rowsBefore.length > 0);

      clock.set(CHANGE);
      await updateSettings(ctx, base, { closureDays: CLOSED }, ADMIN);
      const versions = await calendarHistory(ctx);
      assert.deepEqual(
        versions.map((v) => [v.version, v.effectiveAt, v.closureDays, v.recordedBy]),
        [
          [1, BEGINNING_OF_TIME, [], 'configuration'],
          [2, CHANGE, CLOSED, ADMIN.label],
        ],
      );
      assert.equal(ctx.calendars.versions.length, 2);
      // The first count after the change counts again the days around its instant only, not the two months before.
      const counted = await refreshReportDays(tdb.database, ctx.calendars);
      assert.ok(counted <= 3, `${counted} days counted again`);
      assert.deepEqual(await pastRows(), rowsBefore);

      await answer(B.receivedAt, B.answeredAt);
      clock.set('2026-03-20T12:00:00.000Z');
      // A: the same figures as before the change, on the calendar of its receipt; on the new one they would be fewer.
      const aAfter = await answerDays(ctx, day('2026-03-02'));
      assert.deepEqual(aAfter, aBefore);
      const oldCalendar = calendarFromConfig(base);
      const newCalendar = calendarFromConfig({ ...base, closureDays: CLOSED });
      assert.equal(aAfter.median, workingDayCounter(oldCalendar).betweenInstants(A.receivedAt, A.answeredAt));
      assert.notEqual(
        aAfter.median,
        workingDayCounter(newCalendar).betweenInstants(A.receivedAt, A.answeredAt),
      );
      // B: on the new calendar (Wednesday 11 March closed), not on the old one.
      const b = await answerDays(ctx, day('2026-03-09'));
      assert.equal(b.median, workingDayCounter(newCalendar).betweenInstants(B.receivedAt, B.answeredAt));
      assert.notEqual(b.median, workingDayCounter(oldCalendar).betweenInstants(B.receivedAt, B.answeredAt));
      assert.deepEqual(await pastRows(), rowsBefore);
    });

    it('agrees with the recount from the cases, another instance and `redress report`', async () => {
      const year = { from: '2026-01-01', to: '2026-12-31' };
      const march = { from: '2026-03-01', to: '2026-03-31' };
      for (const period of [year, march, day('2026-03-02'), day('2026-03-09')])
        assert.deepEqual(await reportCases(ctx, period), await reportCasesScanning(ctx, period));
      // Another instance with the same configuration reads the versions and records none.
      const other = createAppContext(base, tdb.database, { clock });
      await loadSettings(other, base);
      assert.equal((await calendarHistory(other)).length, 2);
      assert.deepEqual(await reportCases(other, march), await reportCases(ctx, march));
      // `redress report` reads the recorded versions, even run with another calendar in its environment (it records
      // none: only the server's start records a calendar changed in the file or the environment).
      const r = spawnSync(process.execPath, [bin, 'report', '--from', march.from, '--to', march.to], {
        encoding: 'utf8',
        env: {
          ...process.env,
          ...ENV,
          REDRESS_WORKING_WEEK: 'mon,tue,wed,thu',
          REDRESS_DATABASE_URL: tdb.url,
        },
      });
      assert.equal(r.status, 0, r.stderr);
      const cli = JSON.parse(r.stdout) as Awaited<ReturnType<typeof reportCases>>;
      assert.deepEqual(cli.complaints.promises, (await reportCases(ctx, march)).complaints.promises);
      assert.equal((await calendarHistory(ctx)).length, 2);
    });

    it('records a calendar changed in the file or environment when the server starts, in force from then', async () => {
      const before = await reportCases(ctx, { from: '2026-01-01', to: '2026-03-31' });
      clock.set('2026-04-01T06:00:00.000Z');
      const fourDays = loadConfig({
        env: { ...ENV, REDRESS_WORKING_WEEK: 'mon,tue,wed,thu' },
        cwd: '/nonexistent',
      });
      const restarted = createAppContext(fourDays, tdb.database, { clock });
      await loadSettings(restarted, fourDays, { recordCalendar: true });
      const versions = await calendarHistory(restarted);
      assert.deepEqual(
        versions.map((v) => [v.version, v.effectiveAt, v.workingWeek.length, v.closureDays, v.recordedBy]),
        [
          [1, BEGINNING_OF_TIME, 5, [], 'configuration'],
          [2, CHANGE, 5, CLOSED, ADMIN.label],
          // The administrators' closure days stay over the file's values; the working week is the file's.
          [3, '2026-04-01T06:00:00.000Z', 4, CLOSED, 'configuration'],
        ],
      );
      // Started again unchanged: nothing more is recorded. The cases received before keep their figures.
      await loadSettings(restarted, fourDays, { recordCalendar: true });
      assert.equal((await calendarHistory(restarted)).length, 3);
      const after = await reportCases(restarted, { from: '2026-01-01', to: '2026-03-31' });
      assert.deepEqual(after.complaints.promises, before.complaints.promises);
    });
  });
