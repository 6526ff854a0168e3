// Large originals in chunks. An original was one row holding every byte: storing a 25 MB message bound 25 MB
// at once, and the database driver and SQLite each made a copy of it to build the row, so that the server held
// the message three times over while filing it (DESIGN.md: server RSS ≤ 300 MB under any input). An original
// larger than one chunk now keeps its bytes in `original_chunks`, a row per chunk in order, and its row in
// `originals` keeps the key, type, size and date with empty content and its number of chunks; one of at most a
// chunk (nearly every message) stays whole in its row, as before. Reading gives the same bytes either way
// (originals.repo.ts).
//
// Only added: a table and a column (0: the bytes are in the row). Originals larger than a chunk that are
// already stored are moved into chunks here, one original at a time and one chunk per statement, so that the
// migration never holds a whole original either. An older instance still running during an upgrade reads a
// large original as empty: it must not export or verify archives until it is upgraded too.
import { type Kysely, sql } from 'kysely';
import type { Engine } from '../database.ts';

/** Bytes of one chunk: also the largest original kept whole in its row. Kept in step with originals.repo.ts. */
export const CHUNK_BYTES = 1024 * 1024;

export async function up(db: Kysely<unknown>, engine: Engine): Promise<void> {
  await db.schema
    .createTable('original_chunks')
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('content', engine === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addPrimaryKeyConstraint('original_chunks_pk', ['sha256', 'seq'])
    .execute();
  await db.schema
    .alterTable('originals')
    .addColumn('chunks', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await moveOriginalsIntoChunks(db, engine);
}

/** Originals looked up at once: an installation may hold very many large ones, never listed all at once. */
const PAGE = 1000;

/**
 * Moves every original larger than a chunk whose bytes are still in its row into chunks (exported for the test
 * of a database written before this migration); resolves with the number moved. The bytes are cut by the
 * database (substr / substring), so they never pass through this process, and the originals to move are looked
 * up a page at a time in the order of their key.
 */
export async function moveOriginalsIntoChunks(
  db: Kysely<unknown>,
  engine: Engine,
  page = PAGE,
): Promise<number> {
  let moved = 0;
  let after = '';
  for (;;) {
    // The length of the bytes as well as the recorded size: an original altered since it was stored keeps every
    // byte it holds, so that verification still finds the change.
    const big = await sql<{ sha256: string; size: number | string; bytes: number | string }>`
      select sha256, size, length(content) as bytes from originals
      where sha256 > ${after} and chunks = 0 and (size > ${CHUNK_BYTES} or length(content) > ${CHUNK_BYTES})
      order by sha256 limit ${page}`.execute(db);
    if (big.rows.length === 0) return moved;
    for (const { sha256, size, bytes } of big.rows) {
      const count = Math.ceil(Math.max(Number(size), Number(bytes)) / CHUNK_BYTES);
      // One original at a time in a transaction of its own, unless the migrator already runs in one.
      const atomically = <T>(fn: (trx: Kysely<unknown>) => Promise<T>) =>
        db.isTransaction ? fn(db) : db.transaction().execute(fn);
      await atomically(async (trx) => {
        for (let seq = 0; seq < count; seq++) {
          const piece =
            engine === 'postgres'
              ? sql`substring(content from ${seq * CHUNK_BYTES + 1} for ${CHUNK_BYTES})`
              : sql`substr(content, ${seq * CHUNK_BYTES + 1}, ${CHUNK_BYTES})`;
          await sql`insert into original_chunks (sha256, seq, content)
            select sha256, ${seq}, ${piece} from originals where sha256 = ${sha256}
            on conflict (sha256, seq) do nothing`.execute(trx);
        }
        await sql`update originals set content = ${Buffer.alloc(0)}, chunks = ${count}
          where sha256 = ${sha256}`.execute(trx);
      });
      moved++;
    }
    after = big.rows[big.rows.length - 1]!.sha256;
  }
}
