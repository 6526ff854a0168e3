// A node:test reporter that writes one line per test file: its duration in seconds, its number of tests, its path
// and the seconds of that duration spent outside its tests, tab-separated. `npm test` writes it to
// test-output/test-durations.tsv (adding each file's CPU seconds, test/support/cpu-usage.ts) and prints the
// slowest files, so a file that grows slow is seen in the run that made it slow.
//
// The time outside the tests is mostly, after the last test, the wait for the file's process to end: a timer, a
// socket or a worker thread left running keeps the process alive, and its slot in the run, for as long as it
// runs, while every test of the file has passed (a viewer thread once kept many files for a minute each).
import { relative } from 'node:path';

interface ReporterEvent {
  type: string;
  data: {
    file?: string;
    nesting?: number;
    duration_ms?: number;
    counts?: { tests?: number };
    details?: { duration_ms?: number };
  };
}

export default async function* durations(source: AsyncIterable<ReporterEvent>): AsyncGenerator<string> {
  // The time in each file's top-level tests and suites (hooks of a suite included), by file.
  const inTests = new Map<string, number>();
  for await (const event of source) {
    const { data } = event;
    if ((event.type === 'test:pass' || event.type === 'test:fail') && data.nesting === 0 && data.file) {
      inTests.set(data.file, (inTests.get(data.file) ?? 0) + (data.details?.duration_ms ?? 0));
      continue;
    }
    // Each test file ends with a summary of its own (with its path); the run's overall summary has none.
    if (event.type !== 'test:summary' || !data.file) continue;
    const total = data.duration_ms ?? 0;
    const outside = Math.max(0, total - (inTests.get(data.file) ?? 0));
    inTests.delete(data.file);
    const seconds = (total / 1000).toFixed(1);
    yield `${seconds}\t${data.counts?.tests ?? 0}\t${relative(process.cwd(), data.file)}\t${(outside / 1000).toFixed(1)}\n`;
  }
}
