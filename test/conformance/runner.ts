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
  /** fast-check's size of the sequences (longer sequences reach later states; see fc.commands). */
  size?: fc.SizeForArbitrary;
  seed?: number;
  path?: string;
  /** The commands' own replay path (the `replayPath` fast-check prints in the counterexample). */
  replayPath?: string;
  skip?: InvariantName[];
  archiveEvery?: number;
}

export interface RunResult {
  engine: Engine;
  sequences: number;
  steps: number;
  checks: number;
  refusals: number;
  /** Milliseconds spent emptying the database, in the steps, and in the checks. */
  resetMs: number;
  actMs: number;
  checkMs: number;
  failure: { seed: number; path: string; counterexample: string; error: string } | null;
}

export async function runConformance(o: RunOptions): Promise<RunResult> {
  const bench = await openBench(o.engine);
  const options: InvariantOptions = { skip: new Set(o.skip ?? []), archiveEvery: o.archiveEvery ?? 10 };
  const totals = { sequences: 0, steps: 0, checks: 0, refusals: 0, actMs: 0, checkMs: 0, resetMs: 0 };
  try {
    const property = fc.asyncProperty(
      fc.constantFrom(...STARTS),
      fc.commands(commandArbitraries(options), {
        maxCommands: o.maxCommands,
        ...(o.size ? { size: o.size } : {}),
      }),
      async (start, commands) => {
        const reset = performance.now();
        const system = await bench.fresh(start);
        totals.resetMs += performance.now() - reset;
        const model: Model = {
          now: Date.parse(start),
          closures: [],
          cases: new Map(),
          order: [],
          sent: [],
          checkedOutbound: new Set(),
          restricted: new Set(),
          startDay: localDate(start),
          stats: { steps: 0, checks: 0, refusals: 0, actMs: 0, checkMs: 0 },
        };
        totals.sequences++;
        try {
          await fc.asyncModelRun(() => ({ model, real: system }), commands);
          await checkInvariants(model, system, options, true);
        } finally {
          totals.steps += model.stats.steps;
          totals.checks += model.stats.checks;
          totals.refusals += model.stats.refusals;
          totals.actMs += model.stats.actMs;
          totals.checkMs += model.stats.checkMs;
        }
      },
    );
    const details = await fc.check(property, {
      numRuns: o.runs,
      ...(o.seed !== undefined ? { seed: o.seed } : {}),
      ...(o.path ? { path: o.path } : {}),
      // Replaying a failure: no shrinking again (the commands' replay path already is the shrunk sequence).
      endOnFailure: o.replayPath !== undefined,
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
  const seconds = (ms: number) => (ms / 1000).toFixed(1);
  const head = `${r.engine}: ${r.sequences} sequences, ${r.steps} steps, ${r.checks} invariant checks, ${r.refusals} refusals (time: ${seconds(r.resetMs)} s emptying, ${seconds(r.actMs)} s in steps, ${seconds(r.checkMs)} s in checks)`;
  if (!r.failure) return `${head}; no failure`;
  return [
    `${head}; FAILED`,
    `  replay: CONFORMANCE_ENGINES=${r.engine} CONFORMANCE_SEED=${r.failure.seed} CONFORMANCE_PATH=${r.failure.path.split(':')[0]} CONFORMANCE_REPLAY_PATH='${/replayPath="([^"]*)"/.exec(r.failure.counterexample)?.[1] ?? ''}' npm run conformance (with the same CONFORMANCE_SIZE and CONFORMANCE_MAX_COMMANDS)`,
    `  counterexample: ${r.failure.counterexample}`,
    `  ${r.failure.error}`,
  ].join('\n');
}
