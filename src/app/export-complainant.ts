// Everything held on one complainant (P6.3): their record and its history, every case with its history, and
// every piece of correspondence with its text; originals are listed by SHA-256 and can be included. As one ZIP
// (a data subject's request for their data, from the complainant's page or `redress subject export`): that JSON,
// every original as received and every outbound item as sent (the same files as a case dossier), a manifest of
// SHA-256 sums, and an entry in the audit log naming who exported whose data.
//
// Messages from the person that are on no case (automated mail, a message dismissed or reclassified, one still
// awaiting triage) are theirs too: the inbox items whose message came from an address any of their records holds
// or held, each with its history and its original.
//
// Nothing about anyone else (P6.3 with the other person's own right): a message from someone else that staff filed on
// one of the person's cases (a neighbour quoting the reference, from an address none of their records holds) is
// listed as withheld, without its subject, addresses, text or original. The other way round, a message of the
// person's that was filed on someone else's case is theirs: it is in the export, without that case.
//
// A person who never had a case may have no complainant record at all, only messages in the triage inbox (spam,
// `other`, dismissed, awaiting triage). They have the same rights: a request naming an address no record holds
// is served from the inbox items from that address, with the record part empty. Only when neither a record nor
// such a message exists is the request refused.
import { createHmac } from 'node:crypto';
import { caseStream, complainantStream, inboxStream } from '../adapters/db/aggregates.repo.ts';
import {
  correspondenceByIds,
  type InboundOfCase,
  type InboxItemOnNoCase,
  inboundOfCase,
  inboxItemsFromAddresses,
  outboundOfCase,
} from '../adapters/db/archive.repo.ts';
import { casesOfComplainants } from '../adapters/db/cases.repo.ts';
import {
  correspondenceOfCases,
  correspondenceTexts,
  type ExportedCorrespondenceRow,
  inboundFromOthersOnCases,
  inboundOnOthersCases,
} from '../adapters/db/complainants.repo.ts';
import { loadStream, type RecordedEvent, readStream } from '../adapters/db/event-store.ts';
import { complainantIdsWithEmail } from '../adapters/db/legal-holds.repo.ts';
import { recordErased } from '../adapters/db/retention.repo.ts';
import {
  type RecordSubject,
  type Requester,
  requesterRef,
  requireRecordAct,
} from '../core/access/complainant-record.ts';
import { sha256Hex } from '../core/archive/hash-chain.ts';
import type { CaseState } from '../core/case/case.ts';
import type { ComplainantState } from '../core/case/complainant.ts';
import type { InboxItemState } from '../core/case/inbox.ts';
import { DomainError } from '../core/case/refusal.ts';
import { addressKey } from '../core/intake/addresses.ts';
import type { AppContext } from './context.ts';
import { caseFiles } from './export-dossier.ts';
import { type DeliverZip, type ExportFile, writeExportZip } from './export-zip.ts';
import { serverSecret } from './rate-limit.ts';
import { type Acting, inAccountsTransaction, recordAudit } from './record-audit.ts';

/**
 * What `complainant.json` holds (its shape; it is written as a stream, never made whole: see complainantJson).
 */
export interface ComplainantExport {
  exportedAt: string;
  /** Null when the request named an address that no complainant record holds (only messages on no case). */
  complainant: ComplainantState | null;
  /** The address the request named, when no complainant record holds it; null otherwise. */
  address: string | null;
  history: RecordedEvent[];
  cases: Array<{ state: CaseState; history: RecordedEvent[] }>;
  /** Their messages on no case (the triage inbox), each with its history; the message is in `correspondence`. */
  inboxItems: Array<{ state: InboxItemState; history: RecordedEvent[] }>;
  correspondence: Array<ListedCorrespondence & { text: string | null; file: string | null }>;
}

