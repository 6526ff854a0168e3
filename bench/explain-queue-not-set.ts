// The queue filtered to "not set" (a category, outcome, owner or department without a value: `_none` in the
// address) beside the same list filtered to a value, on both engines over a seeded archive (BENCH_EXPLAIN_CASES,
// default 100,000; two years of complaints, a third of them owned by one of 25 agents, a fifth without a category,
// the last days' still open and unanswered): the median of 21 reads of each list's first page and its plan. The
// queue's own pages (open cases, what is due first) and the reports' drill-down lists (every status, a receipt
// range, newest first), and for comparison the report of a year narrowed to the same owner values. Then the older
// year worked through (every case owned and categorised but three): the lists of its cases without a value, with
// the partial indexes that hold only those and without them. Candidate indexes can be tried on top with
// BENCH_TRY_INDEXES ("create index …; create index …"). Plans: BENCH_PLANS=0 leaves them out. Run:
// node bench/explain-queue-not-set.ts
import {
  CompiledQuery,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  sql,
  type UnknownRow,
} from 'kysely';
import type { Database, Engine } from '../src/adapters/db/database.ts';
import { type QueueQuery, queueRows } from '../src/adapters/db/queue.repo.ts';
import { rebuildReportDays } from '../src/adapters/db/report-days.repo.ts';
import { createAppContext } from '../src/app/context.ts';
import { reportCases, reportCasesScanning } from '../src/app/report-cases.ts';
import { loadConfig } from '../src/config.ts';
import { fixedClock } from '../src/core/ports.ts';
import { freshDatabase } from './support/databases.ts';
import { list, size } from './support/figures.ts';
import { seedCases } from './support/seed-cases.ts';

const CASES = size('BENCH_EXPLAIN_CASES', 100_000, 5_000);
const NOW = '2026-11-23T09:00:00.000Z';
const RUNS = 21;
const PLANS = process.env.BENCH_PLANS !== '0';

async function median(fn: () => Promise<unknown>): Promise<number> {
  await fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[RUNS >> 1]!;
}

const page = (over: Partial<QueueQuery>): QueueQuery => ({
  queue: 'all',
  limit: 51,
  offset: 0,
  now: NOW,
  endOfToday: NOW,
  endOfSoon: NOW,
  engine: 'sqlite',
  ...over,
});
/** A drill-down list of the reports page: every status, the complaints received in a period, newest first. */
const drill = (from: string, to: string, over: Partial<QueueQuery>) =>
  page({ status: 'all', kind: 'complaint', receivedFrom: from, receivedBefore: to, ...over });
const YEAR = ['2026-01-01T00:00:00.000Z', '2026-11-24T00:00:00.000Z'] as const;
const LAST_YEAR = ['2025-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z'] as const;

async function explain(database: Database, engine: Engine, q: QueueQuery): Promise<string[]> {
  const executor = database.db.getExecutor();
  let compiled: CompiledQuery | null = null;
  const catching = {
    transformQuery: (args: { node: RootOperationNode; queryId: QueryId }) => {
      compiled = executor.compileQuery(args.node, args.queryId);
      return args.node;
    },
    transformResult: async (args: { result: QueryResult<UnknownRow> }) => args.result,
  };
  await queueRows(database.db.withPlugin(catching), q);
  const c = compiled as CompiledQuery | null;
  if (!c) throw new Error('no query caught');
  const prefix = engine === 'sqlite' ? 'explain query plan ' : 'explain (analyze, costs off, timing off) ';
  const plan = await database.db.executeQuery(CompiledQuery.raw(prefix + c.sql, [...c.parameters]));
  return (plan.rows as Array<Record<string, unknown>>).map((r) => String(r.detail ?? r['QUERY PLAN']));
}

async function measure(
  database: Database,
  engine: Engine,
  ctx: ReturnType<typeof createAppContext>,
  agent: string,
  plans: boolean,
): Promise<void> {
  const lists: Array<[string, QueueQuery]> = [
    ['queue all open, category billing', page({ category: 'billing' })],
    ['queue all open, category _none', page({ category: null })],
    ['queue all open, owner agent', page({ ownerId: agent })],
    ['queue all open, owner _none', page({ ownerId: null })],
    ['queue step 1 open, owner _none', page({ queue: 'step1', ownerId: null })],
    ['drill 2026, owner agent', drill(...YEAR, { ownerId: agent })],
    ['drill 2026, owner _none', drill(...YEAR, { ownerId: null })],
    ['drill 2026, category billing', drill(...YEAR, { category: 'billing' })],
    ['drill 2026, category _none', drill(...YEAR, { category: null })],
    ['drill 2026, outcome upheld', drill(...YEAR, { outcome: 'upheld' })],
    ['drill 2026, outcome _none', drill(...YEAR, { outcome: null })],
    ['drill 2025, outcome _none (no case)', drill(...LAST_YEAR, { outcome: null })],
    ['drill 2025, outcome upheld', drill(...LAST_YEAR, { outcome: 'upheld' })],
    ['drill 2026, department _none', drill(...YEAR, { department: null })],
    ['drill 2026, overdue, owner _none', drill(...YEAR, { ownerId: null, figure: 'overdue' })],
    ['drill 2026, answered late, owner _none', drill(...YEAR, { ownerId: null, figure: 'answered_late' })],
    ['drill 2026, owner _none, page 5', drill(...YEAR, { ownerId: null, offset: 200 })],
  ];
  for (const [label, q] of lists) {
    const query = { ...q, engine };
    const ms = await median(() => queueRows(database.db, query));
    const rows = (await queueRows(database.db, query)).length;
    console.log(`${label.padEnd(42)} ${ms.toFixed(2).padStart(8)} ms  (${rows} rows)`);
    if (plans) for (const line of await explain(database, engine, query)) console.log(`    ${line}`);
  }
  const period = { from: '2026-01-01', to: '2026-11-23' };
  for (const [label, owner] of [
    ['report 2026, owner agent', agent],
    ['report 2026, owner _none', null],
  ] as const) {
    const ms = await median(() => reportCases(ctx, period, { owner }));
    const report = await reportCases(ctx, period, { owner });
    console.log(
      `${label.padEnd(42)} ${ms.toFixed(2).padStart(8)} ms  (${report.complaints.received} complaints)`,
    );
  }
  // What reading every case of the period costs, for the report narrowed to a value most cases have.
  const ms = await median(() => reportCasesScanning(ctx, period));
  const all = await reportCasesScanning(ctx, period);
  console.log(
    `${'report 2026 read from the cases, no filter'.padEnd(42)} ${ms.toFixed(2).padStart(8)} ms  (${all.complaints.received} complaints)`,
  );
}

