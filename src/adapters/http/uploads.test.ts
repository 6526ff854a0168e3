// The upload budget: what fits is taken at once, what does not waits its turn, and gives up after its wait (or at
// once when too many already wait, in all or of its client); what is given back lets the next in, the client served
// longest ago first. The files of one message at the doors: their types read from their content, the core's rule
// asked on them.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { attachmentLimitsWithin, messageFilesVerdict } from '../../core/files/attachment-limits.ts';
import { detectType } from '../files/detect-type.ts';
import { MAIN_COLLECT_AFTER_BYTES } from '../os/collect.ts';
import { checkMessageFiles, holdUploadBudget, UploadBudget, uploadBudget } from './uploads.ts';

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

  it('holds a client to two forms waiting: its third is refused at once, while another client still waits', async () => {
    const b = new UploadBudget(100);
    const all = (await b.take(100, 0))!;
    const a1 = b.take(10, 60_000, { client: '203.0.113.5' });
    const a2 = b.take(10, 60_000, { client: '203.0.113.5' });
    assert.equal(await b.takeOrWhy(10, 60_000, { client: '203.0.113.5' }), 'client_waiting');
    const other = b.take(10, 60_000, { client: '198.51.100.7' });
    assert.equal(b.waiting, 3, 'the queue has room for others: 16 places, two of them this client’s');
    all();
    // One at a time for the client (it holds one share at once), beside the other client's.
    (await a1)!();
    (await other)!();
    (await a2)!();
    assert.equal(b.used, 0);
    assert.equal(b.waiting, 0);
  });

  it('holds a client to one share at once: its next form waits, without holding back another client’s', async () => {
    const b = new UploadBudget(100);
    const first = (await b.take(10, 0, { client: 'a' }))!;
    let second: (() => void) | null = null;
    const waiting = b.take(10, 60_000, { client: 'a' }).then((r) => {
      second = r;
      return r;
    });
    const other = await b.take(10, 0, { client: 'b' });
    assert.ok(other, 'another client’s form that fits is let in at once');
    assert.equal(second, null, 'the client’s second form waits, though there is room');
    first();
    assert.ok(await waiting, 'and is let in once the first is given back');
    second!();
    other();
    assert.equal(b.used, 0);
  });

  it('gives the next share to the client served longest ago, before the others of a client just served', async () => {
    const b = new UploadBudget(100);
    b.maxHeldPerClient = 2;
    const all = (await b.take(100, 0))!;
    const order: string[] = [];
    const note = (name: string) => (r: (() => void) | null) => {
      order.push(name);
      return r;
    };
    const a1 = b.take(60, 60_000, { client: 'a' }).then(note('a1'));
    const a2 = b.take(60, 60_000, { client: 'a' }).then(note('a2'));
    const b1 = b.take(60, 60_000, { client: 'b' }).then(note('b1'));
    all();
    (await a1)!();
    (await b1)!();
    (await a2)!();
    assert.deepEqual(order, ['a1', 'b1', 'a2']);
    assert.equal(b.used, 0);
  });

  it('gives the place of a form whose sender went away back at once', async () => {
    const b = new UploadBudget(100);
    const all = (await b.take(100, 0))!;
    const gone = new AbortController();
    const waiting = b.takeOrWhy(10, 60_000, { client: 'a', signal: gone.signal });
    assert.equal(b.waiting, 1);
    gone.abort();
    assert.equal(await waiting, 'gone');
    assert.equal(b.waiting, 0);
    assert.ok(await b.take(10, 0, { client: 'a' }).then(() => true));
    all();
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

describe('the files of one message at the doors', () => {
  /** A PNG image (its signature and header chunk) named like a PDF. */
  const png = () => {
    const content = Buffer.alloc(256);
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(content, 0);
    content.write('IHDR', 12, 'latin1');
    return { filename: 'photo.pdf', content };
  };
  const page = () => ({
    filename: 'avoir.pdf',
    content: Buffer.from('<!doctype html><html><body></body></html>'),
  });
  /** A GIF image: a known type, not one a message's file may have. */
  const gif = () => ({
    filename: 'anim.gif',
    content: Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1'),
  });
  const limits = attachmentLimitsWithin(50 * 1024 * 1024);

  const coreVerdict = async (files: ReadonlyArray<{ filename: string; content: Uint8Array }>, l = limits) =>
    messageFilesVerdict(
      await Promise.all(
        files.map(async (f) => ({
          filename: f.filename,
          content: f.content,
          detected: await detectType(f.content),
        })),
      ),
      l,
    );

  it('gives the verdict of the core rule on the types read from the content', async () => {
    for (const files of [
      [png()],
      [page()],
      [png(), page()],
      [],
      [png(), png(), png(), png(), png(), png()],
    ]) {
      assert.deepEqual(await checkMessageFiles(files, limits), await coreVerdict(files));
    }
    const kept = await checkMessageFiles([png()], limits);
    assert.ok(kept.ok);
    assert.deepEqual(
      kept.files.map((f) => [f.filename, f.contentType]),
      [['photo.png', 'image/png']],
    );
  });

  it('refuses a file of a type no message may carry, even under limits that name it, and never lets it drop out unsaid', async () => {
    const wider = { ...limits, types: [...limits.types, 'image/gif'] };
    const checked = await checkMessageFiles([png(), gif()], wider);
    assert.deepEqual(checked, await coreVerdict([png(), gif()], wider));
    assert.ok(!checked.ok);
    assert.equal(checked.problem.code, 'type_not_allowed');
    assert.ok(checked.problem.code === 'type_not_allowed' && checked.problem.name === 'anim.gif');
  });
});
