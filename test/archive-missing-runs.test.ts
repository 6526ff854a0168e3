// A head or a place moved far ahead by hand (P6.2): a stream's head row, the audit head, or an event or audit entry
// renumbered to a billion. Verify names the gap, in bounded time and memory: the first places one by one, the rest
// of a long run as one problem with its range, never one problem per number in between.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  auditChainVerifier,
  auditLinkHash,
  auditPersonalDigest,
  type StoredAuditRow,
} from '../src/core/archive/audit-chain.ts';
import { linkHash, payloadDigest, type StoredLink, verifyStream } from '../src/core/archive/hash-chain.ts';

const FAR = 1_000_000_000;

function links(n: number): StoredLink[] {
  const out: StoredLink[] = [];
  let prev: string | null = null;
  for (let seq = 1; seq <= n; seq++) {
    const payload = { n: seq };
    const link = {
      stream: 'case:x',
      seq,
      type: 'note_added',
      at: '2026-12-01T00:00:00.000Z',
      actor: 'user:a',
      payloadDigest: payloadDigest(payload),
      prev,
    };
    const hash = linkHash(link);
    out.push({ ...link, hash, payload, redacted: false });
    prev = hash;
  }
  return out;
}

function auditRows(n: number): StoredAuditRow[] {
  const out: StoredAuditRow[] = [];
  let prev: string | null = null;
  for (let seq = 1; seq <= n; seq++) {
    const personal = { actorLabel: null, targetLabel: null, address: null, detail: null };
    const link = {
      seq,
      id: `a${seq}`,
      at: '2026-12-01T00:00:00.000Z',
      actor: 'user:a',
      action: 'sign_in',
      targetType: null,
      targetId: null,
      personalDigest: auditPersonalDigest(personal),
      prev,
    };
    const hash = auditLinkHash(link);
    out.push({ ...link, ...personal, hash, redacted: false });
    prev = hash;
  }
  return out;
}

describe('archive verify: a long run of missing places', () => {
  it('names a stream head moved far ahead with its range', () => {
    const chain = links(3);
    const problems = verifyStream('case:x', chain, { version: FAR, headHash: 'h' });
    assert.ok(problems.length <= 25, `${problems.length} problems`);
    assert.equal(problems[0]!.detail, `event 4 is missing (the head records ${FAR} events)`);
    assert.match(
      problems[problems.length - 1]!.detail,
      new RegExp(`^events \\d+ to ${FAR} are missing too \\(\\d+ events; the head records ${FAR}\\)$`),
    );
  });

  it('names an event renumbered far ahead with the range it skips', () => {
    const chain = links(3);
    chain[2] = { ...chain[2]!, seq: FAR };
    const problems = verifyStream('case:x', chain, { version: FAR, headHash: chain[2]!.hash });
    assert.ok(problems.length <= 25, `${problems.length} problems`);
    assert.ok(
      problems.some((p) => /^events \d+ to 999999999 are missing too/.test(p.detail)),
      JSON.stringify(problems),
    );
  });

  it('names an audit head, or an audit entry, moved far ahead with its range', () => {
    const rows = auditRows(3);
    const v = auditChainVerifier();
    for (const r of rows) v.add(r);
    const problems = v.finish({ seq: FAR, hash: 'h' });
    assert.ok(problems.length <= 25, `${problems.length} problems`);
    assert.match(
      problems[problems.length - 1]!.detail,
      new RegExp(`^audit entries \\d+ to ${FAR} are missing too`),
    );

    const w = auditChainVerifier();
    w.add(rows[0]!);
    w.add({ ...rows[1]!, seq: FAR });
    const skipped = w.finish({ seq: FAR, hash: 'h' });
    assert.ok(skipped.length <= 25, `${skipped.length} problems`);
    assert.ok(
      skipped.some((p) => /^audit entries \d+ to 999999999 are missing too/.test(p.detail)),
      JSON.stringify(skipped),
    );
  });
});
