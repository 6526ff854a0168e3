// `npm test`: type-check, lint, then every test (unit tests beside the code, contract/browser tests in test/)
// with Node's test runner. Contract tests run on SQLite and PostgreSQL (REDRESS_TEST_ENGINES to narrow).
import { spawnSync } from 'node:child_process';
import { globSync } from 'node:fs';

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) {
    process.stderr.write(`\n${cmd} ${args.join(' ')} failed (exit ${r.status ?? r.signal})\n`);
    process.exit(r.status ?? 1);
  }
}

const only = process.argv.slice(2);
if (only.length === 0) {
  run('tsc', ['--noEmit', '-p', '.']);
  run('biome', ['check', '.']);
}
const files = only.length ? only : [...globSync('src/**/*.test.ts'), ...globSync('test/**/*.test.ts')].sort();
run(process.execPath, [
  '--test',
  `--test-concurrency=${process.env.REDRESS_TEST_CONCURRENCY ?? '2'}`,
  '--test-reporter=spec',
  ...files,
]);