/** A piece of correspondence as an export lists it before writing: everything but its text. */
export interface ListedCorrespondence {
  id: string;
  caseId: string | null;
  direction: string;
  channel: string;
  subject: string;
  from: string | null;
  to: string | null;
  at: string;
  original: { sha256: string; size: number; contentType: string } | null;
  /**
   * Set on a message from someone else that staff filed on one of the person's cases: listed (when, on which
   * case) so that the copy is known to be whole, its subject, addresses, text and original left out, since they
   * are that other person's data.
   */
  withheld?: 'from_someone_else';
  /**
   * Set on a message of the person's own that staff filed on a case not theirs: in the export (text, original),
   * without that case (`caseId` null), which is someone else's.
   */
  onAnotherCase?: true;
}

/**
 * What an export lists before it writes anything: the record and its own history, which cases and messages on no
 * case there are, and each piece of correspondence without its text. The cases' states and histories and the
 * texts are read a few at a time while `complainant.json` is written, so that someone with thousands of cases or
 * of long messages (anyone can send mail from an address) makes an export that takes long, never one that takes
 * the server's memory.
 */
export interface SubjectListing {
  exportedAt: string;
  complainant: ComplainantState | null;
  address: string | null;
  history: RecordedEvent[];
  cases: Array<{ id: string; reference: string }>;
  inboxItems: Array<{ id: string; correspondenceId: string }>;
  correspondence: ListedCorrespondence[];
}

/**
 * Every e-mail address the person's records (this one and those merged into it) hold or held, lower case: what
 * their messages on no case are found by. Read from the records' histories, so an address changed since counts.
 */
export async function subjectAddresses(
  ctx: AppContext,
  complainantIds: readonly string[],
): Promise<string[]> {
  const out = new Set<string>();
  for (const id of complainantIds)
    for (const e of await readStream(ctx.database.db, complainantStream(id))) {
      if (e.type !== 'complainant_registered' && e.type !== 'complainant_details_changed') continue;
      const email = (e.payload as { email?: unknown } | null)?.email;
      if (typeof email === 'string' && email.trim()) out.add(email.trim().toLowerCase());
    }
  return [...out].sort();
}

/**
 * The person's records: this one, those merged into it, and those merged into those. A merge names only the record it
 * took in (`mergedFrom`), so a record merged into a duplicate that was itself merged later is one step further: its
 * address is the person's all the same, and a message from it filed on their case is theirs, not someone else's.
 */
export async function recordsOfPerson(ctx: AppContext, state: ComplainantState): Promise<string[]> {
  const ids = [state.id];
  const seen = new Set(ids);
  for (let next = [...state.mergedFrom]; next.length; ) {
    const found: string[] = [];
    for (const id of next) {
      if (seen.has(id)) continue;
      seen.add(id);
      ids.push(id);
      const merged = (await loadStream<ComplainantState>(ctx.database.db, complainantStream(id))).state;
      found.push(...(merged?.mergedFrom ?? []));
    }
    next = found;
  }
  return ids;
}

/** The person's inbox items on no case (from any address of theirs), oldest first. */
export async function subjectInboxItems(ctx: AppContext, complainantIds: readonly string[]) {
  return inboxItemsFromAddresses(ctx.database.db, await subjectAddresses(ctx, complainantIds));
}

