// The upload budget: what fits is taken at once, what does not waits its turn in order, and gives up after its
// wait (or at once when too many already wait); what is given back lets the next in.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { MAIN_COLLECT_AFTER_BYTES } from '../os/collect.ts';
import { holdUploadBudget, UploadBudget, uploadBudget } from './uploads.ts';

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

  it("gives a large form's share back only once a collection after its answer is done, a small one's at once", async () => {
    // A form's buffers are freed at the main thread's next collection: until then they are still held, and the
    // budget must go on counting them, or the next large form adds its own on top.
    let collected!: () => void;
    let asked = 0;
    const collect = () => {
      asked++;
      return new Promise<void>((r) => {
        collected = r;
      });
    };
    const app = Fastify();
    app.get('/large', async (request, reply) => {
      assert.ok(await holdUploadBudget(request, reply, MAIN_COLLECT_AFTER_BYTES, 1, collect));
      return 'taken';
    });
    app.get('/small', async (request, reply) => {
      assert.ok(await holdUploadBudget(request, reply, MAIN_COLLECT_AFTER_BYTES - 1, 1, collect));
      return 'taken';
    });
    try {
      assert.equal((await app.inject({ method: 'GET', url: '/small' })).body, 'taken');
      await new Promise((r) => setImmediate(r));
      assert.equal(uploadBudget.used, 0, 'a small form gives its share back with its answer');
      assert.equal(asked, 0, 'and asks for no collection');

      assert.equal((await app.inject({ method: 'GET', url: '/large' })).body, 'taken');
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      assert.equal(asked, 1, 'the answer of a large form asks for one collection');
      assert.equal(
        uploadBudget.used,
        MAIN_COLLECT_AFTER_BYTES,
        'its share is held until the collection is done',
      );
      collected();
      await new Promise((r) => setImmediate(r));
      assert.equal(uploadBudget.used, 0, 'and given back then');
    } finally {
      await app.close();
    }
  });
});
