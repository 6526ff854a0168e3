// The tamper-evident archive (P6.2): every event is chained to the one before it in its stream.
// hash = SHA-256 over canonical JSON (sorted keys) of {stream, seq, type, at, actor, payloadDigest, prev}.
// The payload is covered by its digest, so retention can redact a payload while the chain still verifies.
import { hash } from 'node:crypto';

/** JSON with object keys sorted at every level; `undefined` members dropped as JSON.stringify does. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ',';
      const v = value[i];
      out += v === undefined ? 'null' : canonicalJson(v);
    }
    return `${out}]`;
  }
  const record = value as Record<string, unknown>;
  // Object.keys then a plain sort: the same order as comparing the keys as strings (code units).
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = record[k];
    if (v === undefined) continue;
    if (!first) out += ',';
    first = false;
    out += `${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
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
  // canonicalJson of the link, written out in its sorted key order (actor, at, payloadDigest, prev, seq,
  // stream, type): the same text, without sorting seven keys for every event.
  return sha256Hex(
    `{"actor":${JSON.stringify(link.actor)},"at":${JSON.stringify(link.at)},"payloadDigest":${JSON.stringify(link.payloadDigest)},"prev":${JSON.stringify(link.prev)},"seq":${JSON.stringify(link.seq)},"stream":${JSON.stringify(link.stream)},"type":${JSON.stringify(link.type)}}`,
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
 * How many places of one run of missing events (or audit entries) are named one by one; the rest of a longer run is
 * named as one range. A head or a place moved far ahead by hand (to a billion) would otherwise make one problem per
 * number in between, more than verify can hold or print.
 */
export const NAMED_IN_A_RUN = 20;

/** Each place from `from` to `to` (`one`), the first NAMED_IN_A_RUN of them, and the rest as one range (`rest`). */
export function missingRun<P>(
  from: number,
  to: number,
  one: (seq: number) => P,
  rest: (from: number, to: number) => P,
): P[] {
  const out: P[] = [];
  for (let seq = from; seq <= to && seq < from + NAMED_IN_A_RUN; seq++) out.push(one(seq));
  if (to >= from + NAMED_IN_A_RUN) out.push(rest(from + NAMED_IN_A_RUN, to));
  return out;
}

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
    if (e.seq > expectedSeq) {
      problems.push(
        ...missingRun<ChainProblem>(
          expectedSeq,
          e.seq - 1,
          (seq) => ({ kind: 'missing', stream, seq, detail: `event ${seq} is missing` }),
          (from, to) => ({
            kind: 'missing',
            stream,
            seq: from,
            detail: `events ${from} to ${to} are missing too (${to - from + 1} events)`,
          }),
        ),
      );
      expectedSeq = e.seq;
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
    problems.push(
      ...missingRun<ChainProblem>(
        count + 1,
        head.version,
        (seq) => ({
          kind: 'missing',
          stream,
          seq,
          detail: `event ${seq} is missing (the head records ${head.version} events)`,
        }),
        (from, to) => ({
          kind: 'missing',
          stream,
          seq: from,
          detail: `events ${from} to ${to} are missing too (${to - from + 1} events; the head records ${head.version})`,
        }),
      ),
    );
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
