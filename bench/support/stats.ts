// Timing helpers for benchmarks: percentiles over repeated runs, and the machine they ran on.
import { cpus, totalmem } from 'node:os';

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export interface Timing {
  n: number;
  p50: number;
  p95: number;
  max: number;
}

/** Runs `fn` `n` times (after `warmup` untimed runs) and returns milliseconds at p50, p95 and max. */
export async function time(n: number, fn: (i: number) => Promise<unknown>, warmup = 20): Promise<Timing> {
  for (let i = 0; i < warmup; i++) await fn(i);
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { n, p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), max: round(ms.at(-1)!) };
}

export const round = (x: number) => Math.round(x * 100) / 100;

export function machine(): string {
  const c = cpus();
  return `${c.length} × ${c[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

/**
 * Times `fn` and a reference `ref` in alternation (one of each per round, after `warmup` rounds), so that both
 * see the same moments of a noisy shared machine; returns both timings.
 */
export async function timePaired(
  n: number,
  fn: (i: number) => Promise<unknown>,
  ref: (i: number) => Promise<unknown>,
  warmup = 20,
): Promise<{ ours: Timing; reference: Timing }> {
  for (let i = 0; i < warmup; i++) {
    await ref(i);
    await fn(i);
  }
  const ours: number[] = [];
  const reference: number[] = [];
  for (let i = 0; i < n; i++) {
    let t = performance.now();
    await ref(i);
    reference.push(performance.now() - t);
    t = performance.now();
    await fn(i);
    ours.push(performance.now() - t);
  }
  const timing = (ms: number[]): Timing => {
    ms.sort((a, b) => a - b);
    return { n, p50: round(percentile(ms, 50)), p95: round(percentile(ms, 95)), max: round(ms.at(-1)!) };
  };
  return { ours: timing(ours), reference: timing(reference) };
}