/** What is held on a complainant (their record and those merged into it), listed (see SubjectListing). */
export async function listComplainant(ctx: AppContext, complainantId: string): Promise<SubjectListing> {
  const { db } = ctx.database;
  const loaded = await loadStream<ComplainantState>(db, complainantStream(complainantId));
  if (!loaded.state)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no complainant ${complainantId}.`,
      details: { context: 'complainant' },
    });
  // The person's records: this one and any merged into it, however many merges ago.
  const ids = await recordsOfPerson(ctx, loaded.state);
  const cases = await casesOfComplainants(db, ids);
  const addresses = await subjectAddresses(ctx, ids);
  const inboxRows = await inboxItemsFromAddresses(db, addresses);
  const caseIds = cases.map((c) => c.id);
  return {
    exportedAt: ctx.clock.now(),
    complainant: loaded.state,
    address: null,
    history: await readStream(db, complainantStream(complainantId)),
    cases,
    ...(await listCorrespondence(ctx, cases, inboxRows, {
      withheld: await inboundFromOthersOnCases(db, caseIds, addresses),
      elsewhere: await inboundOnOthersCases(db, addresses, caseIds),
    })),
  };
}

/** What is held on someone whom no complainant record knows: their messages on no case from `address`. */
export async function listAddress(
  ctx: AppContext,
  address: string,
  inboxRows: readonly InboxItemOnNoCase[],
): Promise<SubjectListing> {
  return {
    exportedAt: ctx.clock.now(),
    complainant: null,
    address,
    history: [],
    cases: [],
    ...(await listCorrespondence(ctx, [], inboxRows, {
      withheld: new Set(),
      elsewhere: await inboundOnOthersCases(ctx.database.db, [address], []),
    })),
  };
}

/** The inbox items, and the correspondence of the cases and of those items, without texts. */
async function listCorrespondence(
  ctx: AppContext,
  cases: readonly { id: string }[],
  inboxRows: readonly InboxItemOnNoCase[],
  others: { withheld: ReadonlySet<string>; elsewhere: readonly ExportedCorrespondenceRow[] },
): Promise<Pick<SubjectListing, 'inboxItems' | 'correspondence'>> {
  const { db } = ctx.database;
  const rows = [
    ...(await correspondenceOfCases(
      db,
      cases.map((c) => c.id),
    )),
    ...(await correspondenceByIds(
      db,
      inboxRows.map((i) => i.correspondenceId),
    )),
  ];
  const listed = (r: ExportedCorrespondenceRow): ListedCorrespondence => ({
    id: r.id,
    caseId: r.case_id,
    direction: r.direction,
    channel: r.channel,
    subject: r.subject,
    from: r.from_address,
    to: r.to_address,
    at: r.at,
    original: r.original_sha256
      ? {
          sha256: r.original_sha256,
          size: r.size ?? 0,
          contentType: r.content_type ?? 'application/octet-stream',
        }
      : null,
  });
  return {
    inboxItems: inboxRows.map((i) => ({ id: i.id, correspondenceId: i.correspondenceId })),
    correspondence: [
      ...rows.map((r) =>
        others.withheld.has(r.id)
          ? {
              ...listed(r),
              subject: '',
              from: null,
              to: null,
              original: null,
              withheld: 'from_someone_else' as const,
            }
          : listed(r),
      ),
      ...others.elsewhere.map((r) => ({ ...listed(r), caseId: null, onAnotherCase: true as const })),
    ],
  };
}

/** Texts read per statement while complainant.json is written: a few messages of at most READ_TEXT_LIMIT each. */
const TEXTS_AT_ONCE = 4;

/**
 * `complainant.json` (ComplainantExport) for a listing, written a piece at a time: the same bytes as
 * `JSON.stringify(whole, null, 2)`, but each case, inbox item and text is read from the store when its turn comes
 * and let go once written. `fileOf` names each piece of correspondence's file in the ZIP.
 */
export async function* complainantJson(
  ctx: AppContext,
  listing: SubjectListing,
  fileOf: ReadonlyMap<string, string>,
): AsyncGenerator<Uint8Array> {
  const { db } = ctx.database;
  const encoder = new TextEncoder();
  // A value at a depth of the document, indented as JSON.stringify(…, null, 2) indents it there.
  const at = (value: unknown, depth: number) =>
    JSON.stringify(value, null, 2).replaceAll('\n', `\n${'  '.repeat(depth)}`);
  /** A list whose items come one at a time, as `"key": [ … ]` at depth 1. */
  async function* list(key: string, items: AsyncIterable<unknown>, last: boolean) {
    let n = 0;
    for await (const item of items)
      yield encoder.encode(`${n++ ? ',' : `  ${at(key, 0)}: [`}\n    ${at(item, 2)}`);
    yield encoder.encode(`${n ? '\n  ]' : `  ${at(key, 0)}: []`}${last ? '' : ','}\n`);
  }
  yield encoder.encode(
    `{\n  "exportedAt": ${at(listing.exportedAt, 1)},\n  "complainant": ${at(listing.complainant, 1)},\n` +
      `  "address": ${at(listing.address, 1)},\n  "history": ${at(listing.history, 1)},\n`,
  );
  yield* list(
    'cases',
    (async function* () {
      for (const c of listing.cases) {
        const loaded = await loadStream<CaseState>(db, caseStream(c.id));
        if (loaded.state) yield { state: loaded.state, history: await readStream(db, caseStream(c.id)) };
      }
    })(),
    false,
  );
  yield* list(
    'inboxItems',
    (async function* () {
      for (const i of listing.inboxItems) {
        const loaded = await loadStream<InboxItemState>(db, inboxStream(i.id));
        if (loaded.state) yield { state: loaded.state, history: await readStream(db, inboxStream(i.id)) };
      }
    })(),
    false,
  );
  yield* list(
    'correspondence',
    (async function* () {
      for (let i = 0; i < listing.correspondence.length; i += TEXTS_AT_ONCE) {
        const part = listing.correspondence.slice(i, i + TEXTS_AT_ONCE);
        const texts = await correspondenceTexts(
          db,
          part.filter((c) => !c.withheld).map((c) => c.id),
        );
        for (const c of part) {
          const { original, ...rest } = c;
          yield { ...rest, text: texts.get(c.id) ?? null, original, file: fileOf.get(c.id) ?? null };
        }
      }
    })(),
    true,
  );
  yield encoder.encode('}\n');
}
/** The longest a complainant's id or address may be, as named on the command line or in a form. */
const MAX_SUBJECT = 254;

/**
 * The complainant a request names, by id or e-mail address (any case): the record that holds the others merged
 * into it. Several records with the same address that were never merged: the request names them all, so it is
 * refused with the ids to choose from (merge them first, or name one).
 */
export async function findSubject(ctx: AppContext, idOrEmail: string): Promise<ComplainantState> {
  const found = await findSubjectOrAddress(ctx, idOrEmail);
  if (found.kind === 'address')
    throw new DomainError({
      code: 'case_not_found',
      message: `No complainant has the address ${found.address}.`,
      details: { context: 'complainant_address', address: found.address },
    });
  return found.complainant;
}

/** What the record rule is told of whom a request is about: whether the record was merged, or erased. */
export async function recordSubjectOf(ctx: AppContext, subject: Subject): Promise<RecordSubject> {
  return subject.kind === 'complainant'
    ? {
        kind: 'record',
        mergedInto: subject.complainant.mergedInto,
        erased: await recordErased(ctx.database.db, subject.complainant.id),
      }
    : { kind: 'address' };
}

/** Whom a request is about: a complainant record, or an address no record holds that messages on no case came from. */
export type Subject =
  | { kind: 'complainant'; complainant: ComplainantState }
  | { kind: 'address'; address: string; digest: string; inbox: InboxItemOnNoCase[] };

/**
 * As findSubject, but an address that no complainant record holds is the subject itself when messages on no case
 * came from it (in lower case: addresses are compared so everywhere). Neither a record nor a message: refused.
 */
export async function findSubjectOrAddress(ctx: AppContext, idOrEmail: string): Promise<Subject> {
  const wanted = idOrEmail.trim();
  if (!wanted || wanted.length > MAX_SUBJECT)
    throw new DomainError({
      code: 'invalid_command',
      message: `Name the complainant by id or e-mail address (1 to ${MAX_SUBJECT} characters).`,
      details: { context: 'subject_required', max: MAX_SUBJECT },
    });
  const { db } = ctx.database;
  let ids = [wanted];
  if (wanted.includes('@')) {
    const address = wanted.toLowerCase();
    ids = await complainantIdsWithEmail(db, address);
    if (ids.length === 0) {
      const inbox = await inboxItemsFromAddresses(db, [address]);
      // Messages on no case, or (filed by staff) on someone else's case: theirs all the same.
      if (inbox.length || (await inboundOnOthersCases(db, [address], [])).length)
        return { kind: 'address', address, digest: await addressDigest(ctx, address), inbox };
      throw new DomainError({
        code: 'case_not_found',
        message: `No complainant has the address ${wanted}, and no message in the inbox came from it: check the address, or name the complainant by id.`,
        details: { context: 'complainant_address_unknown', address: wanted },
      });
    }
  }
  const states: ComplainantState[] = [];
  for (const id of ids) {
    let state = (await loadStream<ComplainantState>(db, complainantStream(id))).state;
    // A record merged into another is read through the one it went into (a few hops at most: a merge into a
    // record that was itself merged later).
    for (let hops = 0; state?.mergedInto && hops < 10; hops++)
      state = (await loadStream<ComplainantState>(db, complainantStream(state.mergedInto))).state;
    if (state && !states.some((s) => s.id === state!.id)) states.push(state);
  }
  if (states.length === 0)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no complainant ${wanted}.`,
      details: { context: 'complainant' },
    });
  if (states.length > 1)
    throw new DomainError({
      code: 'invalid_command',
      message: `${states.length} complainant records have the address ${wanted} (${states.map((s) => s.id).join(', ')}): merge them, or name one by id.`,
      details: {
        context: 'several_complainants',
        address: wanted,
        records: states.map((s) => s.id).join(', '),
      },
    });
  return { kind: 'complainant', complainant: states[0]! };
}

