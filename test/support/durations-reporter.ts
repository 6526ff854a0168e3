// A node:test reporter that writes one line per test file: its duration in seconds, its number of tests and its
// path, tab-separated. `npm test` writes it to test-output/test-durations.tsv and prints the slowest files, so a
// file that grows slow is seen in the run that made it slow.
import { relative } from 'node:path';

interface SummaryEvent {
  type: string;
  data: { file?: string; duration_ms?: number; counts?: { tests?: number } };
}

export default async function* durations(source: AsyncIterable<SummaryEvent>): AsyncGenerator<string> {
  for await (const event of source) {
    // Each test file ends with a summary of its own (with its path); the run's overall summary has none.
    if (event.type !== 'test:summary' || !event.data.file) continue;
    const seconds = ((event.data.duration_ms ?? 0) / 1000).toFixed(1);
    yield `${seconds}\t${event.data.counts?.tests ?? 0}\t${relative(process.cwd(), event.data.file)}\n`;
  }
}
