// The audit log's own hash chain (P6.2): administrative acts (sign-ins, role changes, exports, …) are chained one
// after another, the way each event stream is. The personal fields of an entry (the actor's e-mail, the target's
// name, the client address, the particulars) enter the chain only through their digest, like an event's payload,
// so retention can later replace them (marked redacted) while the chain still verifies.
import { canonicalJson, missingRun, sha256Hex } from './hash-chain.ts';

/** The name under which problems of the audit chain are reported, beside the event streams. */
export const AUDIT_STREAM = 'audit';

export interface AuditPersonal {
  actorLabel: string | null;
  targetLabel: string | null;
  address: string | null;
  detail: Record<string, unknown> | null;
}

export function auditPersonalDigest(p: AuditPersonal): string {
  return sha256Hex(
    canonicalJson({
      actorLabel: p.actorLabel,
      targetLabel: p.targetLabel,
      address: p.address,
      detail: p.detail,
    }),
  );
}

export interface AuditLink {
  seq: number;
  id: string;
  at: string;
  actor: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  personalDigest: string;
  prev: string | null;
}

/** SHA-256 over canonical JSON (sorted keys) of the link, as an event's hash is made. */
export function auditLinkHash(link: AuditLink): string {
  return sha256Hex(
    canonicalJson({
      stream: AUDIT_STREAM,
      seq: link.seq,
      id: link.id,
      at: link.at,
      actor: link.actor,
      action: link.action,
      targetType: link.targetType,
      targetId: link.targetId,
      personalDigest: link.personalDigest,
      prev: link.prev,
    }),
  );
}

export interface StoredAuditRow extends AuditLink, AuditPersonal {
  hash: string;
  redacted: boolean;
}

export interface AuditProblem {
  kind: 'altered' | 'missing' | 'extra' | 'head_mismatch';
  stream: typeof AUDIT_STREAM;
  seq: number;
  detail: string;
}

/**
 * Verifies the audit chain entry by entry (rows in seq order, fed in pages so a long log needs little memory),
 * then against the recorded head (count and hash): names each entry whose personal or chained fields were
 * changed, and each entry missing, added or out of the chain.
 */
export function auditChainVerifier() {
  const problems: AuditProblem[] = [];
  const problem = (kind: AuditProblem['kind'], seq: number, detail: string) =>
    problems.push({ kind, stream: AUDIT_STREAM, seq, detail });
  let prev: string | null = null;
  let expected = 1;
  let last = 0;
  const beyondHead: { seq: number; action: string }[] = [];
  return {
    add(r: StoredAuditRow): void {
      if (r.seq > expected) {
        for (const [seq, detail] of missingRun<[number, string]>(
          expected,
          r.seq - 1,
          (seq) => [seq, `audit entry ${seq} is missing`],
          (from, to) => [from, `audit entries ${from} to ${to} are missing too (${to - from + 1} entries)`],
        ))
          problem('missing', seq, detail);
        expected = r.seq;
      }
      if (r.seq < expected) {
        problem('extra', r.seq, `audit entry ${r.seq} appears twice`);
        return;
      }
      const what = `audit entry ${r.seq} (${r.action} at ${r.at})`;
      if (!r.redacted && auditPersonalDigest(r) !== r.personalDigest)
        problem('altered', r.seq, `the names, address or particulars of ${what} were changed`);
      if (r.prev !== prev) problem('altered', r.seq, `${what} does not point to the entry before it`);
      else if (auditLinkHash(r) !== r.hash) problem('altered', r.seq, `${what} was changed (hash mismatch)`);
      prev = r.hash;
      expected = r.seq + 1;
      last = r.seq;
      // Kept only until the head is known; there are none unless rows were added after it.
      beyondHead.push({ seq: r.seq, action: r.action });
      if (beyondHead.length > 1000) beyondHead.shift();
    },
    finish(head: { seq: number; hash: string | null } | null): AuditProblem[] {
      const recorded = head?.seq ?? 0;
      if (recorded > last)
        for (const [seq, detail] of missingRun<[number, string]>(
          last + 1,
          recorded,
          (seq) => [seq, `audit entry ${seq} is missing (the head records ${recorded} entries)`],
          (from, to) => [
            from,
            `audit entries ${from} to ${to} are missing too (${to - from + 1} entries; the head records ${recorded})`,
          ],
        ))
          problem('missing', seq, detail);
      else if (recorded < last)
        for (const r of beyondHead.filter((x) => x.seq > recorded))
          problem('extra', r.seq, `audit entry ${r.seq} (${r.action}) was added after the recorded head`);
      else if ((head?.hash ?? null) !== prev)
        problem('head_mismatch', last, `the last audit entry's hash does not match the recorded head`);
      return problems;
    },
  };
}

/** Verifies a whole chain held in memory (see auditChainVerifier). */
export function verifyAuditChain(
  rows: readonly StoredAuditRow[],
  head: { seq: number; hash: string | null } | null,
): AuditProblem[] {
  const v = auditChainVerifier();
  for (const r of rows) v.add(r);
  return v.finish(head);
}
