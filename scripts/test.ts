// `npm test`: type-check, lint, then every test (unit tests beside the code, contract/browser tests in test/)
// with Node's test runner. Contract tests run on SQLite and PostgreSQL (REDRESS_TEST_ENGINES to narrow).
// `node scripts/test.ts FILE…` runs only those files, without the type-check and lint.
//
// Why it is shaped this way (the suite's length is a cost paid on every change):
// - The type-check and the lint run beside the tests instead of before them: they take a core for a while, and the
//   tests spend much of their time waiting (PostgreSQL, Chromium, servers starting). Their output is printed at
//   the end and either failing fails the run, as before.
// - Each file's duration goes to test-output/test-durations.tsv and the slowest are printed at the end, with the
//   CPU seconds the file used (its processes included, test/support/cpu-usage.ts) and the seconds it spent
//   outside its tests (loading, or kept alive after its last test by something left running).
// - Four test files run at a time (REDRESS_TEST_CONCURRENCY to change), twice the CI machine's two cores: most
//   files spend much of their time waiting (for Chromium, for the servers and commands they start, for timers that
//   let a lease or a lock expire, for PostgreSQL), so with fewer files the cores were often idle; the CPU seconds
//   beside each file's duration in test-durations.tsv show it. Each file on PostgreSQL holds a few connections,
//   well within the server's default limit at four files; the tests' limits on time are safety nets, not timing
//   checks, so a file that shares a core more thinly takes longer but does not fail.
// - PostgreSQL test databases are named after this run and dropped together at the end (see
//   test/support/databases.ts: a DROP DATABASE forces a checkpoint, costly while other tests write).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, globSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
 * interrupted run does not leave databases behind for good; the same for a test file run on its own whose process
 * is gone. Runs of other people on the same server are alive and left alone.
 */
async function dropOrphans(): Promise<void> {
  const names = await withAdmin(async (admin) => {
    const r = await admin.query<{ datname: string }>(
      "select datname from pg_database where starts_with(datname, 'redress_t_') and not datistemplate",
    );
    return r.rows.map((row) => row.datname);
  });
  const gone = (pid: number) => {
    try {
      process.kill(pid, 0);
      return false;
    } catch (e) {
      // ESRCH: no such process (EPERM would be a live process of another user).
      return (e as NodeJS.ErrnoException).code === 'ESRCH';
    }
  };
  const runs = new Set<string>();
  const solos: string[] = [];
  for (const name of names) {
    const m = /^redress_t_((\d+)x[a-z0-9]{8})_/.exec(name);
    if (m && gone(Number(m[2]))) runs.add(m[1]!);
    // A test file run on its own names its databases after its own process: one that was killed before its
    // clean-up left them behind.
    const solo = /^redress_t_solo_(\d+)_/.exec(name);
    if (solo && gone(Number(solo[1]))) solos.push(name);
  }
  for (const run of runs) await dropRunDatabases(run);
  if (solos.length > 0)
    await withAdmin(async (admin) => {
      for (const name of solos) await admin.query(`drop database if exists "${name}" with (force)`);
    });
}

/**
 * The longest files first, so that the run does not end with one long file going on alone while the other cores
 * wait: by the durations of the last run in this working copy where known (else of the run kept in the
 * repository, KEPT_DURATIONS), else by a guess from the kind of test
 * (the conformance walk, then browser tests, then tests that start servers, then the other contract tests, then
 * the unit tests, which fill the gaps at the end). The order changes nothing in what each file checks: each runs in a process of its own.
 */
/**
 * The durations of one whole run, kept in the repository for the order of a fresh clone's first run (the same
 * columns as test-output/test-durations.tsv). Copy that file here now and then, after a run on a quiet machine.
 */
const KEPT_DURATIONS = 'scripts/test-durations.tsv';

function longestFirst(paths: string[]): string[] {
  const known = new Map<string, number>();
  // This working copy's last run; on a fresh clone (CI), the durations of a run kept in the repository, so that
  // the long files do not start last because their kind of test is usually short.
  for (const source of [KEPT_DURATIONS, 'test-output/test-durations.tsv'])
    try {
      for (const line of readFileSync(source, 'utf8').split('\n')) {
        const [seconds, , file] = line.split('\t');
        if (file) known.set(file, Number(seconds));
      }
    } catch {
      // Not there: the other source, or guesses only.
    }
  const guess = (f: string) =>
    // The model-based walk through the procedure (many random paths on both engines) is the longest of all.
    /^test\/conformance\//.test(f)
      ? 200
      : /^test\/browser\//.test(f)
        ? 60
        : /^test\/(faults|mail|cli)\//.test(f)
          ? 30
          : f.startsWith('test/')
            ? 10
            : 1;
  const seconds = (f: string) => known.get(f) ?? guess(f);
  return [...paths].sort((a, b) => seconds(b) - seconds(a) || (a < b ? -1 : a > b ? 1 : 0));
}

