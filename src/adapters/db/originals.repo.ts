// Originals (raw e-mails, letter scans), kept byte for byte and keyed by their SHA-256 (P1.4, DESIGN.md
// "Originals"). Behind an interface so that a file or object store can take over later; this one stores them
// in the database, in the caller's transaction, so an original is committed together with what refers to it.
//
// An original larger than one chunk (CHUNK_BYTES) is kept a chunk per row in `original_chunks` (migration
// 202612050440): stored and read a chunk per statement, so that neither the driver nor the database ever builds
// a row of the whole original (a 25 MB message held three times over while being filed). One of at most a chunk,
// nearly every message, stays whole in its `originals` row as before, written with the rest of its unit of work.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { sha256Hex } from '../crypto/secrets.ts';
import type { Database } from './database.ts';
import { CHUNK_BYTES } from './migrations/202612050440-original-chunks.ts';
import type { DB } from './schema.ts';
import { insertRows } from './statements.ts';
import { insertRow } from './write-buffer.ts';

export { CHUNK_BYTES };

/** Chunks read per statement: a few megabytes at a time, never the whole of a large original. */
const CHUNKS_PER_READ = 4;
const NO_BYTES = Buffer.alloc(0);

export interface Original {
  sha256: string;
  content: Uint8Array;
  contentType: string;
  size: number;
  createdAt: string;
}

export interface OriginalStore {
  /** Stores the bytes unless an original with the same SHA-256 is already there; returns its SHA-256. */
  put(content: Uint8Array, contentType: string, at: string): Promise<{ sha256: string }>;
  get(sha256: string): Promise<Original | null>;
}

