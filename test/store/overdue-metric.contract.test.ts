// /metrics gives the report's "open and overdue" figure (redress_complaints_overdue) beside the operational one
// (redress_deadlines_late, against the dates told): a dashboard shows what the monitoring report says. On both
// engines, through the use cases and a fixed clock: a complaint acknowledged after its answer date (its promise
// renewed) and still open is overdue in the report and in the new gauge while the date told has not passed; and, for
// random sets of complaints (acknowledged in time or late, extended before or after the procedure's date, answered
// or not) read at a random instant, the gauge equals the report's figure, counted and scanned. Prometheus scrapes
// often: over an archive with statistics, each engine reads the open complaints through an index, not the table.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { sql } from 'kysely';
import { seedCases } from '../../bench/support/seed-cases.ts';
import { openAndOverdueCount } from '../../src/adapters/db/report.repo.ts';
import { createMetrics } from '../../src/adapters/metrics/metrics.ts';
import { acknowledgeCase } from '../../src/app/acknowledge-case.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2 November 2026, 08:00 in Berlin: the first receipt of each suite. */
const START = Date.parse('2026-11-02T07:00:00.000Z');
/** Each run of the property gets a window of its own, later than the last run's. */
const WINDOW_DAYS = 45;

const iso = (ms: number) => new Date(ms).toISOString();

/** One complaint's history: days (fractions allowed) from one step to the next; null: the step never comes. */
interface History {
  receivedAfterHours: number;
  acknowledgeAfterDays: number | null;
  extendAfterDays: number | null;
  /** Working days after the answer date in force (or today) that the window ends. */
  extendByWorkingDays: number;
  answerAfterDays: number | null;
}

/**
 * Acknowledged within a day (on time), or weeks later (after the answer date: the promise is renewed); extended
 * before the answer date or after it (after a renewal, an extension moves only the date told); answered or not.
 */
const historyArb: fc.Arbitrary<History> = fc.noBias(
  fc.record({
    receivedAfterHours: fc.integer({ min: 0, max: 24 * 10 }),
    acknowledgeAfterDays: fc.option(
      fc
        .oneof(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 15 * 24, max: 25 * 24 }))
        .map((h) => h / 24),
      { nil: null },
    ),
    extendAfterDays: fc.option(
      fc.integer({ min: 12, max: 12 * 24 }).map((h) => h / 24),
      { nil: null },
    ),
    extendByWorkingDays: fc.integer({ min: 1, max: 15 }),
    answerAfterDays: fc.option(
      fc.integer({ min: 12, max: 30 * 24 }).map((h) => h / 24),
      { nil: null },
    ),
  }),
);

/** Received at the window's start, nothing done since. */
const NONE: History = {
  receivedAfterHours: 0,
  acknowledgeAfterDays: null,
  extendAfterDays: null,
  extendByWorkingDays: 5,
  answerAfterDays: null,
};

const answer = {
  type: 'answer' as const,
  outcome: 'upheld' as const,
  text: 'Our answer.',
  remedy: null,
  correspondenceId: null,
};

