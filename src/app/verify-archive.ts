// Verifying the archive (P6.2): every stream's hash chain and recorded head (names each altered, missing or
// extra event); every stored original against its SHA-256 (and every correspondence whose original is gone);
// every outbound item against the seal of what was decided to be sent that its recording event or an audit entry
// carries; every inbound item against the seal the event that filed it carries (the address it verifiably comes
// from included; for a row sealed before that address was, checked against what the door's rule finds in its
// original); every correspondence the events name
// against the rows still there, and every row against the chains (one none accounts for was added by hand); and the
// audit log's own hash chain.
// Everything is read a stream, a page or an original at a time; what grows with the archive is the set of
// correspondence ids the chains account for (an id and, for an outbound item, its seal), kept for the pass over the
// rows.

import {
  caseRowsByIds,
  recordedOutbound,
  storedStates,
  streamHeads,
  streamsWithEvents,
} from '../adapters/db/archive.repo.ts';
import { readAuditChain, readAuditHead, unchainedAuditIds } from '../adapters/db/audit-chain.repo.ts';
import {
  correspondenceByIds,
  correspondenceIdPages,
  inboundPages,
  type SealedInbound,
  writtenBeforeAnchor,
} from '../adapters/db/correspondence.repo.ts';
import { readLinks } from '../adapters/db/event-store.ts';
import {
  DatabaseOriginals,
  missingOriginals,
  originalKeys,
  whereOriginalIsUsed,
} from '../adapters/db/originals.repo.ts';
import { auditAnchoredOutbound } from '../adapters/db/outbox.repo.ts';
import {
  latestAnonymisations,
  redactedAuditWithoutAnonymisation,
  redactedCorrespondenceWithoutAnonymisation,
  redactedStreamsWithoutAnonymisation,
  redactionSeal,
} from '../adapters/db/redaction-seal.repo.ts';
import { redactedCorrespondenceAmong } from '../adapters/db/retention.repo.ts';
import { AUDIT_STREAM, type AuditProblem, auditChainVerifier } from '../core/archive/audit-chain.ts';
import {
  type ChainProblem,
  canonicalJson,
  type StoredLink,
  verifyStream,
} from '../core/archive/hash-chain.ts';
import { inboundSealMatch, SEAL_KEY } from '../core/archive/inbound-digest.ts';
import {
  OUTBOUND_REF_KEYS,
  OUTBOUND_SEAL_KEY,
  outboundContentDigest,
} from '../core/archive/outbound-digest.ts';
import { redactPersonal } from '../core/archive/retention.ts';
import type { AppContext } from './context.ts';
import { prepareEmail, senderOf } from './receive-email.ts';
import { type DerivedProblem, verifyDerived } from './verify-derived.ts';

/** Streams whose stored states and case rows are read together. */
const DERIVED_PAGE = 200;

/**
 * A stored original, outbound or inbound item that no longer matches what was recorded, or a correspondence row that
 * the events name and that is gone.
 */
export interface ContentProblem {
  kind:
    | 'original_altered'
    | 'original_missing'
    | 'outbound_altered'
    | 'inbound_altered'
    | 'correspondence_missing'
    | 'correspondence_unaccounted';
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
  /**
   * Outbound items written before their seal was anchored in a hash chain (a release before the anchor): checked
   * against their own copy of the seal and for their PDF only.
   */
  outboundUnanchored: number;
  inbound: number;
  /**
   * Inbound items written before they were sealed (a release before the seal): checked for their original only (and
   * an address kept as the one they verifiably come from, against it). A deleted one is still named when an event
   * names it.
   */
  inboundUnsealed: number;
  auditEntries: number;
  problems: ArchiveProblem[];
}

/** What `verifyEvents` learnt of the correspondence, for the pass over the inbound rows (`verifyInbound`). */
interface CorrespondenceFindings {
  /** Rows already named (altered or missing): not named again. */
  named: Set<string>;
  /** Rows whose own copy of the seal is gone but whose seal an event carries: not counted as unsealed. */
  anchoredWithoutSeal: Set<string>;
  /**
   * Inbound rows that match the seal an event carries, a seal taken before the address a row keeps as the one it
   * verifiably comes from was sealed (so it does not cover that address).
   */
  senderUnsealed: Set<string>;
  /** Every correspondence row an event names: accounted for (`verifyAccounted`). */
  namedByEvents: Set<string>;
  /** The seals of outbound items that a chain carries (an event, or an `outbound_sealed` audit entry), by item. */
  outboundAnchors: Map<string, { seal: string; where: string }>;
}

