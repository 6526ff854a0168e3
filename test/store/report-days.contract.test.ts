// The report's counts per local day (src/adapters/db/report-days.repo.ts) against a recount from the cases and
// their events, on both engines: random histories of complaints (acknowledged, categorised, extended once or
// twice, answered with an outcome and a root cause, closed, reopened, escalated), with reports read in the middle of them (so that
// days are counted while later writes mark them again), give the same report from the counts as from the cases
// alone, for the whole year, random periods and every filter; and a rebuild from the events writes the same rows
// as the marks left behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { rebuildReportDays, refreshReportDays } from '../../src/adapters/db/report-days.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { loadConfig } from '../../src/config.ts';
import { ROOT_CAUSES } from '../../src/core/case/root-cause.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type ReportFilter, rootCauseFigure } from '../../src/core/report/report-filter.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { firstWindowDay } from '../support/extension.ts';
import { reportDayRows } from '../support/report-days.ts';

const HOUR = 3_600_000;
const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const FILTERS: ReportFilter[] = [
  {},
  { step: 1 },
  { step: 2 },
  { category: 'billing' },
  { channel: 'letter' },
  { language: 'de' },
  { outcome: 'upheld' },
  { step: 1, category: 'dns' },
  // Two dimensions: read from the cases on both sides (the counts cannot answer it), checked all the same.
  { category: 'billing', channel: 'email' },
];

type Step =
  | { kind: 'ack'; afterHours: number }
  | { kind: 'categorise'; afterHours: number; category: 'billing' | 'dns' }
  | { kind: 'extend'; afterHours: number; extraDays: number }
  | {
      kind: 'answer';
      afterHours: number;
      outcome: 'upheld' | 'partly_upheld' | 'not_upheld';
      cause: (typeof ROOT_CAUSES)[number] | null;
    }
  | { kind: 'close'; afterHours: number }
  | { kind: 'reopen'; afterHours: number }
  | { kind: 'escalate'; afterHours: number }
  | { kind: 'report'; afterHours: number };

const hours = fc.integer({ min: 1, max: 24 * 12 });
const step: fc.Arbitrary<Step> = fc.oneof(
  hours.map((afterHours) => ({ kind: 'ack' as const, afterHours })),
  fc.record({
    kind: fc.constant('categorise' as const),
    afterHours: hours,
    category: fc.constantFrom('billing' as const, 'dns' as const),
  }),
  fc.record({
    kind: fc.constant('extend' as const),
    afterHours: hours,
    extraDays: fc.integer({ min: 1, max: 20 }),
  }),
  fc.record({
    kind: fc.constant('answer' as const),
    afterHours: hours,
    outcome: fc.constantFrom('upheld' as const, 'partly_upheld' as const, 'not_upheld' as const),
    cause: fc.constantFrom(null, ...ROOT_CAUSES),
  }),
  hours.map((afterHours) => ({ kind: 'close' as const, afterHours })),
  hours.map((afterHours) => ({ kind: 'reopen' as const, afterHours })),
  hours.map((afterHours) => ({ kind: 'escalate' as const, afterHours })),
  hours.map((afterHours) => ({ kind: 'report' as const, afterHours })),
);
const complaint = fc.record({
  // Receipts over 2026, to the minute: local days, month ends and daylight-saving changes are all cut.
  receivedAt: fc
    .integer({ min: Date.UTC(2026, 0, 1) / 60_000, max: Date.UTC(2026, 11, 20) / 60_000 })
    .map((m) => new Date(m * 60_000).toISOString()),
  channel: fc.constantFrom('email', 'letter'),
  language: fc.constantFrom('fr', 'de', 'en'),
  steps: fc.array(step, { maxLength: 7 }),
});
type History = { receivedAt: string; channel: string; language: string; steps: Step[] };
const localDate = fc
  .integer({ min: 0, max: 364 })
  .map((d) => Temporal.PlainDate.from('2026-01-01').add({ days: d }).toString());

