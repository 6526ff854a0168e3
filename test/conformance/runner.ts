// Runs conformance sequences on one engine: fast-check draws a start instant (near a clock change, the year's
// end holidays, Easter, a month boundary) and a sequence of commands; each sequence starts on an emptied
// database. A failure reports fast-check's seed and path, replayed with CONFORMANCE_SEED and CONFORMANCE_PATH.
import fc from 'fast-check';
import type { Engine } from '../../src/adapters/db/database.ts';
import { commandArbitraries } from './commands.ts';
import { checkInvariants, type InvariantName, type InvariantOptions } from './invariants.ts';
import { localDate, type Model } from './model.ts';
import { openBench } from './system.ts';

/** Start instants chosen for their seams: daylight-saving changes, public holidays, month and year ends. */
export const STARTS = [
  '2026-10-22T09:00:00.000Z', // the Thursday before clocks go back (25 October)
  '2026-12-17T10:00:00.000Z', // before Christmas, Boxing Day, New Year and Epiphany
  '2027-03-24T15:00:00.000Z', // before Good Friday, Easter Monday and clocks going forward (28 March)
  '2026-11-27T22:30:00.000Z', // Friday 23:30 local, a month boundary ahead
  '2027-05-05T08:00:00.000Z', // before Ascension, Labour Day behind
  '2026-11-30T23:00:00.000Z', // the first instant of 1 December, local
];

export interface RunOptions {
  engine: Engine;
  runs: number;
  maxCommands: number;
  seed?: number;
  path?: string;
  skip?: InvariantName[];
  archiveEvery?: number;
}

export interface RunResult {
  engine: Engine;
  sequences: number;
  steps: number;
  checks: number;
  refusals: number;
  failure: { seed: number; path: string; counterexample: string; error: string } | null;
}

export async function runConformance(o: RunOptions): Promise<RunResult> {
  const bench = await openBench(o.engine);
  const options: InvariantOptions = { skip: new Set(o.skip ?? []), archiveEvery: o.archiveEvery ?? 5 };
  const totals = { sequences: 0, steps: 0, checks: 0, refusals: 0 };
  try {
    const property = fc.asyncProperty(
      fc.constantFrom(...STARTS),
      fc.commands(commandArbitraries(options), { maxCommands: o.maxCommands }),
      async (start, commands) => {
        const system = await bench.fresh(start);
        const model: Model = {
          now: Date.parse(start),
          closures: [],
          cases: new Map(),
          order: [],
          sent: [],
          checkedOutbound: new Set(),
          restricted: new Set(),
          startDay: localDate(start),
          stats: { steps: 0, checks: 0, refusals: 0 },
        };
        totals.sequences++;
        try {
          await fc.asyncModelRun(() => ({ model, real: system }), commands);
          await checkInvariants(model, system, options, true);
        } finally {
          totals.steps += model.stats.steps;
          totals.checks += model.stats.checks;
          totals.refusals += model.stats.refusals;
        }
      },
    );
    const details = await fc.check(property, {
      numRuns: o.runs,
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.path ? { path: o.path } : {}),
      endOnFailure: false,
    });
    return {
      engine: o.engine,
      ...totals,
      failure: details.failed
        ? {
            seed: details.seed,
            path: details.counterexamplePath ?? '',
            counterexample: fc.stringify(details.counterexample),
            error: String(
              details.errorInstance instanceof Error ? details.errorInstance.stack : details.errorInstance,
            ),
          }
        : null,
    };
  } finally {
    await bench.close();
  }
}

export function describeResult(r: RunResult): string {
  const head = `${r.engine}: ${r.sequences} sequences, ${r.steps} steps, ${r.checks} invariant checks, ${r.refusals} refusals`;
  if (!r.failure) return `${head}; no failure`;
  return [
    `${head}; FAILED`,
    `  replay: CONFORMANCE_ENGINES=${r.engine} CONFORMANCE_SEED=${r.failure.seed} CONFORMANCE_PATH=${r.failure.path} npm run conformance`,
    `  counterexample: ${r.failure.counterexample}`,
    `  ${r.failure.error}`,
  ].join('\n');
}
