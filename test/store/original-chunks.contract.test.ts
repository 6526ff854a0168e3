// Originals larger than one chunk are kept a chunk per row (originals.repo.ts, migration 202612050440), on SQLite
// and PostgreSQL: every size reads back byte for byte (none, one byte, exactly a chunk, a chunk and a byte, and
// random sizes around the boundaries), whether stored alone or by the intake's unit of work; archive verify
// names one altered byte in a chunk and a missing chunk; the migration moves an original written before it into
// chunks; retention deletes the chunks with their original.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { type Kysely, sql } from 'kysely';
import { moveOriginalsIntoChunks } from '../../src/adapters/db/migrations/202612050440-original-chunks.ts';
import { CHUNK_BYTES, DatabaseOriginals } from '../../src/adapters/db/originals.repo.ts';
import { deleteOrphanOriginals } from '../../src/adapters/db/retention.repo.ts';
import { withWriteBuffer } from '../../src/adapters/db/write-buffer.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { verifyArchive } from '../../src/app/verify-archive.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { type Harness, startHarness } from '../mail/support/harness.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { ENGINES } from '../support/databases.ts';

const AT = '2026-11-23T12:00:00.000Z';

/** `size` bytes that differ from one original to the next (a cheap generator: sizes reach megabytes). */
function bytesOf(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

async function concat(pieces: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const p of pieces) parts.push(p);
  return Buffer.concat(parts);
}

const size = fc.oneof(
  fc.constantFrom(0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 2 * CHUNK_BYTES, 2 * CHUNK_BYTES + 1),
  fc.integer({ min: -3, max: 3 }).chain((k) => fc.constantFrom(CHUNK_BYTES + k, 2 * CHUNK_BYTES + k)),
  fc.integer({ min: 0, max: 3 * CHUNK_BYTES + 10 }),
);

