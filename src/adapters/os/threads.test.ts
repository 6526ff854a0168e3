import assert from 'node:assert/strict';
import { getPriority } from 'node:os';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { currentThreadId, threadCpuMs } from './threads.ts';

describe('threads in the operating system', { skip: process.platform !== 'linux' && 'needs /proc' }, () => {
  it('tells the CPU time of a thread, which grows while it works and not while it waits', async () => {
    const thread = currentThreadId();
    assert.ok(thread !== null && thread > 0);
    // Work for 300 ms of this thread's CPU time as Node counts it (not of the clock: on a busy machine the
    // thread gets only part of a core), and compare with what the operating system says.
    const nodeCpuMs = () => {
      const used = process.threadCpuUsage();
      return (used.user + used.system) / 1000;
    };
    const before = threadCpuMs(thread)!;
    const start = nodeCpuMs();
    let x = 0;
    while (nodeCpuMs() - start < 300) x++;
    const busy = threadCpuMs(thread)!;
    // The system counts in ticks (10 ms here), so allow a few of them.
    assert.ok(busy - before >= 250, `worked 300 ms of CPU time, counted ${busy - before} ms (${x} turns)`);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok(threadCpuMs(thread)! - busy < 150, 'waiting costs no CPU time');
  });

  it('lowers a worker thread’s priority, and only that thread’s', async () => {
    const source = `
      const { parentPort } = require('node:worker_threads');
      import(${JSON.stringify(new URL('./threads.ts', import.meta.url).href)}).then((m) => {
        const thread = m.currentThreadId();
        m.lowerThreadPriority(thread, 10);
        parentPort.postMessage({ thread, nice: require('node:os').getPriority(thread) });
      });`;
    const mine = getPriority();
    const worker = new Worker(source, { eval: true });
    const seen = await new Promise<{ thread: number; nice: number }>((resolve) =>
      worker.once('message', resolve),
    );
    await worker.terminate();
    assert.notEqual(seen.thread, currentThreadId());
    if (mine <= 10) assert.equal(seen.nice, 10);
    assert.equal(getPriority(), mine, 'the main thread keeps its priority');
  });
});
