// A case dossier (P6.2; core/archive/dossier.ts says what it holds): gathered from the archive, packed as one
// ZIP, and recorded in the audit log (who exported which case, the chain head it showed, and the SHA-256 of its
// manifest, which the audit chain then covers). The caller decides who may export (the staff who may read the case,
// and auditors); the command line acts as `cli`. A dossier is checked offline from its files alone
// (`verifyDossierZip`), and, by whoever holds the archive, against it (`verifyDossierAgainstArchive`): its manifest
// is the one an export recorded, its chains are the archive's, and it holds every item the case had then.
//
// The ZIP is written as a stream (export-zip.ts): every original read from the store a piece at a time, straight
// into the file or the download, never the whole dossier in memory. The file appears, and the export is recorded,
// only once it is whole.
import { unzipSync } from 'fflate';
import { caseStream, complainantStream } from '../adapters/db/aggregates.repo.ts';
import { caseIdOfReferenceOrId, inboundOfCase, outboundOfCase } from '../adapters/db/archive.repo.ts';
import { auditChainPage, auditEntriesAbout, readAuditHead } from '../adapters/db/audit-chain.repo.ts';
import { correspondenceByIds } from '../adapters/db/correspondence.repo.ts';
import { loadStream, readLinks } from '../adapters/db/event-store.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import { readSnapshot } from '../adapters/db/read-snapshot.ts';
import { composeMime } from '../adapters/mail/compose-mime.ts';
import type { DossierHistory } from '../adapters/pdf/dossier-pdf.ts';
import { auditChainVerifier } from '../core/archive/audit-chain.ts';
import {
  COMPLAINANT_EVENTS,
  type DossierEvents,
  type DossierManifest,
  type DossierOutbound,
  type DossierProblem,
  type DossierReport,
  EVENTS,
  MANIFEST,
  manifestOf,
  OUTBOUND,
  SUMS,
  verifyDossier,
} from '../core/archive/dossier.ts';
import { type StoredLink, sha256Hex } from '../core/archive/hash-chain.ts';
import type { CaseState } from '../core/case/case.ts';
import type { ComplainantState } from '../core/case/complainant.ts';
import type { Language } from '../core/case/model.ts';
import { DomainError } from '../core/case/refusal.ts';
import { userNames } from './case-page.ts';
import type { AppContext } from './context.ts';
import { type DeliverZip, type ExportFile, writeExportZip } from './export-zip.ts';
import { type Acting, inAccountsTransaction, recordAudit } from './record-audit.ts';

export interface Dossier {
  filename: string;
  reference: string;
  head: string | null;
  events: number;
  files: number;
}

const EXTENSIONS: Record<string, string> = {
  'message/rfc822': 'eml',
  'application/pdf': 'pdf',
  'image/png': 'png',
  'image/jpeg': 'jpg',
  'image/tiff': 'tif',
  'image/webp': 'webp',
  'text/plain': 'txt',
};
const extensionOf = (contentType: string) =>
  EXTENSIONS[contentType.split(';')[0]!.trim().toLowerCase()] ?? 'bin';
const pad = (n: number) => String(n).padStart(3, '0');
const day = (iso: string) => iso.slice(0, 10);
/** A file name from outside data, reduced to what every file system takes. */
const safeName = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[^\w.-]+/g, '_')
    .replace(/^[._]+/, '')
    .slice(0, 80) || 'attachment';

