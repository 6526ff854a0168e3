// `npm test`: type-check, lint, then every test (unit tests beside the code, contract/browser tests in test/)
// with Node's test runner. Contract tests run on SQLite and PostgreSQL (REDRESS_TEST_ENGINES to narrow).
// `node scripts/test.ts FILE…` runs only those files, without the type-check and lint.
//
// Why it is shaped this way (the suite's length is a cost paid on every change):
// - The type-check and the lint run beside the tests instead of before them: they take a core for a while, and the
//   tests spend much of their time waiting (PostgreSQL, Chromium, servers starting). Their output is printed at
//   the end and either failing fails the run, as before.
// - Each file's duration goes to test-output/test-durations.tsv and the slowest are printed at the end.
// - PostgreSQL test databases are named after this run and dropped together at the end (see
//   test/support/databases.ts: a DROP DATABASE forces a checkpoint, costly while other tests write).
import { type ChildProcess, spawn } from 'node:child_process';
import { globSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dropRunDatabases, runDatabasePrefix, withAdmin } from '../test/support/databases.ts';

interface Finished {
  code: number;
  output: string;
}

/** Runs a command with its output kept for later (inherit = false) or passed through as it comes. */
function start(cmd: string, args: string[], options: { inherit: boolean; env?: NodeJS.ProcessEnv }) {
  const child: ChildProcess = spawn(cmd, args, {
    stdio: options.inherit ? 'inherit' : ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
  });
  let output = '';
  child.stdout?.on('data', (d) => {
    output += d;
  });
  child.stderr?.on('data', (d) => {
    output += d;
  });
  const done = new Promise<Finished>((resolve) => {
    child.on('error', (e) => resolve({ code: 127, output: `${output}${e.message}\n` }));
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), output }));
  });
  return { child, done };
}

/**
 * Drops the databases left by earlier runs whose `npm test` process is gone (interrupted or killed), so that an
 * interrupted run does not leave databases behind for good. Runs of other people on the same server are alive
 * and left alone; databases made by a test file run on its own are not named after a run and not touched.
 */
async function dropOrphans(): Promise<void> {
  const names = await withAdmin(async (admin) => {
    const r = await admin.query<{ datname: string }>(
      "select datname from pg_database where starts_with(datname, 'redress_t_') and not datistemplate",
    );
    return r.rows.map((row) => row.datname);
  });
  const runs = new Set<string>();
  for (const name of names) {
    const m = /^redress_t_([a-z0-9]+x[a-z0-9]+)_/.exec(name);
    if (!m) continue;
    const pid = Number.parseInt(m[1]!.split('x')[0]!, 36);
    try {
      process.kill(pid, 0);
    } catch {
      runs.add(m[1]!);
    }
  }
  for (const run of runs) await dropRunDatabases(run);
}

const only = process.argv.slice(2);
const files = only.length ? only : [...globSync('src/**/*.test.ts'), ...globSync('test/**/*.test.ts')].sort();

// The pid makes the run's databases recognisable as orphans once this process is gone; the time keeps two runs
// apart when a pid is reused.
const run = `${process.pid.toString(36)}x${Date.now().toString(36)}`;
const usesPostgres = (process.env.REDRESS_TEST_ENGINES ?? 'sqlite,postgres').includes('postgres');
if (usesPostgres) await dropOrphans().catch(() => {});

const checks =
  only.length === 0
    ? [
        { name: 'tsc --noEmit -p .', ...start('tsc', ['--noEmit', '-p', '.'], { inherit: false }) },
        { name: 'biome check .', ...start('biome', ['check', '.'], { inherit: false }) },
      ]
    : [];

// Written under a name of this run's own (several runs may share a working copy), then moved into place.
const durationsFile = 'test-output/test-durations.tsv';
const runDurations = join(tmpdir(), `redress-test-durations-${run}.tsv`);
const tests = start(
  process.execPath,
  [
    '--test',
    `--test-concurrency=${process.env.REDRESS_TEST_CONCURRENCY ?? '2'}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./test/support/durations-reporter.ts',
    `--test-reporter-destination=${runDurations}`,
    ...files,
  ],
  { inherit: true, env: { ...process.env, REDRESS_TEST_RUN: run } },
);
// Ctrl-C reaches the test runner by the terminal; this process stays to drop the run's databases.
process.on('SIGINT', () => {});

const testResult = await tests.done;
if (usesPostgres) {
  try {
    await dropRunDatabases(run);
  } catch (e) {
    process.stderr.write(
      `\ncould not drop this run's PostgreSQL databases (${runDatabasePrefix(run)}*): ${(e as Error).message}\n`,
    );
  }
}

try {
  const text = readFileSync(runDurations, 'utf8');
  mkdirSync('test-output', { recursive: true });
  writeFileSync(`${durationsFile}.${run}`, text);
  renameSync(`${durationsFile}.${run}`, durationsFile);
  rmSync(runDurations, { force: true });
  const rows = text
    .split('\n')
    .filter(Boolean)
    .map((line) => line.split('\t') as [string, string, string])
    .sort((a, b) => Number(b[0]) - Number(a[0]));
  if (rows.length > 0) {
    process.stdout.write(`\nslowest test files (seconds, tests, file; all in ${durationsFile}):\n`);
    for (const [s, n, f] of rows.slice(0, 10))
      process.stdout.write(`${s.padStart(7)}  ${n.padStart(4)}  ${f}\n`);
  }
} catch {
  // No durations (the runner stopped before any file ended): the runner's own output says why.
}

let failed = testResult.code !== 0;
for (const check of checks) {
  const r = await check.done;
  if (r.code !== 0) {
    failed = true;
    process.stderr.write(`\n${r.output}\n${check.name} failed (exit ${r.code})\n`);
  }
}
if (testResult.code !== 0) process.stderr.write(`\nthe tests failed (exit ${testResult.code})\n`);
process.exit(failed ? 1 : 0);
