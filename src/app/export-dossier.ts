// A case dossier (P6.2; core/archive/dossier.ts says what it holds): gathered from the archive, packed as one
// ZIP, and recorded in the audit log (who exported which case, and the chain head it showed). The caller decides
// who may export (the staff who may read the case, and auditors); the command line acts as `cli`.
//
// The ZIP is written as a stream (export-zip.ts): every original read from the store a piece at a time, straight
// into the file or the download, never the whole dossier in memory. The file appears, and the export is recorded,
// only once it is whole.
import { unzipSync } from 'fflate';
import { caseStream, complainantStream } from '../adapters/db/aggregates.repo.ts';
import { caseIdOfReferenceOrId, inboundOfCase, outboundOfCase } from '../adapters/db/archive.repo.ts';
import { loadStream, readLinks } from '../adapters/db/event-store.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import { composeMime } from '../adapters/mail/compose-mime.ts';
import type { DossierHistory } from '../adapters/pdf/dossier-pdf.ts';
import {
  COMPLAINANT_EVENTS,
  type DossierEvents,
  type DossierOutbound,
  type DossierReport,
  EVENTS,
  MANIFEST,
  manifestOf,
  OUTBOUND,
  SUMS,
  verifyDossier,
} from '../core/archive/dossier.ts';
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
  if (!state) throw new DomainError({ code: 'case_not_found', message: `There is no case ${refOrId}.` });
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
  },
): Promise<Dossier> {
  const { db } = ctx.database;
  const state = await findCase(ctx, refOrId);
  const stream = caseStream(state.id);
  const personStream = complainantStream(state.complainantId);
  const [head, links, inbound, outbound, complainant, personLinks] = await Promise.all([
    loadStream<CaseState>(db, stream),
    readLinks(db, stream),
    inboundOfCase(db, state.id),
    outboundOfCase(db, state.id),
    loadStream<ComplainantState>(db, personStream),
    readLinks(db, personStream),
  ]);
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
  const personChain = complainant.state
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
  };
  await options.deliver(filename, async (sink) => {
    await writeExportZip(sink, exportedAt, files, (listed) => {
      const { manifestBytes, sums } = manifestOf(manifestHead, listed);
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

/** Checks a dossier ZIP offline (core/archive/dossier.ts); a file that is not a ZIP is one problem. */
export function verifyDossierZip(zip: Uint8Array): DossierReport {
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
  return verifyDossier(new Map(Object.entries(files).filter(([path]) => !path.endsWith('/'))));
}
