// The hash chain (P6.2): canonical JSON, and verification naming altered, missing and extra events.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalJson, linkHash, payloadDigest, type StoredLink, verifyStream } from './hash-chain.ts';

function chain(n: number): StoredLink[] {
  const out: StoredLink[] = [];
  let prev: string | null = null;
  for (let seq = 1; seq <= n; seq++) {
    const payload = { n: seq, text: `event ${seq}` };
    const link = {
      stream: 'case:1',
      seq,
      type: 'note_added',
      at: `2026-12-23T10:00:0${seq % 10}.000Z`,
      actor: 'user:a',
      payloadDigest: payloadDigest(payload),
      prev,
    };
    const hash = linkHash(link);
    out.push({ ...link, hash, payload, redacted: false });
    prev = hash;
  }
  return out;
}
const headOf = (links: StoredLink[]) => ({ version: links.length, headHash: links.at(-1)?.hash ?? null });

describe('canonical JSON', () => {
  it('sorts keys at every level, whatever the insertion order', () => {
    assert.equal(
      canonicalJson({ b: 1, a: { d: [1, { z: 1, y: 2 }], c: null } }),
      '{"a":{"c":null,"d":[1,{"y":2,"z":1}]},"b":1}',
    );
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
        const reversed = Object.fromEntries(Object.entries(obj).reverse());
        assert.equal(canonicalJson(obj), canonicalJson(reversed));
        assert.deepEqual(JSON.parse(canonicalJson(obj)), JSON.parse(JSON.stringify(obj)));
      }),
    );
  });
});

describe('verifyStream', () => {
  it('accepts an intact chain', () => {
    const links = chain(5);
    assert.deepEqual(verifyStream('case:1', links, headOf(links)), []);
  });

  it('names an edited payload, an edited envelope, a deleted event, a deleted tail and an appended event', () => {
    const links = chain(5);
    const head = headOf(links);
    const edited = links.map((l) => (l.seq === 2 ? { ...l, payload: { n: 2, text: 'rewritten' } } : l));
    assert.deepEqual(
      verifyStream('case:1', edited, head).map((p) => [p.kind, p.seq]),
      [['altered', 2]],
    );
    const envelope = links.map((l) => (l.seq === 3 ? { ...l, actor: 'user:mallory' } : l));
    assert.deepEqual(
      verifyStream('case:1', envelope, head).map((p) => [p.kind, p.seq]),
      [['altered', 3]],
    );
    const gap = links.filter((l) => l.seq !== 3);
    assert.deepEqual(
      verifyStream('case:1', gap, head).map((p) => [p.kind, p.seq]),
      [
        ['missing', 3],
        ['altered', 4],
      ],
    );
    const tail = links.slice(0, 3);
    assert.deepEqual(
      verifyStream('case:1', tail, head).map((p) => [p.kind, p.seq]),
      [
        ['missing', 4],
        ['missing', 5],
      ],
    );
    const longer = chain(6);
    assert.deepEqual(
      verifyStream('case:1', longer, head).map((p) => [p.kind, p.seq]),
      [['extra', 6]],
    );
  });

  it('still verifies after retention redacts a payload (the digest stays)', () => {
    const links = chain(3).map((l) => (l.seq === 2 ? { ...l, payload: null, redacted: true } : l));
    assert.deepEqual(verifyStream('case:1', links, headOf(chain(3))), []);
  });
});