export interface SubjectExport {
  filename: string;
  /** Null for an address that no complainant record holds. */
  complainantId: string | null;
  /** That address, for such a request; null otherwise. */
  address: string | null;
  cases: number;
  /** Their messages on no case (the triage inbox). */
  inboxItems: number;
  files: number;
}

export const SUBJECT_EXPORT_FORMAT = 'redress-subject-export/1';

/** The file name of a complainant's export made at `at`. */
export const subjectExportName = (complainantId: string, at: string) =>
  `complainant-${complainantId.slice(0, 8)}-${at.slice(0, 10)}.zip`;

/**
 * The digest that stands for an address with no complainant record in the audit log: the log must not hold the
 * address itself, and the digest names the same person each time without spelling them out. Keyed with a server
 * secret, so that someone who reads the log and guesses an address cannot confirm the guess by hashing it.
 */
export async function addressDigest(ctx: AppContext, address: string): Promise<string> {
  const key = await serverSecret(ctx, 'address-digest');
  // Of the address's key (addresses.ts addressKey): the same person whichever form of the domain was asked.
  return `${ADDRESS_DIGEST_PREFIX}${createHmac('sha256', key)
    .update(addressKey(address) ?? '')
    .digest('hex')}`;
}
const ADDRESS_DIGEST_PREFIX = 'hmac-sha256:';

