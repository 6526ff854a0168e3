import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hashPassword, needsRehash, randomToken, sameSecret, sha256Hex, verifyPassword } from './secrets.ts';

describe('password hashes', () => {
  it('verifies the right password and refuses a wrong one; each hash has its own salt', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    assert.notEqual(a, b);
    assert.match(a, /^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    assert.equal(await verifyPassword('correct horse battery', a), true);
    assert.equal(await verifyPassword('correct horse batterY', a), false);
    assert.equal(needsRehash(a), false);
  });
  it('treats composed and decomposed accents alike (NFC)', async () => {
    const h = await hashPassword('caf\u00e9 au lait noir');
    assert.equal(await verifyPassword('cafe\u0301 au lait noir', h), true);
  });
  it('never matches a malformed or hostile hash (no exception, no huge memory)', async () => {
    assert.equal(await verifyPassword('x', 'plain'), false);
    assert.equal(await verifyPassword('x', 'scrypt$1073741824$8$1$AA$AA'), false);
    assert.equal(await verifyPassword('x', 'scrypt$16384$8$1$AA$short'), false);
  });
});

describe('tokens', () => {
  it('are random, prefixed when asked, and stored as SHA-256', () => {
    const t = randomToken(32, 'rdt_');
    assert.match(t, /^rdt_[\w-]{43}$/);
    assert.notEqual(randomToken(), randomToken());
    assert.equal(sha256Hex('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    assert.equal(sameSecret('abc', 'abc'), true);
    assert.equal(sameSecret('abc', 'abd'), false);
    assert.equal(sameSecret('abc', 'abcd'), false);
  });

  it('cut from a block of random bytes never repeat, across many blocks and odd sizes', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const bytes = [32, 17, 1, 1024, 5000][i % 5]!;
      const t = randomToken(bytes);
      assert.equal(Buffer.from(t, 'base64url').length, bytes);
      // A token of one byte may repeat by chance; the longer ones may not.
      if (bytes > 1) {
        assert.equal(seen.has(t), false, `token ${i} repeats an earlier one`);
        seen.add(t);
      }
    }
  });
});
