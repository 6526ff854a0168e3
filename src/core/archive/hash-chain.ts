// The tamper-evident archive (P6.2): every event is chained to the one before it in its stream.
// hash = SHA-256 over canonical JSON (sorted keys) of {stream, seq, type, at, actor, payloadDigest, prev}.
// The payload is covered by its digest, so retention can redact a payload while the chain still verifies.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted at every level; `undefined` members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value))
    return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

export function payloadDigest(payload: unknown): string {
  return sha256Hex(canonicalJson(payload));
}

export interface ChainLink {
  stream: string;
  seq: number;
  type: string;
  at: string;
  actor: string;
  payloadDigest: string;
  prev: string | null;
}

export function linkHash(link: ChainLink): string {
  return sha256Hex(
    canonicalJson({
      stream: link.stream,
      seq: link.seq,
      type: link.type,
      at: link.at,
      actor: link.actor,
      payloadDigest: link.payloadDigest,
      prev: link.prev,
    }),
  );
}

export interface StoredLink extends ChainLink {
  hash: string;
  /** The payload as stored, or null where retention redacted it (then the digest alone is checked). */
  payload: unknown;
  redacted: boolean;
}

export type ChainProblem =
  | { kind: 'altered'; stream: string; seq: number; detail: string }
  | { kind: 'missing'; stream: string; seq: number; detail: string }
  | { kind: 'extra'; stream: string; seq: number; detail: string }
  | { kind: 'head_mismatch'; stream: string; seq: number; detail: string };

/**
 * Verifies one stream's events (ordered by seq) against its recorded head (hash and count).
 * Names each altered, missing or extra event.
 */
export function verifyStream(
  stream: string,
  events: readonly StoredLink[],
  head: { version: number; headHash: string | null } | null,
): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev: string | null = null;
  let expectedSeq = 1;
  for (const e of events) {
    while (e.seq > expectedSeq) {
      problems.push({ kind: 'missing', stream, seq: expectedSeq, detail: `event ${expectedSeq} is missing` });
      expectedSeq++;
    }
    if (e.seq < expectedSeq) {
      problems.push({ kind: 'extra', stream, seq: e.seq, detail: `event ${e.seq} appears twice` });
      continue;
    }
    if (!e.redacted && payloadDigest(e.payload) !== e.payloadDigest)
      problems.push({
        kind: 'altered',
        stream,
        seq: e.seq,
        detail: `the payload of event ${e.seq} (${e.type}) was changed`,
      });
    const expected = linkHash({ ...e, prev });
    if (e.prev !== prev)
      problems.push({
        kind: 'altered',
        stream,
        seq: e.seq,
        detail: `event ${e.seq} (${e.type}) does not point to the event before it`,
      });
    else if (expected !== e.hash)
      problems.push({
        kind: 'altered',
        stream,
        seq: e.seq,
        detail: `event ${e.seq} (${e.type}) was changed (hash mismatch)`,
      });
    prev = e.hash;
    expectedSeq = e.seq + 1;
  }
  const count = events.length ? events[events.length - 1]!.seq : 0;
  if (!head) {
    problems.push({
      kind: 'extra',
      stream,
      seq: 1,
      detail: `stream ${stream} has events but no recorded head (added by hand?)`,
    });
  } else if (head.version > count) {
    for (let seq = count + 1; seq <= head.version; seq++)
      problems.push({
        kind: 'missing',
        stream,
        seq,
        detail: `event ${seq} is missing (the head records ${head.version} events)`,
      });
  } else if (head.version < count) {
    for (const e of events.filter((x) => x.seq > head.version))
      problems.push({
        kind: 'extra',
        stream,
        seq: e.seq,
        detail: `event ${e.seq} (${e.type}) was appended after the recorded head`,
      });
  } else if (head.headHash !== prev) {
    problems.push({
      kind: 'head_mismatch',
      stream,
      seq: count,
      detail: `the last event's hash does not match the recorded head`,
    });
  }
  return problems;
}
