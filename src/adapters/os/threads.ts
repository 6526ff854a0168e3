// The operating system's view of a thread (Linux: /proc), for budgets that count what a thread really used. A
// reading thread's budget is CPU time, not time on the clock: on a busy machine an ordinary message may wait for
// a core far longer than it takes to read, and must not be taken for a hostile one. Elsewhere (no /proc) these
// answer null and callers fall back to time on the clock.
import { readFileSync, readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** Clock ticks per second in /proc/…/stat (USER_HZ: 100 on every Linux build Node supports). */
const TICKS_PER_SECOND = 100;

/** The calling thread's id in the operating system (not Node's worker id), or null where it cannot be known. */
export function currentThreadId(): number | null {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/**
 * Lowers the calling thread's scheduling priority (a nice value, 0–19), so that on a busy machine the threads
 * that answer people (SMTP sessions, HTTP) get a core first. Best effort: a system that refuses changes nothing.
 */
export function lowerThreadPriority(thread: number | null, nice: number): void {
  if (thread === null) return;
  try {
    setPriority(thread, nice);
  } catch {
    // Not permitted, or not Linux: the thread keeps its priority.
  }
}

/** CPU time (user and system) the calling thread has used so far, in ms (any platform). */
export function ownCpuMs(): number {
  const used = process.threadCpuUsage();
  return (used.user + used.system) / 1000;
}

/** CPU time (user and system) a thread of this process has used so far, in ms, or null where unknown. */
export function threadCpuMs(thread: number): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${thread}/stat`, 'latin1');
    // Fields after the command name (which may hold spaces, so split after its closing parenthesis).
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / TICKS_PER_SECOND : null;
  } catch {
    return null;
  }
}

/**
 * Time on the clock a piece of work may take, as a multiple of its CPU budget (and at least BACKSTOP_MIN_MS),
 * whatever its CPU time: a backstop for a thread that gets no core at all for that long. On a busy machine a
 * thread may wait a second or more for a core, and that must not count against the work it is doing.
 */
export const CLOCK_BACKSTOP = 20;
export const BACKSTOP_MIN_MS = 10_000;

/**
 * Whether work on a thread of its own went over its budget: the CPU time the thread spent on it (`cpuMs`; null
 * where the system cannot tell, and then time on the clock counts instead), or the clock's backstop. `cpuMs`
 * 'not begun': the thread has not said yet that it began this work (what it spends meanwhile may be for something
 * else), so only the backstop applies.
 */
export function overCpuBudget(
  budgetMs: number,
  clockMs: number,
  cpuMs: number | null | 'not begun',
): boolean {
  if (clockMs > Math.max(budgetMs * CLOCK_BACKSTOP, BACKSTOP_MIN_MS)) return true;
  if (cpuMs === 'not begun') return false;
  return cpuMs === null ? clockMs > budgetMs : cpuMs > budgetMs;
}
