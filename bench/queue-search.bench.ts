// Queue and case reads at 100,000 cases (p95 ≤ 30 ms), search at 1,000,000 cases (p95 ≤ 20 ms) and a year's
// report at 1,000,000 cases (p95 ≤ 100 ms), on SQLite and PostgreSQL (targets: DESIGN.md). Beside each absolute
// p95, a reference measured in the same run on the same database, so that a figure can be compared across
// machines: for reads and search, a primary-key lookup of one case row; for the report, counting the year's
// cases on the index of their receipt date (the least any report over that year must touch without the counts
// kept per day). The ratio is the reference's p95 over ours: the share of the reference speed we keep.
// Sizes: BENCH_QUEUE_CASES (default 100,000; quick 3,000), BENCH_SEARCH_CASES (default 1,000,000; quick 10,000;
// BENCH_CASES is read as the same, so that one size given to every benchmark sizes the search archive here).
// A large archive (BENCH_SEARCH_CASES=10000000) takes tens of GB: the free room on the database's disk is printed
// before seeding and checked as it goes, and seeding stops while BENCH_MIN_FREE_GB (default 5) are still free.
import { sql } from 'kysely';
import type { Database, Engine } from '../src/adapters/db/database.ts';
import { rebuildReportDays } from '../src/adapters/db/report-days.repo.ts';
import { createAppContext } from '../src/app/context.ts';
import { getCase } from '../src/app/get-case.ts';
import { listQueue } from '../src/app/list-queue.ts';
import { reportCases } from '../src/app/report-cases.ts';
import { searchCases } from '../src/app/search-cases.ts';
import { loadConfig } from '../src/config.ts';
import { fixedClock } from '../src/core/ports.ts';
import { freshDatabase, resultLine as line } from './support/databases.ts';
import { fig, list, percent, publish, QUICK, ratio, size } from './support/figures.ts';
import { seedCases } from './support/seed-cases.ts';
import { machine, type Timing, timePaired } from './support/stats.ts';

