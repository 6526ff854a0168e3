// The hash chain (P6.2): canonical JSON, and verification naming altered, missing and extra events.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
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

describe('archive format', () => {
  // Hashes written by earlier versions must verify forever: these were computed by the first implementation.
  const payload = {
    reference: 'RC-2026-000001',
    fields: {
      ticketRefs: ['12345678'],
      domains: ['exemple.fr'],
      description: 'Déjà vu — “quotes” ß €',
      n: 1.5,
      neg: -0,
      big: 1e21,
      nested: [null, true, { z: 1, a: [] }],
    },
    missing: [],
    u: undefined,
  };
  const link = {
    stream: 'case:01a20a6a-2f97-74a0-8c19-f3c08922edb4',
    seq: 3,
    type: 'acknowledged',
    at: '2026-11-23T21:50:11.123Z',
    actor: 'mailbox:complaints',
    payloadDigest: 'ba23ca605036a802d971c421b50d70f4600887b932610d6eff0c9a36cf13bc31',
    prev: 'ab'.repeat(32),
  };

  it('digests payloads and links exactly as the archive was written', () => {
    assert.equal(payloadDigest(payload), link.payloadDigest);
    assert.equal(linkHash(link), '18631114aa8d6e9bb3407d9027ee59e7a271b905ee90bfd8d94e8b73195d2142');
    assert.equal(
      linkHash({ ...link, seq: 1, prev: null }),
      'bf71a0a10b1270508d34dbdf360c24e295ca103219341ed62dd6daf0530c75aa',
    );
  });

  it('a link hash is the digest of the link as canonical JSON, whatever its values', () => {
    fc.assert(
      fc.property(
        fc.record({
          stream: fc.string(),
          seq: fc.integer({ min: 1 }),
          type: fc.string(),
          at: fc.string(),
          actor: fc.string(),
          payloadDigest: fc.string(),
          prev: fc.option(fc.string()),
        }),
        (l) => assert.equal(linkHash(l), createHash('sha256').update(canonicalJson(l)).digest('hex')),
      ),
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
