// A change of the organisation's time zone in a new calendar version, on both engines. A complaint belongs to the
// local day of its receipt in the time zone of the calendar version in force at its receipt, and its business days
// to acknowledge and to answer are counted on that version: received before the change (Berlin) it keeps Berlin's
// days, after it (Tokyo) Tokyo's. A generated set of complaints around the change, received at hours that fall on
// different local days (and months) in the two zones, whose figures are worked out here from the zones alone:
// every reading of the report (the day counts, a one-facet filter, an owner filter that reads the cases, the
// recount from the cases), the day counts' own rows, the queue's filter by date of receipt (the report's
// drill-down) and the deadlines the queue shows must agree with them.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Temporal } from 'temporal-polyfill';
import { calendarFromConfig } from '../../src/adapters/calendar/calendar.ts';
import { refreshReportDays } from '../../src/adapters/db/report-days.repo.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { calendarHistory } from '../../src/app/calendar-versions.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { listQueue } from '../../src/app/list-queue.ts';
import { openCase } from '../../src/app/open-case.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { reportCases, reportCasesScanning } from '../../src/app/report-cases.ts';
import { loadSettings, updateSettings } from '../../src/app/settings.ts';
import { type Config, loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const ENV = { REDRESS_HOLIDAYS: 'DE-BW', REDRESS_TIMEZONE: 'Europe/Berlin' };
const ADMIN = { actor: 'user:admin', label: 'admin@example.org', address: null };
// Tuesday 31 March 2026, 12:00 in Berlin (CEST, UTC+2), 19:00 in Tokyo (UTC+9). Good Friday (3 April) and Easter
// Monday (6 April) are holidays in Baden-Württemberg, on either zone's dates.
const CHANGE = '2026-03-31T10:00:00.000Z';
const ZONE_BEFORE = 'Europe/Berlin';
const ZONE_AFTER = 'Asia/Tokyo';

interface Generated {
  receivedAt: string;
  acknowledgedAt: string;
  answeredAt: string | null;
  language: 'en' | 'fr';
}

/**
 * Complaints received every day from 23 March to 8 April at hours chosen to straddle midnight in one zone or the
 * other (UTC 06:10, 14:40, 15:20, 21:50, 23:30), acknowledged a few hours later and answered after 1 to 11 days
 * (one in five still open).
 */
function generate(): Generated[] {
  const out: Generated[] = [];
  const minutes = [6 * 60 + 10, 14 * 60 + 40, 15 * 60 + 20, 21 * 60 + 50, 23 * 60 + 30];
  let i = 0;
  for (let d = Date.UTC(2026, 2, 23); d <= Date.UTC(2026, 3, 8); d += 86_400_000)
    for (const m of minutes) {
      const received = d + m * 60_000;
      const iso = (ms: number) => new Date(ms).toISOString();
      out.push({
        receivedAt: iso(received),
        acknowledgedAt: iso(received + (3 + (i % 7) * 4) * 3_600_000),
        answeredAt: i % 5 === 4 ? null : iso(received + (26 + ((i * 37) % 250)) * 3_600_000),
        language: i % 2 === 0 ? 'en' : 'fr',
      });
      i++;
    }
  return out;
}

/** What the figures must be, from the zones alone: the zone in force at receipt gives the day and the counts. */
function expected(base: Config, cases: readonly Generated[]) {
  const calendars = {
    [ZONE_BEFORE]: calendarFromConfig({ ...base, timezone: ZONE_BEFORE }),
    [ZONE_AFTER]: calendarFromConfig({ ...base, timezone: ZONE_AFTER }),
  };
  return cases.map((c) => {
    const zone = c.receivedAt < CHANGE ? ZONE_BEFORE : ZONE_AFTER;
    const localDay = (instant: string) =>
      Temporal.Instant.from(instant).toZonedDateTimeISO(zone).toPlainDate().toString();
    const cal = calendars[zone];
    return {
      ...c,
      zone,
      day: localDay(c.receivedAt),
      ackDays: cal.workingDaysBetween(localDay(c.receivedAt), localDay(c.acknowledgedAt)),
      answerDays: c.answeredAt
        ? cal.workingDaysBetween(localDay(c.receivedAt), localDay(c.answeredAt))
        : null,
    };
  });
}

/** Median and 90th percentile as the report reads them (nearest rank). */
function spread(values: number[]) {
  if (values.length === 0) return { n: 0, median: null, p90: null };
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.max(1, Math.ceil(p * sorted.length)) - 1]!;
  return { n: sorted.length, median: at(0.5), p90: at(0.9) };
}

