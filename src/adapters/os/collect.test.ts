// collectGarbage (collect.ts): an object nothing refers to any more is gone after it. (The incremental kind is
// not tested here: V8 also collects on its own once a thread is idle, so a test of it could not fail.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep, setImmediate as turn } from 'node:timers/promises';
import { collectGarbage, collectYoung, letGo } from './collect.ts';

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

describe('letGo', () => {
  it("frees a buffer of this thread's own at once, without a collection", () => {
    const before = process.memoryUsage().arrayBuffers;
    const bytes = Buffer.allocUnsafeSlow(32 * 1024 * 1024).fill(1);
    assert.ok(process.memoryUsage().arrayBuffers - before >= 32 * 1024 * 1024);
    assert.equal(letGo(bytes), true);
    assert.equal(bytes.byteLength, 0, 'every view of it reads as empty');
    assert.ok(process.memoryUsage().arrayBuffers - before < 1024 * 1024, 'its memory is given back now');
    assert.equal(letGo(bytes), false, 'twice is nothing');
  });

  it('frees a growable buffer seen whole (how a composed message is written)', () => {
    const buffer = new ArrayBuffer(0, { maxByteLength: 1024 * 1024 });
    buffer.resize(4096);
    const view = new Uint8Array(buffer, 0, 4096);
    assert.equal(letGo(view), true);
    assert.equal(buffer.detached, true);
  });

  it('leaves alone what others may read: a shared buffer, a slice of a larger one, a pooled small Buffer', () => {
    const shared = new Uint8Array(new SharedArrayBuffer(1024));
    assert.equal(letGo(shared), false);
    assert.equal(shared.byteLength, 1024);
    const whole = new Uint8Array(8192);
    const part = whole.subarray(0, 4096);
    assert.equal(letGo(part), false);
    assert.equal(whole.byteLength, 8192);
    const small = Buffer.from('a few bytes');
    const neighbour = Buffer.from('its neighbour in the pool');
    assert.equal(letGo(small), false);
    assert.equal(neighbour.toString(), 'its neighbour in the pool');
  });
});