/** The case's id from its reference or id. */
export async function findCase(ctx: AppContext, refOrId: string): Promise<CaseState> {
  const id = await caseIdOfReferenceOrId(ctx.database.db, refOrId);
  const state = id ? (await loadStream<CaseState>(ctx.database.db, caseStream(id))).state : null;
  if (!state)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no case ${refOrId}.`,
      details: { context: 'case' },
    });
  return state;
}

function deadlineChanges(links: DossierEvents['events']): DossierHistory['deadlines'] {
  const out: DossierHistory['deadlines'] = [];
  for (const e of links) {
    const p = (e.redacted ? null : e.payload) as Record<string, unknown> | null;
    if (!p) continue;
    if (e.type === 'case_received' && p.deadline) {
      const d = p.deadline as { answerByDate: string };
      out.push({ at: e.at, what: 'set', answerByDate: d.answerByDate, detail: '' });
    } else if (e.type === 'extended')
      out.push({
        at: e.at,
        what: 'extended',
        answerByDate: String(p.answerByDate),
        detail: `${String(p.previousAnswerByDate)} -> ${String(p.answerByDate)}; ${String(p.windowStart)} - ${String(p.windowEnd)}; ${String(p.reason)}`,
      });
    else if (e.type === 'deadlines_recomputed' || (e.type === 'reclassified' && p.deadline)) {
      const to = (e.type === 'reclassified' ? p.deadline : p.to) as { answerByDate: string };
      const from = e.type === 'reclassified' ? null : (p.from as { answerByDate: string });
      out.push({
        at: e.at,
        what: 'recomputed',
        answerByDate: to.answerByDate,
        detail: `${from ? `${from.answerByDate} -> ` : ''}${to.answerByDate}${p.reason ? `; ${String(p.reason)}` : ''}`,
      });
    }
  }
  return out;
}

/** What an event's detail line says in the PDF: the particulars a reader needs, never the whole payload. */
function eventDetail(type: string, payload: unknown, name: (id: unknown) => string): string {
  const p = (payload ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  switch (type) {
    case 'case_received':
      return [s(p.reference), s(p.subject)].filter(Boolean).join(' - ');
    case 'assigned':
      return `${name(p.from)} -> ${name(p.to)}`;
    case 'categorised':
      return `${s(p.from) || '-'} -> ${s(p.to) || '-'}`;
    case 'note_added':
    case 'flagged':
    case 'unflagged':
      return s(p.text ?? p.reason);
    case 'extended':
      return `${s(p.windowStart)} - ${s(p.windowEnd)}: ${s(p.reason)}`;
    case 'answered':
      return [s(p.outcome), s(p.text)].filter(Boolean).join(': ').slice(0, 2000);
    case 'closed':
    case 'reopened':
      return s(p.reason);
    case 'reclassified':
      return `${s(p.from)} -> ${s(p.to)}${p.reason ? ` (${s(p.reason)})` : ''}`;
    case 'escalated':
    case 'step2_linked':
      return s(p.step2Reference);
    case 'merged_into':
      return s(p.targetReference);
    case 'case_merged': {
      const due = (p.deadline as { answerByDate?: string } | undefined)?.answerByDate;
      // The answer date this case took from the duplicate, where it was earlier (dates need no translation).
      return `${s(p.sourceReference)}${due ? ` (${s(due)})` : ''}`;
    }
    case 'deadlines_recomputed': {
      const from = p.from as { answerByDate?: string } | undefined;
      const to = p.to as { answerByDate?: string } | undefined;
      return `${s(from?.answerByDate)} -> ${s(to?.answerByDate)}: ${s(p.reason)}`;
    }
    case 'suggestion_forwarded':
    case 'suggestion_done':
      return [s(p.department), s(p.note)].filter(Boolean).join(': ');
    case 'information_requested':
      return Array.isArray(p.missing) ? p.missing.join(', ') : '';
    default:
      return '';
  }
}

/** The complainant's events in the PDF: restrictions (P8.3) with their reason and review date, above all. */
function complainantEventDetail(type: string, payload: unknown, name: (id: unknown) => string): string {
  const p = (payload ?? {}) as Record<string, unknown>;
  const s = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  switch (type) {
    case 'restricted':
      return `${s(p.kind)}: ${s(p.reason)} (review by ${s(p.reviewBy)}${p.designatedContactId ? `; contact ${name(p.designatedContactId)}` : ''})`;
    case 'restriction_lifted':
    case 'marked_unreachable':
      return s(p.reason);
    default:
      return '';
  }
}

export type { ExportFile };

/**
 * An original's bytes, a piece at a time, as the ZIP is written. One that has gone from the store since the
 * export listed it (erased meanwhile) stops the export: never an empty file in its place under a sum it lacks.
 */
async function* originalBytes(originals: DatabaseOriginals, sha256: string): AsyncGenerator<Uint8Array> {
  let found = false;
  for await (const piece of originals.read(sha256)) {
    found = true;
    yield piece;
  }
  if (!found) throw new Error(`the original ${sha256} left the store while it was being exported`);
}

/**
 * The files of one case's correspondence, under `prefix`: every original as received (raw e-mails, scans), every
 * outbound item as sent (the letter's PDF, or the e-mail composed again from what was recorded, with its
 * attachments). A case dossier and the export of everything held on a complainant both use it.
 */
export async function caseFiles(
  ctx: AppContext,
  inbound: Awaited<ReturnType<typeof inboundOfCase>>,
  outbound: Awaited<ReturnType<typeof outboundOfCase>>,
  prefix = '',
): Promise<{
  files: ExportFile[];
  correspondence: DossierHistory['correspondence'];
  outboundIndex: DossierOutbound[];
}> {
  const originals = new DatabaseOriginals(ctx.database.db);
  const files: ExportFile[] = [];
  const correspondence: DossierHistory['correspondence'] = [];

  let n = 0;
  for (const item of inbound) {
    n++;
    // Only what is recorded of it now: its bytes are read when the ZIP is written.
    const original = item.originalSha256 ? await originals.info(item.originalSha256) : null;
    const path = original
      ? `${prefix}originals/${pad(n)}-${day(item.at)}-${item.channel}.${extensionOf(original.contentType)}`
      : null;
    if (original && path)
      files.push({
        path,
        content: () => originalBytes(originals, original.sha256),
        role: 'original',
        archiveSha256: original.sha256,
        correspondenceId: item.id,
      });
    correspondence.push({
      at: item.at,
      direction: 'in',
      channel: item.channel,
      subject: item.subject,
      party: item.fromAddress ?? '',
      file: path,
      status: 'received',
    });
  }

  const outboundIndex: DossierOutbound[] = [];
  n = 0;
  for (const item of outbound) {
    n++;
    let path: string | null = null;
    if (item.channel === 'letter') {
      const pdf = item.originalSha256 ? await originals.info(item.originalSha256) : null;
      if (pdf) {
        path = `${prefix}outbound/${pad(n)}-${day(item.at)}-letter.pdf`;
        files.push({
          path,
          content: () => originalBytes(originals, pdf.sha256),
          role: 'outbound',
          archiveSha256: pdf.sha256,
          correspondenceId: item.id,
        });
      }
    } else {
      const attached: (typeof item.attachments)[number][] = [];
      for (const [i, a] of item.attachments.entries()) {
        const o = await originals.info(a.sha256);
        if (!o) continue;
        attached.push(a);
        files.push({
          // Numbered: two attachments may carry the same name.
          path: `${prefix}outbound/${pad(n)}-attachments/${i + 1}-${safeName(a.filename)}`,
          content: () => originalBytes(originals, o.sha256),
          role: 'outbound_attachment',
          archiveSha256: o.sha256,
          correspondenceId: item.id,
        });
      }
      path = `${prefix}outbound/${pad(n)}-${day(item.at)}-email.eml`;
      files.push({
        path,
        // Composed when written: the message holds its attachments whole, one message at a time (what we sent,
        // within the outbound size limit).
        content: async function* () {
          const attachments = [];
          for (const a of attached) {
            const o = await originals.get(a.sha256);
            if (o) attachments.push({ filename: a.filename, contentType: a.contentType, content: o.content });
          }
          yield await composeMime({ ...item, attachments });
        },
        role: 'outbound',
        correspondenceId: item.id,
        composed: true,
      });
    }
    const { caseId: _case, ...recorded } = item;
    outboundIndex.push({ ...recorded, file: path });
    correspondence.push({
      at: item.at,
      direction: 'out',
      channel: item.channel,
      subject: item.subject,
      party: item.channel === 'letter' ? (item.postalAddress ?? []).join(', ') : (item.toAddress ?? ''),
      file: path,
      status: item.status,
    });
  }
  return { files, correspondence, outboundIndex };
}

/** The case a merged duplicate joined, as its dossier names it. */
export interface MergedInto {
  caseId: string;
  reference: string;
}

const payloadOf = (e: StoredLink) =>
  e.payload !== null && typeof e.payload === 'object' && !Array.isArray(e.payload)
    ? (e.payload as Record<string, unknown>)
    : null;

/**
 * The correspondence a case's dossier holds. A duplicate merged into another case gave its correspondence to that
 * case (merge-cases.ts): its dossier still holds what it received and sent under its own reference (the items its
 * own events name, and those the other case's record of the merge lists as coming from it), with where they are
 * held now, since whoever reads the dossier of that reference must see what was received under it.
 */
async function correspondenceOfDossier(
  ctx: AppContext,
  state: CaseState,
  links: readonly StoredLink[],
): Promise<{
  inbound: Awaited<ReturnType<typeof inboundOfCase>>;
  outbound: Awaited<ReturnType<typeof outboundOfCase>>;
  mergedInto: MergedInto | null;
}> {
  const { db } = ctx.database;
  const [inbound, outbound] = await Promise.all([inboundOfCase(db, state.id), outboundOfCase(db, state.id)]);
  if (!state.mergedInto) return { inbound, outbound, mergedInto: null };
  const target = state.mergedInto;
  const [targetLinks, targetState] = await Promise.all([
    readLinks(db, caseStream(target)),
    loadStream<CaseState>(db, caseStream(target)),
  ]);
  const ids = new Set<string>();
  for (const e of links) {
    const id = payloadOf(e)?.correspondenceId;
    if (typeof id === 'string') ids.add(id);
  }
  for (const e of targetLinks) {
    const p = payloadOf(e);
    if (e.type !== 'case_merged' || p?.sourceCaseId !== state.id || !Array.isArray(p.correspondenceIds))
      continue;
    for (const id of p.correspondenceIds) if (typeof id === 'string') ids.add(id);
  }
  const [movedIn, movedOut] = await Promise.all([inboundOfCase(db, target), outboundOfCase(db, target)]);
  const byTime = <T extends { at: string; id: string }>(a: T, b: T) =>
    a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
  return {
    inbound: [...inbound, ...movedIn.filter((r) => ids.has(r.id))].sort(byTime),
    outbound: [...outbound, ...movedOut.filter((r) => ids.has(r.id))].sort(byTime),
    mergedInto: { caseId: target, reference: targetState.state?.reference ?? target },
  };
}

export async function exportDossier(
  ctx: AppContext,
  refOrId: string,
  acting: Acting,
  options: {
    language?: Language;
    /**
     * Where the ZIP goes (a file, a download), written as a stream: done before the export is recorded, so that
     * the audit log never names an export that was not delivered whole.
     */
    deliver: DeliverZip;

    /**
     * Whether the complainant's record goes in (their events: restrictions with reasons, designated contact; the
     * complainant-events file and its chain). Left out for a person the rule does not show it to
     * (core/access/complainant-record.ts); the case's own chain and files are whole either way. Default: in.
     */
    complainantRecord?: boolean;
  },
): Promise<Dossier> {
  const { db } = ctx.database;
  const state = await findCase(ctx, refOrId);
  const stream = caseStream(state.id);
  const personStream = complainantStream(state.complainantId);
  const [head, links, complainant, personLinks] = await Promise.all([
    loadStream<CaseState>(db, stream),
    readLinks(db, stream),
    loadStream<ComplainantState>(db, personStream),
    options.complainantRecord === false ? Promise.resolve([]) : readLinks(db, personStream),
  ]);
  const { inbound, outbound, mergedInto } = await correspondenceOfDossier(ctx, state, links);
  const exportedAt = ctx.clock.now();
  const { files, correspondence, outboundIndex } = await caseFiles(ctx, inbound, outbound);
  correspondence.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));

  const events: DossierEvents = { stream, version: head.version, headHash: head.headHash, events: links };
  // The people named in the history: actors (`user:<id>`) and the owners an assignment moved between.
  const people = await userNames(
    ctx,
    [...links, ...personLinks].flatMap((e) => {
      const p = (e.type === 'assigned' ? e.payload : null) as { from?: unknown; to?: unknown } | null;
      return [e.actor, p?.from, p?.to]
        .filter((v): v is string => typeof v === 'string' && v.length > 0)
        .map((v) => v.replace(/^user:/, ''));
    }),
  );
  const name = (id: unknown) => {
    if (typeof id !== 'string' || !id) return '-';
    const bare = id.replace(/^user:/, '');
    return people.get(bare) ?? id;
  };
  const details = complainant.state?.details;
  const language = options.language ?? ctx.config.defaultLanguage;
  const exportedBy = acting.label ?? acting.actor;
  const history: DossierHistory = {
    organisation: ctx.config.organisation.name,
    reference: state.reference,
    timeZone: ctx.config.timezone,
    exportedAt,
    exportedBy,
    facts: {
      kind: state.kind,
      step: state.step,
      status: state.status,
      channel: state.channel,
      language: state.language,
      subject: state.subject,
      complainant: [details?.name, details?.email].filter(Boolean).join(', ') || '-',
      receivedAt: state.receivedAt,
      acknowledgeBy: state.deadline?.acknowledgeBy ?? null,
      acknowledgedAt: state.acknowledgedAt,
      answerBy: state.deadline?.answerBy ?? null,
      answerByDate: state.deadline?.answerByDate ?? null,
      answeredAt: state.answeredAt,
      outcome: state.outcome,
      closedAt: state.closedAt,
    },
    deadlines: deadlineChanges(links),
    events: links.map((e) => ({
      seq: e.seq,
      at: e.at,
      who: name(e.actor),
      type: e.type,
      detail: e.redacted ? '' : eventDetail(e.type, e.payload, name),
    })),
    correspondence,
    complainantEvents: personLinks.map((e) => ({
      seq: e.seq,
      at: e.at,
      who: name(e.actor),
      type: e.type,
      detail: e.redacted ? '' : complainantEventDetail(e.type, e.payload, name),
    })),
    chain: { stream, events: head.version, head: head.headHash },
  };
  const encode = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v, null, 2)}\n`);
  files.push({ path: EVENTS, content: encode(events), role: 'events' });
  const personChain =
    complainant.state && options.complainantRecord !== false
      ? { stream: personStream, events: complainant.version, head: complainant.headHash }
      : undefined;
  if (personChain)
    files.push({
      path: COMPLAINANT_EVENTS,
      content: encode({
        ...personChain,
        version: complainant.version,
        headHash: complainant.headHash,
        events: personLinks,
      }),
      role: 'complainant_events',
    });
  files.push({ path: OUTBOUND, content: encode(outboundIndex), role: 'outbound_index' });
  // Loaded when a dossier is made, not when the server starts: the PDF library is large and seldom needed.
  const { renderDossierPdf } = await import('../adapters/pdf/dossier-pdf.ts');
  files.push({ path: 'history.pdf', content: await renderDossierPdf(history, language), role: 'history' });

  const filename = `${state.reference}-dossier.zip`;
  // The manifest and SHA256SUMS come last: the sum of each file is taken while it is written.
  const manifestHead = {
    reference: state.reference,
    caseId: state.id,
    exportedAt,
    exportedBy,
    chain: { stream, events: head.version, head: head.headHash },
    ...(personChain ? { complainantChain: personChain } : {}),
    // A merged duplicate: the case that now holds its correspondence (the copies here are those items).
    ...(mergedInto ? { mergedInto } : {}),
  };
  let manifestSha256: string | null = null;
  await options.deliver(filename, async (sink) => {
    await writeExportZip(sink, exportedAt, files, (listed) => {
      const { manifestBytes, sums } = manifestOf(manifestHead, listed);
      manifestSha256 = sha256Hex(manifestBytes);
      return [
        { path: MANIFEST, bytes: manifestBytes },
        { path: SUMS, bytes: sums },
      ];
    });
  });

  await inAccountsTransaction(ctx, (repo) =>
    recordAudit(
      ctx,
      repo,
      acting,
      'case_dossier_exported',
      { type: 'case', id: state.id, label: state.reference },
      {
        chainHead: head.headHash,
        events: head.version,
        files: files.length,
        // What the dossier's manifest was, so that one whose manifest and sums were made again is found
        // (`verifyDossierAgainstArchive`): the audit chain covers this entry.
        manifestSha256,
      },
    ),
  );
  return {
    filename,
    reference: state.reference,
    head: head.headHash,
    events: head.version,
    files: files.length + 2,
  };
}

