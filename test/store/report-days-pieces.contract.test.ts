// The report's day counts counted a piece of cases at a time (src/adapters/db/report-days.repo.ts), on both
// engines: a year may hold millions of cases, which must never be read all at once. Several hundred complaints over
// a fortnight (several on the same instant, across the change to summer time and a change of time zone in a new
// calendar version), acknowledged, extended once or twice, answered, reopened and answered again: a rebuild in
// pieces of 1, 7 and 50 cases writes exactly the rows of a rebuild in one piece, pieces ending in the middle of
// local days; a counting again after writes does too; and no statement of a counting reads more than a piece's cases,
// or their events, whatever the number of cases. The complaints' times read for the report's filters that the
// counts cannot answer come in pieces too, the same complaints as read at once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  TableNode,
} from 'kysely';
import { calendarFromConfig } from '../../src/adapters/calendar/calendar.ts';
import type { Database } from '../../src/adapters/db/database.ts';
import { complaintTimesIn } from '../../src/adapters/db/report.repo.ts';
import {
  markReportDay,
  rebuildReportDays,
  refreshReportDays,
} from '../../src/adapters/db/report-days.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { openCase } from '../../src/app/open-case.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { BEGINNING_OF_TIME, CalendarHistory } from '../../src/core/calendar/calendar-versions.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';
import { firstWindowDay } from '../support/extension.ts';
import { reportDayRows } from '../support/report-days.ts';

const HOUR = 3_600_000;
const CASES = 300;
// Berlin moves to summer time on 29 March 2026; a calendar version moves the zone from Tokyo to Berlin on 31 March.
const FIRST = Date.UTC(2026, 2, 24, 5, 0);
// At 01:00 on 1 April in Tokyo, 18:00 on 31 March in Berlin.
const CHANGE = '2026-03-31T16:00:00.000Z';
const ONE_PIECE = 1_000_000;

/** The rows of both tables of the counts, in key order. */
async function countRows(database: Database) {
  const months = await database.db
    .selectFrom('report_months')
    .selectAll()
    .where('n', '<>', 0)
    .orderBy('facet')
    .orderBy('measure')
    .orderBy('facet_value')
    .orderBy('month')
    .orderBy('step')
    .orderBy('value')
    .execute();
  return {
    days: await reportDayRows(database.db),
    months: months.map((r) => ({ ...r, value: Number(r.value), n: Number(r.n) })),
  };
}

/**
 * The database seen through a plugin that remembers, per table read, the most rows one statement returned (the
 * counting runs in a transaction of its own: the plugin is put on it too).
 */
function watched(database: Database) {
  const most = new Map<string, number>();
  const tables = new Map<unknown, string>();
  const plugin: KyselyPlugin = {
    transformQuery(args: PluginTransformQueryArgs) {
      const node = args.node;
      if (node.kind === 'SelectQueryNode') {
        const from = node.from?.froms[0];
        if (from && TableNode.is(from)) tables.set(args.queryId, from.table.identifier.name);
      }
      return node;
    },
    async transformResult(args: PluginTransformResultArgs) {
      const table = tables.get(args.queryId) ?? '(other)';
      most.set(table, Math.max(most.get(table) ?? 0, args.result.rows.length));
      return args.result;
    },
  };
  const seen: Database = {
    engine: database.engine,
    db: database.db.withPlugin(plugin),
    transaction: (fn) => database.transaction((trx) => fn(trx.withPlugin(plugin))),
    close: () => database.close(),
  };
  return { database: seen, most };
}

