// Reading threads start one at a time: the first start after an install finds Node's compile cache empty, and a
// thread that must compile a file loads the TypeScript stripper (about 10 MB it keeps). Each thread flushes the
// cache once it is ready, and the next one starts only then, so that it finds its files compiled. Before, the
// pool started every thread (and the spare) at the first message. A thread that never finishes starting would then
// hold back the others and the messages sent to it: it is given up after a timeout, and another starts.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { ReadPool } from '../../src/app/read-pool.ts';
import { type Harness, startHarness } from './support/harness.ts';
import { rawMessage } from './support/messages.ts';

describe('the reading threads', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness('sqlite');
  });
  after(async () => {
    await h.close();
  });

  it('start one after another, each once the one before is ready', async () => {
    // Two threads and a spare.
    const pool = new ReadPool(h.ctx, 2, 1);
    try {
      const mailbox = h.ctx.config.mailboxes[0]!;
      const first = pool.prepare({ raw: rawMessage(), mailbox, door: 'smtp' }, h.ctx.clock.now());
      assert.equal(pool.stats.spawned, 1, 'one thread starts at the first message, not all of them');
      assert.equal((await first).problem, null);
      // The others follow, one at a time, without another message.
      for (let turn = 0; turn < 200 && pool.stats.spawned < 3; turn++) await sleep(50);
      assert.equal(
        pool.stats.spawned,
        3,
        'the second thread and the spare start once those before are ready',
      );
      const next = await pool.prepare({ raw: rawMessage(), mailbox, door: 'smtp' }, h.ctx.clock.now());
      assert.equal(next.problem, null);
    } finally {
      await pool.close();
    }
  });

  // Were the thread never given up, its messages would wait for ever: the timeout makes that a failure.
  it('give up a thread that does not finish starting, and read its messages on the next', {
    timeout: 60_000,
  }, async () => {
    const starts = new SharedArrayBuffer(4);
    const pool = new ReadPool(h.ctx, 1, 1, {
      // Long enough for a thread to start on a loaded machine (under the whole suite's load a start has taken
      // more than 3 s): a thread that starts slowly but well must not be given up too, or its messages could run
      // out of threads and budget. The test then waits this long once, for the thread that hangs.
      startTimeoutMs: 10_000,
      worker: new URL('./support/read-worker-first-hangs.ts', import.meta.url),
      workerData: starts,
    });
    try {
      const mailbox = h.ctx.config.mailboxes[0]!;
      const read = await Promise.all(
        [1, 2, 3].map(() => pool.prepare({ raw: rawMessage(), mailbox, door: 'smtp' }, h.ctx.clock.now())),
      );
      // Read, not filed unread as over their budget: the thread that did not start was reading none of them.
      assert.deepEqual(
        read.map((p) => p.problem),
        [null, null, null],
      );
      // The thread that hangs, at least (on a machine so busy that the next one took longer than the timeout to
      // start, that one too: the messages then went to the one after).
      assert.ok(pool.stats.startsGivenUp >= 1, 'the thread that hangs is given up');
      assert.equal(pool.stats.overBudget, 0);
      assert.ok(new Int32Array(starts)[0]! >= 2, 'another thread started in its place');
    } finally {
      await pool.close();
    }
  });
});