/** A dossier holds one case's correspondence, each item within the intake's size limit. */
const MAX_UNPACKED_BYTES = 2 * 2 ** 30;

/** A dossier's files as unpacked (folders left out), or the one problem of a file that is not a ZIP. */
function unpackDossier(zip: Uint8Array): Map<string, Uint8Array> | DossierReport {
  let files: Record<string, Uint8Array>;
  let unpacked = 0;
  try {
    // A ZIP can claim to unpack to far more than it holds: count what it says before unpacking anything.
    files = unzipSync(zip, {
      filter: (f) => {
        unpacked += f.originalSize;
        if (unpacked > MAX_UNPACKED_BYTES)
          throw new Error(`it would unpack to more than ${MAX_UNPACKED_BYTES / 2 ** 20} MiB`);
        return true;
      },
    });
  } catch (e) {
    return {
      reference: null,
      head: null,
      events: 0,
      files: 0,
      problems: [{ kind: 'manifest', path: '', detail: `not a ZIP file: ${(e as Error).message}` }],
    };
  }
  // Folders are entries too; only files count.
  return new Map(Object.entries(files).filter(([path]) => !path.endsWith('/')));
}

/** Checks a dossier ZIP offline (core/archive/dossier.ts); a file that is not a ZIP is one problem. */
export function verifyDossierZip(zip: Uint8Array): DossierReport {
  const files = unpackDossier(zip);
  return files instanceof Map ? verifyDossier(files) : files;
}

