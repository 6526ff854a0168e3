// The reporter behind test-output/test-durations.tsv: one line per file, with the time outside its tests.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import durations from './durations-reporter.ts';

it('writes per file its seconds, tests, path and the seconds outside its top-level tests', async () => {
  const a = join(process.cwd(), 'test/a.test.ts');
  const b = join(process.cwd(), 'test/b.test.ts');
  async function* events() {
    yield { type: 'test:pass', data: { file: a, nesting: 0, details: { duration_ms: 1500 } } };
    // A nested test is inside its suite's time: not counted twice.
    yield { type: 'test:pass', data: { file: a, nesting: 1, details: { duration_ms: 1000 } } };
    yield { type: 'test:fail', data: { file: a, nesting: 0, details: { duration_ms: 500 } } };
    yield { type: 'test:pass', data: { file: b, nesting: 0, details: { duration_ms: 200 } } };
    yield { type: 'test:summary', data: { file: a, duration_ms: 62_000, counts: { tests: 3 } } };
    yield { type: 'test:summary', data: { file: b, duration_ms: 100, counts: { tests: 1 } } };
    // The run's own summary names no file.
    yield { type: 'test:summary', data: { duration_ms: 70_000, counts: { tests: 4 } } };
  }
  const lines: string[] = [];
  for await (const line of durations(events())) lines.push(line);
  assert.deepEqual(lines, ['62.0\t3\ttest/a.test.ts\t60.0\n', '0.1\t1\ttest/b.test.ts\t0.0\n']);
});
