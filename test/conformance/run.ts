// `npm run conformance`: the conformance test at length. CONFORMANCE_SQLITE_RUNS (default 10000) and
// CONFORMANCE_POSTGRES_RUNS (default 1000) sequences, CONFORMANCE_ENGINES to narrow (sqlite,postgres),
// CONFORMANCE_MAX_COMMANDS per sequence (default 25) and CONFORMANCE_SIZE (fast-check's size: small, medium,
// large…); CONFORMANCE_SEED, CONFORMANCE_PATH and CONFORMANCE_REPLAY_PATH replay a failure;
// CONFORMANCE_SKIP leaves invariants out (comma-separated names).
import type { Engine } from '../../src/adapters/db/database.ts';
import type { InvariantName } from './invariants.ts';
import { describeResult, type RunOptions, runConformance } from './runner.ts';

const env = process.env;
const engines = (env.CONFORMANCE_ENGINES ?? 'sqlite,postgres')
  .split(',')
  .map((s) => s.trim())
  .filter((s): s is Engine => s === 'sqlite' || s === 'postgres');
const runs: Record<Engine, number> = {
  sqlite: Number(env.CONFORMANCE_SQLITE_RUNS ?? 10_000),
  postgres: Number(env.CONFORMANCE_POSTGRES_RUNS ?? 1_000),
};
const seed = env.CONFORMANCE_SEED ? Number(env.CONFORMANCE_SEED) : undefined;
const path = env.CONFORMANCE_PATH || undefined;
let failed = false;
for (const engine of engines) {
  const started = Date.now();
  const result = await runConformance({
    engine,
    runs: runs[engine],
    maxCommands: Number(env.CONFORMANCE_MAX_COMMANDS ?? 25),
    size: (env.CONFORMANCE_SIZE || undefined) as RunOptions['size'],
    seed,
    path,
    replayPath: env.CONFORMANCE_REPLAY_PATH || undefined,
    skip: (env.CONFORMANCE_SKIP ?? '').split(',').filter(Boolean) as InvariantName[],
  });
  process.stdout.write(`${describeResult(result)}\n  (${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
  if (result.failure) failed = true;
}
process.exit(failed ? 1 : 0);