for (const engine of ENGINES)
  describe(`the report's open and overdue complaints in /metrics on ${engine}`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const clock = fixedClock(iso(START));
    let complaints = 0;

    /** One scrape of a fresh registry (the database figures read at this instant, not a cached reading). */
    const scrape = async () => {
      const { body } = await createMetrics(ctx, { stateMaxAgeMs: 0 }).expose();
      const value = (series: string) => {
        const line = body.split('\n').find((l) => l.startsWith(`${series} `));
        return line ? Number(line.slice(series.length + 1)) : Number.NaN;
      };
      return {
        overdue: value('redress_complaints_overdue'),
        answerLate: value('redress_deadlines_late{deadline="answer"}'),
      };
    };
    /** The report's figure at the clock's instant over every complaint received so far, both ways of reading. */
    const reportFigure = async (lastReceipt: number) => {
      const period = {
        from: ctx.calendar.localDate(iso(START)).toString(),
        to: ctx.calendar.localDate(iso(lastReceipt + DAY)).toString(),
      };
      const counted = await reportCases(ctx, period);
      const scanned = await reportCasesScanning(ctx, period);
      assert.equal(
        counted.complaints.overdueOpen,
        scanned.complaints.overdueOpen,
        'counted and scanned agree',
      );
      return counted.complaints.overdueOpen;
    };
    const open = async (at: number) => {
      clock.set(iso(at));
      complaints++;
      const name = `client${complaints}`;
      const { caseId } = await openCase(
        ctx,
        complaintAt(iso(at), { complainant: { name, email: `${name}@exemple.fr` } }),
      );
      return caseId!;
    };
    const row = (id: string) =>
      tdb.database.db.selectFrom('cases').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    /** A step the procedure refuses at that point (extending an answered case...) is skipped, as staff would be. */
    const tried = async (step: () => Promise<unknown>) => {
      try {
        await step();
      } catch (e) {
        if (!(e as { code?: string }).code) throw e;
      }
    };
    const extend = async (id: string, byWorkingDays: number) => {
      const r = await row(id);
      if (!r.answer_by_date) return;
      // From the answer date in force, or from today when it has passed (the window must end after both).
      const from = [r.answer_by_date, ctx.calendar.localDate(clock.now()).toString()].sort().at(-1)!;
      const end = ctx.calendar.addWorkingDays(from, byWorkingDays).toString();
      await tried(() =>
        actOnCase(
          ctx,
          id,
          {
            type: 'extend',
            reason: 'We wait for the registry.',
            windowStart: end,
            windowEnd: end,
            correspondenceId: null,
          },
          'staff',
        ),
      );
    };

    before(async () => {
      tdb = await createTestDatabase(engine);
      ctx = createAppContext(
        loadConfig({ env: { REDRESS_TIMEZONE: 'Europe/Berlin', REDRESS_HOLIDAYS: 'DE-BW' } }),
        tdb.database,
        { clock },
      );
    });
    after(async () => {
      await tdb?.drop();
    });

    it('a renewed complaint past the procedure’s date, before the date told: overdue as the report says, not late', async () => {
      // Received Monday 2 November, due by Monday 16 November; acknowledged on Friday 20 November: promised anew.
      const id = await open(START);
      clock.set('2026-11-20T10:00:00.000Z');
      await acknowledgeCase(ctx, id, 'staff');
      const r = await row(id);
      assert.ok(r.procedure_answer_by! < clock.now() && r.answer_by! > clock.now(), 'between the two dates');
      clock.set('2026-11-25T10:00:00.000Z');
      const metrics = await scrape();
      assert.equal(metrics.answerLate, 0, 'against the date told: not late');
      assert.equal(metrics.overdue, 1, 'against the procedure’s date: overdue');
      assert.equal(await reportFigure(START), 1);
      // Answered: neither counts it.
      await actOnCase(ctx, id, answer, 'staff');
      assert.equal((await scrape()).overdue, 0);
      assert.equal(await reportFigure(START), 0);
    });

    it('property: at any instant, the gauge is the report’s open and overdue figure', async () => {
      let run = 0;
      let lastReceipt = START;
      const seen: Array<[number, number]> = [];
      await fc.assert(
        fc.asyncProperty(
          fc.array(historyArb, { minLength: 1, maxLength: 4 }),
          fc.noBias(fc.integer({ min: 0, max: (WINDOW_DAYS - 1) * 24 }).map((h) => h / 24)),
          async (histories, readAfterDays) => {
            run++;
            const base = START + run * WINDOW_DAYS * DAY;
            const readAt = base + readAfterDays * DAY;
            // Each complaint's steps in order, those after the instant read not yet taken.
            for (const h of histories) {
              const received = base + h.receivedAfterHours * HOUR;
              if (received > readAt) continue;
              const id = await open(received);
              lastReceipt = Math.max(lastReceipt, received);
              if (h.acknowledgeAfterDays === null) continue;
              let at = received + h.acknowledgeAfterDays * DAY;
              if (at > readAt) continue;
              clock.set(iso(at));
              await tried(() => acknowledgeCase(ctx, id, 'staff'));
              if (h.extendAfterDays !== null) {
                at += h.extendAfterDays * DAY;
                if (at > readAt) continue;
                clock.set(iso(at));
                await extend(id, h.extendByWorkingDays);
              }
              if (h.answerAfterDays !== null) {
                at += h.answerAfterDays * DAY;
                if (at > readAt) continue;
                clock.set(iso(at));
                await tried(() => actOnCase(ctx, id, answer, 'staff'));
              }
            }
            clock.set(iso(readAt));
            const metrics = await scrape();
            const report = await reportFigure(lastReceipt);
            assert.equal(metrics.overdue, report, `at ${iso(readAt)}`);
            seen.push([metrics.overdue, metrics.answerLate]);
          },
        ),
        {
          numRuns: 20,
          // Every kind at least once, read 40 days on: acknowledged on time and left open, never acknowledged,
          // renewed (acknowledged 25 days on, after the answer date whatever the holidays), extended within the
          // period, extended after a renewal, answered on time, answered after a renewal.
          examples: [
            [
              [
                { ...NONE, acknowledgeAfterDays: 0.1 },
                { ...NONE, receivedAfterHours: 1 },
                { ...NONE, receivedAfterHours: 2, acknowledgeAfterDays: 25 },
                { ...NONE, receivedAfterHours: 3, acknowledgeAfterDays: 0.1, extendAfterDays: 2 },
                { ...NONE, receivedAfterHours: 4, acknowledgeAfterDays: 25, extendAfterDays: 1 },
                { ...NONE, receivedAfterHours: 5, acknowledgeAfterDays: 0.1, answerAfterDays: 3 },
                { ...NONE, receivedAfterHours: 6, acknowledgeAfterDays: 25, answerAfterDays: 2 },
              ],
              40,
            ],
          ],
        },
      );
      // Every kind of history was read, and complaints the report counts overdue that are not late against the
      // date told (the renewed ones).
      const rows = await tdb.database.db
        .selectFrom('cases')
        .select([
          'answer_by',
          'procedure_answer_by',
          'first_answer_by',
          'extensions',
          'answered_at',
          'is_open',
        ])
        .execute();
      const renewed = rows.filter((r) => r.procedure_answer_by !== r.answer_by);
      assert.ok(
        renewed.some((r) => r.is_open && r.extensions === 0),
        'renewed',
      );
      assert.ok(
        renewed.some((r) => r.extensions > 0 && r.first_answer_by === null),
        'extended after a renewal',
      );
      assert.ok(
        rows.some((r) => r.first_answer_by !== null),
        'extended within the period',
      );
      assert.ok(
        rows.some((r) => r.answered_at !== null),
        'answered',
      );
      assert.ok(
        rows.some((r) => r.is_open && r.procedure_answer_by === r.answer_by && r.extensions === 0),
        'open, never renewed nor extended',
      );
      assert.ok(
        seen.some(([overdue, late]) => overdue > late),
        'a reading where the report counts more than the dates told',
      );
    });
  });

