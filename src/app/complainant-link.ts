// The complainant's own page, behind a private link sent with the acknowledgement (rules in
// src/core/case/complainant-link.ts). A link is 32 random bytes (256 bits), given once in the acknowledgement
// and kept only as its SHA-256: a copy of the database opens no case. What the complainant adds on the page is
// received as any other message from them: one inbound correspondence on the case (its original a MIME message
// built here, so the staff pages show its text and files as they show a mail), filed by the same command as a
// reply by e-mail (`file_correspondence` from the complainant), so a case waiting on the complainant stops
// waiting by the same rule. Files pass the same policy as every other door's attachments.
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { randomToken, sha256Hex } from '../adapters/crypto/secrets.ts';
import { type Aggregates, caseStream, complainantStream } from '../adapters/db/aggregates.repo.ts';
import {
  type ComplainantLinkRow,
  complainantLinkByHash,
  complainantLinksOfCase,
  insertComplainantLink,
  linkAdditionsOfCase,
  revokeComplainantLinks,
} from '../adapters/db/complainant-links.repo.ts';
import { CorrespondenceRepo } from '../adapters/db/correspondence.repo.ts';
import type { Db } from '../adapters/db/database.ts';
import { loadStream } from '../adapters/db/event-store.ts';
import { DatabaseOriginals, removeUnkeptChunks, writeChunksAhead } from '../adapters/db/originals.repo.ts';
import { type ActorRef, actorName, requireCaseAct } from '../core/access/case-access.ts';
import type { CaseState } from '../core/case/case.ts';
import type { ComplainantState } from '../core/case/complainant.ts';
import {
  type ComplainantView,
  complainantView,
  LINK_TOKEN_PATTERN,
  type LinkRefusal,
  linkExpiresAt,
  linkVerdict,
  mayAddInformation,
} from '../core/case/complainant-link.ts';
import { DomainError } from '../core/case/refusal.ts';
import { documentsLimits, requireAcceptableDocuments } from '../core/files/attachment-limits.ts';
import { cleanDisplayName } from '../core/intake/display-text.ts';
import { keepableText } from '../core/text/clean-text.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { type GivenFile, withTypesRead } from './file-types.ts';
import { organisationDetails, senderFor } from './outbound-mail.ts';
import { type Acting, inAccountsTransaction, recordAudit } from './record-audit.ts';
import { tellMovedAnswerDateIn } from './tell-moved-answer-date.ts';
import { inTransaction } from './transaction.ts';

/** The most text one addition may carry (characters), as the public form's description. */
export const ADDITION_TEXT_MAX = 20_000;

/** The path of a link's page (the token is the only part that varies). */
export function complainantLinkPath(token: string): string {
  return `/c/${token}`;
}

/**
 * Issues a link to a case's page, inside the caller's transaction (the one that writes the acknowledgement):
 * the row exists exactly when the text that carries the link does. Returns the full URL and its token.
 */
export async function issueComplainantLinkIn(
  ctx: AppContext,
  agg: Aggregates,
  caseId: string,
  actor: string,
): Promise<{ url: string; token: string }> {
  const token = randomToken(32);
  await insertComplainantLink(agg.db, {
    id: ctx.newId(),
    caseId,
    tokenSha256: sha256Hex(token),
    createdAt: ctx.clock.now(),
    createdBy: actor,
  });
  return { url: `${organisationDetails(ctx.config).publicUrl}${complainantLinkPath(token)}`, token };
}

export type OpenedLink =
  | { ok: true; link: ComplainantLinkRow; state: CaseState; view: ComplainantView }
  | { ok: false; reason: LinkRefusal };

/**
 * Reads a link and its case without a transaction or a lock (a page view writes nothing): the link by its hash,
 * then the case, then the complainant's record and the additions together.
 */
async function checkLink(ctx: AppContext, db: Db, token: string): Promise<OpenedLink> {
  if (!LINK_TOKEN_PATTERN.test(token)) return { ok: false, reason: 'malformed' };
  const link = await complainantLinkByHash(db, sha256Hex(token));
  const state = link ? (await loadStream<CaseState>(db, caseStream(link.caseId))).state : null;
  const verdict = linkVerdict(link, state, ctx.clock.now());
  if (!verdict.ok) return verdict;
  const [additions, complainant] = await Promise.all([
    linkAdditionsOfCase(db, state!.id),
    loadStream<ComplainantState>(db, complainantStream(state!.complainantId)),
  ]);
  const view = complainantView(state!, complainant.state?.details ?? null, additions);
  return { ok: true, link: link!, state: state!, view };
}

