// `npm run bench`: runs every bench/*.bench.ts in turn with this Node, or only those named on the command line
// (`npm run bench -- parse`). Each benchmark prints its own figures, machine and sizes, and beside each absolute
// figure a ceiling or reference measured in the same run on the same machine, with the ratio: absolute figures
// on shared machines do not carry from one run or machine to another, ratios do (DESIGN.md "Targets").
//
// Options:
//   --quick  smaller sizes and fewer runs, the same measurements (each benchmark gets `--quick` and BENCH_QUICK=1)
//   --json   prints ONE JSON object on stdout with every benchmark's figures; everything the benchmarks print
//            goes to stderr as progress. `npm run bench -- --quick --json` is the summary of a clean clone.
//
// The contract between this runner and a benchmark (follow it when you add one):
// - a benchmark is a file bench/NAME.bench.ts run as its own process: `node bench/NAME.bench.ts [--quick]`;
//   it must also run alone, without this runner, and print human-readable lines on stdout;
// - it reads its sizes from its own BENCH_* variables, and the quick mode from `--quick` or BENCH_QUICK=1
//   (bench/support/figures.ts: QUICK, size(), list());
// - at its end it calls publish() from bench/support/figures.ts with one object whose top-level keys are
//   sections of the summary, e.g. `publish({ parse: { perSecond, ceilingPerSecond, ratio } })`; publish()
//   writes that object as JSON to the file named by BENCH_FIGURES_FILE, which this runner sets, one file per
//   benchmark; nothing is written when the variable is unset;
// - the runner merges the objects of all benchmarks key by key (objects are merged recursively, so two
//   benchmarks may both add to `rssMiB`), and adds `failed` (names of benchmarks that exited non-zero),
//   `machine`, `quick`, `seconds` and `loadAverage` (1-minute load at start and end);
// - figures: `perSecond` / `ceilingPerSecond` for rates, `p95Ms` / `ceilingP95Ms` or `referenceP95Ms` for
//   latencies, `ratio` always as the share of the ceiling we reach (ours / ceiling for rates, ceiling / ours
//   for times: 1 means as fast as the ceiling), `target` as the ratio or figure the design asks for.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { machine } from './support/stats.ts';

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.startsWith(name)))
  .sort();
if (files.length === 0) {
  process.stderr.write(`no benchmark matches ${only.join(', ')}: choose among bench/*.bench.ts\n`);
  process.exit(2);
}

type Figures = Record<string, unknown>;
const isObject = (x: unknown): x is Figures => typeof x === 'object' && x !== null && !Array.isArray(x);
function merge(into: Figures, from: Figures): Figures {
  for (const [key, value] of Object.entries(from))
    into[key] = isObject(into[key]) && isObject(value) ? merge({ ...into[key] }, value) : value;
  return into;
}

const figuresDir = mkdtempSync(join(tmpdir(), 'redress-bench-figures-'));
const summary: Figures = {};
const failed: string[] = [];
const started = performance.now();
// The load of the machine before and after: on a shared machine, a ratio taken under heavy load means less.
const loadAtStart = loadavg()[0]!;
try {
  for (const file of files) {
    const name = file.replace(/\.bench\.ts$/, '');
    const figuresFile = join(figuresDir, `${name}.json`);
    // With --json, stdout carries only the summary: the benchmark's own lines go to stderr (file descriptor 2).
    const out = json ? 2 : 'inherit';
    if (json) process.stderr.write(`\n=== ${file} ===\n`);
    else process.stdout.write(`\n=== ${file} ===\n`);
    const t0 = performance.now();
    const result = spawnSync(process.execPath, [join(dir, file), ...(quick ? ['--quick'] : [])], {
      stdio: ['ignore', out, 'inherit'],
      env: { ...process.env, BENCH_FIGURES_FILE: figuresFile, ...(quick ? { BENCH_QUICK: '1' } : {}) },
    });
    process.stderr.write(`(${file}: ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
    if (result.status !== 0) {
      failed.push(name);
      process.stderr.write(`${file} failed (exit ${result.status ?? result.signal})\n`);
    }
    try {
      merge(summary, JSON.parse(readFileSync(figuresFile, 'utf8')) as Figures);
    } catch {
      // No figures: the benchmark failed before the end, or does not publish yet; `failed` says which.
    }
  }
} finally {
  rmSync(figuresDir, { recursive: true, force: true });
}
if (json)
  process.stdout.write(
    `${JSON.stringify({
      ...summary,
      failed,
      machine: machine(),
      loadAverage: { start: Math.round(loadAtStart * 100) / 100, end: Math.round(loadavg()[0]! * 100) / 100 },
      quick,
      seconds: Math.round((performance.now() - started) / 1000),
    })}\n`,
  );
process.exitCode = failed.length ? 1 : 0;
