// The report's counts (src/adapters/db/case-counts.repo.ts) on both engines: after a few hundred cases are
// opened, acknowledged, categorised, extended, answered, escalated, reclassified and merged in random order
// (fixed seed), in a time zone whose days and months start off the UTC hour, the counts kept in step equal the
// counts rebuilt from the cases, and the report read from them equals the report read from the cases alone, for
// whole years, single months, single days and periods that start and end mid-month.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Kysely } from 'kysely';
import { Temporal } from 'temporal-polyfill';
import { rebuildCaseCounts } from '../../src/adapters/db/case-counts.repo.ts';
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
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

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

for (const engine of ENGINES)
  for (const zone of ZONES)
    describe(`report counts on ${engine}, ${zone}`, () => {
      let tdb: TestDatabase;
      let ctx: AppContext;
      const clock = fixedClock('2025-10-01T08:00:00.000Z');
      const rand = rng(zone === 'Asia/Kathmandu' ? 7 : 11);
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
        let day = Temporal.PlainDate.from('2025-10-01');
        let at = 0;
        for (let i = 0; i < 240; i++) {
          day = day.add({ days: Math.floor(rand() * 3.6) });
          at = Date.parse(ctx.calendar.startOfDay(day)) + Math.floor((rand() - 0.5) * 6 * 3_600_000);
          const receivedAt = new Date(at).toISOString();
          clock.set(receivedAt);
          const kind = rand() < 0.15 ? 'suggestion' : 'complaint';
          const c = await openCase(
            ctx,
            complaintAt(receivedAt, {
              kind,
              step: kind === 'suggestion' ? null : rand() < 0.2 ? 2 : 1,
              channel: pick(['email', 'letter', 'web'] as const),
              language: pick(['fr', 'de', 'en'] as const),
            }),
          );
          open.push(c.caseId);
          // Some work on a few of the cases received so far, at a later time.
          for (let k = 0; k < 2; k++) {
            const id = pick(open);
            clock.set(new Date(at + Math.floor(rand() * 20 * 86_400_000)).toISOString());
            const action = Math.floor(rand() * 8);
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
                const today = ctx.calendar.localDate(clock.now());
                await actOnCase(
                  ctx,
                  id,
                  {
                    type: 'extend',
                    reason: 'We need the registry’s reply.',
                    windowStart: today.add({ days: 20 }).toString(),
                    windowEnd: today.add({ days: 30 }).toString(),
                    correspondenceId: null,
                  },
                  'u',
                );
              } else if (action === 6)
                await actOnCase(
                  ctx,
                  id,
                  { type: 'reclassify', kind: 'other', reason: 'abuse_report', note: null },
                  'u',
                );
              else {
                const other = pick(open);
                if (other !== id) await mergeCases(ctx, id, other, 'u');
              }
            } catch (e) {
              // A command the procedure refuses (answering twice, extending too late…) changes nothing.
              if ((e as { code?: string }).code === undefined) throw e;
            }
          }
        }
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
          .map((r) => ({ ...r, days_to_answer: Math.round(Number(r.days_to_answer) * 1e6) / 1e6 }));

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
        assert.deepEqual(rebuilt, kept);
        assert.deepEqual(await countsTable(), kept);
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
    });
