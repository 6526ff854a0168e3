// collectGarbage (collect.ts): an object nothing refers to any more is gone after it. (The incremental kind is
// not tested here: V8 also collects on its own once a thread is idle, so a test of it could not fail.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep, setImmediate as turn } from 'node:timers/promises';
import { collectGarbage, collectYoung } from './collect.ts';

/** A weak handle on a large shared buffer that nothing else holds (made in a turn of its own). */
async function dropped(): Promise<WeakRef<SharedArrayBuffer>> {
  const ref = new WeakRef(new SharedArrayBuffer(8 * 1024 * 1024));
  await turn();
  return ref;
}

describe('collectGarbage', () => {
  it('frees what nothing refers to, at once', async () => {
    const ref = await dropped();
    assert.equal(collectGarbage(), true);
    await turn();
    assert.equal(ref.deref(), undefined);
  });

  it('keeps what is still referred to', async () => {
    const kept = new SharedArrayBuffer(1024);
    const ref = new WeakRef(kept);
    await turn();
    collectGarbage();
    await turn();
    assert.equal(ref.deref(), kept);
  });

  it('frees buffers just made and dropped with a collection of the young generation only', async () => {
    // (A weak handle cannot tell: V8 keeps what weak handles point to through young collections.) V8 may
    // collect on its own meanwhile, so the buffers are made again until they are all still there. Their memory is
    // given back by a background task after the collection, which a busy machine may run only much later: the
    // test waits for it (up to ten seconds), it does not time it.
    const buffers = () => process.memoryUsage().arrayBuffers;
    let before = 0;
    let made = 0;
    for (let attempt = 0; attempt < 10 && made < 16 * 1024 * 1024; attempt++) {
      before = buffers();
      for (let i = 0; i < 16; i++) new Uint8Array(1024 * 1024).fill(i);
      made = buffers() - before;
    }
    assert.equal(made, 16 * 1024 * 1024);
    assert.equal(collectYoung(), true);
    let left = made;
    const until = Date.now() + 10_000;
    while (left >= made / 4 && Date.now() < until) {
      await sleep(10);
      left = buffers() - before;
    }
    assert.ok(
      left < made / 4,
      `${made} bytes of buffers made and dropped, ${left} left after the collection`,
    );
  });
});
