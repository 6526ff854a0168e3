// Loaded into each test file's process by `npm test` (scripts/test.ts, `--import`): when the file's process ends,
// it adds one line to the file named by REDRESS_TEST_CPU_FILE: the CPU seconds the process used, with those of
// the processes it started and waited for (servers, `redress` commands, Chromium), then the test file's path.
// Wall time on a machine shared with other work says little about what a file costs; CPU time says more, and
// the next person looking for a slow file sees which ones cost work and which ones wait.
import { appendFileSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { isMainThread } from 'node:worker_threads';

const into = process.env.REDRESS_TEST_CPU_FILE;
const file = process.argv[1];

/** Seconds of CPU of this process (every thread) and of its children that have ended, from /proc (Linux). */
function cpuSeconds(): number | null {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // The fields after the command name (which may hold spaces, inside parentheses); utime is the 14th field.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0);
    // Clock ticks per second: 100 on Linux for every architecture Node runs on.
    return ticks / 100;
  } catch {
    return null;
  }
}

if (into && isMainThread && file?.endsWith('.test.ts')) {
  process.on('exit', () => {
    const seconds = cpuSeconds();
    if (seconds === null) return;
    try {
      // One short line per process, appended in one write: lines of files ending at once do not mix.
      appendFileSync(into, `${seconds.toFixed(1)}\t${relative(process.cwd(), file)}\n`);
    } catch {
      // A figure for the summary only: a file that cannot be written changes nothing in the tests.
    }
  });
}