for (const engine of ENGINES) {
  describe(`promise counts against a recount on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-01-01T00:00:00.000Z');
    let serial = 0;

    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(
        loadConfig({ env: { REDRESS_HOLIDAYS: 'DE-BW', REDRESS_TIMEZONE: 'Europe/Berlin' } }),
        tdb.database,
        { clock },
      );
    });
    after(() => tdb.drop());

    /** Plays the histories in time order; a refused command (answered already, window not allowed) is skipped. */
    async function play(histories: History[]) {
      type Due = { at: number; run: () => Promise<unknown> };
      const due: Due[] = [];
      for (const h of histories) {
        const ids: { id: string | null } = { id: null };
        const received = Date.parse(h.receivedAt);
        // A distinct instant per case, so that each has its own complainant (complaintAt).
        const receivedAt = new Date(received + (serial++ % 1000)).toISOString();
        due.push({
          at: received,
          run: async () => {
            const c = await openCase(
              ctx,
              complaintAt(receivedAt, { channel: h.channel as 'email', language: h.language as 'fr' }),
            );
            ids.id = c.caseId;
          },
        });
        let at = received;
        for (const s of h.steps) {
          at += s.afterHours * HOUR;
          const act = (command: Parameters<typeof actOnCase>[2]) => actOnCase(ctx, ids.id!, command, 'u');
          due.push({
            at,
            run: async () => {
              switch (s.kind) {
                case 'ack':
                  return act({ type: 'acknowledge', channel: 'email', correspondenceId: null });
                case 'categorise':
                  return act({ type: 'categorise', category: s.category });
                case 'extend': {
                  const today = ctx.calendar.localDate(clock.now());
                  let end = today.add({ days: 10 + s.extraDays });
                  while (!ctx.calendar.isWorkingDay(end)) end = end.add({ days: 1 });
                  return act({
                    type: 'extend',
                    reason: 'Waiting for the registry.',
                    windowStart: await firstWindowDay(ctx, ids.id!, today),
                    windowEnd: end.toString(),
                    correspondenceId: null,
                  });
                }
                case 'answer':
                  return act({
                    type: 'answer',
                    outcome: s.outcome,
                    text: 'Our answer.',
                    remedy: null,
                    correspondenceId: null,
                    rootCause: s.cause ? { cause: s.cause, note: null } : null,
                  });
                case 'close':
                  return act({ type: 'close', reason: 'Done.' });
                case 'reopen':
                  return act({ type: 'reopen', reason: 'The client wrote again.' });
                case 'escalate':
                  return escalateCase(ctx, ids.id!, 'u');
                case 'report':
                  return reportCases(ctx, YEAR);
              }
            },
          });
        }
      }
      due.sort((a, b) => a.at - b.at);
      for (const d of due) {
        clock.set(new Date(d.at).toISOString());
        try {
          await d.run();
        } catch (e) {
          if (!(e instanceof Error && 'code' in e)) throw e;
        }
      }
      clock.set('2027-01-10T12:00:00.000Z');
    }

    const promisesOf = async (period: { from: string; to: string }, filter: ReportFilter) => ({
      counted: await reportCases(ctx, period, filter),
      recounted: await reportCasesScanning(ctx, period, filter),
    });

    const countRows = () => reportDayRows(tdb.database.db);

    // The month counts the report keeps beside the days, and the days summed by month: they must be the same.
    const monthRows = async () => {
      const kept = await tdb.database.db
        .selectFrom('report_months')
        .select(['facet', 'measure', 'facet_value', 'month', 'step', 'value', 'n'])
        .where('n', '<>', 0)
        .execute();
      const summed = await tdb.database.db
        .selectFrom('report_days')
        .select([
          'facet',
          'measure',
          'facet_value',
          sql<string>`substr(day, 1, 7)`.as('month'),
          'step',
          'value',
          sql<number>`sum(n)`.as('n'),
        ])
        .groupBy(['facet', 'measure', 'facet_value', 'month', 'step', 'value'])
        .execute();
      const sorted = (rows: typeof kept) =>
        rows
          .map((r) => ({ ...r, value: Number(r.value), n: Number(r.n) }))
          .sort((x, y) => (JSON.stringify(x) < JSON.stringify(y) ? -1 : 1));
      return { kept: sorted(kept), summed: sorted(summed) };
    };

    it('give the figures recounted from the cases and their events, and the rows a rebuild writes', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(complaint, { minLength: 1, maxLength: 8 }),
          localDate,
          localDate,
          async (histories, a, b) => {
            await play(histories);
            const period = a <= b ? { from: a, to: b } : { from: b, to: a };
            for (const filter of FILTERS) {
              const year = await promisesOf(YEAR, filter);
              assert.deepEqual(year.counted, year.recounted, `the year, ${JSON.stringify(filter)}`);
              const part = await promisesOf(period, filter);
              assert.deepEqual(
                part.counted,
                part.recounted,
                `${period.from}..${period.to}, ${JSON.stringify(filter)}`,
              );
            }
            // The reports above counted again only the marks of their periods (2026): the days of the cases
            // escalated in 2027 are counted now, as a report over them would.
            await refreshReportDays(tdb.database, ctx.calendar);
            const kept = await countRows();
            const months = await monthRows();
            assert.ok(months.kept.length > 0);
            assert.deepEqual(months.kept, months.summed, 'the month counts are the days summed by month');
            await rebuildReportDays(tdb.database, ctx.calendar);
            assert.deepEqual(await countRows(), kept);
            const rebuilt = await monthRows();
            assert.deepEqual(rebuilt.kept, months.kept, 'a rebuild writes the same month counts');
          },
        ),
        { numRuns: 12 },
      );
      // Not an empty comparison: the histories reached the figures that need each case's times.
      const year = (await reportCases(ctx, YEAR)).complaints.promises;
      assert.ok(year.businessDaysToAcknowledge.n > 0 && year.businessDaysToAnswer.n > 0);
      // and extended cases (a window starts on the answer date in force at the earliest: support/extension.ts).
      assert.ok(year.extensionsFirst > 0, 'the histories extended some cases');
      assert.ok(Object.keys(year.byRootCause).length > 0);
      // Each number by root cause is the length of the list of cases behind it (the reports page's link).
      for (const cause of ROOT_CAUSES) {
        const list = await listQueue(ctx, {
          queue: 'all',
          status: 'all',
          kind: 'complaint',
          receivedFrom: YEAR.from,
          receivedTo: YEAR.to,
          figure: rootCauseFigure(cause),
          limit: 10_000,
        });
        assert.equal(list.rows.length, year.byRootCause[cause] ?? 0, cause);
      }
    });

    it('are counted again when the calendar changes, as a recount on the new calendar gives', async () => {
      // The cases the property above left, counted on today's calendar; then the office closes every Monday.
      await reportCases(ctx, YEAR);
      const mondays: string[] = [];
      for (let d = Temporal.PlainDate.from('2026-01-05'); d.year === 2026; d = d.add({ days: 7 }))
        mondays.push(d.toString());
      const closed = createAppContext(
        loadConfig({
          env: {
            REDRESS_HOLIDAYS: 'DE-BW',
            REDRESS_TIMEZONE: 'Europe/Berlin',
            REDRESS_CLOSURE_DAYS: mondays.join(','),
          },
        }),
        tdb.database,
        { clock },
      );
      const recounted = await reportCasesScanning(closed, YEAR);
      assert.deepEqual(await reportCases(closed, YEAR), recounted);
      // Not a comparison the closure leaves alone: it moves the business days counted.
      assert.notDeepEqual(
        recounted.complaints.promises,
        (await reportCasesScanning(ctx, YEAR)).complaints.promises,
      );
      // And back: the counts follow the calendar in force again.
      assert.deepEqual(await reportCases(ctx, YEAR), await reportCasesScanning(ctx, YEAR));
    });
  });
}
