// collectGarbage (collect.ts): an object nothing refers to any more is gone after it. (The incremental kind is
// not tested here: V8 also collects on its own once a thread is idle, so a test of it could not fail.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as turn } from 'node:timers/promises';
import { collectGarbage } from './collect.ts';

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
});
