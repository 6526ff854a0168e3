// Verifying the archive (P6.2): every stream's hash chain and recorded head (names each altered, missing or
// extra event); every stored original against its SHA-256 (and every correspondence whose original is gone);
// every outbound item against the seal of what was decided to be sent that its recording event or an audit entry
// carries; every inbound item against the seal the event that filed it carries (the address it verifiably comes
// from included; for a row sealed before that address was, checked against what the door's rule finds in its
// original); every correspondence the events name
// against the rows still there, and every row against the chains (one none accounts for was added by hand); the list
// of rows written before outbound seals were anchored against its record in the audit chain; and the audit log's own
// hash chain.
// Everything is read a stream, a page or an original at a time, and what the chains say of each correspondence row
// (which event names it, the seal a chain carries for it) goes to a scratch file on disk (verify-scratch.ts), asked
// back a page of rows at a time: the memory verify needs does not grow with the archive.

import { acknowledgementItemsOf } from '../adapters/db/acknowledgements.repo.ts';
import {
  type AnchorListItem,
  anchorListPages,
  anchorListRecordOf,
  unnumberedAnchorEntries,
} from '../adapters/db/anchor-list.repo.ts';
import {
  caseRowsByIds,
  casesWithoutStreamPage,
  eventHashesAt,
  numbersNotGiven,
  recordedOutbound,
  recordedOutboundById,
  referenceCounters,
  referencesPage,
  storedStates,
  streamHeadPage,
  streamHeadsOf,
  streamsWithoutHeadPage,
} from '../adapters/db/archive.repo.ts';
import {
  auditChainPage,
  auditHashAt,
  readAuditHead,
  unchainedAuditIds,
} from '../adapters/db/audit-chain.repo.ts';
import {
  correspondenceByIds,
  correspondenceIdPages,
  inboundPages,
  type SealedInbound,
  writtenBeforeAnchor,
} from '../adapters/db/correspondence.repo.ts';
import type { Database } from '../adapters/db/database.ts';
import { readLinks } from '../adapters/db/event-store.ts';
import {
  DatabaseOriginals,
  missingOriginals,
  originalKeys,
  presentOriginals,
  whereOriginalIsUsed,
} from '../adapters/db/originals.repo.ts';
import { auditAnchoredOutbound } from '../adapters/db/outbox.repo.ts';
import { readSnapshot } from '../adapters/db/read-snapshot.ts';
import {
  latestAnonymisationPage,
  redactedAuditWithoutAnonymisation,
  redactedCorrespondenceWithoutAnonymisation,
  redactedStreamsWithoutAnonymisation,
  redactionSeal,
} from '../adapters/db/redaction-seal.repo.ts';
import { redactedCorrespondenceAmong } from '../adapters/db/retention.repo.ts';
import { auditSealsAmong } from '../adapters/db/verify-audit-seals.ts';
import { readCaseAfterItsWriters } from '../adapters/db/verify-case-after-writers.ts';
import { type FactsIndex, openFactsIndex } from '../adapters/db/verify-scratch.ts';
import { anchorEntryKey, anchorListDifference, anchorListRecorder } from '../core/archive/anchor-list.ts';
import { AUDIT_STREAM, type AuditProblem, auditChainVerifier } from '../core/archive/audit-chain.ts';
import { type ChainProblem, type StoredLink, verifyStream } from '../core/archive/hash-chain.ts';
import { inboundSealMatch, SEAL_KEY } from '../core/archive/inbound-digest.ts';
import {
  compareKeptHead,
  KEPT_HEADS_FORMAT,
  type KeptHead,
  type KeptHeadProblem,
  keptHeadLine,
  keptHeadsHeader,
  parseKeptHeadLine,
} from '../core/archive/kept-heads.ts';
import {
  OUTBOUND_LIST_KEY,
  OUTBOUND_REF_KEYS,
  OUTBOUND_SEAL_KEY,
  OUTBOUND_SEALS_KEY,
  outboundContentDigest,
} from '../core/archive/outbound-digest.ts';
import { isRedacted } from '../core/archive/retention.ts';
import type { AcknowledgementItem } from '../core/correspondence/acknowledgement-given.ts';
import type { AppContext } from './context.ts';
import { prepareEmail, senderOf } from './receive-email.ts';
import { type DerivedProblem, verifyDerived } from './verify-derived.ts';

/** Streams whose stored states and case rows are read together. */
const DERIVED_PAGE = 200;
/** Audit entries read per page (each page in a snapshot of its own). */
const AUDIT_PAGE = 1000;
/**
 * Anonymisations whose seals are taken again per page, in one snapshot: each takes a few reads of its target's
 * redacted rows, so a page is kept small enough that the snapshot is not held long.
 */
const REDACTION_PAGE = 100;

/**
 * How many correspondence ids and stream names verify holds in memory at once (`held`), and the most it held
 * (`peak`): what a test reads to see that it stays the same however large the archive.
 */
export interface HeldGauge {
  held: number;
  peak: number;
}

export interface VerifyOptions {
  /** Rows, streams and entries read per page (tests make it small; by default each read has its own size). */
  page?: number;
  /** Counts what verify holds in memory. */
  held?: HeldGauge;
  /**
   * Called in each page of streams once their case rows are read and before the outbox is (tests: another process
   * commits a send there). It runs inside the page's snapshot: on SQLite it must not use verify's own connection.
   */
  betweenReads?: () => Promise<void>;
  /**
   * Called in the audit pass once a page of the chain's entries is read, before the next page is or, after the last,
   * before the head is (tests: staff act there). It runs inside the page's snapshot: on SQLite it must not use
   * verify's own connection.
   */
  betweenAuditReads?: () => Promise<void>;
  /**
   * Called in the redaction pass once a page of anonymisations is read, before their seals are taken again (tests: a
   * retention run anonymises there). It runs inside the page's snapshot: on SQLite it must not use verify's own
   * connection.
   */
  betweenRedactionReads?: () => Promise<void>;
  /**
   * Where to keep the heads this run reads (`redress archive verify --keep-heads FILE`): called with the text of the
   * file a piece at a time, in order (core/archive/kept-heads.ts), so that it is never held whole.
   */
  keepHeads?: (text: string) => void;
  /** The lines of heads kept by an earlier run, to check the archive against (`--heads FILE`). */
  keptHeads?: AsyncIterable<string>;
}

/** What one verification carries from pass to pass. */
interface Run {
  ctx: AppContext;
  report: VerifyReport;
  facts: FactsIndex;
  page: number | undefined;
  betweenReads: (() => Promise<void>) | undefined;
  betweenAuditReads: (() => Promise<void>) | undefined;
  betweenRedactionReads: (() => Promise<void>) | undefined;
  keepHeads: ((text: string) => void) | undefined;
  /** Holds `n` ids or names until the returned function is called. */
  hold(n: number): () => void;
}

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
    | 'correspondence_unaccounted'
    | 'correspondence_moved';
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

/**
 * The list of rows written before outbound seals were anchored no longer matches its record in the audit chain: an
 * entry added (with the row it names, which the list then does not account for), removed or changed, entries it
 * cannot name, or a list that no record covers.
 */
