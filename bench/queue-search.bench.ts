import { sql } from 'kysely';
import type { Database, Engine } from '../src/adapters/db/database.ts';
import { createAppContext } from '../src/app/context.ts';
import { getCase } from '../src/app/get-case.ts';
import { listQueue } from '../src/app/list-queue.ts';
import { reportCases } from '../src/app/report-cases.ts';
import { searchCases } from '../src/app/search-cases.ts';
import { loadConfig } from '../src/config.ts';
import { fixedClock } from '../src/core/ports.ts';
import { freshDatabase, resultLine as line } from './support/databases.ts';
import { seedCases } from './support/seed-cases.ts';
import { machine, time } from './support/stats.ts';

const QUEUE_CASES = Number(process.env.BENCH_QUEUE_CASES ?? 100_000);
const SEARCH_CASES = Number(process.env.BENCH_SEARCH_CASES ?? 1_000_000);
const ENGINES = (process.env.BENCH_ENGINES ?? 'sqlite,postgres').split(',') as Engine[];
const NOW = '2026-11-23T09:00:00.000Z';

async function analyse(database: Database) {
  await sql`analyze`.execute(database.db);
}

console.log(`queue, case and search reads — ${machine()}`);
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
    console.log(
      line('queue step 1 (open, due first)', await time(300, () => listQueue(ctx, { queue: 'step1' })), 30),
    );
    console.log(line('queue step 2', await time(300, () => listQueue(ctx, { queue: 'step2' })), 30));
    console.log(
      line(
        'queue mine',
        await time(300, (i) =>
          listQueue(ctx, { queue: 'mine', userId: seeded.ownerIds[i % seeded.ownerIds.length]! }),
        ),
        30,
      ),
    );
    console.log(
      line(
        'queue step 1, overdue',
        await time(300, () => listQueue(ctx, { queue: 'step1', due: 'overdue' })),
        30,
      ),
    );
    console.log(
      line(
        'queue step 1, waiting on complainant',
        await time(300, () => listQueue(ctx, { queue: 'step1', waiting: true })),
        30,
      ),
    );
    console.log(
      line(
        'queue all, page 5',
        await time(300, () => listQueue(ctx, { queue: 'all', status: 'all', offset: 200 })),
        30,
      ),
    );
    console.log(
      line(
        'case view (state, timeline, complainant)',
        await time(300, (i) => getCase(ctx, seeded.caseIds[i % seeded.caseIds.length]!)),
        30,
      ),
    );
    await drop();
  }
  {
    const { database, drop } = await freshDatabase(engine, 'search');
    const t0 = performance.now();
    const s = await seedCases(database, { cases: SEARCH_CASES, withStreams: false, now: NOW });
    await analyse(database);
    console.log(
      `${engine}: ${SEARCH_CASES.toLocaleString('en')} cases indexed for search in ${Math.round((performance.now() - t0) / 1000)} s`,
    );
    const ctx = createAppContext(loadConfig({ env: {} }), database, { clock: fixedClock(NOW) });
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
    for (const [label, q] of queries)
      console.log(line(label, await time(300, (i) => searchCases(ctx, q(i))), 20));
    const year = { from: '2025-11-24', to: '2026-11-23' };
    console.log(line('report: a year (P7)', await time(10, () => reportCases(ctx, year), 2), 200));
    await drop();
  }
}