/** What is recorded of an original, without its bytes. */
export type OriginalInfo = Omit<Original, 'content'>;

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class DatabaseOriginals implements OriginalStore {
  readonly #db: Kysely<DB>;
  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  /**
   * `chunksWritten`: the chunks were committed ahead by `writeChunksAhead`; only the row is written then, once the
   * chunks are found all there (else they are written here, as without it).
   */
  async put(
    content: Uint8Array,
    contentType: string,
    at: string,
    sha256 = sha256Hex(content),
    options: { chunksWritten?: boolean } = {},
  ): Promise<{ sha256: string }> {
    const chunks = content.byteLength > CHUNK_BYTES ? Math.ceil(content.byteLength / CHUNK_BYTES) : 0;
    // Inside a unit of work (write-buffer.ts), written at its end. `chunks` only when there are some, so that the
    // row of an ordinary original shares its statement with the others of its batch as before.
    await insertRow(
      this.#db,
      'originals',
      {
        sha256,
        content: chunks ? NO_BYTES : asBuffer(content),
        content_type: contentType,
        size: content.byteLength,
        created_at: at,
        ...(chunks ? { chunks } : {}),
      },
      { tail: 'on conflict ("sha256") do nothing' },
    );
    // Written ahead: counted in this transaction, since what was committed before it began may have been deleted
    // since (retention erasing an earlier copy of the same message).
    if (chunks && options.chunksWritten && (await this.#chunkCount(sha256)) === chunks) return { sha256 };
    // The chunks now, one statement each (the unit of work would write them in one statement of every chunk).
    // Already stored (the same message again): nothing changes.
    for (let seq = 0; seq < chunks; seq++)
      await insertRows(
        this.#db,
        'original_chunks',
        [{ sha256, seq, content: asBuffer(content.subarray(seq * CHUNK_BYTES, (seq + 1) * CHUNK_BYTES)) }],
        'on conflict ("sha256", "seq") do nothing',
      );
    return { sha256 };
  }

  async #chunkCount(sha256: string): Promise<number> {
    const row = await this.#db
      .selectFrom('original_chunks')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('sha256', '=', sha256)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** What is recorded of an original, without reading its bytes. */
  async info(sha256: string): Promise<OriginalInfo | null> {
    const row = await this.#db
      .selectFrom('originals')
      .select(['sha256', 'content_type', 'size', 'created_at'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    return row
      ? { sha256: row.sha256, contentType: row.content_type, size: row.size, createdAt: row.created_at }
      : null;
  }

  /** The whole original in one buffer (attachments, exports, the viewer); `read` for a piece at a time. */
  async get(sha256: string): Promise<Original | null> {
    const row = await this.#db
      .selectFrom('originals')
      .selectAll()
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!row) return null;
    const info = {
      sha256: row.sha256,
      contentType: row.content_type,
      size: row.size,
      createdAt: row.created_at,
    };
    if (!row.chunks) return { ...info, content: asBytes(row.content) };
    // Filled in place, the recorded size first: never the chunks and their sum at once. Chunks that hold more
    // than the recorded size (an altered store) are kept too, so that verification sees every byte.
    let content = new Uint8Array(row.size);
    let filled = 0;
    for await (const piece of this.#chunks(sha256)) {
      if (filled + piece.byteLength > content.byteLength) {
        const grown = new Uint8Array(filled + piece.byteLength);
        grown.set(content.subarray(0, filled));
        content = grown;
      }
      content.set(piece, filled);
      filled += piece.byteLength;
    }
    return { ...info, content: filled === content.byteLength ? content : content.subarray(0, filled) };
  }

  /** The bytes of an original a piece at a time, in order (nothing when there is no such original). */
  async *read(sha256: string): AsyncGenerator<Uint8Array> {
    const row = await this.#db
      .selectFrom('originals')
      .select(['chunks', 'content'])
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!row) return;
    if (row.chunks) yield* this.#chunks(sha256);
    else yield asBytes(row.content);
  }

  /**
   * The SHA-256 and length of the bytes an original holds now, read a piece at a time (archive verification
   * compares them with its key and recorded size); null when there is no such original.
   */
  async digest(sha256: string): Promise<{ sha256: string; bytes: number } | null> {
    if (!(await this.info(sha256))) return null;
    const hash = createHash('sha256');
    let bytes = 0;
    for await (const piece of this.read(sha256)) {
      hash.update(piece);
      bytes += piece.byteLength;
    }
    return { sha256: hash.digest('hex'), bytes };
  }

  /**
   * The chunks of an original in order, a few per statement: every chunk there is, whatever the count recorded
   * (one added or missing changes the bytes, which verification must see).
   */
  async *#chunks(sha256: string): AsyncGenerator<Uint8Array> {
    let after = -1;
    for (;;) {
      const rows = await this.#db
        .selectFrom('original_chunks')
        .select(['seq', 'content'])
        .where('sha256', '=', sha256)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(CHUNKS_PER_READ)
        .execute();
      for (const r of rows) yield asBytes(r.content);
      if (rows.length < CHUNKS_PER_READ) return;
      after = rows[rows.length - 1]!.seq;
    }
  }
}

/**
 * The chunks of a large original that arrived in a shared buffer, written ahead of the transaction that files it,
 * on the database's background thread where there is one (a server on SQLite: checkpointer.ts), so that the thread
 * that files it does not spend time in proportion to its size. Resolves with their SHA-256, then given to `put`
 * with `chunksWritten`; null when nothing was written ahead (a small original, another engine, no such thread, or
 * the thread failed: `put` then writes them as usual).
 */
export async function writeChunksAhead(database: Database, content: Uint8Array): Promise<string | null> {
  if (
    !database.writeChunks ||
    content.byteLength <= CHUNK_BYTES ||
    !(content.buffer instanceof SharedArrayBuffer)
  )
    return null;
  return database.writeChunks(content, CHUNK_BYTES).catch(() => null);
}

/** Removes the chunks of one original written ahead whose row was never written (what they were for was not kept). */
export async function removeUnkeptChunks(db: Kysely<DB>, sha256: string): Promise<void> {
  await db
    .deleteFrom('original_chunks')
    .where('sha256', '=', sha256)
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('originals').select('originals.sha256').where('originals.sha256', '=', sha256))),
    )
    .execute();
}

/**
 * Removes the chunks that no original's row refers to: those written ahead of a filing that never committed (the
 * process died in between; the sender, told nothing, sends the message again). For a server starting, before it
 * receives anything: chunks written ahead by a running server are without their row for a moment.
 */