export interface AnchorListProblem {
  kind: 'anchor_list_added' | 'anchor_list_removed' | 'anchor_list_changed' | 'anchor_list_unrecorded';
  /** `correspondence:<id>` for an entry named, `anchor_list` for the list as a whole. */
  stream: string;
  seq: 0;
  detail: string;
}

/** A kept-heads file (`--heads FILE`) with a line that is not a head: changed, or not such a file. */
export interface KeptHeadsFileProblem {
  kind: 'kept_heads_unreadable';
  stream: 'kept_heads';
  seq: number;
  detail: string;
}

/**
 * A case the archive cannot account for: a row with no events (`case_unaccounted`), or a reference given out that no
 * case holds (`reference_missing`: the case was deleted whole, its events, head and row).
 */
export interface CaseProblem {
  kind: 'case_unaccounted' | 'reference_missing';
  /** `case:<id>`, or the reference. */
  stream: string;
  seq: 0;
  detail: string;
}

export type ArchiveProblem =
  | CaseProblem
  | KeptHeadProblem
  | KeptHeadsFileProblem
  | ChainProblem
  | AuditProblem
  | ContentProblem
  | RedactionProblem
  | DerivedProblem
  | AnchorListProblem;

export interface VerifyReport {
  streams: number;
  events: number;
  originals: number;
  outbound: number;
  /** Outbound items written before their content was recorded as a digest: checked for their PDF only. */
  outboundUnsealed: number;
  /**
   * Outbound items written before their seal was anchored in a hash chain (a release before the anchor): checked
   * against their own copy of the seal, that copy against the seal the upgrade's list recorded for them (the list's
   * record is in the audit chain), and for their PDF.
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
    // The outbound items an event names as a list (a suggestion's e-mails to a department), with their seals.
    const list = (p as Record<string, unknown>)[OUTBOUND_LIST_KEY];
    const seals = (p as Record<string, unknown>)[OUTBOUND_SEALS_KEY];
    if (Array.isArray(list))
      for (const id of list) {
        if (typeof id !== 'string' || !id) continue;
        const sealed = Array.isArray(seals)
          ? (seals as { id?: unknown; sha256?: unknown }[]).find((x) => x?.id === id)
          : undefined;
        refs.push({
          id,
          stream,
          seq: e.seq,
          type: e.type,
          seal: null,
          outboundSeal: !e.redacted && typeof sealed?.sha256 === 'string' ? sealed.sha256 : null,
        });
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

/** How many merges verify follows from a case to the one that holds its correspondence now. */
const MERGE_HOPS = 20;

/**
 * Whether case `holder` may hold a correspondence row that case `namer` named or sealed: the same case, a case whose
 * own events name the row (a step-2 case filing the request its step 1 names, a merge's kept case listing what it
 * took), or a case `namer` was merged into, at the end of its chain of merges (a merge gives the kept case all of the
 * duplicate's correspondence). Read from the events, which their chains cover, not from the rows.
 */
async function mayHold(db: Database['db'], namer: string, holder: string, rowId: string): Promise<boolean> {
  if (namer === holder) return true;
  const own = await readLinks(db, `case:${holder}`);
  if (correspondenceRefs(`case:${holder}`, own).some((r) => r.id === rowId)) return true;
  let at = namer;
  for (let hop = 0; hop < MERGE_HOPS; hop++) {
    const links = await readLinks(db, `case:${at}`);
    const merged = links.findLast((e) => e.type === 'merged_into');
    const target = (merged?.payload as { targetCaseId?: unknown } | null | undefined)?.targetCaseId;
    if (typeof target !== 'string') return false;
    if (target === holder) return true;
    at = target;
  }
  return false;
}

/**
 * A correspondence row that case `namer` named or sealed, and that another case holds now which may not hold it
 * (mayHold): moved by hand, so one case's page and dossier show what another received or sent.
 */
async function movedProblem(
  db: Database['db'],
  row: { id: string; direction: string; channel: string; caseId: string | null },
  namer: string,
  where: string,
): Promise<ContentProblem | null> {
  if (row.caseId === null || (await mayHold(db, namer, row.caseId, row.id))) return null;
  const cases = await caseRowsByIds(db, [namer, row.caseId]);
  const ref = (id: string) => String(cases.get(id)?.reference ?? id);
  const what = row.channel === 'letter' ? 'letter' : row.channel === 'email' ? 'e-mail' : 'message';
  return {
    kind: 'correspondence_moved',
    stream: `correspondence:${row.id}`,
    seq: 0,
    detail: `the ${row.direction === 'in' ? 'inbound' : 'outbound'} ${what} ${row.id} of case ${ref(namer)} (${where}) is held by case ${ref(row.caseId)} now, whose events do not name it and into which case ${ref(namer)} was not merged: moved by hand`,
  };
}

/**
 * The correspondence a page of streams names: each row must still be there, and an inbound row whose seal an event
 * carries must still match it (recomputed from what the row holds, so a row whose own copy was recomputed is found
 * too). A row redacted by an anonymisation is checked against its seal instead (verifyRedactions). What the events
 * say of each row is noted for the later passes.
 */
async function verifyCorrespondenceRefs(
  run: Run,
  db: Database['db'],
  refs: readonly CorrespondenceRef[],
  references: ReadonlyMap<string, string>,
): Promise<void> {
  if (!refs.length) return;
  const { report, facts } = run;
  const ids = [...new Set(refs.map((r) => r.id))];
  const rows = await correspondenceByIds(db, ids);
  const known = facts.lookup(ids);
  const namedNow = new Set<string>();
  const release = run.hold(ids.length + rows.size + known.size);
  const referenceOf = (ref: CorrespondenceRef) =>
    ref.stream.startsWith('case:') ? references.get(ref.stream.slice('case:'.length)) : undefined;
  const name = (id: string) => {
    namedNow.add(id);
    facts.note(id, { named: true });
  };
  for (const ref of refs) {
    facts.note(
      ref.id,
      ref.outboundSeal !== null
        ? { namedByEvent: true, anchor: { seal: ref.outboundSeal, where: whereNamed(ref, referenceOf(ref)) } }
        : { namedByEvent: true },
    );
    if (known.get(ref.id)?.named || namedNow.has(ref.id)) continue;
    const row = rows.get(ref.id);
    if (!row) {
      name(ref.id);
      report.problems.push({
        kind: 'correspondence_missing',
        stream: `correspondence:${ref.id}`,
        seq: 0,
        detail: `the correspondence ${ref.id} that ${whereNamed(ref, referenceOf(ref))} names is missing from the database`,
      });
      continue;
    }
    if (ref.seal === null || row.redacted || row.direction !== 'in') continue;
    if (row.contentSha256 === null) facts.note(ref.id, { anchoredWithoutSeal: true });
    const match = inboundSealMatch(row, ref.seal);
    if (match === 'sender_unsealed') facts.note(ref.id, { senderUnsealed: true });
    if (match !== null) continue;
    name(ref.id);
    report.problems.push({
      kind: 'inbound_altered',
      stream: `correspondence:${ref.id}`,
      seq: 0,
      detail: `the inbound ${row.channel === 'letter' ? 'letter' : row.channel === 'email' ? 'e-mail' : 'message'} ${ref.id} of ${whereNamed(ref, referenceOf(ref))} no longer matches the seal that event recorded when it was received (text, sender, the address it verifiably comes from, subject, addresses, dates or pointer to the original changed)`,
    });
  }
  // Each row a case's event names is held by that case, or by one that may hold it (mayHold). An anonymised row is
  // left to its anonymisation's seal.
  const namers = new Map<string, CorrespondenceRef[]>();
  for (const ref of refs)
    if (ref.stream.startsWith('case:')) namers.set(ref.id, [...(namers.get(ref.id) ?? []), ref]);
  for (const [id, named] of namers) {
    const row = rows.get(id);
    if (!row || row.redacted || row.caseId === null || namedNow.has(id) || known.get(id)?.named) continue;
    if (named.some((r) => r.stream === `case:${row.caseId}`)) continue;
    const first = named[0]!;
    const moved = await movedProblem(
      db,
      row,
      first.stream.slice('case:'.length),
      `event ${first.seq}, ${first.type}`,
    );
    if (!moved) continue;
    name(id);
    report.problems.push(moved);
  }
  release();
}

/**
 * Every stream's chain, head and derived rows, a page of streams at a time: those with a head row, then those
 * without. The server may write meanwhile: each page (its heads, events, stored states, case rows, the outbox's
 * acknowledgements and the correspondence its events name) is read inside one snapshot (read-snapshot.ts), so that
 * a write committed between two of those reads (an event appended, a send recorded and its due key moved) is not
 * taken for a difference. One snapshot per page, not for the whole run: a snapshot held for as long as verify takes
 * over a large database would keep PostgreSQL from reclaiming the rows written meanwhile and SQLite's log from being
 * emptied. Each page checks its streams against themselves only, so pages need not see the same moment.
 * One moment stays that no snapshot hides: on PostgreSQL, a send recorded while a write of its case holds that case's
 * row moves the key only once both have committed (due-key.repo.ts moveHeldDueKeys), so a snapshot taken in between
 * holds the send and the key not yet moved. A complaint whose row differs from its events and outbox in that key
 * alone is therefore read again once the page is done, after the writes that hold its row (recheckDueKeys).
 */
async function verifyEvents(run: Run): Promise<void> {
  const { database } = run.ctx;
  const size = run.page ?? DERIVED_PAGE;
  for (let after = '', more = true; more; ) {
    let found: DerivedProblem[] = [];
    more = await readSnapshot(database, async (db) => {
      const heads = await streamHeadPage(db, after, size);
      if (!heads.length) return false;
      found = await verifyStreamPage(
        run,
        db,
        heads.map((h) => ({ stream: h.stream, head: { version: h.version, headHash: h.headHash } })),
      );
      after = heads[heads.length - 1]!.stream;
      return heads.length === size;
    });
    await recheckDueKeys(run, found);
  }
  // Events whose head row is gone (or was never written) are found too.
  for (let after = '', more = true; more; ) {
    let found: DerivedProblem[] = [];
    more = await readSnapshot(database, async (db) => {
      const streams = await streamsWithoutHeadPage(db, after, size);
      if (!streams.length) return false;
      found = await verifyStreamPage(
        run,
        db,
        streams.map((stream) => ({ stream, head: null })),
      );
      after = streams[streams.length - 1]!;
      return streams.length === size;
    });
    await recheckDueKeys(run, found);
  }
}

/**
 * How long verify waits for a write that holds the row of a case it reads again (recheckDueKeys): a write of a case
 * is a short transaction, so one held longer is not waited for any more; what the page found is then named, saying
 * why.
 */
const DUE_KEY_WAIT_MS = 10_000;
/** How many times a case written again while it was waited for is waited for anew. */
const DUE_KEY_WAITS = 5;

/**
 * The complaints of a page whose row differed from their events and outbox in the due key alone (`apart`: what the
 * page found of each), each read again (events, stored state, row and acknowledgements, in one snapshot) once no
 * write holds its row (adapters/db/verify-case-after-writers.ts): then a send's move that waited for a write of the
 * case has been made, and a key still apart is one changed by hand, or left behind by a move that was lost (the
 * sender stopped between its commit and the move). The one moment the lock cannot cover is the sender's own, between
 * its commit and the start of its move, if the write of the case commits in it: the move then holds nothing to wait
 * for, and a case read again in that instant is named. One case at a time, never two rows held at once. A row held
 * longer than DUE_KEY_WAIT_MS, written again each time, or one the database user may not lock, is named as the page
 * found it, with the reason it could not be read again. On SQLite a send moves the key in its own transaction, so no
 * page holds one without the other and nothing comes here.
 */
async function recheckDueKeys(run: Run, apart: readonly DerivedProblem[]): Promise<void> {
  if (!apart.length) return;
  const release = run.hold(apart.length);
  for (const found of apart) {
    const stream = found.stream;
    const id = stream.slice('case:'.length);
    const again = await readCaseAfterItsWriters(
      run.ctx.database,
      id,
      DUE_KEY_WAIT_MS,
      DUE_KEY_WAITS,
      async (db) => {
        const states = await storedStates(db, [stream]);
        const rows = await caseRowsByIds(db, [id]);
        const acknowledgements = await acknowledgementItemsOf(db, [id]);
        const links = await readLinks(db, stream);
        return verifyDerived(
          stream,
          links,
          states.get(stream),
          rows.get(id),
          links.some((e) => e.redacted),
          acknowledgements.get(id) ?? [],
        ).filter((p) => p.kind === 'row_altered');
      },
    );
    if (again.kind === 'read') run.report.problems.push(...again.value);
    else
      run.report.problems.push({
        ...found,
        detail: `${found.detail}; ${again.kind === 'held' ? `its row stayed held by another transaction for more than ${DUE_KEY_WAIT_MS / 1000} s` : again.kind === 'busy' ? `its row was written again each of the ${DUE_KEY_WAITS} times verify waited for it` : 'the database user verify runs as may not lock its row (a share lock asks for the right to update the cases table)'}, so it could not be read again once its writes had committed (a send's move may be waiting for it: run verify again)`,
      });
  }
  release();
}

/** An acknowledgement e-mail the mail server took: the send that moves its case's due key. */
const sentEmail = (a: AcknowledgementItem) => a.channel === 'email' && a.status === 'sent';

/**
 * One page of streams, every read through `db`: the page's snapshot. Returns what it found of the complaints whose
 * row differs from their events and outbox in the due key alone, and only as a send's move not yet made leaves it,
 * on PostgreSQL: not named yet, but read again once the snapshot is closed (recheckDueKeys).
 */
async function verifyStreamPage(
  run: Run,
  db: Database['db'],
  page: readonly { stream: string; head: { version: number; headHash: string | null } | null }[],
): Promise<DerivedProblem[]> {
  const { report } = run;
  report.streams += page.length;
  // Their stored states and case rows read together, their events one stream at a time.
  const derived = page
    .map((p) => p.stream)
    .filter((s) => s.startsWith('case:') || s.startsWith('complainant:'));
  const states = await storedStates(db, derived);
  const caseIds = derived.filter((s) => s.startsWith('case:')).map((s) => s.slice('case:'.length));
  const rows = await caseRowsByIds(db, caseIds);
  await run.betweenReads?.();
  // The acknowledgements each case wrote, as the outbox holds them: a complaint's due key hangs on whether its
  // acknowledgement went out, which its events do not say (verify-derived.ts).
  const acknowledgements = await acknowledgementItemsOf(db, caseIds);
  const refs: CorrespondenceRef[] = [];
  const apart: DerivedProblem[] = [];
  const recheck = run.ctx.database.engine === 'postgres';
  let kept = '';
  for (const { stream, head } of page) {
    const links = await readLinks(db, stream);
    report.events += links.length;
    // The head kept is the last event read, as the events hold it (what a later check asks them for).
    const last = links[links.length - 1];
    if (run.keepHeads && last) kept += keptHeadLine({ stream, count: last.seq, hash: last.hash });
    refs.push(...correspondenceRefs(stream, links));
    const row = stream.startsWith('case:') ? rows.get(stream.slice('case:'.length)) : undefined;
    // A case's chain is named by its reference too, which is how a person knows it.
    const named = row ? ` (case ${String(row.reference)})` : '';
    for (const p of verifyStream(stream, links, head))
      report.problems.push({ ...p, detail: `${p.detail}${named}` });
    let redacted = false;
    for (const e of links) {
      if (!e.redacted) continue;
      redacted = true;
      if (!isRedacted(e.payload))
        report.problems.push({
          kind: 'redaction_altered',
          stream,
          seq: e.seq,
          detail: `event ${e.seq} (${e.type}) is marked redacted but holds text that redaction does not write`,
        });
    }
    const written = stream.startsWith('case:')
      ? (acknowledgements.get(stream.slice('case:'.length)) ?? [])
      : undefined;
    const derived = verifyDerived(stream, links, states.get(stream), row, redacted, written);
    // The same row compared as if its e-mails sent had not gone out yet: if it then agrees, its key is the one a
    // send whose move waits for a write of the case leaves for a moment (see verifyEvents), and is read again.
    if (
      recheck &&
      written?.some(sentEmail) &&
      derived.some((p) => p.kind === 'row_altered') &&
      !verifyDerived(
        stream,
        links,
        undefined,
        row,
        redacted,
        written.map((a) => (sentEmail(a) ? { ...a, status: 'sending' } : a)),
      ).some((p) => p.kind === 'row_altered')
    ) {
      apart.push(...derived.filter((p) => p.kind === 'row_altered'));
      report.problems.push(...derived.filter((p) => p.kind !== 'row_altered'));
    } else report.problems.push(...derived);
  }
  if (kept) run.keepHeads?.(kept);
  const release = run.hold(page.length + refs.length);
  const references = new Map<string, string>();
  for (const [id, row] of rows) references.set(id, String(row.reference));
  await verifyCorrespondenceRefs(run, db, refs, references);
  release();
  return apart;
}

function usedBy(
  rows: { correspondenceId: string; direction: string; reference: string | null; attachment?: string }[],
): string {
  if (!rows.length) return 'not referred to by any correspondence';
  return `held by ${rows
    .map(
      (r) =>
        `${r.attachment !== undefined ? `the attachment ${JSON.stringify(r.attachment)} of ` : ''}${r.direction === 'in' ? 'inbound' : 'outbound'} ${r.correspondenceId}${r.reference ? ` (case ${r.reference})` : ''}`,
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
async function auditAnchors(run: Run): Promise<void> {
  const { report, facts } = run;
  const { db } = run.ctx.database;
  for await (const page of auditAnchoredOutbound(db, run.page)) {
    const known = facts.lookup([...new Set(page.map((a) => a.id))]);
    const release = run.hold(page.length + known.size);
    // The first seal on record for an item stands, as an event's does over an audit entry's.
    const seen = new Set<string>();
    const fresh = page.filter((a) => {
      if (a.sha256 === null || known.get(a.id)?.anchor || seen.has(a.id)) return false;
      seen.add(a.id);
      return true;
    });
    for (const a of fresh)
      facts.note(a.id, { anchor: { seal: a.sha256!, where: `audit entry ${a.seq}` } }, { keepAnchor: true });
    const unchecked = fresh.filter((a) => !known.get(a.id)?.namedByEvent);
    const rows = await correspondenceByIds(
      db,
      fresh.map((a) => a.id),
    );
    // An item the audit chain sealed for a case is held by that case, or by one that may hold it (mayHold).
    for (const a of fresh) {
      const row = rows.get(a.id);
      if (!a.caseId || !row || row.redacted || row.caseId === a.caseId || known.get(a.id)?.named) continue;
      const moved = await movedProblem(db, row, a.caseId, `sealed in audit entry ${a.seq}`);
      if (!moved) continue;
      facts.note(a.id, { named: true });
      report.problems.push(moved);
    }
    const gone = unchecked.filter((a) => !rows.has(a.id));
    const cases = gone.length
      ? await caseRowsByIds(
          db,
          gone.flatMap((a) => (a.caseId ? [a.caseId] : [])),
        )
      : new Map<string, Record<string, unknown>>();
    for (const a of gone) {
      facts.note(a.id, { named: true });
      const reference = a.caseId ? String(cases.get(a.caseId)?.reference ?? a.caseId) : null;
      report.problems.push({
        kind: 'correspondence_missing',
        stream: `correspondence:${a.id}`,
        seq: 0,
        detail: `the outbound ${a.channel === 'letter' ? 'letter' : 'e-mail'} ${a.id}${a.purpose ? ` (${a.purpose})` : ''}${reference ? ` of case ${reference}` : ' (of no case)'} whose seal audit entry ${a.seq} recorded is missing from the database`,
      });
    }
    release();
  }
}

const LIST = 'the list of correspondence written before outbound seals were anchored';

/** A row as a problem names it: `outbound e-mail <id> of case RC-…`. */
function describeRow(
  r: { id: string; direction: string; channel: string; caseId: string | null; inboxItemId?: string | null },
  cases: ReadonlyMap<string, Record<string, unknown>>,
): string {
  const what = r.channel === 'letter' ? 'letter' : r.channel === 'email' ? 'e-mail' : 'message';
  const reference = r.caseId ? String(cases.get(r.caseId)?.reference ?? r.caseId) : null;
  return `${r.direction === 'in' ? 'inbound' : 'outbound'} ${what} ${r.id}${reference ? ` of case ${reference}` : r.inboxItemId ? ` of inbox item ${r.inboxItemId}` : ' (of no case)'}`;
}

/**
 * The list of rows written before outbound seals were anchored accounts for rows no chain names, so it must be as
 * the upgrade recorded it in the audit chain (core/archive/anchor-list.ts): read again in its order, its digest is
 * compared with the record's; where they differ, the entries added, removed or changed are taken out of the
 * record's sums and named, and an entry added accounts for nothing (verifyAccounted names its row). A row the list
 * accounts for must still carry the seal the list recorded for it: a row changed together with its own copy of the
 * seal is named.
 */
async function verifyAnchorList(run: Run): Promise<void> {
  const { report, facts } = run;
  const { db } = run.ctx.database;
  const problem = (
    kind: AnchorListProblem['kind'] | 'correspondence_missing',
    stream: string,
    detail: string,
  ) => report.problems.push({ kind, stream, seq: 0, detail });
  const casesOf = (rows: readonly { caseId: string | null }[]) =>
    caseRowsByIds(
      db,
      rows.flatMap((r) => (r.caseId ? [r.caseId] : [])),
    );
  const entryName = async (e: AnchorListItem) =>
    e.row
      ? `the ${describeRow({ id: e.id, ...e.row }, await casesOf([e.row]))}`
      : `correspondence ${e.id} (no such row)`;

  // Entries without a place: the upgrade gave every entry it found one.
  for await (const page of unnumberedAnchorEntries(db, run.page)) {
    const release = run.hold(page.length);
    for (const e of page) {
      facts.note(e.id, { untrusted: true });
      problem(
        'anchor_list_added',
        `correspondence:${e.id}`,
        `${LIST} holds ${await entryName(e)}, which it did not hold when it was recorded (an entry without a place in it: added by hand)`,
      );
    }
    release();
  }

  const recorder = anchorListRecorder();
  for await (const page of anchorListPages(db, run.page)) {
    const release = run.hold(page.length);
    for (const e of page) recorder.add(e);
    release();
  }
  const now = recorder.finish();
  const recorded = await anchorListRecordOf(db);
  // A record appended later, to match a list changed since, does not replace the upgrade's.
  for (const seq of recorded?.later ?? [])
    problem(
      'anchor_list_changed',
      'anchor_list',
      `audit entry ${seq} records ${LIST} again, which the upgrade records once (audit entry ${recorded!.seq}): the first record stands`,
    );
  if (!recorded?.record) {
    if (now.count === 0 && !recorded) return;
    problem(
      'anchor_list_unrecorded',
      'anchor_list',
      recorded
        ? `${LIST} holds ${now.count} entries, but audit entry ${recorded.seq}, which recorded it, no longer reads as its record: the list accounts for no row`
        : `${LIST} holds ${now.count} entries, but no entry of the audit chain records it (the upgrade records it once it has filled it): the list accounts for no row`,
    );
    for await (const page of anchorListPages(db, run.page)) {
      const release = run.hold(page.length);
      for (const e of page) facts.note(e.id, { untrusted: true });
      release();
    }
    return;
  }
  const where = `audit entry ${recorded.seq}`;
  const difference = anchorListDifference(recorded.record, now);
  const added = new Set(difference.same ? [] : difference.added.map((k) => k.toString('hex')));
  const removed = new Set(difference.same ? [] : difference.removed.map((k) => k.toString('hex')));
  // Only when they differ: the entries added (and changed, which are both) found again by their key.
  const namedAdded = new Map<string, AnchorListItem>();
  const release = run.hold(added.size + removed.size);
  for await (const page of anchorListPages(db, run.page)) {
    const known = facts.lookup(page.map((e) => e.id));
    const hold = run.hold(page.length + known.size);
    const sealChanged: AnchorListItem[] = [];
    for (const e of page) {
      if (added.size && added.has(anchorEntryKey(e).toString('hex'))) {
        namedAdded.set(e.id, e);
        facts.note(e.id, { untrusted: true });
        continue;
      }
      if (known.get(e.id)?.named) continue;
      if (!e.row) {
        // A row the list accounts for is kept as the rest are: one deleted is named, even if no event names it.
        facts.note(e.id, { named: true });
        problem(
          'correspondence_missing',
          `correspondence:${e.id}`,
          `the correspondence ${e.id} that ${LIST} names (${where}) is missing from the database`,
        );
      } else if (e.row.contentSha256 !== e.seal) sealChanged.push(e);
    }
    if (sealChanged.length) {
      const cases = await casesOf(sealChanged.map((e) => e.row!));
      for (const e of sealChanged) {
        facts.note(e.id, { named: true });
        report.problems.push({
          kind: e.row!.direction === 'in' ? 'inbound_altered' : 'outbound_altered',
          stream: `correspondence:${e.id}`,
          seq: 0,
          detail: `the ${describeRow({ id: e.id, ...e.row! }, cases)} no longer carries the seal that ${LIST} recorded for it (${where}): it was changed together with its own copy of the seal`,
        });
      }
    }
    hold();
  }
  // An entry removed, or the earlier form of one changed: its row, if still there, is found by its key.
  const removedRows = new Map<
    string,
    { id: string; direction: string; channel: string; caseId: string | null }
  >();
  if (removed.size)
    for await (const page of correspondenceIdPages(db, run.page)) {
      const hold = run.hold(page.length);
      for (const r of page) {
        const key = anchorEntryKey({ id: r.id, seal: r.seal }).toString('hex');
        if (removed.has(key)) {
          removedRows.set(r.id, r);
          removed.delete(key);
        }
      }
      hold();
    }
  const cases = await casesOf([...namedAdded.values()].flatMap((e) => (e.row ? [e.row] : [])));
  for (const [id, e] of namedAdded) {
    const row = e.row ? `the ${describeRow({ id, ...e.row }, cases)}` : `correspondence ${id} (no such row)`;
    if (removedRows.delete(id))
      problem(
        'anchor_list_changed',
        `correspondence:${id}`,
        `${LIST} holds ${row} with a seal other than the one it held when it was recorded (${where})`,
      );
    else
      problem(
        'anchor_list_added',
        `correspondence:${id}`,
        `${LIST} holds ${row}, which it did not hold when it was recorded (${where}): added by hand, so it accounts for nothing`,
      );
  }
  const removedCases = await casesOf([...removedRows.values()]);
  for (const r of removedRows.values())
    problem(
      'anchor_list_removed',
      `correspondence:${r.id}`,
      `${LIST} no longer holds the ${describeRow(r, removedCases)}, which it held when it was recorded (${where})`,
    );
  for (const key of removed)
    problem(
      'anchor_list_removed',
      'anchor_list',
      `${LIST} no longer holds an entry it held when it was recorded (${where}), and no correspondence row matches that entry now (entry key ${key})`,
    );
  if (!difference.same && !difference.complete)
    problem(
      'anchor_list_changed',
      'anchor_list',
      `${LIST} no longer matches its record (${where}: ${recorded.record.count} entries, now ${now.count}) in more entries than the record can name, or in their order${namedAdded.size + removedRows.size ? ' (those named above are among them)' : ''}`,
    );
  release();
}

async function verifyOutbound(run: Run): Promise<void> {
  const { report, facts } = run;
  const { db } = run.ctx.database;
  for await (const page of recordedOutbound(db, run.page)) {
    const known = facts.lookup(page.map((i) => i.id));
    // Items whose personal fields retention replaced keep their recorded digest, as a redacted event keeps its: what
    // they hold now is checked against their anonymisation's seal (verifyRedactions).
    const redacted = await redactedCorrespondenceAmong(
      db,
      page.map((i) => i.id),
    );
    const before = await writtenBeforeAnchor(
      db,
      page.filter((i) => !known.get(i.id)?.anchor).map((i) => i.id),
    );
    const release = run.hold(page.length + known.size + redacted.size + before.size);
    const altered: { item: (typeof page)[number]; against: string }[] = [];
    for (const item of page) {
      report.outbound++;
      if (redacted.has(item.id) || known.get(item.id)?.named) continue;
      const anchor = known.get(item.id)?.anchor;
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
    // The attachments the items carry are kept in the store of originals: each must still be there (their bytes are
    // checked there, against their SHA-256). An anonymised item no longer lists its attachments.
    const carried = page.flatMap((item) =>
      redacted.has(item.id) ? [] : item.attachments.map((a) => ({ item, attachment: a })),
    );
    const present = carried.length
      ? await presentOriginals(db, [...new Set(carried.map((c) => c.attachment.sha256))])
      : new Set<string>();
    const absent = carried.filter((c) => !present.has(c.attachment.sha256));
    if (absent.length) {
      const cases = await caseRowsByIds(
        db,
        absent.flatMap((a) => (a.item.caseId ? [a.item.caseId] : [])),
      );
      for (const { item, attachment } of absent) {
        const reference = item.caseId ? String(cases.get(item.caseId)?.reference ?? item.caseId) : null;
        report.problems.push({
          kind: 'original_missing',
          stream: `original:${attachment.sha256}`,
          seq: 0,
          detail: `the attachment ${JSON.stringify(attachment.filename)} (${attachment.sha256}) of outbound ${item.channel === 'letter' ? 'letter' : 'e-mail'} ${item.id} (${item.purpose})${reference ? ` of case ${reference}` : ' (of no case)'} is missing from the store`,
        });
      }
    }
    if (altered.length) {
      const cases = await caseRowsByIds(
        db,
        altered.flatMap((a) => (a.item.caseId ? [a.item.caseId] : [])),
      );
      for (const { item, against } of altered) {
        facts.note(item.id, { named: true });
        const reference = item.caseId ? String(cases.get(item.caseId)?.reference ?? item.caseId) : null;
        report.problems.push({
          kind: 'outbound_altered',
          stream: `correspondence:${item.id}`,
          seq: 0,
          detail: `the outbound ${item.channel === 'letter' ? 'letter' : 'e-mail'} ${item.id} (${item.purpose}, ${item.status})${reference ? ` of case ${reference}` : ' (of no case)'} no longer matches ${against} (recipient, subject, text, attachments or PDF changed)`,
        });
      }
    }
    release();
  }
}

/**
 * Every correspondence row, either direction, must be accounted for by a chain: named by an event, its seal carried
 * by an event or an audit entry, or written before outbound seals were anchored (the list the upgrade kept, as its
 * record in the audit chain has it). A row none accounts for was not written by Redress: it is named, with its case.
 * The server writes meanwhile: a row written after the chains were read (mail filed, an acknowledgement recorded, a
 * member of staff answering) is unknown to what they said, so a row a page finds unaccounted is looked at again
 * (secondLook), and named only if the chains as they are now do not account for it either.
 */
async function verifyAccounted(run: Run): Promise<void> {
  const { report, facts } = run;
  const { db } = run.ctx.database;
  for await (const page of correspondenceIdPages(db, run.page)) {
    const known = facts.lookup(page.map((r) => r.id));
    const release = run.hold(page.length + known.size);
    const open = page.filter((r) => {
      const k = known.get(r.id);
      return !k?.namedByEvent && !k?.anchor && !k?.named;
    });
    const before = open.length
      ? await writtenBeforeAnchor(
          db,
          open.map((r) => r.id),
        )
      : new Set<string>();
    const seemingly = open.filter((r) => !before.has(r.id) || known.get(r.id)?.untrusted);
    const { unaccounted, altered } = seemingly.length
      ? await secondLook(run, seemingly)
      : { unaccounted: [], altered: [] };
    for (const problem of altered) {
      facts.note(problem.stream.slice('correspondence:'.length), { named: true });
      report.problems.push(problem);
    }
    if (unaccounted.length) {
      const cases = await caseRowsByIds(
        db,
        unaccounted.flatMap((r) => (r.caseId ? [r.caseId] : [])),
      );
      for (const r of unaccounted)
        report.problems.push({
          kind: 'correspondence_unaccounted',
          stream: `correspondence:${r.id}`,
          seq: 0,
          detail: `the ${describeRow(r, cases)} is accounted for by no chain: no event names it and no event or audit entry carries its seal (a row added by hand)${before.has(r.id) ? `; ${LIST} holds it, but not as that list was recorded` : ''}`,
        });
    }
    release();
  }
}

/** What the second look at a page's rows found: the rows still accounted for by no chain, and those altered. */
interface SecondLook<R> {
  unaccounted: R[];
  altered: ContentProblem[];
}

/**
 * The rows of a page that what the earlier passes noted does not account for, looked at again as the database is now,
 * in one snapshot: those an event of their case's or inbox item's stream names (a stream whose chain and head still
 * verify), or whose seal a chained audit entry carries, are accounted for; the rest are returned. Whether a row is
 * new is never taken from the time it carries, which a row added by hand may set to anything. A row deleted since is
 * left out: nothing of it is left to account for. Read for the few rows a page finds unaccounted only.
 * A row so accounted for is checked here against the seal on record for it, as the earlier passes check the rows
 * they know: an inbound row against every seal an event carries for it, an outbound one against the seal an event
 * carries (else the first a chained audit entry carries), and one for which no chain carries a seal against its own
 * copy. A row changed together with its own copy after the chains were read is then named in this run.
 * A case merged into another moves its mail, while the events that filed it and carry its seals stay with the
 * duplicate: the streams of the cases a case absorbed (its `case_merged` events) are read too, and theirs in turn.
 */
async function secondLook<R extends { id: string; caseId: string | null; inboxItemId: string | null }>(
  run: Run,
  rows: readonly R[],
): Promise<SecondLook<R>> {
  return readSnapshot(run.ctx.database, async (db) => {
    const ids = rows.map((r) => r.id);
    const wanted = new Set(ids);
    const now = await correspondenceByIds(db, ids);
    // The streams that may name them: as the page read them, and as they are now (an inbox item filed on a case).
    const streams = new Set<string>();
    for (const r of rows)
      for (const at of [r, now.get(r.id)]) {
        if (at?.caseId) streams.add(`case:${at.caseId}`);
        if (at?.inboxItemId) streams.add(`inbox:${at.inboxItemId}`);
      }
    const audit = await auditSealsAmong(db, ids);
    const accounted = new Set(audit.keys());
    const inboundSeals = new Map<string, CorrespondenceRef[]>();
    const outboundSeals = new Map<string, CorrespondenceRef>();
    const release = run.hold(rows.length + now.size + streams.size + audit.size);
    const read = new Set<string>();
    for (let queue = [...streams]; queue.length; ) {
      const stream = queue.pop()!;
      if (read.has(stream)) continue;
      read.add(stream);
      const links = await readLinks(db, stream);
      // Only a stream whose chain and head still verify, as the events pass asks of every stream, accounts for a row.
      if (verifyStream(stream, links, (await streamHeadsOf(db, [stream])).get(stream) ?? null).length)
        continue;
      for (const ref of correspondenceRefs(stream, links)) {
        if (!wanted.has(ref.id)) continue;
        accounted.add(ref.id);
        if (ref.seal !== null) inboundSeals.set(ref.id, [...(inboundSeals.get(ref.id) ?? []), ref]);
        if (ref.outboundSeal !== null) outboundSeals.set(ref.id, ref);
      }
      if (stream.startsWith('case:'))
        for (const e of links) {
          const source =
            e.type === 'case_merged' ? (e.payload as { sourceCaseId?: unknown }).sourceCaseId : null;
          if (typeof source === 'string' && source) queue.push(`case:${source}`);
        }
    }
    const altered: { row: SealedInbound & { direction: string }; against: string }[] = [];
    for (const id of accounted) {
      const row = now.get(id);
      if (!row || row.redacted) continue;
      if (row.direction === 'in') {
        const refs = inboundSeals.get(id) ?? [];
        const bad = refs.find((ref) => inboundSealMatch(row, ref.seal!) === null);
        if (bad) altered.push({ row, against: `the seal that ${whereNamed(bad, undefined)} recorded` });
        else if (
          !refs.length &&
          row.contentSha256 !== null &&
          inboundSealMatch(row, row.contentSha256) === null
        )
          altered.push({ row, against: 'the seal taken when it was received' });
        continue;
      }
      const item = await recordedOutboundById(db, id);
      if (!item) continue;
      const byEvent = outboundSeals.get(id);
      const anchor = byEvent
        ? { seal: byEvent.outboundSeal!, where: whereNamed(byEvent, undefined) }
        : audit.has(id)
          ? { seal: audit.get(id)!.seal, where: `audit entry ${audit.get(id)!.seq}` }
          : null;
      const digest = outboundContentDigest(item);
      if (anchor) {
        if (digest !== anchor.seal || (item.contentSha256 !== null && item.contentSha256 !== anchor.seal))
          altered.push({ row, against: `the seal ${anchor.where} recorded when it was written` });
      } else if (item.contentSha256 !== null && digest !== item.contentSha256)
        altered.push({ row, against: 'the digest recorded when it was written' });
    }
    const cases = altered.length
      ? await caseRowsByIds(
          db,
          altered.flatMap((a) => (a.row.caseId ? [a.row.caseId] : [])),
        )
      : new Map<string, Record<string, unknown>>();
    release();
    return {
      unaccounted: rows.filter((r) => now.has(r.id) && !accounted.has(r.id)),
      altered: altered.map(({ row, against }) => ({
        kind: row.direction === 'in' ? 'inbound_altered' : 'outbound_altered',
        stream: `correspondence:${row.id}`,
        seq: 0,
        detail: `the ${describeRow(row, cases)} no longer matches ${against} (found on a second look at the rows the chains did not name when verify read them; ${row.direction === 'in' ? 'text, sender, the address it verifiably comes from, subject, addresses, dates or pointer to the original changed' : 'recipient, subject, text, attachments or PDF changed'})`,
      })),
    };
  });
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
async function verifyInbound(run: Run): Promise<void> {
  const { ctx, report, facts } = run;
  const { db } = ctx.database;
  for await (const page of inboundPages(db, run.page)) {
    const known = facts.lookup(page.map((r) => r.id));
    const release = run.hold(page.length + known.size);
    const altered: { row: SealedInbound; why: string }[] = [];
    for (const row of page) {
      report.inbound++;
      const k = known.get(row.id);
      if (k?.named) continue;
      if (row.redacted) {
        if (row.senderAddress !== null)
          altered.push({
            row,
            why: `was anonymised, yet keeps ${row.senderAddress} as the address it verifiably comes from (anonymisation clears it)`,
          });
        continue;
      }
      // The seal an event carries decides: a row's own copy may have been made again to match a change.
      let match: 'sender_sealed' | 'sender_unsealed' | undefined = k?.senderUnsealed
        ? 'sender_unsealed'
        : undefined;
      if (row.contentSha256 === null) {
        if (k?.anchoredWithoutSeal) match ??= 'sender_sealed';
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
    if (altered.length) {
      const cases = await caseRowsByIds(
        db,
        altered.flatMap((a) => (a.row.caseId ? [a.row.caseId] : [])),
      );
      for (const { row, why } of altered) {
        facts.note(row.id, { named: true });
        const reference = row.caseId ? (cases.get(row.caseId)?.reference ?? row.caseId) : null;
        report.problems.push({
          kind: 'inbound_altered',
          stream: `correspondence:${row.id}`,
          seq: 0,
          detail: `the inbound ${row.channel === 'letter' ? 'letter' : row.channel === 'email' ? 'e-mail' : 'message'} ${row.id}${reference ? ` of case ${String(reference)}` : row.inboxItemId ? ` of inbox item ${row.inboxItemId}` : ''} ${why}`,
        });
      }
    }
    release();
  }
}

/**
 * The audit chain, a page of entries at a time, each page read in a snapshot of its own, and the last page (the one
 * that reaches the end of the chain) in the same snapshot as the head. Staff act while verify runs, and each act
 * appends an entry and moves the head on in one transaction: a head read apart from the entries, after them, would
 * count an entry written in between that verify never read, and name it missing. Read with the last page, the head
 * counts exactly the entries there; one written since is left to the next run. An entry deleted or changed by hand
 * is still found: the head, or the entry after it, still records what it was.
 */
async function verifyAudit(run: Run): Promise<void> {
  const { ctx, report } = run;
  const verifier = auditChainVerifier();
  const size = run.page ?? AUDIT_PAGE;
  let head: { seq: number; hash: string | null } | null | undefined;
  for (let after = 0; head === undefined; )
    head = await readSnapshot(ctx.database, async (db) => {
      const page = await auditChainPage(db, after, size);
      for (const row of page) {
        report.auditEntries++;
        verifier.add(row);
      }
      if (page.length) after = page[page.length - 1]!.seq;
      await run.betweenAuditReads?.();
      return page.length < size ? readAuditHead(db) : undefined;
    });
  report.problems.push(...verifier.finish(head));
  if (head?.hash && head.seq > 0)
    run.keepHeads?.(keptHeadLine({ stream: AUDIT_STREAM, count: head.seq, hash: head.hash }));
  for (const u of await unchainedAuditIds(ctx.database.db))
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
 * The server writes meanwhile. The searches for rows redacted without an anonymisation need no snapshot: an
 * anonymisation writes its redactions and its audit entry in one transaction, so a statement that sees a row
 * redacted sees the entry that covers it too; and what covers a redacted row (a chained audit entry, an event that
 * forwarded it) is never removed by Redress, so a later statement that looks for it again can only find more. The
 * seals need one: see below.
 */
async function verifyRedactions(run: Run): Promise<void> {
  const { ctx, report } = run;
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
  // A page of anonymisations and the seals of what their targets hold now, taken in one snapshot: a target may be
  // anonymised again while verify runs (a case reopened after its first anonymisation), and a seal taken after that
  // would be compared with the anonymisation read before it.
  for (let after = 0, more = true; more; )
    more = await readSnapshot(ctx.database, async (db) => {
      const page = await latestAnonymisationPage(db, after, run.page ?? REDACTION_PAGE);
      await run.betweenRedactionReads?.();
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
      if (page.length) after = page[page.length - 1]!.seq;
      return page.length === (run.page ?? REDACTION_PAGE);
    });
}

/** Case rows or references read per page. */
const CASE_PAGE = 1000;
/** The most references named missing in one run: beyond, verify says how far it stopped looking. */
const MISSING_REFERENCES = 100;

/**
 * Every case row has a stream (a row without one was added by hand, or its events were deleted with their head), and
 * every reference a counter has given out is held by a case: numbers are given without gaps, one per case opened, in
 * the transaction that opens it (on PostgreSQL, from a pool of reserved numbers, where a number given up waits for
 * the next case), so a number that no case holds and the pool does not hold either is a case deleted whole. Only
 * numbers of six digits are looked at (the order of the text is theirs).
 */
async function verifyCases(run: Run): Promise<void> {
  const { report, ctx } = run;
  const { db, engine } = ctx.database;
  const size = run.page ?? CASE_PAGE;
  for (let after = '', more = true; more; ) {
    const page = await casesWithoutStreamPage(db, after, size);
    for (const c of page)
      report.problems.push({
        kind: 'case_unaccounted',
        stream: `case:${c.id}`,
        seq: 0,
        detail: `the case ${c.reference} has a row but no events and no head: added by hand, or its events were deleted with their head`,
      });
    if (page.length) after = page[page.length - 1]!.id;
    more = page.length === size;
  }
  let named = 0;
  for (const counter of await referenceCounters(db)) {
    const { prefix, year } = counter;
    const last = Math.min(counter.value, 999_999);
    const missing = async (from: number, to: number) => {
      for (let lo = from; lo <= to && named < MISSING_REFERENCES; lo += 1000) {
        const hi = Math.min(to, lo + 999);
        for (const n of await numbersNotGiven(db, engine, prefix, year, lo, hi)) {
          if (named >= MISSING_REFERENCES) break;
          named++;
          const reference = `${prefix}-${year}-${String(n).padStart(6, '0')}`;
          report.problems.push({
            kind: 'reference_missing',
            stream: reference,
            seq: 0,
            detail: `the reference ${reference} was given out (the counter of ${prefix} ${year} stands at ${counter.value}) but no case row holds it: the case was deleted (its row, and its events and head too unless its chain is named with its row missing), or the counter was moved by hand`,
          });
        }
        if (named >= MISSING_REFERENCES && hi < to)
          report.problems.push({
            kind: 'reference_missing',
            stream: `${prefix}-${year}`,
            seq: 0,
            detail: `${MISSING_REFERENCES} references are named missing already: the numbers of ${prefix} ${year} after ${hi} were not looked at one by one`,
          });
      }
    };
    let expect = 1;
    for (let after = '', more = true; more && expect <= last; ) {
      const page = await referencesPage(db, prefix, year, after, size);
      for (const reference of page) {
        const digits = reference.slice(`${prefix}-${year}-`.length);
        if (!/^\d{6}$/.test(digits)) continue;
        const n = Number(digits);
        if (n > expect) await missing(expect, Math.min(n - 1, last));
        expect = Math.max(expect, n + 1);
      }
      if (page.length) after = page[page.length - 1]!;
      more = page.length === size;
    }
    if (expect <= last) await missing(expect, last);
  }
}

/** Kept heads checked per query. */
const KEPT_PAGE = 500;

/**
 * The archive against heads kept outside it by an earlier run (core/archive/kept-heads.ts), a page of kept lines at a
 * time: the event (audit entry) at each kept place must still be there, with the hash kept. Events are only ever
 * appended, so nothing written since, by this run's time or another's, can make a kept head fail.
 */
async function verifyKeptHeads(run: Run, lines: AsyncIterable<string>): Promise<void> {
  const { report } = run;
  const { db } = run.ctx.database;
  let page: KeptHead[] = [];
  const check = async () => {
    if (!page.length) return;
    const release = run.hold(page.length * 2);
    const streams = page.filter((k) => k.stream !== AUDIT_STREAM);
    const hashes = await eventHashesAt(
      db,
      streams.map((k) => ({ stream: k.stream, seq: k.count })),
    );
    const failing = streams.filter((k) => hashes.get(`${k.stream} ${k.count}`) !== k.hash);
    const heads = await streamHeadsOf(
      db,
      failing.map((k) => k.stream),
    );
    const cases = await caseRowsByIds(
      db,
      failing.filter((k) => k.stream.startsWith('case:')).map((k) => k.stream.slice('case:'.length)),
    );
    for (const k of page) {
      let problem: KeptHeadProblem | null;
      if (k.stream === AUDIT_STREAM)
        problem = compareKeptHead(
          k,
          { hashAtKept: await auditHashAt(db, k.count), count: (await readAuditHead(db))?.seq ?? null },
          'the audit log',
        );
      else {
        const reference = k.stream.startsWith('case:')
          ? cases.get(k.stream.slice('case:'.length))?.reference
          : undefined;
        problem = compareKeptHead(
          k,
          {
            hashAtKept: hashes.get(`${k.stream} ${k.count}`) ?? null,
            count: heads.get(k.stream)?.version ?? null,
          },
          reference ? `case ${String(reference)} (${k.stream})` : k.stream,
        );
      }
      if (problem) report.problems.push(problem);
    }
    release();
    page = [];
  };
  let n = 0;
  let format = false;
  for await (const line of lines) {
    n++;
    format ||= line.trim() === KEPT_HEADS_FORMAT;
    const head = parseKeptHeadLine(line);
    if (head === 'skip') continue;
    if (head === null) {
      report.problems.push({
        kind: 'kept_heads_unreadable',
        stream: 'kept_heads',
        seq: n,
        detail: `line ${n} of the kept heads is not a head (a stream, a count and a SHA-256): the file was changed, or is not one that redress archive verify --keep-heads wrote`,
      });
      continue;
    }
    page.push(head);
    if (page.length >= KEPT_PAGE) await check();
  }
  await check();
  // An empty file, or another kind of file, would otherwise check nothing and pass.
  if (!format)
    report.problems.push({
      kind: 'kept_heads_unreadable',
      stream: 'kept_heads',
      seq: 0,
      detail: `the kept heads do not start with ${KEPT_HEADS_FORMAT}: not a file that redress archive verify --keep-heads wrote, so nothing was checked against it`,
    });
}

export async function verifyArchive(ctx: AppContext, options: VerifyOptions = {}): Promise<VerifyReport> {
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
  const gauge = options.held ?? { held: 0, peak: 0 };
  const facts = openFactsIndex();
  const run: Run = {
    ctx,
    report,
    facts,
    page: options.page,
    betweenReads: options.betweenReads,
    betweenAuditReads: options.betweenAuditReads,
    betweenRedactionReads: options.betweenRedactionReads,
    keepHeads: options.keepHeads,
    hold(n) {
      gauge.held += n;
      gauge.peak = Math.max(gauge.peak, gauge.held + facts.held);
      return () => {
        gauge.peak = Math.max(gauge.peak, gauge.held + facts.held);
        gauge.held -= n;
      };
    },
  };
  try {
    if (options.keptHeads) await verifyKeptHeads(run, options.keptHeads);
    options.keepHeads?.(keptHeadsHeader(ctx.clock.now()));
    await verifyEvents(run);
    await verifyOriginals(ctx, report);
    await auditAnchors(run);
    await verifyAnchorList(run);
    await verifyOutbound(run);
    await verifyInbound(run);
    await verifyAccounted(run);
    await verifyCases(run);
    await verifyAudit(run);
    await verifyRedactions(run);
  } finally {
    facts.close();
  }
  return report;
}
