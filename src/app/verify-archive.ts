// Verifying the archive (P6.2): every stream's hash chain and recorded head (names each altered, missing or
// extra event); every stored original against its SHA-256 (and every correspondence whose original is gone);
// every outbound item against the digest of what was recorded to be sent; and the audit log's own hash chain.
// Everything is read a stream, a page or an original at a time, so memory stays flat on a large archive.

import {
  caseRowsByIds,
  recordedOutbound,
  storedStates,
  streamHeads,
  streamsWithEvents,
} from '../adapters/db/archive.repo.ts';
import { readAuditChain, readAuditHead, unchainedAuditIds } from '../adapters/db/audit-chain.repo.ts';
import { readLinks } from '../adapters/db/event-store.ts';
import {
  DatabaseOriginals,
  missingOriginals,
  originalKeys,
  whereOriginalIsUsed,
} from '../adapters/db/originals.repo.ts';
import {
  latestAnonymisations,
  redactedAuditWithoutAnonymisation,
  redactedCorrespondenceWithoutAnonymisation,
  redactedStreamsWithoutAnonymisation,
  redactionSeal,
} from '../adapters/db/redaction-seal.repo.ts';
import { redactedCorrespondenceAmong } from '../adapters/db/retention.repo.ts';
import { AUDIT_STREAM, type AuditProblem, auditChainVerifier } from '../core/archive/audit-chain.ts';
import { type ChainProblem, canonicalJson, verifyStream } from '../core/archive/hash-chain.ts';
import { outboundContentDigest } from '../core/archive/outbound-digest.ts';
import { redactPersonal } from '../core/archive/retention.ts';
import type { AppContext } from './context.ts';
import { type DerivedProblem, verifyDerived } from './verify-derived.ts';

/** Streams whose stored states and case rows are read together. */
const DERIVED_PAGE = 200;

/** A stored original or outbound item that no longer matches what was recorded. */
export interface ContentProblem {
  kind: 'original_altered' | 'original_missing' | 'outbound_altered';
  /** `original:<sha256>` or `correspondence:<id>`. */
  stream: string;
  seq: 0;
  detail: string;
}

/**
 * A redaction that no anonymisation accounts for: a row marked redacted (so its own digest is not compared) with no
 * chained anonymisation of its case, inbox item or complainant on record, a redacted text that is not what
 * redaction writes, or redacted rows that no longer match the seal their anonymisation recorded.
 */
export interface RedactionProblem {
  kind: 'redacted_without_anonymisation' | 'redaction_altered';
  stream: string;
  seq: number;
  detail: string;
}

export type ArchiveProblem = ChainProblem | AuditProblem | ContentProblem | RedactionProblem | DerivedProblem;

export interface VerifyReport {
  streams: number;
  events: number;
  originals: number;
  outbound: number;
  /** Outbound items written before their content was recorded as a digest: checked for their PDF only. */
  outboundUnsealed: number;
  auditEntries: number;
  problems: ArchiveProblem[];
}

async function verifyEvents(ctx: AppContext, report: VerifyReport): Promise<void> {
  const { db } = ctx.database;
  const heads = await streamHeads(db);
  const headOf = new Map(heads.map((h) => [h.stream, { version: h.version, headHash: h.headHash }]));
  // Streams come from both the heads and the events, so events whose head row is gone are found too.
  const streams = [...new Set([...heads.map((h) => h.stream), ...(await streamsWithEvents(db))])].sort();
  // A page of streams at a time: their stored states and case rows read together, their events one stream at a time.
  for (let i = 0; i < streams.length; i += DERIVED_PAGE) {
    const page = streams.slice(i, i + DERIVED_PAGE);
    const derived = page.filter((s) => s.startsWith('case:') || s.startsWith('complainant:'));
    const states = await storedStates(db, derived);
    const rows = await caseRowsByIds(
      db,
      derived.filter((s) => s.startsWith('case:')).map((s) => s.slice('case:'.length)),
    );
    for (const stream of page) {
      const links = await readLinks(db, stream);
      report.events += links.length;
      report.problems.push(...verifyStream(stream, links, headOf.get(stream) ?? null));
      let redacted = false;
      for (const e of links) {
        if (!e.redacted) continue;
        redacted = true;
        if (canonicalJson(redactPersonal(e.payload)) !== canonicalJson(e.payload))
          report.problems.push({
            kind: 'redaction_altered',
            stream,
            seq: e.seq,
            detail: `event ${e.seq} (${e.type}) is marked redacted but holds text that redaction does not write`,
          });
      }
      report.problems.push(
        ...verifyDerived(
          stream,
          links,
          states.get(stream),
          stream.startsWith('case:') ? rows.get(stream.slice('case:'.length)) : undefined,
          redacted,
        ),
      );
    }
  }
  report.streams = streams.length;
}

function usedBy(rows: { correspondenceId: string; direction: string; reference: string | null }[]): string {
  if (!rows.length) return 'not referred to by any correspondence';
  return `held by ${rows
    .map(
      (r) =>
        `${r.direction === 'in' ? 'inbound' : 'outbound'} ${r.correspondenceId}${r.reference ? ` (case ${r.reference})` : ''}`,
    )
    .join(', ')}`;
}