export async function removeChunksWithoutOriginal(db: Kysely<DB>): Promise<number> {
  const r = await db
    .deleteFrom('original_chunks')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('originals')
            .select('originals.sha256')
            .whereRef('originals.sha256', '=', 'original_chunks.sha256'),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

function asBytes(content: Buffer): Uint8Array {
  return new Uint8Array(content.buffer, content.byteOffset, content.byteLength);
}

/** Every original's key and recorded size, a page at a time in key order (verification reads each in turn). */
export async function* originalKeys(
  db: Kysely<DB>,
  pageSize = 1000,
): AsyncGenerator<{ sha256: string; size: number }[]> {
  let after = '';
  for (;;) {
    const rows = await db
      .selectFrom('originals')
      .select(['sha256', 'size'])
      .where('sha256', '>', after)
      .orderBy('sha256')
      .limit(pageSize)
      .execute();
    if (!rows.length) return;
    yield rows;
    after = rows[rows.length - 1]!.sha256;
    if (rows.length < pageSize) return;
  }
}

/**
 * Where an original is referred to, for a person to find it: the correspondence that holds it, and the outbound items
 * that carry it as an attachment (`attachment`: its file name), each with its case.
 */
export async function whereOriginalIsUsed(
  db: Kysely<DB>,
  sha256: string,
): Promise<{ correspondenceId: string; direction: string; reference: string | null; attachment?: string }[]> {
  const held = await db
    .selectFrom('correspondence as c')
    .leftJoin('cases as k', 'k.id', 'c.case_id')
    .select(['c.id as correspondenceId', 'c.direction', 'k.reference'])
    .where('c.original_sha256', '=', sha256)
    .orderBy('c.at')
    .limit(20)
    .execute();
  // An attachment is named in its item's JSON list of attachments only: looked for as text there (a SHA-256 in hex
  // cannot stand for anything else), then read from the list.
  const carried = await db
    .selectFrom('outbound_items as o')
    .innerJoin('correspondence as c', 'c.id', 'o.correspondence_id')
    .leftJoin('cases as k', 'k.id', 'c.case_id')
    .select(['c.id as correspondenceId', 'c.direction', 'k.reference', 'o.attachments'])
    .where('o.attachments', 'like', `%${sha256}%`)
    .orderBy('c.at')
    .limit(20)
    .execute();
  const attachments = carried.flatMap(({ attachments, ...r }) =>
    attachmentsIn(attachments)
      .filter((a) => a.sha256 === sha256)
      .map((a) => ({ ...r, attachment: a.filename })),
  );
  return [...held, ...attachments];
}

function attachmentsIn(text: string): { sha256: string; filename: string }[] {
  try {
    const list = JSON.parse(text) as unknown;
    return Array.isArray(list)
      ? list.filter(
          (a): a is { sha256: string; filename: string } =>
            typeof a?.sha256 === 'string' && typeof a?.filename === 'string',
        )
      : [];
  } catch {
    return [];
  }
}

/** Which of these originals the store holds. */
export async function presentOriginals(db: Kysely<DB>, shas: readonly string[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (let i = 0; i < shas.length; i += 500) {
    const rows = await db
      .selectFrom('originals')
      .select('sha256')
      .where('sha256', 'in', shas.slice(i, i + 500))
      .execute();
    for (const r of rows) out.add(r.sha256);
  }
  return out;
}

/** Correspondence whose original is not in the store. */
export async function missingOriginals(
  db: Kysely<DB>,
): Promise<{ correspondenceId: string; sha256: string; reference: string | null }[]> {
  const rows = await db
    .selectFrom('correspondence as c')
    .leftJoin('originals as o', 'o.sha256', 'c.original_sha256')
    .leftJoin('cases as k', 'k.id', 'c.case_id')
    .select(['c.id as correspondenceId', 'c.original_sha256', 'k.reference'])
    .where('c.original_sha256', 'is not', null)
    .where('o.sha256', 'is', null)
    .execute();
  return rows.map((r) => ({
    correspondenceId: r.correspondenceId,
    sha256: r.original_sha256!,
    reference: r.reference,
  }));
}
