// The conformance test of the whole procedure, in short: a few hundred random sequences of every door and action
// on each engine, every promise checked after every step (test/conformance/invariants.ts). `npm run conformance`
// runs it at length (test/conformance/run.ts); CONFORMANCE_TEST_RUNS changes the count here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { describeResult, runConformance } from './runner.ts';

const runs = Number(process.env.CONFORMANCE_TEST_RUNS ?? 200);

for (const engine of ENGINES) {
  describe(`the procedure keeps its promises on every path (${engine})`, () => {
    it(`${runs} random sequences of mail, letters, forms, staff actions, calendar changes and time`, async () => {
      const result = await runConformance({ engine, runs, maxCommands: 25 });
      assert.equal(result.failure, null, describeResult(result));
      assert.ok(result.steps > runs, 'the sequences did something');
    });
  });
}
