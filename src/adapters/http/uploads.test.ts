// The upload budget: what fits is taken at once, what does not waits its turn in order, and gives up after its
// wait (or at once when too many already wait); what is given back lets the next in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { UploadBudget } from './uploads.ts';

describe('upload budget', () => {
  it('takes what fits at once and gives it back once only', async () => {
    const b = new UploadBudget(100);
    const one = await b.take(60, 0);
    const two = await b.take(40, 0);
    assert.ok(one && two);
    assert.equal(b.used, 100);
    one();
    one();
    assert.equal(b.used, 40);
    two();
    assert.equal(b.used, 0);
  });

  it('counts more than the capacity as the capacity, so the largest form still gets in alone', async () => {
    const b = new UploadBudget(100);
    const all = await b.take(500, 0);
    assert.ok(all);
    assert.equal(b.used, 100);
    all();
  });

  it('lets a waiting form in, in order, when another gives its share back', async () => {
    const b = new UploadBudget(100);
    const first = (await b.take(80, 0))!;
    const order: string[] = [];
    const note = (name: string) => (r: (() => void) | null) => {
      order.push(name);
      return r;
    };
    const big = b.take(70, 60_000).then(note('big'));
    const small = b.take(10, 60_000).then(note('small'));
    first();
    const [r1, r2] = await Promise.all([big, small]);
    assert.deepEqual(order, ['big', 'small']);
    assert.equal(b.used, 80);
    r1!();
    r2!();
    assert.equal(b.used, 0);
  });

  it('gives up after the wait, or at once when too many wait', async () => {
    const b = new UploadBudget(100, 1);
    const all = (await b.take(100, 0))!;
    const waiting = b.take(10, 60_000);
    assert.equal(await b.take(10, 60_000), null, 'the queue is full');
    assert.equal(await new UploadBudget(10).take(5, 0).then((r) => typeof r), 'function');
    const full = new UploadBudget(10);
    await full.take(10, 0);
    assert.equal(await full.take(1, 1), null, 'no room within the wait');
    all();
    (await waiting)!();
    assert.equal(b.used, 0);
  });
});