for (const engine of ENGINES) {
  describe(`originals in chunks (${engine})`, () => {
    let h: Harness;
    before(async () => {
      h = await startHarness(engine, { clock: fixedClock(AT) });
    });
    after(() => h.close());

    const chunkRows = async (sha256: string) =>
      Number(
        (
          await h.ctx.database.db
            .selectFrom('original_chunks')
            .select((eb) => eb.fn.countAll().as('n'))
            .where('sha256', '=', sha256)
            .executeTakeFirstOrThrow()
        ).n,
      );

    it('reads back every size byte for byte, stored alone or in a unit of work, and stores it once', async () => {
      const store = new DatabaseOriginals(h.ctx.database.db);
      let seed = 0;
      await fc.assert(
        fc.asyncProperty(size, fc.boolean(), async (n, inUnit) => {
          const bytes = bytesOf(n, ++seed);
          const put = () => store.put(bytes, 'application/octet-stream', AT);
          const { sha256 } = inUnit
            ? await h.ctx.database.db
                .transaction()
                .execute((trx) =>
                  withWriteBuffer(trx, () => new DatabaseOriginals(trx).put(bytes, 'x/y', AT)),
                )
            : await put();
          // The same bytes again change nothing.
          await put();
          const got = await store.get(sha256);
          assert.ok(got);
          assert.equal(got.size, n);
          assert.ok(Buffer.from(got.content).equals(bytes), `get: ${n} bytes`);
          assert.ok((await concat(store.read(sha256))).equals(bytes), `read: ${n} bytes`);
          assert.deepEqual(await store.digest(sha256), { sha256, bytes: n });
          assert.equal(await chunkRows(sha256), n > CHUNK_BYTES ? Math.ceil(n / CHUNK_BYTES) : 0);
        }),
        { numRuns: 12 },
      );
      assert.equal(await store.get('0'.repeat(64)), null);
      assert.equal(await store.digest('0'.repeat(64)), null);
      assert.deepEqual(await concat(store.read('0'.repeat(64))), Buffer.alloc(0));
    });

    it('keeps a large e-mail received by the intake in chunks, byte for byte', async () => {
      const mailbox = h.config.mailboxes.find((m) => m.name === 'complaints')!;
      const raw = rawMessage({
        body: `Bonjour,\n${'une ligne de texte assez longue, encore et encore\n'.repeat(60_000)}`,
      });
      assert.ok(raw.byteLength > 2 * CHUNK_BYTES);
      const received = await receiveEmail(h.ctx, { raw, mailbox, door: 'pipe' });
      const row = await h.ctx.database.db
        .selectFrom('correspondence')
        .select('original_sha256')
        .where('id', '=', received.correspondenceId)
        .executeTakeFirstOrThrow();
      const sha = row.original_sha256!;
      assert.equal(await chunkRows(sha), Math.ceil(raw.byteLength / CHUNK_BYTES));
      const got = await new DatabaseOriginals(h.ctx.database.db).get(sha);
      assert.ok(got && Buffer.from(got.content).equals(raw));
    });

    it('archive verify names one altered byte in a chunk, and a missing chunk', async () => {
      const { db } = h.ctx.database;
      const store = new DatabaseOriginals(db);
      const bytes = bytesOf(2 * CHUNK_BYTES + 5, 4242);
      const { sha256 } = await store.put(bytes, 'application/pdf', AT);
      const problems = async () =>
        (await verifyArchive(h.ctx)).problems.filter((p) => p.stream === `original:${sha256}`);
      assert.deepEqual(await problems(), []);

      const chunk = await db
        .selectFrom('original_chunks')
        .select('content')
        .where('sha256', '=', sha256)
        .where('seq', '=', 1)
        .executeTakeFirstOrThrow();
      const changed = Buffer.from(chunk.content);
      changed[1234] = (changed[1234]! + 1) % 256;
      await db
        .updateTable('original_chunks')
        .set({ content: changed })
        .where('sha256', '=', sha256)
        .where('seq', '=', 1)
        .execute();
      const altered = await problems();
      assert.equal(altered.length, 1);
      assert.equal(altered[0]!.kind, 'original_altered');
      assert.match(altered[0]!.detail, /no longer matches its SHA-256/);

      // Put back, then the last chunk deleted: the bytes no longer match either.
      changed[1234] = (changed[1234]! + 255) % 256;
      await db
        .updateTable('original_chunks')
        .set({ content: changed })
        .where('sha256', '=', sha256)
        .where('seq', '=', 1)
        .execute();
      assert.deepEqual(await problems(), []);
      await db.deleteFrom('original_chunks').where('sha256', '=', sha256).where('seq', '=', 2).execute();
      const missing = await problems();
      assert.equal(missing.length, 1);
      assert.equal(missing[0]!.kind, 'original_altered');
    });

    it('the migration moves originals written before it into chunks, once; small ones stay in their row', async () => {
      const { db } = h.ctx.database;
      // As the store wrote them before the migration: every byte in the row.
      const big = bytesOf(2 * CHUNK_BYTES + 77, 99);
      const other = bytesOf(CHUNK_BYTES + 1, 97);
      const small = bytesOf(1000, 98);
      const shaBig = 'b'.repeat(64);
      const shaOther = 'a'.repeat(64);
      const shaSmall = 'c'.repeat(64);
      await db
        .insertInto('originals')
        .values([
          {
            sha256: shaOther,
            content: Buffer.from(other),
            content_type: 'message/rfc822',
            size: other.length,
            created_at: AT,
          },
          {
            sha256: shaBig,
            content: Buffer.from(big),
            content_type: 'message/rfc822',
            size: big.length,
            created_at: AT,
          },
          {
            sha256: shaSmall,
            content: Buffer.from(small),
            content_type: 'message/rfc822',
            size: small.length,
            created_at: AT,
          },
        ])
        .execute();
      // Looked up one at a time here (a page of one), as a long list of large originals is: no statement reads more.
      let most = 0;
      const watched = db.withPlugin({
        transformQuery: (args) => args.node,
        async transformResult(args) {
          most = Math.max(most, args.result.rows.length);
          return args.result;
        },
      });
      assert.equal(await moveOriginalsIntoChunks(watched as unknown as Kysely<unknown>, engine, 1), 2);
      assert.equal(most, 1, `a statement read ${most} rows at once`);
      assert.equal(await moveOriginalsIntoChunks(db as unknown as Kysely<unknown>, engine, 1), 0);
      const rows = await db
        .selectFrom('originals')
        .select(['sha256', 'chunks', sql<number>`length(content)`.as('inRow')])
        .where('sha256', 'in', [shaOther, shaBig, shaSmall])
        .orderBy('sha256')
        .execute();
      assert.deepEqual(
        rows.map((r) => [r.sha256, Number(r.chunks), Number(r.inRow)]),
        [
          [shaOther, 2, 0],
          [shaBig, 3, 0],
          [shaSmall, 0, 1000],
        ],
      );
      assert.equal(await chunkRows(shaBig), 3);
      assert.equal(await chunkRows(shaOther), 2);
      const store = new DatabaseOriginals(db);
      assert.ok(Buffer.from((await store.get(shaBig))!.content).equals(big));
      assert.ok(Buffer.from((await store.get(shaOther))!.content).equals(other));
      assert.ok(Buffer.from((await store.get(shaSmall))!.content).equals(small));

      // Retention deletes an original's chunks with it (nothing refers to these three).
      assert.equal(await deleteOrphanOriginals(db, [shaOther, shaBig, shaSmall]), 3);
      assert.equal(await chunkRows(shaOther), 0);
      assert.equal(await chunkRows(shaBig), 0);
      assert.equal(await store.get(shaBig), null);
    });
  });
}