/**
 * What a dossier checked against the archive can show beyond its own files: `not_recorded`, its manifest is not the
 * one any export of the case recorded (made or changed afterwards, or its record is gone); `audit_not_intact`, the
 * audit log holding that record does not verify; `not_the_archive`, its chains are not the archive's (a head that
 * the stream in the archive does not have at that place); `absent_from_dossier`, an item the case had when it was
 * exported (an original as received, an outbound item) that the dossier does not hold.
 */
export interface DossierArchiveProblem {
  kind: 'not_recorded' | 'audit_not_intact' | 'not_the_archive' | 'absent_from_dossier';
  path: string;
  detail: string;
}

export interface DossierArchiveReport extends Omit<DossierReport, 'problems'> {
  problems: (DossierProblem | DossierArchiveProblem)[];
  /**
   * The audit entry that recorded this export: `manifest`, with this very manifest's SHA-256; `export`, an export by
   * a release before the manifest was recorded, with the same chain head (what such a record can show); null: none.
   */
  recorded: { seq: number; by: 'manifest' | 'export' } | null;
}

function parseJsonFile<T>(bytes: Uint8Array | undefined): T | null {
  if (!bytes) return null;
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) as T;
  } catch {
    return null;
  }
}

/** Audit entries read per page when the audit chain is checked (each page in a snapshot of its own). */
const AUDIT_PAGE = 1000;