/** The file name of the export of whom a request is about (an address is named by a part of its digest). */
export const subjectFileName = (subject: Subject, at: string) =>
  subject.kind === 'complainant'
    ? subjectExportName(subject.complainant.id, at)
    : `address-${subject.digest.slice(ADDRESS_DIGEST_PREFIX.length, ADDRESS_DIGEST_PREFIX.length + 8)}-${at.slice(0, 10)}.zip`;

/** What the audit log names as the target of a request: the record, or the address by its digest only. */
export const subjectAuditTarget = (subject: Subject, label: 'name' | 'none') =>
  subject.kind === 'complainant'
    ? {
        type: 'complainant' as const,
        id: subject.complainant.id,
        label:
          label === 'name' ? (subject.complainant.details.name ?? subject.complainant.details.email) : null,
      }
    : // The digest goes in the label, a personal field that retention can redact; the id (chained as it is) stays empty.
      { type: 'address' as const, id: null, label: subject.digest };

/**
 * Everything held on the complainant as one ZIP: `complainant.json` (record, histories, correspondence texts;
 * each original named by its path in the ZIP), `cases/REFERENCE/originals/…` as received and
 * `cases/REFERENCE/outbound/…` as sent, their messages on no case under `inbox/DATE-ID/originals/…`,
 * `manifest.json` and `SHA256SUMS` (`sha256sum -c` checks them).
 */
