// A large original's chunks written ahead of its filing, on a SQLite server's background thread
// (src/adapters/db/checkpointer.ts, originals.repo.ts `writeChunksAhead`): the chunks are committed first and
// invisible until the filing transaction writes the original's row; the bytes read back byte for byte; chunks
// that went missing in between (retention erasing an earlier copy) are written again by the filing; chunks left
// without a row by a process that died are removed when a server starts.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/adapters/db/database.ts';
import { openDatabase } from '../../src/adapters/db/database.ts';
import {
  CHUNK_BYTES,
  DatabaseOriginals,
  removeChunksWithoutOriginal,
  writeChunksAhead,
} from '../../src/adapters/db/originals.repo.ts';
import { withWriteBuffer } from '../../src/adapters/db/write-buffer.ts';
import { createTestDatabase, type TestDatabase } from '../support/databases.ts';

const AT = '2026-11-23T12:00:00.000Z';

/** `size` bytes in a shared buffer, as the SMTP listener hands a message over, different for each seed. */
function sharedBytes(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(new SharedArrayBuffer(size));
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('chunks of large originals written ahead (SQLite server)', () => {
  let test: TestDatabase;
  let server: Database;
  before(async () => {
    test = await createTestDatabase('sqlite');
    server = await openDatabase(test.url, { backgroundCheckpoints: true });
  });
  after(async () => {
    await server.close();
    await test.drop();
  });

  const chunkRows = async (sha256: string) =>
    Number(
      (
        await server.db
          .selectFrom('original_chunks')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('sha256', '=', sha256)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const file = (bytes: Uint8Array, sha256: string) =>
    server.transaction((trx) =>
      withWriteBuffer(trx, () =>
        new DatabaseOriginals(trx).put(bytes, 'message/rfc822', AT, sha256, { chunksWritten: true }),
      ),
    );

  it('commits the chunks first, invisible until the row is written, and reads back byte for byte', async () => {
    const bytes = sharedBytes(3 * CHUNK_BYTES + 17, 1);
    const written = await writeChunksAhead(server, bytes);
    assert.equal(written, sha(bytes));
    assert.equal(await chunkRows(written!), 4);
    const originals = new DatabaseOriginals(server.db);
    assert.equal(await originals.get(written!), null, 'no original before its row is written');
    await file(bytes, written!);
    const read = await originals.get(written!);
    assert.ok(read && Buffer.from(read.content).equals(Buffer.from(bytes)));
    assert.equal(read.size, bytes.byteLength);
    // Seen by another connection too (the server's background thread committed them on its own).
    const other = await new DatabaseOriginals(test.database.db).get(written!);
    assert.ok(other && Buffer.from(other.content).equals(Buffer.from(bytes)));
  });

  it('writes nothing ahead for an original of one chunk, or one not in a shared buffer', async () => {
    assert.equal(await writeChunksAhead(server, sharedBytes(CHUNK_BYTES, 2)), null);
    assert.equal(await writeChunksAhead(server, new Uint8Array(2 * CHUNK_BYTES + 1)), null);
    assert.equal(await writeChunksAhead(test.database, sharedBytes(2 * CHUNK_BYTES + 1, 3)), null);
  });

  it('writes the chunks again in the filing when some went missing after they were written ahead', async () => {
    const bytes = sharedBytes(2 * CHUNK_BYTES + 5, 4);
    const written = await writeChunksAhead(server, bytes);
    await server.db
      .deleteFrom('original_chunks')
      .where('sha256', '=', written!)
      .where('seq', '=', 1)
      .execute();
    await file(bytes, written!);
    const read = await new DatabaseOriginals(server.db).get(written!);
    assert.ok(read && Buffer.from(read.content).equals(Buffer.from(bytes)));
  });

  it('removes chunks without a row at start, and keeps those of filed originals', async () => {
    const filed = sharedBytes(2 * CHUNK_BYTES + 1, 5);
    const filedSha = (await writeChunksAhead(server, filed))!;
    await file(filed, filedSha);
    const orphan = sharedBytes(2 * CHUNK_BYTES + 1, 6);
    const orphanSha = (await writeChunksAhead(server, orphan))!;
    assert.equal(await chunkRows(orphanSha), 3);
    assert.ok((await removeChunksWithoutOriginal(server.db)) >= 3);
    assert.equal(await chunkRows(orphanSha), 0);
    assert.equal(await chunkRows(filedSha), 3);
    const read = await new DatabaseOriginals(server.db).get(filedSha);
    assert.ok(read && Buffer.from(read.content).equals(Buffer.from(filed)));
  });
});
