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
