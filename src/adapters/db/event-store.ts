// The event store: appends events to a stream with the hash chain of DESIGN.md, keeps the stream's head
// (count and hash) and its derived state in `streams`, in the caller's transaction. Two writers never fork a
// chain: (stream, seq) is unique, and the head is updated only from the version that was read.
import type { Kysely } from 'kysely';
import { linkHash, payloadDigest, type StoredLink } from '../../core/archive/hash-chain.ts';
import { withCorrespondenceSeal } from './correspondence.repo.ts';
import type { DB } from './schema.ts';
import { first } from './statements.ts';
import { insertAll, insertRow, updateRow } from './write-buffer.ts';

/** Another writer appended to the stream first; the use case should be run again on fresh state. */
export class ConcurrencyError extends Error {
  readonly code = 'concurrent_write';
}

export interface NewEvent {
  type: string;
  payload: unknown;
}

export interface Meta {
  at: string;
  actor: string;
}

export interface Loaded<S> {
  state: S | null;
  version: number;
  headHash: string | null;
}

export interface RecordedEvent {
  stream: string;
  seq: number;
  type: string;
  at: string;
  actor: string;
  payload: unknown;
  redacted: boolean;
  hash: string;
}

export async function loadStream<S>(db: Kysely<DB>, stream: string, forUpdate = false): Promise<Loaded<S>> {
  const row = await first<{ version: number; head_hash: string | null; state: string }>(
    db,
    forUpdate
      ? 'select "version", "head_hash", "state" from "streams" where "stream" = ? for update'
      : 'select "version", "head_hash", "state" from "streams" where "stream" = ?',
    [stream],
  );
  if (!row) return { state: null, version: 0, headHash: null };
  return { state: JSON.parse(row.state) as S, version: row.version, headHash: row.head_hash };
}

/**
 * Appends `events` after `expected` (the version and head that were loaded) and stores the new state.
 * Throws ConcurrencyError if someone else appended in between.
 */
export async function appendToStream<S>(
  db: Kysely<DB>,
  args: {
    stream: string;
    aggregate: string;
    expected: { version: number; headHash: string | null };
    events: readonly NewEvent[];
    meta: Meta;
    state: S;
  },
): Promise<RecordedEvent[]> {
  const { stream, expected, events, meta } = args;
  if (events.length === 0) return [];
  let prev = expected.headHash;
  let seq = expected.version;
  // An event filing an inbound row or recording an outbound item written in this transaction carries its seal
  // (correspondence.repo.ts).
  const payloads = events.map((e) => withCorrespondenceSeal(db, e.payload));
  const rows = events.map((e, i) => {
    seq += 1;
    const digest = payloadDigest(payloads[i]);
    const hash = linkHash({
      stream,
      seq,
      type: e.type,
      at: meta.at,
      actor: meta.actor,
      payloadDigest: digest,
      prev,
    });
    const row = {
      stream,
      seq,
      type: e.type,
      at: meta.at,
      actor: meta.actor,
      payload: JSON.stringify(payloads[i]),
      payload_digest: digest,
      prev,
      hash,
      redacted: 0,
    };
    prev = hash;
    return row;
  });
  // Inside a unit of work (write-buffer.ts) these rows are written at its end; a lost race then shows there.
  try {
    await insertAll(db, 'events', rows);
  } catch (e) {
    if (isUniqueViolation(e)) throw new ConcurrencyError(`stream ${stream} was appended to concurrently`);
    throw e;
  }
  const state = JSON.stringify(args.state);
  if (expected.version === 0)
    await insertRow(
      db,
      'streams',
      { stream, aggregate: args.aggregate, version: seq, head_hash: prev, state, updated_at: meta.at },
      {
        tail: 'on conflict ("stream") do nothing',
        key: stream,
        mustInsert: () => new ConcurrencyError(`stream ${stream} already exists`),
      },
    );
  else
    await updateRow(
      db,
      'streams',
      stream,
      { version: seq, head_hash: prev, state, updated_at: meta.at },
      { stream, version: expected.version },
      { mustMatch: () => new ConcurrencyError(`stream ${stream} moved on concurrently`) },
    );
  return rows.map((r) => ({
    stream,
    seq: r.seq,
    type: r.type,
    at: r.at,
    actor: r.actor,
    payload: payloads[r.seq - expected.version - 1],
    redacted: false,
    hash: r.hash,
  }));
}

export async function readStream(db: Kysely<DB>, stream: string): Promise<RecordedEvent[]> {
  const rows = await db
    .selectFrom('events')
    .select(['stream', 'seq', 'type', 'at', 'actor', 'payload', 'redacted', 'hash'])
    .where('stream', '=', stream)
    .orderBy('seq')
    .execute();
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as unknown, redacted: r.redacted === 1 }));
}

/** The links of a stream as stored, for verification. */
export async function readLinks(db: Kysely<DB>, stream: string): Promise<StoredLink[]> {
  const rows = await db
    .selectFrom('events')
    .selectAll()
    .where('stream', '=', stream)
    .orderBy('seq')
    .orderBy('id')
    .execute();
  return rows.map((r) => {
    let payload: unknown = null;
    try {
      payload = JSON.parse(r.payload);
    } catch {
      payload = r.payload;
    }
    return {
      stream: r.stream,
      seq: r.seq,
      type: r.type,
      at: r.at,
      actor: r.actor,
      payloadDigest: r.payload_digest,
      prev: r.prev,
      hash: r.hash,
      payload,
      redacted: r.redacted === 1,
    };
  });
}

export function isUniqueViolation(e: unknown): boolean {
  const err = e as { code?: string } | null;
  return (
    err?.code === '23505' ||
    err?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    err?.code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  );
}

/** Serialization failure or deadlock on PostgreSQL: safe to retry the transaction. */
export function isRetryable(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code;
  return e instanceof ConcurrencyError || code === '40001' || code === '40P01' || isUniqueViolation(e);
}
