// The report with a filter the day counts answer (category, channel, language, outcome) reads UTC days from the
// counts and the hours that local days and months cut off them from the cases (src/app/report-cases.ts): a UTC
// day that a local month starts in is counted whole and its last hours moved to the new month, and the period's
// last UTC day may be counted whole and the hours after the period's end taken off. Cases received in exactly
// those hours, some of them the only ones of their month, channel, language or step, must give what the cases
// alone give. "Acknowledged" and "acknowledged in time" come from the rule (acknowledgement-given.ts, counted
// elsewhere), so the reads of those hours do not work them out in SQL only to have them replaced.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs } from 'kysely';
import type { Database } from '../../src/adapters/db/database.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import type { ReportFilter } from '../../src/core/report/report-filter.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const PERIODS = [
  { from: '2026-02-01', to: '2026-03-10' },
  { from: '2026-03-01', to: '2026-03-10' },
  { from: '2026-04-01', to: '2026-05-10' },
];
const FILTERS: ReportFilter[] = [{ category: 'billing' }, { channel: 'letter' }, { language: 'en' }];

for (const engine of ENGINES)
  describe(`report with a filter, cases in the hours the counts cut (${engine})`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock('2026-06-01T10:00:00.000Z');
    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(
        loadConfig({ env: { REDRESS_TIMEZONE: 'Europe/Berlin', REDRESS_HOLIDAYS: 'DE-BW' } }),
        tdb.database,
        { clock },
      );
      const cases: Array<[string, Partial<Parameters<typeof complaintAt>[1]>]> = [
        // 11 March 00:30 in Berlin: after a period that ends on 10 March; the only letter in English at step 2.
        ['2026-03-10T23:30:00.000Z', { channel: 'letter', language: 'en', step: 2 }],
        ['2026-03-10T12:00:00.000Z', {}],
        // 1 March 00:30 in Berlin, on the UTC day March starts in.
        ['2026-02-28T23:30:00.000Z', { language: 'de' }],
        ['2026-02-28T10:00:00.000Z', {}],
        // 1 May 00:30 in Berlin, the only case of the UTC day May starts in: April has no case.
        ['2026-04-30T22:30:00.000Z', { channel: 'letter', language: 'en' }],
        ['2026-05-05T09:00:00.000Z', {}],
      ];
      // Acknowledged by hand (given when recorded): an hour after receipt, in time; the case of 1 May on the day
      // of the report, late. Those in the cut hours so that the figures the rule gives them are read there.
      const acknowledgedAt: Record<string, string> = {
        '2026-03-10T23:30:00.000Z': '2026-03-11T00:30:00.000Z',
        '2026-03-10T12:00:00.000Z': '2026-03-10T13:00:00.000Z',
        '2026-02-28T23:30:00.000Z': '2026-03-01T00:30:00.000Z',
        '2026-04-30T22:30:00.000Z': '2026-06-01T10:00:00.000Z',
      };
      for (const [at, over] of cases) {
        const { caseId } = await openCase(ctx, complaintAt(at, over));
        await actOnCase(ctx, caseId, { type: 'categorise', category: 'billing' }, 'u');
        const ackAt = acknowledgedAt[at];
        if (ackAt)
          await actOnCase(
            Object.create(ctx, { clock: { value: fixedClock(ackAt) } }) as AppContext,
            caseId,
            { type: 'acknowledge', channel: 'email', correspondenceId: null },
            'u',
          );
      }
    });
    after(() => tdb?.drop());

    it('gives what the cases alone give', async () => {
      for (const period of PERIODS)
        for (const filter of FILTERS)
          assert.deepEqual(
            await reportCases(ctx, period, filter),
            await reportCasesScanning(ctx, period, filter),
            `${period.from}..${period.to}, ${JSON.stringify(filter)}`,
          );
      const march = await reportCases(ctx, { from: '2026-03-01', to: '2026-03-10' }, { category: 'billing' });
      assert.equal(march.complaints.received, 2);
      assert.deepEqual(march.complaints.byChannel, { email: 2 });
      assert.deepEqual(Object.keys(march.complaints.byStep), ['1']);
      const spring = await reportCases(
        ctx,
        { from: '2026-04-01', to: '2026-05-10' },
        { category: 'billing' },
      );
      assert.deepEqual(spring.complaints.byMonth, { '2026-05': 2 });
    });

    it('reads the cut hours without working out the acknowledgements, which the rule gives', async () => {
      // Every statement the report sends, as sent (the time limit's transaction included).
      const sent: string[] = [];
      const executor = tdb.database.db.getExecutor();
      const plugin: KyselyPlugin = {
        transformQuery(args: PluginTransformQueryArgs) {
          sent.push(executor.compileQuery(args.node, args.queryId).sql);
          return args.node;
        },
        async transformResult(args: PluginTransformResultArgs) {
          return args.result;
        },
      };
      const database: Database = {
        engine: tdb.database.engine,
        db: tdb.database.db.withPlugin(plugin),
        transaction: (fn) => tdb.database.transaction((trx) => fn(trx.withPlugin(plugin))),
        close: () => tdb.database.close(),
      };
      const watched = Object.create(ctx, { database: { value: database } }) as AppContext;
      for (const period of PERIODS)
        for (const filter of FILTERS) {
          sent.length = 0;
          const report = await reportCases(watched, period, filter);
          const label = `${period.from}..${period.to}, ${JSON.stringify(filter)}`;
          assert.deepEqual(report, await reportCasesScanning(ctx, period, filter), label);
          // The reads of the cases by group (scannedRows): the period's cut hours, and those moved or taken off.
          const cutHours = sent.filter((q) => /count\(\*\) as "n"/.test(q) && /from "cases"/.test(q));
          assert.ok(cutHours.length > 0, `the cut hours read from the cases: ${label}`);
          for (const q of cutHours)
            assert.doesNotMatch(q, /acknowledged_at|acknowledge_by|ack\.status/, label);
        }
      // The figures themselves, from the rule: 1 March (moved to March) and 10 March in time; 11 March after the
      // period; 1 May late.
      const march = await reportCases(
        watched,
        { from: '2026-02-01', to: '2026-03-10' },
        { category: 'billing' },
      );
      assert.deepEqual([march.complaints.acknowledged, march.complaints.acknowledgedInTime], [2, 2]);
      const spring = await reportCases(
        watched,
        { from: '2026-04-01', to: '2026-05-10' },
        { channel: 'letter' },
      );
      assert.deepEqual([spring.complaints.acknowledged, spring.complaints.acknowledgedInTime], [1, 0]);
    });
  });
