import assert from 'node:assert/strict';
import { getPriority } from 'node:os';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { currentThreadId, threadCpuMs } from './threads.ts';

describe('threads in the operating system', { skip: process.platform !== 'linux' && 'needs /proc' }, () => {
  it('tells the CPU time of a thread, which grows while it works and not while it waits', async () => {
    const thread = currentThreadId();
    assert.ok(thread !== null && thread > 0);
    const before = threadCpuMs(thread)!;
    const until = performance.now() + 300;
    let x = 0;
    while (performance.now() < until) x++;
    const busy = threadCpuMs(thread)!;
    assert.ok(busy - before >= 150, `worked 300 ms, counted ${busy - before} ms (${x} turns)`);
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