/** What the page behind a link shows, or why the link does not open it (the visitor is never told which). */
export function openComplainantLink(ctx: AppContext, token: string): Promise<OpenedLink> {
  return checkLink(ctx, ctx.database.db, token);
}

export interface Addition {
  text: string | null;
  /**
   * Files as the page sends them: each one's type is read again here from its content (whatever type is stated)
   * and held to the rule of one message's files (core/files/attachment-limits.ts) before anything is written.
   */
  files: readonly GivenFile[];
  /** The form's own token: the same form sent twice is one addition. */
  idempotencyKey: string;
  /** The subject line of the stored message, in the case's language (written by the page). */
  subject: string;
}

export type AddedInformation =
  | { ok: true; correspondenceId: string; duplicate: boolean; reference: string }
  | { ok: false; reason: LinkRefusal | 'closed' | 'empty' };

/**
 * Receives what the complainant adds on the page: stored as an inbound message on the case (channel `web`),
 * filed from the complainant (a case waiting on them stops waiting, as for a reply by mail).
 */
export async function addInformation(
  ctx: AppContext,
  token: string,
  addition: Addition,
): Promise<AddedInformation> {
  const text = (addition.text ? keepableText(addition.text).trim() : '') || null;
  if (!text && addition.files.length === 0) return { ok: false, reason: 'empty' };
  if (text && text.length > ADDITION_TEXT_MAX)
    throw new DomainError({
      code: 'invalid_command',
      message: 'text: too long.',
      details: { context: 'addition_too_long' },
    });
  // The files are held to the rule the page holds them to, on the types read from their content, before anything
  // is read or written.
  const files = requireAcceptableDocuments(
    await withTypesRead(ctx, addition.files),
    documentsLimits(ctx.config.smtp.maxMessageBytes),
  );
  const before = await checkLink(ctx, ctx.database.db, token);
  if (!before.ok) return before;
  if (!mayAddInformation(before.state)) return { ok: false, reason: 'closed' };
  // The form's token is the visitor's, not the case's: the same form sent twice to one case is one addition, and
  // sent to another case it is that case's own.
  const key = `link:${before.state.id}:${addition.idempotencyKey}`;
  const complainant = await loadStream<ComplainantState>(
    ctx.database.db,
    complainantStream(before.state.complainantId),
  );
  const message = await composeFromComplainant(ctx, {
    from: { name: complainant.state?.details.name ?? null, email: complainant.state?.details.email ?? null },
    text,
    files,
    subject: addition.subject,
    source: 'complainant_link',
  });
  const added = await inTransaction(ctx, async (agg): Promise<AddedInformation> => {
    const opened = await checkLink(ctx, agg.db, token);
    if (!opened.ok) return opened;
    const { state } = opened;
    if (!mayAddInformation(state)) return { ok: false, reason: 'closed' };
    const filed = await fileFromComplainantIn(ctx, agg, state, {
      message,
      subject: addition.subject,
      key,
      source: 'complainant_link',
      actor: 'web:complainant-link',
    });
    return { ok: true, correspondenceId: filed.id, duplicate: filed.duplicate, reference: state.reference };
  }).catch(async (e: unknown) => {
    await letGoOfChunksAhead(ctx, message);
    throw e;
  });
  if (!added.ok || added.duplicate) await letGoOfChunksAhead(ctx, message);
  return added;
}

/** The chunks written ahead for a message that was not kept (the same form sent twice, a link that closed). */
export async function letGoOfChunksAhead(ctx: AppContext, message: ComposedMessage): Promise<void> {
  if (message.chunksSha256) await removeUnkeptChunks(ctx.database.db, message.chunksSha256);
}

/**
 * The most the documents of one web form may weigh together: what one e-mail may carry, since they are kept as one
 * message. The rule of every message's files (src/core/files/attachment-limits.ts), named here for the doors that
 * took it from this module.
 */
export { documentsLimit } from '../core/files/attachment-limits.ts';

