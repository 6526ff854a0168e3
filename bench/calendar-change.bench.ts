// The first monitoring report after a change of the business calendar, on SQLite and PostgreSQL. Each case is
// counted on the calendar version in force at its receipt (src/core/calendar/calendar-versions.ts), so a change
// counts again only the days from its instant on. The reference, measured in the same run on the same database:
// the same report after every day is counted again (rebuildReportDays), which is what a change cost when the
// counts were all made on the calendar in force. Rounds alternate (change, reference, change, …); CPU time of
// this process beside the wall time (on PostgreSQL the counting's queries run in the server, outside it).
// Sizes: BENCH_CASES (default 50,000; quick 3,000), BENCH_ENGINES (sqlite,postgres), BENCH_ROUNDS (3; quick 1).
// BENCH_CHANGE: what each round changes, `closure` (a closure day added, the default) or `timezone` (the time zone
// moved between Europe/Berlin and Europe/Lisbon: the cases after the change are counted on other local days).
import { sql } from 'kysely';
import type { Engine } from '../src/adapters/db/database.ts';
import { rebuildReportDays } from '../src/adapters/db/report-days.repo.ts';
import { createAppContext } from '../src/app/context.ts';
import { reportCases } from '../src/app/report-cases.ts';
import { loadSettings, updateSettings } from '../src/app/settings.ts';
import { loadConfig } from '../src/config.ts';
import { fixedClock } from '../src/core/ports.ts';
import { freshDatabase } from './support/databases.ts';
import { fig, list, publish, QUICK, ratio, size } from './support/figures.ts';
import { seedCases } from './support/seed-cases.ts';
import { machine } from './support/stats.ts';

const CASES = size('BENCH_CASES', 50_000, 3_000);
const ENGINES = list('BENCH_ENGINES', 'sqlite,postgres') as Engine[];
const ROUNDS = size('BENCH_ROUNDS', 3, 1);
const CHANGE = process.env.BENCH_CHANGE === 'timezone' ? 'timezone' : 'closure';
const NOW = '2026-11-23T09:00:00.000Z';
const YEAR = { from: '2025-11-24', to: '2026-11-23' };
const ADMIN = { actor: 'user:bench', label: 'bench', address: null };

/** Wall and CPU milliseconds of one call. */
async function measure(fn: () => Promise<unknown>): Promise<{ wallMs: number; cpuMs: number }> {
  const cpu = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(cpu);
  return { wallMs: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const out: Record<string, unknown> = {};
console.log(
  `calendar change (${CHANGE}) at ${CASES.toLocaleString('en')} cases${QUICK ? ' (quick)' : ''} — ${machine()}`,
);
for (const engine of ENGINES) {
  const { database, drop } = await freshDatabase(engine, 'calendar-change');
  try {
    await seedCases(database, { cases: CASES, withStreams: true, now: NOW });
    await sql`analyze`.execute(database.db);
    const base = loadConfig({ env: {} });
    const clock = fixedClock(NOW);
    const ctx = createAppContext(base, database, { clock });
    await loadSettings(ctx, base, { recordCalendar: true });
    await rebuildReportDays(database, ctx.calendars);
    await sql`analyze`.execute(database.db);
    const change: Array<{ wallMs: number; cpuMs: number }> = [];
    const recount: Array<{ wallMs: number; cpuMs: number }> = [];
    for (let round = 0; round < ROUNDS; round++) {
      // A closure day added (then another): a new version from now on; the first report after it.
      clock.advance(60_000);
      const closures = Array.from(
        { length: round + 1 },
        (_, i) => `2026-12-${String(21 + i).padStart(2, '0')}`,
      );
      await updateSettings(
        ctx,
        base,
        CHANGE === 'timezone'
          ? { timezone: round % 2 === 0 ? 'Europe/Lisbon' : 'Europe/Berlin' }
          : { closureDays: closures },
        ADMIN,
      );
      change.push(await measure(() => reportCases(ctx, YEAR)));
      // The reference: the same report after every day is counted again.
      recount.push(
        await measure(async () => {
          await rebuildReportDays(database, ctx.calendars);
          await reportCases(ctx, YEAR);
        }),
      );
      console.log(
        `${engine} round ${round + 1}: first report after a change ${fig(change.at(-1)!.wallMs)} ms (CPU ${fig(change.at(-1)!.cpuMs)} ms); every day counted again ${fig(recount.at(-1)!.wallMs)} ms (CPU ${fig(recount.at(-1)!.cpuMs)} ms)`,
      );
    }
    const figures = {
      changeMs: fig(median(change.map((m) => m.wallMs))),
      changeCpuMs: fig(median(change.map((m) => m.cpuMs))),
      recountMs: fig(median(recount.map((m) => m.wallMs))),
      recountCpuMs: fig(median(recount.map((m) => m.cpuMs))),
      // How many times faster than counting every day again (wall time).
      speedup: ratio(median(recount.map((m) => m.wallMs)), median(change.map((m) => m.wallMs))),
    };
    out[engine] = figures;
    console.log(
      `${engine}: median first report after a change ${figures.changeMs} ms (CPU ${figures.changeCpuMs}); every day counted again ${figures.recountMs} ms (CPU ${figures.recountCpuMs})`,
    );
  } finally {
    await drop();
  }
}
publish(CHANGE === 'timezone' ? { calendarChangeTimeZone: out } : { calendarChange: out });