/** Where an event names a correspondence row, with the seal it carries (inbound items filed since the seal). */
interface CorrespondenceRef {
  id: string;
  stream: string;
  seq: number;
  type: string;
  seal: string | null;
  /** The outbound seal the event carries for this item, if it carries one. */
  outboundSeal: string | null;
}

function correspondenceRefs(stream: string, links: readonly StoredLink[]): CorrespondenceRef[] {
  const refs: CorrespondenceRef[] = [];
  for (const e of links) {
    const p = e.payload;
    if (p === null || typeof p !== 'object' || Array.isArray(p)) continue;
    const { correspondenceId, correspondenceIds } = p as Record<string, unknown>;
    const seal = (p as Record<string, unknown>)[SEAL_KEY];
    const carried = (p as Record<string, unknown>)[OUTBOUND_SEAL_KEY] as
      | { id?: unknown; sha256?: unknown }
      | undefined;
    // A redacted event's payload is what redaction wrote: its seals are no longer compared.
    const outboundSealOf = (id: string) =>
      !e.redacted && carried?.id === id && typeof carried.sha256 === 'string' ? carried.sha256 : null;
    if (typeof correspondenceId === 'string' && correspondenceId)
      refs.push({
        id: correspondenceId,
        stream,
        seq: e.seq,
        type: e.type,
        seal: !e.redacted && typeof seal === 'string' ? seal : null,
        outboundSeal: outboundSealOf(correspondenceId),
      });
    // The other keys by which an event names an outbound item (a letter prepared or posted, an instruction sent).
    for (const key of OUTBOUND_REF_KEYS) {
      const id = (p as Record<string, unknown>)[key];
      if (key === 'correspondenceId' || typeof id !== 'string' || !id) continue;
      refs.push({ id, stream, seq: e.seq, type: e.type, seal: null, outboundSeal: outboundSealOf(id) });
    }
    if (Array.isArray(correspondenceIds))
      for (const id of correspondenceIds)
        if (typeof id === 'string' && id)
          refs.push({ id, stream, seq: e.seq, type: e.type, seal: null, outboundSeal: null });
  }
  return refs;
}

const whereNamed = (ref: CorrespondenceRef, reference: string | undefined) =>
  ref.stream.startsWith('case:')
    ? `case ${reference ?? ref.stream.slice('case:'.length)} (event ${ref.seq}, ${ref.type})`
    : ref.stream.startsWith('inbox:')
      ? `inbox item ${ref.stream.slice('inbox:'.length)} (event ${ref.seq}, ${ref.type})`
      : `${ref.stream} (event ${ref.seq}, ${ref.type})`;

/**
 * The correspondence a page of streams names: each row must still be there, and an inbound row whose seal an event
 * carries must still match it (recomputed from what the row holds, so a row whose own copy was recomputed is found
 * too). A row redacted by an anonymisation is checked against its seal instead (verifyRedactions).
 */