async function verifyOriginals(ctx: AppContext, report: VerifyReport): Promise<void> {
  const { db } = ctx.database;
  const store = new DatabaseOriginals(db);
  for await (const page of originalKeys(db)) {
    for (const key of page) {
      // Hashed a piece at a time: a large original is never read whole.
      const held = await store.digest(key.sha256);
      if (!held) continue;
      report.originals++;
      const actual = held.sha256;
      if (actual === key.sha256 && held.bytes === key.size) continue;
      const what =
        actual !== key.sha256
          ? `its content no longer matches its SHA-256 (now ${actual})`
          : `its size is recorded as ${key.size} bytes but it holds ${held.bytes}`;
      report.problems.push({
        kind: 'original_altered',
        stream: `original:${key.sha256}`,
        seq: 0,
        detail: `the original ${key.sha256} was changed: ${what}; ${usedBy(await whereOriginalIsUsed(db, key.sha256))}`,
      });
    }
  }
  for (const m of await missingOriginals(db))
    report.problems.push({
      kind: 'original_missing',
      stream: `original:${m.sha256}`,
      seq: 0,
      detail: `the original ${m.sha256} of correspondence ${m.correspondenceId}${m.reference ? ` (case ${m.reference})` : ''} is missing from the store`,
    });
}

async function verifyOutbound(ctx: AppContext, report: VerifyReport): Promise<void> {
  for await (const page of recordedOutbound(ctx.database.db)) {
    // Items whose personal fields retention replaced keep their recorded digest, as a redacted event keeps its: what
    // they hold now is checked against their anonymisation's seal (verifyRedactions).
    const redacted = await redactedCorrespondenceAmong(
      ctx.database.db,
      page.map((i) => i.id),
    );
    for (const item of page) {
      report.outbound++;
      if (redacted.has(item.id)) continue;
      if (item.contentSha256 === null) {
        report.outboundUnsealed++;
        continue;
      }
      if (outboundContentDigest(item) === item.contentSha256) continue;
      report.problems.push({
        kind: 'outbound_altered',
        stream: `correspondence:${item.id}`,
        seq: 0,
        detail: `the outbound ${item.channel === 'letter' ? 'letter' : 'e-mail'} ${item.id} (${item.purpose}, ${item.status}) no longer matches what was recorded to be sent (recipient, subject, text, attachments or PDF changed)`,
      });
    }
  }
}

async function verifyAudit(ctx: AppContext, report: VerifyReport): Promise<void> {
  const { db } = ctx.database;
  const verifier = auditChainVerifier();
  for await (const page of readAuditChain(db))
    for (const row of page) {
      report.auditEntries++;
      verifier.add(row);
    }
  report.problems.push(...verifier.finish(await readAuditHead(db)));
  for (const u of await unchainedAuditIds(db))
    report.problems.push({
      kind: 'extra',
      stream: AUDIT_STREAM,
      seq: 0,
      detail: `audit entry ${u.id} (${u.action} at ${u.at}) is outside the chain: added by hand, or written by an instance of a release before the audit chain during the upgrade to it`,
    });
}

/**
 * Every redacted row is covered by a chained anonymisation of its target, and the latest anonymisation of each
 * target still matches the seal it recorded (anonymisations by a release before seals: their record alone).
 */
async function verifyRedactions(ctx: AppContext, report: VerifyReport): Promise<void> {
  const { db } = ctx.database;
  const unaccounted = (stream: string, seq: number, detail: string) =>
    report.problems.push({ kind: 'redacted_without_anonymisation', stream, seq, detail });
  for (const s of await redactedStreamsWithoutAnonymisation(db))
    unaccounted(
      s.stream,
      s.seq,
      `${s.count} event(s) of ${s.stream} are marked redacted without an anonymisation on record`,
    );
  for (const c of await redactedCorrespondenceWithoutAnonymisation(db))
    unaccounted(
      `correspondence:${c.id}`,
      0,
      `the ${c.direction === 'in' ? 'inbound' : 'outbound'} correspondence ${c.id}${c.caseId ? ` of case ${c.caseId}` : ''} is marked redacted without an anonymisation on record`,
    );
  for (const a of await redactedAuditWithoutAnonymisation(db))
    unaccounted(
      AUDIT_STREAM,
      a.seq,
      `audit entry ${a.seq} (${a.action} at ${a.at}) is marked redacted without a later anonymisation of its target on record`,
    );
  for await (const page of latestAnonymisations(db))
    for (const a of page) {
      if (a.seal === null || a.redacted) continue;
      if ((await redactionSeal(db, a.type, a.targetId)) === a.seal) continue;
      report.problems.push({
        kind: 'redaction_altered',
        stream:
          a.type === 'case'
            ? `case:${a.targetId}`
            : a.type === 'complainant'
              ? `complainant:${a.targetId}`
              : `inbox:${a.targetId}`,
        seq: 0,
        detail: `what the anonymisation of ${a.type.replace('_', ' ')} ${a.targetId} left (its redacted events, correspondence or audit entries) no longer matches the seal recorded in audit entry ${a.seq}`,
      });
    }
}

export async function verifyArchive(ctx: AppContext): Promise<VerifyReport> {
  const report: VerifyReport = {
    streams: 0,
    events: 0,
    originals: 0,
    outbound: 0,
    outboundUnsealed: 0,
    auditEntries: 0,
    problems: [],
  };
  await verifyEvents(ctx, report);
  await verifyOriginals(ctx, report);
  await verifyOutbound(ctx, report);
  await verifyAudit(ctx, report);
  await verifyRedactions(ctx, report);
  return report;
}