/** A file's bytes as views of at most 48 KiB (a multiple of 3: each encodes to whole base64 lines). */
function* slicesOf(content: Uint8Array): Generator<Buffer> {
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  for (let at = 0; at < bytes.byteLength; at += 57 * 864) yield bytes.subarray(at, at + 57 * 864);
}

/**
 * The bytes composed or hashed between two turns of the event loop. Composing runs on the thread that answers every
 * HTTP request, and streams alone never give it back (their steps are microtasks and ticks): the largest message
 * (some 18 MB of documents, base64 and SHA-256) held it for tens of milliseconds a file. A mebibyte is a few
 * milliseconds of that work.
 */
const TURN_BYTES = 256 * 1024;

/** Waits for the next turn of the event loop (after the I/O that is ready), so that other requests go first. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** `slicesOf`, a turn of the event loop after every TURN_BYTES. */
async function* slicesInTurns(content: Uint8Array): AsyncGenerator<Buffer> {
  let since = 0;
  for (const slice of slicesOf(content)) {
    yield slice;
    since += slice.byteLength;
    if (since >= TURN_BYTES) {
      since = 0;
      await nextTurn();
    }
  }
}

/** What a web door received from the complainant, composed as one MIME message before any transaction. */
export interface ComposedMessage {
  raw: Uint8Array;
  sha256: string;
  /** Text and files as sent (file name and content): the same key and content again is one message. */
  bodySha256: string;
  /** The chunks of a large message already committed (originals.repo.ts `writeChunksAhead`); null when not. */
  chunksSha256: string | null;
  text: string | null;
  files: Array<{ filename: string; contentType: string; size: number }>;
  at: string;
}

/**
 * Composes what the complainant sends through a web door (their page, the public form's documents) as one
 * message, once, outside any transaction: a retried transaction reuses it, and the database is not held while it
 * is written. The message is streamed into one buffer (shared, so that a large one's chunks are written on the
 * database's own thread where there is one) and never goes past what one e-mail may carry. The caller lets the
 * files go once this resolves: only the message is held while it is stored.
 */
export async function composeFromComplainant(
  ctx: AppContext,
  what: {
    from: { name: string | null; email: string | null };
    text: string | null;
    files: ReadonlyArray<{ filename: string; contentType: string; content: Uint8Array }>;
    subject: string;
    /** The door, kept in the header `X-Redress-Door`. */
    source: 'complainant_link' | 'public_form';
  },
): Promise<ComposedMessage> {
  const digest = createHash('sha256').update(what.text ?? '');
  for (const f of what.files) {
    digest.update(f.filename);
    for await (const slice of slicesInTurns(f.content)) digest.update(slice);
  }
  const at = ctx.clock.now();
  const email = what.from.email?.trim() || null;
  const name = cleanDisplayName(what.from.name) || null;
  // nodemailer's composer is loaded with the first message written through a web door, not when the server starts.
  const { default: MailComposer } = await import('nodemailer/lib/mail-composer/index.js');
  const stream = new MailComposer({
    from: email ? { name: name ?? '', address: email } : undefined,
    to: senderFor(ctx.config, 'complaints').address,
    subject: what.subject,
    text: what.text ?? '',
    date: new Date(at),
    messageId: `<${ctx.newId()}@redress.invalid>`,
    headers: { 'X-Redress-Door': what.source },
    // Each file's own bytes in slices (views, not copies): the composer encodes a whole buffer given at once into
    // strings of its full size, several times over; slice by slice it holds only the message it writes.
    attachments: what.files.map((f) => ({
      filename: f.filename,
      contentType: f.contentType,
      content: Readable.from(slicesInTurns(f.content)),
    })),
  })
    .compile()
    .createReadStream();
  const max = ctx.config.smtp.maxMessageBytes;
  const buffer = new SharedArrayBuffer(0, { maxByteLength: max });
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (size + chunk.byteLength > max) {
      stream.destroy();
      throw new DomainError({
        code: 'invalid_command',
        message: `attachments: the documents together are larger than one message may carry (${max} bytes); send fewer or smaller files.`,
        details: { context: 'addition_too_large', bytes: max },
      });
    }
    buffer.grow(size + chunk.byteLength);
    new Uint8Array(buffer, size, chunk.byteLength).set(chunk);
    hash.update(chunk);
    size += chunk.byteLength;
  }
  const raw = new Uint8Array(buffer, 0, size);
  const sha256 = hash.digest('hex');
  const written = await writeChunksAhead(ctx.database, raw);
  return {
    raw,
    sha256,
    bodySha256: digest.digest('hex'),
    chunksSha256: written === sha256 ? written : null,
    text: what.text,
    files: what.files.map((f) => ({
      filename: f.filename,
      contentType: f.contentType,
      size: f.content.byteLength,
    })),
    at,
  };
}