async function verifyCorrespondenceRefs(
  ctx: AppContext,
  report: VerifyReport,
  refs: readonly CorrespondenceRef[],
  references: ReadonlyMap<string, string>,
  findings: CorrespondenceFindings,
): Promise<void> {
  if (!refs.length) return;
  const rows = await correspondenceByIds(ctx.database.db, [...new Set(refs.map((r) => r.id))]);
  const referenceOf = (ref: CorrespondenceRef) =>
    ref.stream.startsWith('case:') ? references.get(ref.stream.slice('case:'.length)) : undefined;
  for (const ref of refs) {
    findings.namedByEvents.add(ref.id);
    if (ref.outboundSeal !== null)
      findings.outboundAnchors.set(ref.id, {
        seal: ref.outboundSeal,
        where: whereNamed(ref, referenceOf(ref)),
      });
    if (findings.named.has(ref.id)) continue;
    const row = rows.get(ref.id);
    if (!row) {
      findings.named.add(ref.id);
      report.problems.push({
        kind: 'correspondence_missing',
        stream: `correspondence:${ref.id}`,
        seq: 0,
        detail: `the correspondence ${ref.id} that ${whereNamed(ref, referenceOf(ref))} names is missing from the database`,
      });
      continue;
    }
    if (ref.seal === null || row.redacted || row.direction !== 'in') continue;
    if (row.contentSha256 === null) findings.anchoredWithoutSeal.add(ref.id);
    const match = inboundSealMatch(row, ref.seal);
    if (match === 'sender_unsealed') findings.senderUnsealed.add(ref.id);
    if (match !== null) continue;
    findings.named.add(ref.id);
    report.problems.push({
      kind: 'inbound_altered',
      stream: `correspondence:${ref.id}`,
      seq: 0,
      detail: `the inbound ${row.channel === 'letter' ? 'letter' : row.channel === 'email' ? 'e-mail' : 'message'} ${ref.id} of ${whereNamed(ref, referenceOf(ref))} no longer matches the seal that event recorded when it was received (text, sender, the address it verifiably comes from, subject, addresses, dates or pointer to the original changed)`,
    });
  }
}