export async function exportSubject(
  ctx: AppContext,
  idOrEmail: string,
  acting: Acting & Requester,
  options: {
    /**
     * Where the ZIP goes (a file, a download), written as a stream: done before the export is recorded, so that
     * the audit log never names an export that was not delivered whole.
     */
    deliver: DeliverZip;
  },
): Promise<SubjectExport> {
  const subject = await findSubjectOrAddress(ctx, idOrEmail);
  // Who may ask for it (core/access/complainant-record.ts), whatever the door: a record's, or an address's alone.
  requireRecordAct(requesterRef(acting), 'export', await recordSubjectOf(ctx, subject));
  const data =
    subject.kind === 'complainant'
      ? await listComplainant(ctx, subject.complainant.id)
      : await listAddress(ctx, subject.address, subject.inbox);
  const complainantId = subject.kind === 'complainant' ? subject.complainant.id : null;
  const filename = subjectFileName(subject, data.exportedAt);
  const { db } = ctx.database;
  const files: ExportFile[] = [];
  const fileOf = new Map<string, string>();
  const withheld = new Set(data.correspondence.flatMap((c) => (c.withheld ? [c.id] : [])));
  for (const c of data.cases) {
    const [inbound, outbound] = await Promise.all([inboundOfCase(db, c.id), outboundOfCase(db, c.id)]);
    const made = await caseFiles(
      ctx,
      inbound.filter((i) => !withheld.has(i.id)),
      outbound,
      `cases/${c.reference}/`,
    );
    for (const f of made.files) {
      files.push(f);
      if (f.correspondenceId && (f.role === 'original' || f.role === 'outbound'))
        fileOf.set(f.correspondenceId, f.path);
    }
  }
  /** The files of one message of theirs (its original and attachments) under `folder`. */
  const addMessage = async (c: (typeof data.correspondence)[number], folder: string) => {
    const inbound: InboundOfCase[] = [
      {
        id: c.id,
        channel: c.channel,
        at: c.at,
        subject: c.subject,
        fromAddress: c.from,
        messageId: null,
        originalSha256: c.original?.sha256 ?? null,
      },
    ];
    const made = await caseFiles(ctx, inbound, [], folder);
    for (const f of made.files) {
      files.push(f);
      if (f.correspondenceId && f.role === 'original') fileOf.set(f.correspondenceId, f.path);
    }
  };
  // Each message on no case under inbox/: the date it came and the item's id name its folder.
  const inboxOf = new Map(data.correspondence.map((c) => [c.id, c]));
  for (const i of data.inboxItems) {
    const c = inboxOf.get(i.correspondenceId);
    if (c) await addMessage(c, `inbox/${c.at.slice(0, 10)}-${i.id}/`);
  }
  // Each message of theirs filed on a case not theirs under elsewhere/: the date it came and its id name its folder.
  for (const c of data.correspondence)
    if (c.onAnotherCase) await addMessage(c, `elsewhere/${c.at.slice(0, 10)}-${c.id}/`);
  const encode = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v, null, 2)}\n`);
  files.unshift({
    path: 'complainant.json',
    content: () => complainantJson(ctx, data, fileOf),
    role: 'events',
  });
  // Written as a stream, each original read a piece at a time; the manifest and SHA256SUMS come last, made from
  // the sums taken while the files went by.
  await options.deliver(filename, async (sink) => {
    await writeExportZip(sink, data.exportedAt, files, (listed) => {
      const manifest = {
        format: SUBJECT_EXPORT_FORMAT,
        complainantId,
        address: data.address,
        exportedAt: data.exportedAt,
        exportedBy: acting.label ?? acting.actor,
        files: listed,
      };
      const manifestBytes = encode(manifest);
      const sums = new TextEncoder().encode(
        `${[...listed.map((f) => `${f.sha256}  ${f.path}`), `${sha256Hex(manifestBytes)}  manifest.json`].join('\n')}\n`,
      );
      return [
        { path: 'manifest.json', bytes: manifestBytes },
        { path: 'SHA256SUMS', bytes: sums },
      ];
    });
  });
  // Recorded once the ZIP is made (and delivered, when the caller said where): the log names an export that
  // happened. The label is the person's name or address, which retention redacts with the record (for an address
  // with no record, its digest).
  await inAccountsTransaction(ctx, (repo) =>
    recordAudit(ctx, repo, acting, 'personal_data_exported', subjectAuditTarget(subject, 'name'), {
      cases: data.cases.length,
      inboxItems: data.inboxItems.length,
      correspondence: data.correspondence.length,
      files: files.length,
    }),
  );
  return {
    filename,
    complainantId,
    address: data.address,
    cases: data.cases.length,
    inboxItems: data.inboxItems.length,
    files: files.length + 2,
  };
}