for (const engine of ENGINES)
  describe(`the open and overdue complaints of /metrics read through an index on ${engine}`, () => {
    let tdb: TestDatabase;
    const NOW = '2026-11-23T09:00:00.000Z';
    before(async () => {
      tdb = await createTestDatabase(engine);
      await seedCases(tdb.database, { cases: 5000, withStreams: false, now: NOW });
      // Some open complaints promised anew: their procedure's date passed before the date told.
      await sql`update cases set procedure_answer_by = '2026-11-02T22:59:59.999Z'
        where is_open = 1 and substr(id, -1) in ('a', 'b')`.execute(tdb.database.db);
      await sql`analyze`.execute(tdb.database.db);
    });
    after(() => tdb.drop());

    it('the open complaints’ index (cases_open_counts), never a scan of the cases', async () => {
      const db = tdb.database.db;
      const query = openAndOverdueCount(db, engine, NOW).compile();
      const explain = engine === 'sqlite' ? 'explain query plan ' : 'explain ';
      const plan = await db.executeQuery<Record<string, unknown>>({ ...query, sql: explain + query.sql });
      const text = plan.rows.map((r) => String(r.detail ?? r['QUERY PLAN'])).join('\n');
      assert.match(text, /\bcases_open_counts\b/, text);
      // The cases are never scanned. The acknowledgements recorded but not given are looked up in the outbox (the
      // seeded database has no mail, so PostgreSQL reads its empty tables whole: no scan of the cases either).
      assert.doesNotMatch(text, /Seq Scan on cases|SCAN cases(?! USING)/, text);
      const open = await db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('is_open', '=', 1)
        .executeTakeFirstOrThrow();
      const { n } = await openAndOverdueCount(db, engine, NOW).executeTakeFirstOrThrow();
      assert.ok(
        Number(n) > 0 && Number(n) < Number(open.n),
        `some of the open complaints: ${n} of ${open.n}`,
      );
    });
  });
