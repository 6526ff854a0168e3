// Originals (raw e-mails, letter scans), kept byte for byte and keyed by their SHA-256 (P1.4, DESIGN.md
// "Originals"). Behind an interface so that a file or object store can take over later; this one stores them
// in the database, in the caller's transaction, so an original is committed together with what refers to it.
import type { Kysely } from 'kysely';
import { sha256Hex } from '../crypto/secrets.ts';
import type { DB } from './schema.ts';
import { insertRow } from './write-buffer.ts';

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

function asBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

export class DatabaseOriginals implements OriginalStore {
  readonly #db: Kysely<DB>;
  constructor(db: Kysely<DB>) {
    this.#db = db;
  }

  async put(
    content: Uint8Array,
    contentType: string,
    at: string,
    sha256 = sha256Hex(content),
  ): Promise<{ sha256: string }> {
    // Inside a unit of work (write-buffer.ts), written at its end.
    await insertRow(
      this.#db,
      'originals',
      {
        sha256,
        content: asBuffer(content),
        content_type: contentType,
        size: content.byteLength,
        created_at: at,
      },
      { tail: 'on conflict ("sha256") do nothing' },
    );
    return { sha256 };
  }

  async get(sha256: string): Promise<Original | null> {
    const row = await this.#db
      .selectFrom('originals')
      .selectAll()
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    if (!row) return null;
    return {
      sha256: row.sha256,
      content: new Uint8Array(row.content.buffer, row.content.byteOffset, row.content.byteLength),
      contentType: row.content_type,
      size: row.size,
      createdAt: row.created_at,
    };
  }
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

/** Where an original is referred to: the correspondence that holds it (and its case), for a person to find it. */
export async function whereOriginalIsUsed(
  db: Kysely<DB>,
  sha256: string,
): Promise<{ correspondenceId: string; direction: string; reference: string | null }[]> {
  return db
    .selectFrom('correspondence as c')
    .leftJoin('cases as k', 'k.id', 'c.case_id')
    .select(['c.id as correspondenceId', 'c.direction', 'k.reference'])
    .where('c.original_sha256', '=', sha256)
    .orderBy('c.at')
    .limit(20)
    .execute();
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