const only = process.argv.slice(2);
const files = only.length
  ? only
  : longestFirst([...globSync('src/**/*.test.ts'), ...globSync('test/**/*.test.ts')]);

// The pid (in decimal, so that the `x` after it is the only one before the time) makes the run's databases
// recognisable as orphans once this process is gone; the time keeps two runs apart when a pid is reused.
const run = `${process.pid}x${Date.now().toString(36)}`;
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
const runCpu = join(tmpdir(), `redress-test-cpu-${run}.tsv`);
const tests = start(
  process.execPath,
  [
    '--import',
    './test/support/cpu-usage.ts',
    '--test',
    `--test-concurrency=${process.env.REDRESS_TEST_CONCURRENCY ?? '4'}`,
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    '--test-reporter=./test/support/durations-reporter.ts',
    `--test-reporter-destination=${runDurations}`,
    ...files,
  ],
  {
    inherit: true,
    env: {
      ...process.env,
      REDRESS_TEST_RUN: run,
      REDRESS_TEST_CPU_FILE: runCpu,
      // Every test file, server and command the tests start loads the same few hundred TypeScript modules; Node
      // keeps their compiled code here, and each process after the first that loaded them starts with less work.
      NODE_COMPILE_CACHE: process.env.NODE_COMPILE_CACHE ?? join(tmpdir(), 'redress-test-compile-cache'),
    },
  },
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
  // CPU seconds by file, from each test file's process as it ended (absent where it was killed).
  const cpu = new Map<string, string>();
  try {
    for (const line of readFileSync(runCpu, 'utf8').split('\n')) {
      const [seconds, file] = line.split('\t');
      if (file) cpu.set(file, seconds!);
    }
  } catch {
    // No process ended normally.
  }
  rmSync(runCpu, { force: true });
  // Seconds, tests, file, seconds outside the tests, CPU seconds.
  const rows = readFileSync(runDurations, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const [s, n, f, outside] = line.split('\t') as [string, string, string, string];
      return [s, n, f, outside ?? '', cpu.get(f) ?? ''] as const;
    })
    .sort((a, b) => Number(b[0]) - Number(a[0]));
  rmSync(runDurations, { force: true });
  // The files of this run replace their lines; those of files not run this time are kept (for the order of the
  // next full run), unless the file is gone.
  const all = new Map<string, string>();
  try {
    for (const line of readFileSync(durationsFile, 'utf8').split('\n')) {
      const file = line.split('\t')[2];
      if (file && existsSync(file)) all.set(file, line);
    }
  } catch {
    // None yet.
  }
  for (const row of rows) all.set(row[2], row.join('\t'));
  mkdirSync('test-output', { recursive: true });
  writeFileSync(`${durationsFile}.${run}`, `${[...all.values()].join('\n')}\n`);
  renameSync(`${durationsFile}.${run}`, durationsFile);
  if (rows.length > 0) {
    process.stdout.write(
      `\nslowest test files of this run (seconds, tests, CPU seconds, seconds outside the tests, file; all in ` +
        `${durationsFile}):\n`,
    );
    for (const [s, n, f, outside, cpuSeconds] of rows.slice(0, 10))
      process.stdout.write(
        `${s.padStart(7)}  ${n.padStart(4)}  ${(cpuSeconds || '?').padStart(6)}  ${outside.padStart(6)}  ${f}\n`,
      );
    const waiting = rows
      .filter((r) => Number(r[3]) >= 20)
      .sort((a, b) => Number(b[3]) - Number(a[3]))
      .slice(0, 10);
    if (waiting.length > 0) {
      // Usually a process kept alive after its last test by something left running (a timer, a socket, a thread).
      process.stdout.write('\ntest files with 20 s or more outside their tests (seconds outside, file):\n');
      for (const r of waiting) process.stdout.write(`${r[3].padStart(7)}  ${r[2]}\n`);
    }
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
