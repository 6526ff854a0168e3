// The server's secrets come from the operator's key when one is given (environment or owner-only file), and
// are then never written to the database; otherwise they are made once and kept in the (owner-only) database.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { deriveServerSecret, ServerKeyError, serverKeyFrom } from '../../src/adapters/crypto/secrets.ts';
import { addressBucket, serverSecret } from '../../src/app/rate-limit.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp } from '../support/http.ts';

const KEY = 'k'.repeat(20) + 'e'.repeat(20);

describe('server key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'redress-key-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the key from the environment or from an owner-only file, and refuses what would not be safe', () => {
    assert.equal(serverKeyFrom(undefined, {}), null, 'nothing given: the database keeps the secrets');
    assert.deepEqual(serverKeyFrom(undefined, { REDRESS_SECRET_KEY: KEY }), Buffer.from(KEY));
    const file = join(dir, 'secret.key');
    writeFileSync(file, `${KEY}\n`);
    chmodSync(file, 0o644);
    assert.throws(() => serverKeyFrom(file, {}), /may be read by other users \(mode 644\): run chmod 600/);
    chmodSync(file, 0o600);
    assert.deepEqual(serverKeyFrom(file, {}), Buffer.from(KEY));
    assert.throws(() => serverKeyFrom(file, { REDRESS_SECRET_KEY: KEY }), /not both/);
    assert.throws(() => serverKeyFrom(undefined, { REDRESS_SECRET_KEY: 'short' }), ServerKeyError);
    assert.throws(() => serverKeyFrom(join(dir, 'missing.key'), {}), /cannot be read/);
    assert.notEqual(deriveServerSecret(Buffer.from(KEY), 'a'), deriveServerSecret(Buffer.from(KEY), 'b'));
  });

  for (const engine of ENGINES)
    it(`with a key file, no secret is written to the database; without, one is (${engine})`, async () => {
      const file = join(dir, `${engine}.key`);
      writeFileSync(file, KEY, { mode: 0o600 });
      const keyed = await createTestApp({ engine, env: { REDRESS_SECRET_KEY_FILE: file } });
      const plain = await createTestApp({ engine });
      try {
        const count = async (t: typeof keyed) =>
          (await t.tdb.database.db.selectFrom('server_secrets').select('name').execute()).length;
        await addressBucket(keyed.ctx, 'complain', '192.0.2.1');
        assert.equal(
          await serverSecret(keyed.ctx, 'form-token'),
          deriveServerSecret(Buffer.from(KEY), 'form-token'),
        );
        assert.equal(await count(keyed), 0);
        await addressBucket(plain.ctx, 'complain', '192.0.2.1');
        assert.equal(await count(plain), 1);
      } finally {
        await keyed.close();
        await plain.close();
      }
    });
});