const QUEUE_CASES = size('BENCH_QUEUE_CASES', 100_000, 3_000);
const SEARCH_CASES = size('BENCH_SEARCH_CASES', 0, 0) || size('BENCH_CASES', 1_000_000, 10_000);
const MIN_FREE_BYTES = Number(process.env.BENCH_MIN_FREE_GB ?? 5) * 2 ** 30;
const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(1)} GiB`;
const ENGINES = list('BENCH_ENGINES', 'sqlite,postgres') as Engine[];
// Requests per page (quick: fewer, so that the whole quick summary stays within a few minutes).
const N = QUICK ? 60 : 300;
const WARMUP = QUICK ? 10 : 20;
const NOW = '2026-11-23T09:00:00.000Z';

async function analyse(database: Database) {
  await sql`analyze`.execute(database.db);
}

/** Reading one case row by its primary key: the reference for reads and search. */
function primaryKeyLookup(database: Database, ids: string[]): (i: number) => Promise<unknown> {
  return (i) =>
    database.db
      .selectFrom('cases')
      .selectAll()
      .where('id', '=', ids[(i * 31) % ids.length]!)
      .executeTakeFirstOrThrow();
}

interface Figures {
  p95Ms: number;
  referenceP95Ms: number;
  ratio: number;
}
const figuresOf = (t: Timing, reference: Timing): Figures => ({
  p95Ms: fig(t.p95),
  referenceP95Ms: fig(reference.p95),
  ratio: ratio(reference.p95, t.p95),
});
/** The worst of several timings, with its label: the summary's figure for an engine. */
function worst(byLabel: Record<string, Figures>) {
  const [label, f] = Object.entries(byLabel).sort((a, b) => b[1].p95Ms - a[1].p95Ms)[0]!;
  return { ...f, label, byLabel };
}
const out: Record<'queue' | 'search' | 'report', Record<string, unknown>> = {
  queue: {},
  search: {},
  report: {},
};

console.log(
  `queue, case and search reads, ${QUEUE_CASES.toLocaleString('en')} / ${SEARCH_CASES.toLocaleString('en')} cases${QUICK ? ' (quick)' : ''} — ${machine()}`,
);
for (const engine of ENGINES) {
  {
    const { database, drop } = await freshDatabase(engine, 'queue');
    const t0 = performance.now();
    const seeded = await seedCases(database, { cases: QUEUE_CASES, withStreams: true, now: NOW });
    await analyse(database);
    console.log(
      `${engine}: ${QUEUE_CASES.toLocaleString('en')} cases with events loaded in ${Math.round((performance.now() - t0) / 1000)} s`,
    );
    const ctx = createAppContext(loadConfig({ env: {} }), database, { clock: fixedClock(NOW) });
    const lookup = primaryKeyLookup(database, seeded.caseIds);
    const reads: Array<[string, (i: number) => Promise<unknown>]> = [
      ['queue step 1 (open, due first)', () => listQueue(ctx, { queue: 'step1' })],
      ['queue step 2', () => listQueue(ctx, { queue: 'step2' })],
      [
        'queue mine',
        (i) => listQueue(ctx, { queue: 'mine', userId: seeded.ownerIds[i % seeded.ownerIds.length]! }),
      ],
      ['queue step 1, overdue', () => listQueue(ctx, { queue: 'step1', due: 'overdue' })],
      ['queue step 1, waiting on complainant', () => listQueue(ctx, { queue: 'step1', waiting: true })],
      ['queue all, page 5', () => listQueue(ctx, { queue: 'all', status: 'all', offset: 200 })],
      [
        'case view (state, timeline, complainant)',
        (i) => getCase(ctx, seeded.caseIds[i % seeded.caseIds.length]!),
      ],
    ];
    const byRead: Record<string, Figures> = {};
    for (const [label, fn] of reads) {
      const { ours: t, reference } = await timePaired(N, fn, lookup, WARMUP);
      byRead[label] = figuresOf(t, reference);
      console.log(
        `${line(label, t, 30)}   primary key p95 ${reference.p95} ms, ratio ${percent(byRead[label].ratio)}`,
      );
    }
    out.queue[engine] = { ...worst(byRead), target: { p95Ms: 30 } };
    await drop();
  }
  {
    const { database, drop, disk } = await freshDatabase(engine, 'search');
    const before = await disk();
    console.log(
      `${engine}: ${gib(before.freeBytes)} free on the database's disk before seeding; seeding stops below ${gib(MIN_FREE_BYTES)}`,
    );
    const t0 = performance.now();
    let lastMillion = 0;
    const s = await seedCases(database, {
      cases: SEARCH_CASES,
      withStreams: false,
      now: NOW,
      // Called once per batch of cases written: cheap enough to look at the disk each time.
      progress: async (what) => {
        const { freeBytes } = await disk();
        if (freeBytes < MIN_FREE_BYTES)
          throw new Error(
            `only ${gib(freeBytes)} left free on the database's disk while seeding (${what}): stopped; free some room or lower BENCH_SEARCH_CASES`,
          );
        const written = Number(/^([\d,]+) cases written/.exec(what)?.[1]?.replaceAll(',', '') ?? 0);
        if (SEARCH_CASES >= 2_000_000 && (written === 0 || written - lastMillion >= 1_000_000)) {
          lastMillion = written || lastMillion;
          console.log(`  ${engine} seeding: ${what}, ${gib(freeBytes)} free`);
        }
      },
    });
    await analyse(database);
    const after = await disk();
    console.log(
      `${engine}: ${SEARCH_CASES.toLocaleString('en')} cases indexed for search in ${Math.round((performance.now() - t0) / 1000)} s; ${gib(after.sizeBytes)} on disk (${Math.round(after.sizeBytes / SEARCH_CASES)} bytes a case), ${gib(after.freeBytes)} left free`,
    );
    const ctx = createAppContext(loadConfig({ env: {} }), database, { clock: fixedClock(NOW) });
    const lookup = primaryKeyLookup(database, s.caseIds);
    const pickFrom = (xs: string[], i: number) => xs[i % xs.length]!;
    const queries: Array<[string, (i: number) => string]> = [
      [
        'search: full name (accents folded)',
        (i) => pickFrom(s.names, i).replace(/ \d+$/, '').normalize('NFD').replace(/\p{M}/gu, ''),
      ],
      ['search: name + number', (i) => pickFrom(s.names, i)],
      [
        'search: two word prefixes',
        (i) => ['serv ausf', 'factu rembou', 'refund invo', 'domai transf'][i % 4]!,
      ],
      ['search: one common word prefix', (i) => ['server', 'facture', 'rechnung', 'hosting'][i % 4]!],
      ['search: reference', (i) => pickFrom(s.references, i)],
      ['search: e-mail', (i) => pickFrom(s.emails, i)],
      ['search: ticket number', (i) => pickFrom(s.tickets, i)],
      ['search: domain', (i) => pickFrom(s.domains, i)],
    ];
    const bySearch: Record<string, Figures> = {};
    for (const [label, q] of queries) {
      const { ours: t, reference } = await timePaired(N, (i) => searchCases(ctx, q(i)), lookup, WARMUP);
      bySearch[label] = figuresOf(t, reference);
      console.log(
        `${line(label, t, 20)}   primary key p95 ${reference.p95} ms, ratio ${percent(bySearch[label].ratio)}`,
      );
    }
    out.search[engine] = { ...worst(bySearch), target: { p95Ms: 20 } };
    // The report's counts per local day, as a server in service keeps them (the writes mark their days and each
    // report counts those again): rebuilt once after the searches, so that the report measured below reads them
    // rather than counting every day of the archive in its first call. PostgreSQL: vacuumed as well, as autovacuum
    // does in service after a table gains a fifth of its rows (the searches above ran before, as they always did).
    const t1 = performance.now();
    await rebuildReportDays(database, ctx.calendar);
    console.log(`${engine}: day counts rebuilt in ${Math.round((performance.now() - t1) / 1000)} s`);
    await (engine === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(database.db);
    const year = { from: '2025-11-24', to: '2026-11-23' };
    const countYear = async () => {
      await database.db
        .selectFrom('cases')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('received_at', '>=', '2025-11-23T23:00:00.000Z')
        .where('received_at', '<', '2026-11-23T23:00:00.000Z')
        .executeTakeFirstOrThrow();
    };
    const { ours: report, reference: yearCount } = await timePaired(
      10,
      () => reportCases(ctx, year),
      countYear,
      2,
    );
    const reportFigures = figuresOf(report, yearCount);
    console.log(
      `${line('report: a year (P7)', report, 100)}   counting the year's cases p95 ${yearCount.p95} ms, ratio ${percent(reportFigures.ratio)}`,
    );
    out.report[engine] = { ...reportFigures, target: { p95Ms: 100 } };
    await drop();
  }
}
const overall = (section: Record<string, unknown>) => ({
  ...section,
  p95Ms: Math.max(...Object.values(section).map((f) => (f as Figures).p95Ms)),
});
publish({ queue: overall(out.queue), search: overall(out.search), report: overall(out.report) });