for (const engine of ENGINES)
  describe(`the day counts counted a piece of cases at a time (${engine})`, () => {
    let tdb: TestDatabase;
    let base: Config;
    let ctx: AppContext;
    const clock = fixedClock(new Date(FIRST).toISOString());
    const ids: string[] = [];

    before(async () => {
      tdb = await createTestDatabase(engine);
      base = loadConfig({ env: { REDRESS_HOLIDAYS: 'DE-BW', REDRESS_TIMEZONE: 'Europe/Berlin' } });
      ctx = createAppContext(base, tdb.database, { clock });
      type Step = { at: number; order: number; run: () => Promise<unknown> };
      const steps: Step[] = [];
      const act = (i: number, command: Parameters<typeof actOnCase>[2]) => () =>
        actOnCase(ctx, ids[i]!, command, 'u');
      for (let i = 0; i < CASES; i++) {
        // Every 83 minutes, so that the hours of receipt go round the clock; every fifth case on the instant of
        // the one before (the order of receipt then goes by id).
        const received = FIRST + (i - Math.floor(i / 5)) * 83 * 60_000;
        const receivedAt = new Date(received).toISOString();
        steps.push({
          at: received,
          order: i,
          run: async () => {
            const { caseId } = await openCase(
              ctx,
              complaintAt(receivedAt, {
                channel: i % 4 === 0 ? 'letter' : 'email',
                language: i % 3 === 0 ? 'de' : 'fr',
                complainant: { name: `Client ${i}`, email: `client-${i}@exemple.fr` },
              }),
            );
            ids[i] = caseId;
          },
        });
        let at = received + (2 + (i % 30)) * HOUR;
        const later = (run: () => Promise<unknown>) => {
          steps.push({ at, order: i, run });
          at += (20 + ((i * 7) % 90)) * HOUR;
        };
        if (i % 7 !== 6) later(act(i, { type: 'acknowledge', channel: 'email', correspondenceId: null }));
        if (i % 5 === 1) later(act(i, { type: 'categorise', category: i % 2 ? 'billing' : 'dns' }));
        for (let k = 0; k < (i % 4 === 0 ? 2 : i % 4 === 1 ? 1 : 0); k++)
          later(async () => {
            const today = ctx.calendar.localDate(clock.now());
            let end = today.add({ days: 10 + (i % 9) });
            while (!ctx.calendar.isWorkingDay(end)) end = end.add({ days: 1 });
            return actOnCase(
              ctx,
              ids[i]!,
              {
                type: 'extend',
                reason: 'Waiting for the registry.',
                windowStart: await firstWindowDay(ctx, ids[i]!, today),
                windowEnd: end.toString(),
                correspondenceId: null,
              },
              'u',
            );
          });
        const answer = act(i, {
          type: 'answer',
          outcome: i % 2 ? 'upheld' : 'not_upheld',
          text: 'Our answer.',
          remedy: null,
          correspondenceId: null,
          rootCause: i % 3 === 0 ? { cause: 'our_error', note: null } : null,
        });
        // Some answered weeks late.
        if (i % 10 === 3) at += 20 * 24 * HOUR;
        if (i % 6 !== 5) later(answer);
        if (i % 6 === 2) {
          later(act(i, { type: 'close', reason: 'Done.' }));
          later(act(i, { type: 'reopen', reason: 'The client wrote again.' }));
          if (i % 12 === 2) later(answer);
        }
      }
      steps.sort((a, b) => a.at - b.at || a.order - b.order);
      for (const s of steps) {
        clock.set(new Date(s.at).toISOString());
        try {
          await s.run();
        } catch (e) {
          // A command the state refuses (an extension the window does not allow): skipped, as a person would be.
          if (!(e instanceof Error && 'code' in e)) throw e;
        }
      }
      clock.set('2026-06-01T12:00:00.000Z');
    });
    after(() => tdb?.drop());

    it('writes the rows of a rebuild in one piece, pieces ending within local days', async () => {
      const days = await rebuildReportDays(tdb.database, ctx.calendar, { pieceCases: ONE_PIECE });
      const whole = await countRows(tdb.database);
      // The cases reached every kind of row the pieces must agree on.
      const measures = new Set(whole.days.map((r) => r.measure));
      for (const m of ['extension_first', 'extension_further', 'reopened', 'answered_late', 'root_cause'])
        assert.ok(measures.has(m), m);
      assert.ok(days >= 14, `${days} days`);
      for (const pieceCases of [50, 7, 1]) {
        await rebuildReportDays(tdb.database, ctx.calendar, { pieceCases });
        assert.deepEqual(await countRows(tdb.database), whole, `pieces of ${pieceCases}`);
      }
    });

    it('counts again after writes in pieces as a rebuild in one piece does', async () => {
      await rebuildReportDays(tdb.database, ctx.calendar, { pieceCases: ONE_PIECE });
      // Some complaints change: categorised again, answered, reopened (their days are marked).
      for (let i = 0; i < CASES; i += 11) {
        for (const command of [
          { type: 'categorise', category: 'hosting' },
          {
            type: 'answer',
            outcome: 'upheld',
            text: 'Late.',
            remedy: null,
            correspondenceId: null,
            rootCause: null,
          },
          { type: 'close', reason: 'Done.' },
          { type: 'reopen', reason: 'Again.' },
        ] as const)
          try {
            await actOnCase(ctx, ids[i]!, command, 'u');
          } catch (e) {
            if (!(e instanceof Error && 'code' in e)) throw e;
          }
      }
      // The first days alone first (on PostgreSQL, fewer cases than were received after them: read a piece at a
      // time by their streams), then the rest (as many as after them: through a cursor).
      await refreshReportDays(tdb.database, ctx.calendar, '2026-03-24', '2026-03-28', { pieceCases: 7 });
      await refreshReportDays(tdb.database, ctx.calendar, undefined, undefined, { pieceCases: 7 });
      const refreshed = await countRows(tdb.database);
      await rebuildReportDays(tdb.database, ctx.calendar, { pieceCases: ONE_PIECE });
      assert.deepEqual(refreshed, await countRows(tdb.database));
    });

    it('counts again after many writes without reading their marks at once, and keeps none of them', async () => {
      await rebuildReportDays(tdb.database, ctx.calendar, { pieceCases: ONE_PIECE });
      const whole = await countRows(tdb.database);
      // Every write of a case leaves a mark (markReportDay): ten writes of each case since the last report.
      const cases = await tdb.database.db.selectFrom('cases').select(['id', 'received_at']).execute();
      await tdb.database.transaction(async (trx) => {
        for (const c of cases)
          for (let version = 100; version < 110; version++)
            await markReportDay(trx, c.id, version, null, { received_at: c.received_at });
      });
      const { database, most } = watched(tdb.database);
      const days = await refreshReportDays(database, ctx.calendar, undefined, undefined, { pieceCases: 50 });
      assert.ok(days >= 14, `${days} days`);
      // The rows kept for a run of days, of all cases and of each scope, are compared with the days counted again:
      // as many as the days have groups, whatever the number of cases or marks. Every other statement reads a piece
      // at most.
      const kept = new Set(['report_days', 'report_scope_days']);
      const largest = Math.max(...[...most].filter(([table]) => !kept.has(table)).map(([, n]) => n));
      assert.ok(largest <= 5 * 50, `rows read at once: ${JSON.stringify([...most])}`);
      assert.deepEqual(await countRows(tdb.database), whole);
      const left = await tdb.database.db.selectFrom('report_day_marks').select('day').execute();
      assert.deepEqual(left, []);
    });

    it('counts every write made while reports count, whatever the interleaving', async () => {
      await rebuildReportDays(tdb.database, ctx.calendar, { pieceCases: ONE_PIECE });
      // Writers change cases (each write marks its day) while reports take the marks and count, on connections of
      // their own: a write that lands between a report's taking of the marks and its counting, or after it, must
      // be counted by that report or leave its mark for the next one.
      const categories = ['billing', 'dns', 'hosting'];
      let writing = true;
      const writer = async (w: number) => {
        for (let round = 0; round < 12; round++)
          for (let i = w; i < CASES; i += 37)
            try {
              await actOnCase(
                ctx,
                ids[i]!,
                { type: 'categorise', category: categories[(i + round) % categories.length]! },
                'u',
              );
            } catch (e) {
              // Refused by the procedure (the case has this category already, or is closed): no write.
              if (!(e instanceof Error && 'code' in e)) throw e;
            }
      };
      const reporter = async () => {
        while (writing) {
          await refreshReportDays(tdb.database, ctx.calendar, undefined, undefined, { pieceCases: 50 });
          await new Promise((r) => setTimeout(r, 1));
        }
      };
      const reports = [reporter(), reporter()];
      try {
        await Promise.all([writer(0), writer(11), writer(23)]);
      } finally {
        writing = false;
        await Promise.all(reports);
      }
      // The last report counts what the writes left marked; then the counts must be those of a rebuild.
      await refreshReportDays(tdb.database, ctx.calendar, undefined, undefined, { pieceCases: 50 });
      const counted = await countRows(tdb.database);
      await rebuildReportDays(tdb.database, ctx.calendar, { pieceCases: ONE_PIECE });
      assert.deepEqual(counted, await countRows(tdb.database));
    });

    it('on calendar versions in two time zones, counts each case on its own local day whatever the pieces', async () => {
      const berlin = calendarFromConfig({ ...base, timezone: 'Europe/Berlin' });
      const tokyo = calendarFromConfig({ ...base, timezone: 'Asia/Tokyo' });
      const history = new CalendarHistory([
        // Westwards: the cases received just after the change fall on local days before those of the cases
        // received just before it (the order of receipt is not the order of local days there).
        { version: 1, effectiveAt: BEGINNING_OF_TIME, calendar: () => tokyo },
        { version: 2, effectiveAt: CHANGE, calendar: () => berlin },
      ]);
      await rebuildReportDays(tdb.database, history, { pieceCases: ONE_PIECE });
      const whole = await countRows(tdb.database);
      for (const pieceCases of [50, 7, 1]) {
        await rebuildReportDays(tdb.database, history, { pieceCases });
        assert.deepEqual(await countRows(tdb.database), whole, `pieces of ${pieceCases}`);
      }
      // Not the rows of one zone: the change moved cases to other local days.
      await rebuildReportDays(tdb.database, ctx.calendar);
      assert.notDeepEqual(await countRows(tdb.database), whole);
    });

    it('reads no more than a piece of cases, and their events, in one statement', async () => {
      const { database, most } = watched(tdb.database);
      await rebuildReportDays(database, ctx.calendar, { pieceCases: 50 });
      // SQLite reads the cases and their events by statements on each table; PostgreSQL through a cursor.
      const largest = Math.max(...most.values());
      assert.ok(largest > 0, JSON.stringify([...most]));
      // A complaint's events that count: at most two extensions, a reopening and two answers.
      assert.ok(largest <= 5 * 50, `rows read at once: ${JSON.stringify([...most])}`);
      if (engine === 'sqlite')
        assert.ok(most.get('cases')! <= 50, `cases read at once: ${most.get('cases')}`);
    });

    it("reads the complaints' times a piece at a time, the same as at once", async () => {
      const { start } = { start: new Date(FIRST - HOUR).toISOString() };
      const end = '2026-06-01T00:00:00.000Z';
      for (const filter of [{}, { step: 1 as const }, { channel: 'letter' }]) {
        const read = async (pieceSize: number) => {
          const all = [];
          for await (const piece of complaintTimesIn(
            tdb.database.db,
            engine,
            start,
            end,
            filter,
            pieceSize,
          )) {
            assert.ok(piece.length <= pieceSize);
            all.push(...piece);
          }
          return all;
        };
        const whole = await read(ONE_PIECE);
        assert.ok(whole.length > 50 && whole.some((c) => c.extensions.length === 2));
        assert.deepEqual(await read(50), whole, JSON.stringify(filter));
        assert.deepEqual(await read(1), whole, JSON.stringify(filter));
      }
    });
  });