/**
 * Files a message composed by `composeFromComplainant` on the case, as an inbound message from the complainant:
 * the same command as a reply by mail, so a case waiting on them stops waiting by the same rule. The same key and
 * content a second time is the one message already kept.
 */
export async function fileFromComplainantIn(
  ctx: AppContext,
  agg: Aggregates,
  state: CaseState,
  what: {
    message: ComposedMessage;
    subject: string;
    key: string;
    /** The door, kept in the reading: `complainant_link` or `public_form`. */
    source: 'complainant_link' | 'public_form';
    actor: string;
  },
): Promise<{ id: string; duplicate: boolean }> {
  const repo = new CorrespondenceRepo(agg.db);
  const { message } = what;
  const bodySha = message.bodySha256;
  const key = what.key;
  const existing = await repo.findByKey(key, bodySha);
  if (existing) return { id: existing.id, duplicate: true };

  const now = ctx.clock.now();
  const complainant = await agg.complainantState(state.complainantId);
  const email = complainant?.details.email?.trim() || null;
  const name = cleanDisplayName(complainant?.details.name) || null;
  const to = senderFor(ctx.config, 'complaints').address;
  const { sha256 } = await new DatabaseOriginals(agg.db).put(
    message.raw,
    'message/rfc822',
    message.at,
    message.sha256,
    { chunksWritten: message.chunksSha256 === message.sha256 },
  );
  const id = ctx.newId();
  await repo.insertInbound({
    id,
    caseId: state.id,
    inboxItemId: null,
    channel: 'web',
    door: 'web',
    mailbox: null,
    messageId: key,
    inReplyTo: null,
    bodySha256: bodySha,
    originalSha256: sha256,
    subject: what.subject,
    fromAddress: email,
    fromName: name,
    toAddress: to,
    at: now,
    language: state.language,
    reading: { source: what.source, files: message.files },
    textBody: message.text,
    filing: 'filed_on_case',
    autoReply: 'allowed',
    createdAt: now,
  });
  const saved = await actOnCaseIn(
    ctx,
    agg,
    state.id,
    {
      type: 'file_correspondence',
      correspondenceId: id,
      direction: 'in',
      channel: 'web',
      fromComplainant: true,
    },
    what.actor,
  );
  // Their own page, at the address on file: what the door allows is what the designated contact allows.
  await tellMovedAnswerDateIn(ctx, agg, saved.state, saved.recorded, what.actor, 'allowed');
  return { id, duplicate: false };
}

export interface CaseLinks {
  links: Array<ComplainantLinkRow & { expiresAt: string | null }>;
  /** Links still in force (not revoked; expired ones count as not in force). */
  active: number;
}

/** The links of a case, for staff (whoever may read the case). */
export async function complainantLinksOf(ctx: AppContext, state: CaseState): Promise<CaseLinks> {
  const rows = await complainantLinksOfCase(ctx.database.db, state.id);
  const now = ctx.clock.now();
  const expiresAt = linkExpiresAt(state.closedAt);
  const links = rows.map((r) => ({ ...r, expiresAt }));
  const active = rows.filter((r) => linkVerdict(r, state, now).ok).length;
  return { links, active };
}

/** Staff revoke every link of a case still in force (audited); returns how many were revoked. */
export async function revokeCaseLinks(
  ctx: AppContext,
  caseId: string,
  by: ActorRef,
  acting: Acting,
): Promise<number> {
  const { state } = await inTransaction(ctx, (agg) => agg.loadCase(caseId));
  if (!state)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no case ${caseId}.`,
      details: { context: 'case' },
    });
  requireCaseAct(by, 'note', state);
  return inAccountsTransaction(ctx, async (repo) => {
    const n = await revokeComplainantLinks(repo.db, caseId, ctx.clock.now(), actorName(by));
    if (n)
      await recordAudit(
        ctx,
        repo,
        acting,
        'complainant_link_revoked',
        { type: 'case', id: caseId, label: state.reference },
        { links: n },
      );
    return n;
  });
}