export interface DossierArchiveOptions {
  /** Audit entries read per page (tests: small pages). */
  page?: number;
  /**
   * Called once a page of the audit chain is read, before the next page is or, after the last, before the head is
   * (tests: staff act there). It runs inside the page's snapshot: on SQLite it must not use this check's connection.
   */
  betweenAuditReads?: () => Promise<void>;
}

/**
 * Checks a dossier ZIP against the archive it came from (for whoever holds the database): everything the offline
 * check does, then that its manifest is the one an export of the case recorded in the audit chain (so a manifest
 * and sums made again after a file was removed or changed are found), that the audit chain holding that record
 * verifies, that its chains' heads are the archive's events at the same places, and that it holds every original
 * and outbound item the case had when it was exported (those named only by events after the export, or written
 * after it, are not expected).
 */
export async function verifyDossierAgainstArchive(
  ctx: AppContext,
  zip: Uint8Array,
  options: DossierArchiveOptions = {},
): Promise<DossierArchiveReport> {
  const files = unpackDossier(zip);
  if (!(files instanceof Map)) return { ...files, recorded: null };
  const offline = verifyDossier(files);
  const report: DossierArchiveReport = { ...offline, problems: [...offline.problems], recorded: null };
  const manifestBytes = files.get(MANIFEST);
  const manifest = parseJsonFile<DossierManifest>(manifestBytes);
  if (!manifest || offline.reference === null || !manifestBytes) return report;
  const problem = (kind: DossierArchiveProblem['kind'], path: string, detail: string) =>
    report.problems.push({ kind, path, detail });
  const { db } = ctx.database;
  const stream = caseStream(manifest.caseId);
  const [loaded, links] = await Promise.all([loadStream<CaseState>(db, stream), readLinks(db, stream)]);
  const state = loaded.state;
  if (!state || state.reference !== manifest.reference) {
    problem(
      'not_the_archive',
      MANIFEST,
      `the archive holds no case ${manifest.caseId} with the reference ${manifest.reference}`,
    );
    return report;
  }

  // The export's record, in the audit chain. Its digests stay when the case is anonymised (retention.ts keeps them),
  // so a dossier exported before is still recognised; one anonymised by an earlier release lost them.
  const digest = sha256Hex(manifestBytes);
  const exports = await auditEntriesAbout(db, 'case', state.id, 'case_dossier_exported');
  const byManifest = exports.find((e) => e.detail?.manifestSha256 === digest);
  const byExport = exports.find(
    (e) =>
      e.detail !== null &&
      !('manifestSha256' in e.detail) &&
      e.detail.chainHead === manifest.chain.head &&
      e.detail.events === manifest.chain.events,
  );
  if (byManifest) report.recorded = { seq: byManifest.seq, by: 'manifest' };
  else if (byExport) report.recorded = { seq: byExport.seq, by: 'export' };
  else
    problem(
      'not_recorded',
      MANIFEST,
      `no export of ${manifest.reference} recorded in the audit log has this manifest (SHA-256 ${digest})${
        exports.some((e) => e.redacted && !/^[0-9a-f]{64}$/.test(String(e.detail?.manifestSha256)))
          ? ', and the record of some of its exports was anonymised'
          : ''
      }: the manifest was made or changed after the export, or the dossier was not exported by Redress`,
    );
  // The audit chain a page at a time, each page in a snapshot of its own and the last one (that reaches the end of
  // the chain) in the same snapshot as the head, as `redress archive verify` reads it. Staff act while this runs,
  // and each act appends an entry and moves the head on in one transaction: a head read apart from the entries,
  // after them, would count an entry written in between that was never read, and the log would be reported as not
  // verifying. An entry deleted or changed by hand is still found (the head, or the entry after it, records it).
  const auditVerifier = auditChainVerifier();
  const auditPage = options.page ?? AUDIT_PAGE;
  let head: Awaited<ReturnType<typeof readAuditHead>> | undefined;
  for (let after = 0; head === undefined; )
    head = await readSnapshot(ctx.database, async (snapshot) => {
      const page = await auditChainPage(snapshot, after, auditPage);
      for (const row of page) auditVerifier.add(row);
      if (page.length) after = page[page.length - 1]!.seq;
      await options.betweenAuditReads?.();
      return page.length < auditPage ? readAuditHead(snapshot) : undefined;
    });
  const auditProblems = auditVerifier.finish(head);
  if (auditProblems.length)
    problem(
      'audit_not_intact',
      MANIFEST,
      `the audit log that records exports does not verify (${auditProblems.length} problem(s), which redress archive verify names): what it records of this export proves nothing`,
    );

  // The chains' heads are the archive's at the same places.
  const chains: [string, DossierManifest['chain'] | undefined][] = [
    [EVENTS, manifest.chain],
    [COMPLAINANT_EVENTS, manifest.complainantChain],
  ];
  for (const [path, chain] of chains) {
    if (!chain || chain.events === 0) continue;
    const live = chain.stream === stream ? links : await readLinks(db, chain.stream);
    const at = live.find((e) => e.seq === chain.events);
    if (!at || at.hash !== chain.head)
      problem(
        'not_the_archive',
        path,
        at
          ? `event ${chain.events} of ${chain.stream} in the archive is not the one the dossier ends with (its hash is ${at.hash}, the dossier's head ${chain.head})`
          : `the archive's ${chain.stream} (${chain.stream === stream ? `case ${manifest.reference}` : `the complainant of ${manifest.reference}`}) has no event ${chain.events}, with which the dossier ends: its events from there on were deleted since the export, with the head that counted them`,
      );
  }

  // Every item the case had when it was exported is in the dossier.
  const namedLater = new Set<string>();
  for (const e of links) {
    if (e.seq <= manifest.chain.events) continue;
    const p = payloadOf(e);
    if (typeof p?.correspondenceId === 'string') namedLater.add(p.correspondenceId);
    if (Array.isArray(p?.correspondenceIds))
      for (const id of p.correspondenceIds) if (typeof id === 'string') namedLater.add(id);
  }
  const { inbound, outbound } = await correspondenceOfDossier(ctx, state, links);
  const written = await correspondenceByIds(db, [...inbound.map((r) => r.id), ...outbound.map((r) => r.id)]);
  const then = (id: string) =>
    !namedLater.has(id) && (written.get(id)?.createdAt ?? '') <= manifest.exportedAt;
  const listed = (correspondenceId: string, role: string, archiveSha256?: string) =>
    manifest.files.some(
      (f) =>
        f.correspondenceId === correspondenceId &&
        f.role === role &&
        (archiveSha256 === undefined || f.archiveSha256 === archiveSha256),
    );
  const originals = new DatabaseOriginals(db);
  const absent = (id: string, what: string) =>
    problem(
      'absent_from_dossier',
      MANIFEST,
      `${what} ${id} of ${manifest.reference}, which the case held when it was exported, is not in the dossier`,
    );
  for (const item of inbound) {
    if (!then(item.id) || !item.originalSha256 || !(await originals.info(item.originalSha256))) continue;
    if (!listed(item.id, 'original', item.originalSha256))
      absent(item.id, `the original (${item.originalSha256}) of the inbound ${item.channel}`);
  }
  const index = parseJsonFile<DossierOutbound[]>(files.get(OUTBOUND));
  const indexed = new Set(Array.isArray(index) ? index.map((o) => o.id) : []);
  for (const item of outbound) {
    if (!then(item.id)) continue;
    if (!indexed.has(item.id)) absent(item.id, `the outbound ${item.channel} (${OUTBOUND})`);
    const file =
      item.channel === 'letter' ? item.originalSha256 && (await originals.info(item.originalSha256)) : true;
    if (file && !listed(item.id, 'outbound')) absent(item.id, `the file of the outbound ${item.channel}`);
  }
  return report;
}
