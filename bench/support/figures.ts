// What every benchmark shares with bench/run.ts: the quick mode, and how its figures reach the JSON summary
// (the contract is described at the top of bench/run.ts).
import { writeFileSync } from 'node:fs';

/** Quick mode (`--quick` on the command line or BENCH_QUICK=1): smaller sizes, one run, same measurements. */
export const QUICK = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';

/** A size from the environment, else the quick or the full default. */
export function size(name: string, full: number, quick: number): number {
  const set = process.env[name];
  return set ? Number(set) : QUICK ? quick : full;
}

/** A list from the environment (comma-separated), else the quick or the full default. */
export function list(name: string, full: string, quick: string = full): string[] {
  return (process.env[name] ?? (QUICK ? quick : full))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** "How much of the ceiling": the share of the ceiling's throughput, or the ceiling's time over ours (≤ 1 when slower). */
export const ratio = (ours: number, ceiling: number) => Math.round((ours / ceiling) * 1000) / 1000;

/** Rounds figures for the summary: 2 decimals below 100, whole numbers above. */
export const fig = (x: number) => (Math.abs(x) >= 100 ? Math.round(x) : Math.round(x * 100) / 100);

export const percent = (r: number) => `${(r * 100).toFixed(0)}%`;

/**
 * Hands this benchmark's figures to bench/run.ts: one JSON object whose top-level keys are the summary's
 * sections (`{"parse": {...}}`), written to the file named by BENCH_FIGURES_FILE. Without run.ts (the
 * benchmark started alone) nothing is written. Call it once, at the end.
 */
export function publish(figures: Record<string, unknown>): void {
  const file = process.env.BENCH_FIGURES_FILE;
  if (file) writeFileSync(file, JSON.stringify(figures));
}