for (const engine of ENGINES)
  describe(`a change of the time zone in a new calendar version (${engine})`, () => {
    let tdb: TestDatabase;
    let base: Config;
    let ctx: AppContext;
    const clock = fixedClock('2026-03-02T08:00:00.000Z');
    const cases = generate();
    const ids = new Map<string, string>();
    let want: ReturnType<typeof expected>;

    before(async () => {
      tdb = await createTestDatabase(engine);
      base = loadConfig({ env: ENV, cwd: '/nonexistent' });
      ctx = createAppContext(base, tdb.database, { clock });
      await loadSettings(ctx, base, { recordCalendar: true });
      want = expected(base, cases);
      // The writes in the order they happened, the change of the time zone among them.
      type Step = { at: string; run: () => Promise<unknown> };
      const steps: Step[] = [
        { at: CHANGE, run: () => updateSettings(ctx, base, { timezone: ZONE_AFTER }, ADMIN) },
      ];
      for (const c of cases) {
        steps.push({
          at: c.receivedAt,
          run: async () => {
            const { caseId } = await openCase(ctx, complaintAt(c.receivedAt, { language: c.language }));
            ids.set(c.receivedAt, caseId);
          },
        });
        steps.push({
          at: c.acknowledgedAt,
          run: () =>
            actOnCase(
              ctx,
              ids.get(c.receivedAt)!,
              { type: 'acknowledge', channel: 'email', correspondenceId: null },
              'u',
            ),
        });
        if (c.answeredAt)
          steps.push({
            at: c.answeredAt,
            run: () =>
              actOnCase(
                ctx,
                ids.get(c.receivedAt)!,
                {
                  type: 'answer',
                  outcome: 'upheld',
                  text: 'Our answer.',
                  remedy: null,
                  correspondenceId: null,
                  rootCause: null,
                },
                'u',
              ),
          });
      }
      // Stable: a receipt before the acknowledgement and the answer made at the same instant.
      steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
      for (const s of steps) {
        clock.set(s.at);
        await s.run();
      }
      clock.set('2026-04-30T12:00:00.000Z');
    });
    after(() => tdb?.drop());

    it('records the change as version 2, with the new zone', async () => {
      const versions = await calendarHistory(ctx);
      assert.deepEqual(
        versions.map((v) => [v.version, v.timezone]),
        [
          [1, ZONE_BEFORE],
          [2, ZONE_AFTER],
        ],
      );
      assert.equal(versions[1]!.effectiveAt, CHANGE);
      // The generated set does straddle: cases whose local day differs between the zones, on both sides.
      const other = (c: (typeof want)[number]) =>
        Temporal.Instant.from(c.receivedAt)
          .toZonedDateTimeISO(c.zone === ZONE_BEFORE ? ZONE_AFTER : ZONE_BEFORE)
          .toPlainDate()
          .toString();
      assert.ok(want.filter((c) => c.zone === ZONE_BEFORE && other(c) !== c.day).length >= 8);
      assert.ok(want.filter((c) => c.zone === ZONE_AFTER && other(c) !== c.day).length >= 8);
      // 31 March 15:20 UTC, after the change: 1 April in Tokyo (00:20), 31 March in Berlin.
      assert.equal(want.find((c) => c.receivedAt === '2026-03-31T15:20:00.000Z')?.day, '2026-04-01');
      assert.equal(want.find((c) => c.receivedAt === '2026-03-30T23:30:00.000Z')?.day, '2026-03-31');
    });

    const days = ['2026-03-30', '2026-03-31', '2026-04-01', '2026-04-02', '2026-04-03'];
    const periods = [
      ...days.map((d) => ({ from: d, to: d })),
      { from: '2026-03-01', to: '2026-03-31' },
      { from: '2026-04-01', to: '2026-04-30' },
      { from: '2026-03-24', to: '2026-04-07' },
      { from: '2026-01-01', to: '2026-12-31' },
    ];

    it('counts each complaint on the local day, and the business days, of the zone in force at its receipt', async () => {
      for (const period of periods) {
        const inPeriod = want.filter((c) => c.day >= period.from && c.day <= period.to);
        const label = `${period.from}..${period.to}`;
        const readings = {
          days: await reportCases(ctx, period),
          language: await reportCases(ctx, period, { language: 'en' }),
          owner: await reportCases(ctx, period, { owner: 'nobody' }),
          scanning: await reportCasesScanning(ctx, period),
        };
        const r = readings.days.complaints;
        assert.equal(r.received, inPeriod.length, `${label}: received`);
        assert.equal(r.answered, inPeriod.filter((c) => c.answeredAt).length, `${label}: answered`);
        assert.deepEqual(
          r.promises.businessDaysToAnswer,
          spread(inPeriod.flatMap((c) => (c.answerDays === null ? [] : [c.answerDays]))),
          `${label}: business days to answer`,
        );
        assert.deepEqual(
          r.promises.businessDaysToAcknowledge,
          spread(inPeriod.map((c) => c.ackDays)),
          `${label}: business days to acknowledge`,
        );
        const byMonth: Record<string, number> = {};
        for (const c of inPeriod) byMonth[c.day.slice(0, 7)] = (byMonth[c.day.slice(0, 7)] ?? 0) + 1;
        assert.deepEqual(r.byMonth, byMonth, `${label}: by month`);
        // The one-facet filter (English: every other case).
        const english = inPeriod.filter((c) => c.language === 'en');
        assert.equal(readings.language.complaints.received, english.length, `${label}: English received`);
        assert.deepEqual(
          readings.language.complaints.promises.businessDaysToAnswer,
          spread(english.flatMap((c) => (c.answerDays === null ? [] : [c.answerDays]))),
          `${label}: English business days to answer`,
        );
        // Nobody owns a case: the owner filter reads the cases and finds none, whatever the zone.
        assert.equal(readings.owner.complaints.received, 0);
        // The recount from the cases agrees with the day counts.
        assert.equal(readings.scanning.complaints.received, inPeriod.length, `${label}: recount received`);
        assert.deepEqual(readings.scanning.complaints.byMonth, byMonth, `${label}: recount by month`);
        assert.deepEqual(
          readings.scanning.complaints.promises,
          readings.days.complaints.promises,
          `${label}: recount promises`,
        );
      }
    });

    it('keys the day counts by the local day of the zone in force at receipt', async () => {
      // Every marked day counted (a report counts only those of its period).
      await refreshReportDays(tdb.database, ctx.calendars);
      const rows = await tdb.database.db
        .selectFrom('report_days')
        .select(['day', 'n'])
        .where('facet', '=', '')
        .where('measure', '=', 'n')
        .execute();
      const counted: Record<string, number> = {};
      for (const r of rows) counted[r.day] = (counted[r.day] ?? 0) + Number(r.n);
      const wanted: Record<string, number> = {};
      for (const c of want) wanted[c.day] = (wanted[c.day] ?? 0) + 1;
      assert.deepEqual(counted, wanted);
    });

    it("lists in the queue's filter by date of receipt the cases the report counts on those days", async () => {
      for (const d of days) {
        const listed = await listQueue(ctx, {
          queue: 'all',
          status: 'all',
          receivedFrom: d,
          receivedTo: d,
          limit: 200,
        });
        assert.deepEqual(
          listed.rows.map((r) => r.receivedAt).sort(),
          want
            .filter((c) => c.day === d)
            .map((c) => c.receivedAt)
            .sort(),
          d,
        );
      }
    });

    it('shows the deadlines set at receipt: the due date of the zone then, the last instant of that day there', async () => {
      const listed = await listQueue(ctx, { queue: 'all', status: 'open', limit: 200 });
      const open = want.filter((c) => c.answeredAt === null);
      assert.ok(open.some((c) => c.zone === ZONE_BEFORE) && open.some((c) => c.zone === ZONE_AFTER));
      for (const c of open) {
        const row = listed.rows.find((r) => r.receivedAt === c.receivedAt);
        assert.ok(row, c.receivedAt);
        const cal = calendarFromConfig({ ...base, timezone: c.zone });
        const due = cal.addWorkingDays(c.day, base.answerBusinessDays).toString();
        assert.equal(row.answerByDate, due, `${c.receivedAt}: answer-by date`);
        assert.equal(row.answerBy, cal.endOfDay(due), `${c.receivedAt}: answer-by instant`);
      }
    });
    it('starts the clock of a letter that arrived before the change, registered after it, in the zone then', async () => {
      // Arrived Monday 30 March (Berlin), registered on 2 April (Tokyo): 00:00 in Berlin, and 09:30 there.
      const letter = (time: string | null) =>
        registerLetter(
          ctx,
          {
            arrived: '2026-03-30',
            time,
            complainant: {
              name: 'Jean Martin',
              postalAddress: ['Jean Martin', '1 rue de la Paix', '75002 Paris'],
            },
            language: 'fr',
            description: 'Mon site est hors ligne.',
            expectations: 'Le rétablissement du site.',
          } as Parameters<typeof registerLetter>[1],
          null,
          'user:clerk',
        );
      clock.set('2026-04-02T01:00:00.000Z');
      const midnight = await letter(null);
      assert.equal(midnight.receivedAt, '2026-03-29T22:00:00.000Z');
      const morning = await letter('09:30');
      assert.equal(morning.receivedAt, '2026-03-30T07:30:00.000Z');
      const r = await reportCases(ctx, { from: '2026-03-30', to: '2026-03-30' });
      assert.equal(r.complaints.received, want.filter((c) => c.day === '2026-03-30').length + 2);
      clock.set('2026-04-30T12:00:00.000Z');
    });
  });