async function verifyEvents(
  ctx: AppContext,
  report: VerifyReport,
  findings: CorrespondenceFindings,
): Promise<void> {
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
    const refs: CorrespondenceRef[] = [];
    for (const stream of page) {
      const links = await readLinks(db, stream);
      report.events += links.length;
      refs.push(...correspondenceRefs(stream, links));
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
    const references = new Map<string, string>();
    for (const [id, row] of rows) references.set(id, String(row.reference));
    await verifyCorrespondenceRefs(ctx, report, refs, references, findings);
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

/**
 * The outbound seals the audit chain anchors: mail of no case, and items written after the event that records them.
 * An item so anchored that is gone from the database is named (one an event names is named there already).
 */
async function auditAnchors(
  ctx: AppContext,
  report: VerifyReport,
  findings: CorrespondenceFindings,
): Promise<void> {
  const { db } = ctx.database;
  for await (const page of auditAnchoredOutbound(db)) {
    const fresh = page.filter((a) => a.sha256 !== null && !findings.outboundAnchors.has(a.id));
    for (const a of fresh)
      findings.outboundAnchors.set(a.id, { seal: a.sha256!, where: `audit entry ${a.seq}` });
    const unchecked = fresh.filter((a) => !findings.namedByEvents.has(a.id));
    if (!unchecked.length) continue;
    const rows = await correspondenceByIds(
      db,
      unchecked.map((a) => a.id),
    );
    const gone = unchecked.filter((a) => !rows.has(a.id));
    if (!gone.length) continue;
    const cases = await caseRowsByIds(
      db,
      gone.flatMap((a) => (a.caseId ? [a.caseId] : [])),
    );
    for (const a of gone) {
      findings.named.add(a.id);
      const reference = a.caseId ? String(cases.get(a.caseId)?.reference ?? a.caseId) : null;
      report.problems.push({
        kind: 'correspondence_missing',
        stream: `correspondence:${a.id}`,
        seq: 0,
        detail: `the outbound ${a.channel === 'letter' ? 'letter' : 'e-mail'} ${a.id}${a.purpose ? ` (${a.purpose})` : ''}${reference ? ` of case ${reference}` : ' (of no case)'} whose seal audit entry ${a.seq} recorded is missing from the database`,
      });
    }
  }
}

async function verifyOutbound(
  ctx: AppContext,
  report: VerifyReport,
  findings: CorrespondenceFindings,
): Promise<void> {
  const { db } = ctx.database;
  for await (const page of recordedOutbound(db)) {
    // Items whose personal fields retention replaced keep their recorded digest, as a redacted event keeps its: what
    // they hold now is checked against their anonymisation's seal (verifyRedactions).
    const redacted = await redactedCorrespondenceAmong(
      db,
      page.map((i) => i.id),
    );
    const before = await writtenBeforeAnchor(
      db,
      page.filter((i) => !findings.outboundAnchors.has(i.id)).map((i) => i.id),
    );
    const altered: { item: (typeof page)[number]; against: string }[] = [];
    for (const item of page) {
      report.outbound++;
      if (redacted.has(item.id)) continue;
      const anchor = findings.outboundAnchors.get(item.id);
      if (anchor) {
        // What the chain carries decides: a row whose own copy was made again to match a change is found too.
        const digest = outboundContentDigest(item);
        if (digest !== anchor.seal || (item.contentSha256 !== null && item.contentSha256 !== anchor.seal))
          altered.push({ item, against: `the seal ${anchor.where} recorded when it was written` });
        continue;
      }
      if (item.contentSha256 === null) {
        report.outboundUnsealed++;
        continue;
      }
      if (before.has(item.id)) report.outboundUnanchored++;
      if (outboundContentDigest(item) !== item.contentSha256)
        altered.push({ item, against: 'the digest recorded when it was written' });
    }
    if (!altered.length) continue;
    const cases = await caseRowsByIds(
      db,
      altered.flatMap((a) => (a.item.caseId ? [a.item.caseId] : [])),
    );
    for (const { item, against } of altered) {
      findings.named.add(item.id);
      const reference = item.caseId ? String(cases.get(item.caseId)?.reference ?? item.caseId) : null;
      report.problems.push({
        kind: 'outbound_altered',
        stream: `correspondence:${item.id}`,
        seq: 0,
        detail: `the outbound ${item.channel === 'letter' ? 'letter' : 'e-mail'} ${item.id} (${item.purpose}, ${item.status})${reference ? ` of case ${reference}` : ' (of no case)'} no longer matches ${against} (recipient, subject, text, attachments or PDF changed)`,
      });
    }
  }
}

/**
 * Every correspondence row, either direction, must be accounted for by a chain: named by an event, its seal carried
 * by an event or an audit entry, or written before outbound seals were anchored (the list the upgrade kept). A row
 * none accounts for was not written by Redress: it is named, with its case.
 */
async function verifyAccounted(
  ctx: AppContext,
  report: VerifyReport,
  findings: CorrespondenceFindings,
): Promise<void> {
  const { db } = ctx.database;
  for await (const page of correspondenceIdPages(db)) {
    const open = page.filter(
      (r) =>
        !findings.namedByEvents.has(r.id) && !findings.outboundAnchors.has(r.id) && !findings.named.has(r.id),
    );
    if (!open.length) continue;
    const before = await writtenBeforeAnchor(
      db,
      open.map((r) => r.id),
    );
    const unaccounted = open.filter((r) => !before.has(r.id));
    if (!unaccounted.length) continue;
    const cases = await caseRowsByIds(
      db,
      unaccounted.flatMap((r) => (r.caseId ? [r.caseId] : [])),
    );
    for (const r of unaccounted) {
      const reference = r.caseId ? String(cases.get(r.caseId)?.reference ?? r.caseId) : null;
      const what = r.channel === 'letter' ? 'letter' : r.channel === 'email' ? 'e-mail' : 'message';
      report.problems.push({
        kind: 'correspondence_unaccounted',
        stream: `correspondence:${r.id}`,
        seq: 0,
        detail: `the ${r.direction === 'in' ? 'inbound' : 'outbound'} ${what} ${r.id}${reference ? ` of case ${reference}` : r.inboxItemId ? ` of inbox item ${r.inboxItemId}` : ' (of no case)'} is accounted for by no chain: no event names it and no event or audit entry carries its seal (a row added by hand)`,
      });
    }
  }
}

/**
 * The address the mail door finds an inbound row verifiably comes from, asked again of its original with the door's
 * own rule (receive-email.ts `senderOf`), as staff actions ask it of a row that keeps none (handle-inbox-item.ts):
 * null for anything but an e-mail and for one from no verified sender; undefined when the original cannot be read.
 */
async function senderFoundInOriginal(
  ctx: AppContext,
  row: SealedInbound,
): Promise<string | null | undefined> {
  if (row.channel !== 'email') return null;
  if (!row.originalSha256) return undefined;
  const original = await new DatabaseOriginals(ctx.database.db).get(row.originalSha256);
  const mailbox = ctx.config.mailboxes.find((m) => m.name === row.mailbox) ?? ctx.config.mailboxes[0];
  if (!original || !mailbox) return undefined;
  const door = row.door === 'smtp' || row.door === 'imap' || row.door === 'api' ? row.door : 'pipe';
  return senderOf(ctx, await prepareEmail(ctx, { raw: original.content, mailbox, door })).address;
}

/**
 * Every inbound row: counted, its own copy of the seal compared with what it holds (a row no event names is found
 * there), and those written before the seal counted apart. A row an anonymisation redacted is left to its seal, but
 * keeps no verified sender (anonymisation clears it).
 * The address a row keeps as the one it verifiably comes from decides, for staff, whether a message is the
 * complainant's own. A row sealed before that address was part of the seal (or not sealed at all) that keeps one
 * must keep what the door's rule finds in its original (sealed too, by its SHA-256): its original is read again for
 * that. Rows stored before the door kept the address keep none, and cost nothing here.
 */
async function verifyInbound(
  ctx: AppContext,
  report: VerifyReport,
  findings: CorrespondenceFindings,
): Promise<void> {
  const { db } = ctx.database;
  for await (const page of inboundPages(db)) {
    const altered: { row: SealedInbound; why: string }[] = [];
    for (const row of page) {
      report.inbound++;
      if (findings.named.has(row.id)) continue;
      if (row.redacted) {
        if (row.senderAddress !== null)
          altered.push({
            row,
            why: `was anonymised, yet keeps ${row.senderAddress} as the address it verifiably comes from (anonymisation clears it)`,
          });
        continue;
      }
      // The seal an event carries decides: a row's own copy may have been made again to match a change.
      let match: 'sender_sealed' | 'sender_unsealed' | undefined = findings.senderUnsealed.has(row.id)
        ? 'sender_unsealed'
        : undefined;
      if (row.contentSha256 === null) {
        if (findings.anchoredWithoutSeal.has(row.id)) match ??= 'sender_sealed';
        else report.inboundUnsealed++;
      } else {
        const own = inboundSealMatch(row, row.contentSha256);
        if (own === null) {
          altered.push({
            row,
            why: 'no longer matches the seal taken when it was received (text, sender, the address it verifiably comes from, subject, addresses, dates or pointer to the original changed)',
          });
          continue;
        }
        match ??= own;
      }
      if (match === 'sender_sealed' || row.senderAddress === null) continue;
      const found = await senderFoundInOriginal(ctx, row);
      if (found === row.senderAddress) continue;
      altered.push({
        row,
        why: `keeps ${row.senderAddress} as the address it verifiably comes from, which ${match === undefined ? 'no seal covers' : 'its seal (taken before that address was sealed) does not cover'}, and which ${found === undefined ? 'its original, missing, cannot confirm' : `the door's rule does not find in its original (it finds ${found ?? 'no verified sender'}; the relay senders configured may also have changed since)`}`,
      });
    }
    if (!altered.length) continue;
    const cases = await caseRowsByIds(
      db,
      altered.flatMap((a) => (a.row.caseId ? [a.row.caseId] : [])),
    );
    for (const { row, why } of altered) {
      findings.named.add(row.id);
      const reference = row.caseId ? (cases.get(row.caseId)?.reference ?? row.caseId) : null;
      report.problems.push({
        kind: 'inbound_altered',
        stream: `correspondence:${row.id}`,
        seq: 0,
        detail: `the inbound ${row.channel === 'letter' ? 'letter' : row.channel === 'email' ? 'e-mail' : 'message'} ${row.id}${reference ? ` of case ${String(reference)}` : row.inboxItemId ? ` of inbox item ${row.inboxItemId}` : ''} ${why}`,
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
    outboundUnanchored: 0,
    inbound: 0,
    inboundUnsealed: 0,
    auditEntries: 0,
    problems: [],
  };
  const findings: CorrespondenceFindings = {
    named: new Set(),
    anchoredWithoutSeal: new Set(),
    senderUnsealed: new Set(),
    namedByEvents: new Set(),
    outboundAnchors: new Map(),
  };
  await verifyEvents(ctx, report, findings);
  await verifyOriginals(ctx, report);
  await auditAnchors(ctx, report, findings);
  await verifyOutbound(ctx, report, findings);
  await verifyInbound(ctx, report, findings);
  await verifyAccounted(ctx, report, findings);
  await verifyAudit(ctx, report);
  await verifyRedactions(ctx, report);
  return report;
}