for (const engine of list('BENCH_ENGINES', 'sqlite,postgres') as Engine[]) {
  const { database, drop } = await freshDatabase(engine, 'not-set');
  try {
    const t0 = performance.now();
    const seeded = await seedCases(database, { cases: CASES, withStreams: false, now: NOW });
    await sql`analyze`.execute(database.db);
    console.log(
      `\n${engine}: ${CASES.toLocaleString('en')} cases in ${Math.round((performance.now() - t0) / 1000)} s`,
    );
    const ctx = createAppContext(loadConfig({ env: {} }), database, { clock: fixedClock(NOW) });
    // The report reads owner figures from the cases (the day counts hold no owner); its other figures from the
    // counts, rebuilt once as a server in service keeps them.
    await rebuildReportDays(database, ctx.calendar);
    await (engine === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(database.db);
    await measure(database, engine, ctx, seeded.ownerIds[0]!, PLANS);
    // The older year worked through as in service: every case of 2025 owned, categorised (and answered, as the
    // seed has them), but for three, so that "not set" is rare there. The lists of those three, with the partial
    // indexes of the cases without a value (migration 202612061500) and without them.
    const older = sql`received_at >= ${LAST_YEAR[0]} and received_at < ${LAST_YEAR[1]}`;
    await sql`update cases set owner_id = ${seeded.ownerIds[1]!} where owner_id is null and ${older}`.execute(
      database.db,
    );
    await sql`update cases set category = 'billing' where category is null and ${older}`.execute(database.db);
    // Cases of 2025 (the seed spreads its cases evenly over the two years before NOW).
    const few = [0.2, 0.3, 0.4].map((share) => `case-${Math.floor(CASES * share)}`);
    await sql`update cases set owner_id = null, category = null, outcome = null
      where id in (${sql.join(few)})`.execute(database.db);
    for (const state of ['with', 'without']) {
      if (state === 'without')
        for (const name of ['cases_unowned', 'cases_uncategorised', 'cases_unanswered'])
          await sql`drop index if exists ${sql.id(name)}`.execute(database.db);
      await (engine === 'postgres' ? sql`vacuum analyze` : sql`analyze`).execute(database.db);
      console.log(`\n${engine}, 2025 worked through, ${state} the indexes of the cases without a value`);
      for (const [label, q] of [
        ['drill 2025, owner agent', drill(...LAST_YEAR, { ownerId: seeded.ownerIds[0]! })],
        ['drill 2025, owner _none', drill(...LAST_YEAR, { ownerId: null })],
        ['drill 2025, category _none', drill(...LAST_YEAR, { category: null })],
        ['drill 2025, outcome _none', drill(...LAST_YEAR, { outcome: null })],
        ['drill 2026, owner _none', drill(...YEAR, { ownerId: null })],
        ['drill 2026, category _none', drill(...YEAR, { category: null })],
      ] as const) {
        const query = { ...q, engine };
        const ms = await median(() => queueRows(database.db, query));
        const rows = (await queueRows(database.db, query)).length;
        console.log(`${label.padEnd(42)} ${ms.toFixed(2).padStart(8)} ms  (${rows} rows)`);
        if (PLANS) for (const line of await explain(database, engine, query)) console.log(`    ${line}`);
      }
      for (const owner of [null, seeded.ownerIds[0]!]) {
        const period = { from: '2026-01-01', to: '2026-11-23' };
        const ms = await median(() => reportCases(ctx, period, { owner }));
        console.log(`${`report 2026, owner ${owner ?? '_none'}`.padEnd(42)} ${ms.toFixed(2).padStart(8)} ms`);
      }
    }
    // Indexes to try (BENCH_TRY_INDEXES: statements separated by ";"), then the same reads again.
    const trying = (process.env.BENCH_TRY_INDEXES ?? '')
      .split(';')
      .map((x) => x.trim())
      .filter(Boolean);
    if (trying.length) {
      for (const statement of trying) await sql.raw(statement).execute(database.db);
      await sql`analyze`.execute(database.db);
      console.log(`\n${engine} with ${trying.join('; ')}`);
      await measure(database, engine, ctx, seeded.ownerIds[0]!, true);
    }
  } finally {
    await drop();
  }
}
