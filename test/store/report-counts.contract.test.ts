// The report's counts (src/adapters/db/case-counts.repo.ts) on both engines: after a few hundred cases are
// opened, acknowledged, categorised, extended, answered, escalated, reclassified, merged, assigned to an owner
// (again, or to nobody) and forwarded to a department (again) in random order (fixed seed), in a time zone whose
// days and months start off the UTC hour, the counts kept in step equal the counts rebuilt from the cases, and the
// report read from them equals the report read from the cases alone, for whole years, single months, single days
// and periods that start and end mid-month; narrowed to one owner or department, or to those not set, too (the
// counts within each owner's and department's cases, report-days.repo.ts).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type Kysely, sql } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { rebuildCaseCounts } from '../../src/adapters/db/case-counts.repo.ts';
import { up as addReportScopes } from '../../src/adapters/db/migrations/202612061600-report-scopes.ts';
import { rebuildReportDays } from '../../src/adapters/db/report-days.repo.ts';
import type { DB } from '../../src/adapters/db/schema.ts';
import { acknowledgeCase } from '../../src/app/acknowledge-case.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { escalateCase } from '../../src/app/escalate-case.ts';
import { mergeCases } from '../../src/app/merge-cases.ts';
import { openCase } from '../../src/app/open-case.ts';
import { type CaseReport, reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { parseReportFilter, type ReportFilter } from '../../src/core/report/report-filter.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { firstWindowDay } from '../support/extension.ts';

/** A small deterministic generator (mulberry32). */
function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ZONES = ['Asia/Kathmandu', 'Europe/Berlin'] as const;
const OWNERS = ['owner-a', 'owner-b'] as const;
const DEPARTMENTS = ['network', 'billing'] as const;

for (const engine of ENGINES)
  for (const zone of ZONES)
    describe(`report counts on ${engine}, ${zone}`, () => {
      let tdb: TestDatabase;
      let ctx: AppContext;
      const clock = fixedClock('2025-10-01T08:00:00.000Z');
      const rand = rng(zone === 'Asia/Kathmandu' ? 7 : 11);
      // The extensions' times and windows, drawn apart so that the other actions' draws stay as they were.
      const extensionRand = rng(zone === 'Asia/Kathmandu' ? 8 : 12);
      const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!;

      before(async () => {
        tdb = await createTestDatabase(engine);
        ctx = createAppContext(
          loadConfig({ env: { REDRESS_TIMEZONE: zone, REDRESS_HOLIDAYS: 'DE-BW' } }),
          tdb.database,
          { clock },
        );
        // 240 cases received over fourteen months, most within three hours of a local midnight (where local
        // days and months cut UTC days in two).
        const open: string[] = [];
        const suggestions: string[] = [];
        // Extensions the rule accepted (a refused one throws before the count).
        let extended = 0;
        const byComplainant = new Map<string, string[]>();
        const complainantOf = new Map<string, string>();
        let day = Temporal.PlainDate.from('2025-10-01');
        let at = 0;
        for (let i = 0; i < 240; i++) {
          day = day.add({ days: Math.floor(rand() * 3.6) });
          at = Date.parse(ctx.calendar.startOfDay(day)) + Math.floor((rand() - 0.5) * 6 * 3_600_000);
          const receivedAt = new Date(at).toISOString();
          clock.set(receivedAt);
          const kind = rand() < 0.15 ? 'suggestion' : 'complaint';
          // A third of the cases come from a few complainants who write again: their cases can be merged.
          const regular = rand() < 0.3 ? `regular${Math.floor(rand() * 3)}@exemple.fr` : null;
          const c = await openCase(
            ctx,
            complaintAt(receivedAt, {
              kind,
              step: kind === 'suggestion' ? null : rand() < 0.2 ? 2 : 1,
              channel: pick(['email', 'letter', 'web'] as const),
              language: pick(['fr', 'de', 'en'] as const),
              ...(regular ? { complainant: { name: 'Camille Regular', email: regular } } : {}),
            }),
          );
          open.push(c.caseId);
          if (kind === 'suggestion') suggestions.push(c.caseId);
          if (regular) {
            byComplainant.set(regular, [...(byComplainant.get(regular) ?? []), c.caseId]);
            complainantOf.set(c.caseId, regular);
          }
          // Some work on a few of the cases received so far, at a later time.
          for (let k = 0; k < 2; k++) {
            const id = pick(open);
            clock.set(new Date(at + Math.floor(rand() * 20 * 86_400_000)).toISOString());
            const action = Math.floor(rand() * 11);
            try {
              if (action === 0)
                await actOnCase(
                  ctx,
                  id,
                  { type: 'acknowledge', channel: 'email', correspondenceId: null },
                  'u',
                );
              else if (action === 1)
                await actOnCase(
                  ctx,
                  id,
                  { type: 'categorise', category: pick(['billing', 'domains', 'support']) },
                  'u',
                );
              else if (action === 2 || action === 3)
                await actOnCase(
                  ctx,
                  id,
                  {
                    type: 'answer',
                    outcome: pick(['upheld', 'partly_upheld', 'not_upheld'] as const),
                    text: 'Our answer.',
                    remedy: null,
                    correspondenceId: null,
                  },
                  'u',
                );
              else if (action === 4) await escalateCase(ctx, id, 'u');
              else if (action === 5) {
                // The case just received, within its first eight days (an extension is told before the answer
                // date), from the first day the rule allows (the answer date in force, never before today), for
                // one to three weeks, ending on a working day. A random case at a random later time is mostly past
                // its answer date, answered or no longer a complaint, and the histories would extend nearly nothing.
                clock.set(new Date(at + Math.floor(extensionRand() * 8 * 86_400_000)).toISOString());
                const today = ctx.calendar.localDate(clock.now());
                const windowStart = await firstWindowDay(ctx, c.caseId, today);
                let windowEnd = Temporal.PlainDate.from(windowStart).add({
                  days: 7 + Math.floor(rand() * 14),
                });
                while (!ctx.calendar.isWorkingDay(windowEnd)) windowEnd = windowEnd.add({ days: 1 });
                await actOnCase(
                  ctx,
                  c.caseId,
                  {
                    type: 'extend',
                    reason: 'We need the registry’s reply.',
                    windowStart,
                    windowEnd: windowEnd.toString(),
                    correspondenceId: null,
                  },
                  'u',
                );
                extended++;
              } else if (action === 6)
                await actOnCase(
                  ctx,
                  id,
                  { type: 'reclassify', kind: 'other', reason: 'abuse_report', note: null },
                  'u',
                );
              else if (action === 8)
                await actOnCase(ctx, id, { type: 'assign', to: pick([...OWNERS, null]) }, 'u');
              else if (action === 9)
                // A suggestion (forwarded again: to another department).
                await actOnCase(
                  ctx,
                  suggestions.length ? pick(suggestions) : id,
                  { type: 'forward_suggestion', department: pick(DEPARTMENTS), note: null },
                  'u',
                );
              else if (action === 10)
                await actOnCase(
                  ctx,
                  id,
                  {
                    type: 'reclassify',
                    kind: pick(['complaint', 'suggestion'] as const),
                    reason: null,
                    note: null,
                  },
                  'u',
                );
              else {
                const other = pick(byComplainant.get(complainantOf.get(id) ?? '') ?? open);
                if (other !== id) await mergeCases(ctx, id, other, 'u');
              }
            } catch (e) {
              // A command the procedure refuses (answering twice, extending too late…) changes nothing.
              if ((e as { code?: string }).code === undefined) throw e;
            }
          }
        }
        // Extensions are a path of their own through the counts (days to answer against the extended date):
        // the histories must take it often enough for the comparisons below to mean something.
        assert.ok(extended >= 10, `${extended} extensions accepted`);
        // Complaints acknowledged after their answer date passed (the promise renewed, src/core/case/promise.ts):
        // answered between the procedure's date and the renewed one, extended after the renewal and answered
        // within the extension, and left open; the figures measure them against the procedure's date.
        const renewed: string[] = [];
        for (const [i, receivedAt] of [
          '2026-03-02T09:00:00.000Z',
          '2026-03-02T09:05:00.000Z',
          '2026-03-03T09:00:00.000Z',
        ].entries()) {
          clock.set(receivedAt);
          const { caseId } = await openCase(
            ctx,
            complaintAt(receivedAt, {
              channel: 'web',
              complainant: { name: `R${i}`, email: `r${i}@exemple.fr` },
            }),
          );
          renewed.push(caseId);
          clock.set('2026-03-20T10:00:00.000Z');
          await acknowledgeCase(ctx, caseId, 'u');
        }
        clock.set('2026-03-24T10:00:00.000Z');
        await actOnCase(
          ctx,
          renewed[0]!,
          { type: 'answer', outcome: 'upheld', text: 'Our answer.', remedy: null, correspondenceId: null },
          'u',
        );
        clock.set('2026-03-25T10:00:00.000Z');
        await actOnCase(
          ctx,
          renewed[1]!,
          {
            type: 'extend',
            reason: 'We wait for the registry.',
            windowStart: '2026-04-10',
            windowEnd: '2026-04-15',
            correspondenceId: null,
          },
          'u',
        );
        clock.set('2026-04-08T10:00:00.000Z');
        await actOnCase(
          ctx,
          renewed[1]!,
          { type: 'answer', outcome: 'upheld', text: 'Our answer.', remedy: null, correspondenceId: null },
          'u',
        );
        const moved = await tdb.database.db
          .selectFrom('cases')
          .select('id')
          .where('id', 'in', renewed)
          .whereRef('procedure_answer_by', '<', 'answer_by')
          .execute();
        assert.equal(moved.length, 3, 'the renewed complaints are measured against the procedure’s date');
        clock.set('2026-12-05T10:00:00.000Z');
      });
      after(async () => {
        await tdb?.drop();
      });

      const countsTable = async (db: Kysely<DB> = tdb.database.db) =>
        (
          await db
            .selectFrom('case_counts')
            .selectAll()
            .orderBy(['day', 'kind', 'step', 'channel', 'category', 'language', 'outcome', 'other_reason'])
            .orderBy('suggestion_status')
            .execute()
        )
          .filter((r) => Number(r.n) !== 0 || Number(r.answered) !== 0)
          .map((r) => ({ ...r, days_to_answer: Number(r.days_to_answer) }));

      /**
       * The rows alike, their days to answer within a millionth of a day: a sum of fractions of days, kept by adding
       * and taking away as cases change, differs from the sum counted again in the last digits (the order of the
       * additions), which rounding may carry over a decimal.
       */
      const assertSameCounts = (
        actual: Awaited<ReturnType<typeof countsTable>>,
        expected: Awaited<ReturnType<typeof countsTable>>,
      ) => {
        const days = (rows: typeof actual) => rows.map((r) => r.days_to_answer);
        const rest = (rows: typeof actual) => rows.map((r) => ({ ...r, days_to_answer: 0 }));
        assert.deepEqual(rest(actual), rest(expected));
        const [a, e] = [days(actual), days(expected)];
        for (const [i, x] of a.entries())
          assert.ok(Math.abs(x - e[i]!) < 1e-6, `days to answer ${x}, ${e[i]}`);
      };

      it('keeps the counts equal to the counts rebuilt from the cases', async () => {
        const kept = await countsTable();
        assert.ok(kept.length > 50, `${kept.length} rows of counts`);
        // Rebuilt in a transaction that is then rolled back: the next test reads the counts as kept.
        let rebuilt: Awaited<ReturnType<typeof countsTable>> = [];
        await assert.rejects(
          tdb.database.transaction(async (trx) => {
            await rebuildCaseCounts(trx, engine);
            rebuilt = await countsTable(trx);
            throw new Error('roll back');
          }),
          /roll back/,
        );
        assertSameCounts(rebuilt, kept);
        assertSameCounts(await countsTable(), kept);
      });

      it('reports from the counts what the cases alone say, for any period', async () => {
        const round = (r: CaseReport) => JSON.parse(JSON.stringify(r)) as CaseReport;
        const periods = [
          { from: '2025-10-01', to: '2026-09-30' },
          { from: '2025-01-01', to: '2026-12-31' },
          { from: '2026-03-01', to: '2026-03-31' },
          { from: '2026-03-29', to: '2026-03-29' },
          { from: '2025-11-17', to: '2026-02-13' },
          { from: '2026-10-25', to: '2026-11-03' },
          // The complaints whose promise was renewed.
          { from: '2026-03-02', to: '2026-03-03' },
        ];
        let complaints = 0;
        for (const period of periods) {
          const fromCounts = round(await reportCases(ctx, period));
          const fromCases = round(await reportCasesScanning(ctx, period));
          assert.deepEqual(fromCounts, fromCases, `${period.from} to ${period.to}`);
          complaints += fromCounts.complaints.received;
        }
        assert.ok(complaints > 200, 'the periods hold complaints');
        const year = await reportCases(ctx, periods[0]!);
        assert.ok(
          year.complaints.answered > 0 && year.complaints.acknowledged > 0 && year.other.received > 0,
        );
        assert.ok(Object.keys(year.complaints.byMonth).length >= 10, 'most months have complaints');
        await assert.rejects(
          reportCases(ctx, { from: '2026-03-02', to: '2026-03-01' }),
          /ends \(2026-03-01\) before it starts/,
        );
      });

      /** The filters of one owner or department, or of those not set, as the doors read them; with a step too. */
      const scopeFilters = (): ReportFilter[] => {
        const filters: ReportFilter[] = [];
        for (const [key, values] of [
          ['owner', [...OWNERS, '_none']],
          ['department', [...DEPARTMENTS, '_none']],
        ] as const)
          for (const value of values) {
            const { filter, errors } = parseReportFilter({ [key]: value });
            assert.deepEqual(errors, {});
            filters.push(filter, { ...filter, step: 1 }, { ...filter, step: 2 });
          }
        return filters;
      };

      it('reports narrowed to an owner or a department from their counts what the cases alone say', async () => {
        const round = (r: CaseReport) => JSON.parse(JSON.stringify(r)) as CaseReport;
        const periods = [
          { from: '2025-10-01', to: '2026-09-30' },
          { from: '2026-03-01', to: '2026-03-31' },
          { from: '2025-11-17', to: '2026-02-13' },
        ];
        const reached = new Map<string, number>();
        for (const period of periods)
          for (const filter of scopeFilters()) {
            const fromCounts = round(await reportCases(ctx, period, filter));
            const fromCases = round(await reportCasesScanning(ctx, period, filter));
            const label = `${JSON.stringify(filter)} ${period.from} to ${period.to}`;
            assert.deepEqual(fromCounts, fromCases, label);
            const key = JSON.stringify({ ...filter, step: undefined });
            reached.set(
              key,
              (reached.get(key) ?? 0) + fromCounts.complaints.received + fromCounts.suggestions.received,
            );
          }
        // Every owner and department, "not set" included, holds cases: the comparisons above compared figures.
        for (const [key, n] of reached) assert.ok(n > 0, `no case for ${key}`);
        // The owners and departments were changed after receipt: some cases left the scope they were first in.
        const changed = await tdb.database.db
          .selectFrom('events')
          .select(['type', sql<number>`count(*)`.as('n')])
          .where('type', 'in', ['assigned', 'suggestion_forwarded', 'reclassified', 'merged_into'])
          .groupBy('type')
          .execute();
        assert.equal(changed.length, 4, JSON.stringify(changed));
      });

      it('keeps the counts within owners and departments equal to those counted again from scratch', async () => {
        const scopeRows = async () => {
          const days = await tdb.database.db
            .selectFrom('report_scope_days')
            .selectAll()
            .orderBy(['scope', 'scope_value', 'day', 'facet', 'measure', 'facet_value', 'step', 'value'])
            .execute();
          const months = await tdb.database.db
            .selectFrom('report_scope_months')
            .selectAll()
            .where('n', '<>', 0)
            .orderBy(['scope', 'scope_value', 'month', 'facet', 'measure', 'facet_value', 'step', 'value'])
            .execute();
          const numbers = <R extends { value: unknown; n: unknown }>(r: R) => ({
            ...r,
            value: Number(r.value),
            n: Number(r.n),
          });
          return { days: days.map(numbers), months: months.map(numbers) };
        };
        // Every day the reports above read was counted again after the writes; the others are now.
        await reportCases(ctx, { from: '2024-01-01', to: '2027-12-31' }, { owner: null });
        const kept = await scopeRows();
        assert.ok(kept.days.length > 100, `${kept.days.length} rows`);
        // The month counts are the day counts summed.
        const summed = new Map<string, number>();
        for (const r of kept.days) {
          const key = [
            r.scope,
            r.scope_value,
            r.day.slice(0, 7),
            r.facet,
            r.measure,
            r.facet_value,
            r.step,
            r.value,
          ].join('|');
          summed.set(key, (summed.get(key) ?? 0) + r.n);
        }
        assert.deepEqual(
          new Map(
            kept.months.map((r) => [
              [r.scope, r.scope_value, r.month, r.facet, r.measure, r.facet_value, r.step, r.value].join('|'),
              r.n,
            ]),
          ),
          new Map([...summed].filter(([, n]) => n !== 0)),
        );
        await rebuildReportDays(tdb.database, ctx.calendar);
        assert.deepEqual(await scopeRows(), kept);
      });

      it('the migration has every day counted again within owners and departments', async () => {
        const db = tdb.database.db;
        // As the release before left the database: no counts within owners and departments, every day counted.
        await reportCases(ctx, { from: '2024-01-01', to: '2027-12-31' });
        await sql`drop table report_scope_days`.execute(db);
        await sql`drop table report_scope_months`.execute(db);
        await addReportScopes(db as unknown as Kysely<unknown>, engine);
        const days = await db
          .selectFrom('cases')
          .select(sql<string>`substr(received_at, 1, 10)`.as('day'))
          .distinct()
          .execute();
        const marked = await db.selectFrom('report_day_marks').select('day').distinct().execute();
        assert.equal(marked.length, days.length, 'every day with cases is marked');
        const round = (r: CaseReport) => JSON.parse(JSON.stringify(r)) as CaseReport;
        const period = { from: '2025-10-01', to: '2026-09-30' };
        for (const filter of scopeFilters())
          assert.deepEqual(
            round(await reportCases(ctx, period, filter)),
            round(await reportCasesScanning(ctx, period, filter)),
            JSON.stringify(filter),
          );
      });
    });
