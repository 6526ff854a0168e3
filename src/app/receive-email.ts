// Receiving an e-mail: the filing use case shared by the three mail doors (MTA pipe, SMTP listener, IMAP
// poller). In ONE transaction: the original (byte for byte, if new), the correspondence row, and the case or
// inbox events. A duplicate (same Message-ID, same body SHA-256: DESIGN.md "Duplicates") stores nothing new and
// answers with what was stored the first time, also when two deliveries race (unique index, then a retry).
//
// This file loads facts, asks the rules of src/core and saves what they decide:
// - where the message goes (src/core/intake/filing.ts: the inbox, a case it replies to, a new case, or the
//   step-1 case of a step-2 request, P1.2, P5.3), and which step-1 case a step-2 request concerns
//   (src/core/case/step1-of-request.ts);
// - who the message is from (src/core/intake/complainant.ts `messageSender`): the one address it verifiably
//   comes from (From:, a trusted relay's Reply-To, the original sender of a colleague's forward), asked once and
//   used for all three: the cases it may join as its complainant's words, the address a new case's complainant
//   is found or registered by, and where automatic mail may go;
// - whether it is answered automatically (src/core/correspondence/auto-reply.ts): never automated mail; never
//   when From: or Reply-To: is a list, a group or not an address (`suspicious_address`, flagged); only to the
//   address it verifiably comes from (else `no_address`); `restricted_channel` when a designated contact
//   handles everything (P8.4); within the limits per normalised recipient and per sender
//   (auto-reply-limits.ts, counted here), beyond them `flood_limited`;
// - what message each reply answers (src/core/correspondence/threading.ts).
//
// Follow-ups written in the same transaction (the outbox guarantee), only where `autoReply` is `allowed`: the
// acknowledgement of a new case or a suggestion's thanks (`afterCaseOpened`, P3, P9.1), the by-post instruction
// for a step-2 request by e-mail, recorded with the request (`afterStep2RequestByEmail`, P1.2), and for a bounce
// of our own mail, `recordBounceIn`. Each runs in a savepoint: if it fails, the message is still filed and a
// person sees the case waiting. `correspondence.filing` and `auto_reply` record what was decided.
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import { type AutoReply, CorrespondenceRepo, type Filing } from '../adapters/db/correspondence.repo.ts';
import { isRetryable } from '../adapters/db/event-store.ts';
import {
  type CaseOfComplainant,
  casesByIds,
  casesByReference,
  inSavepoint,
} from '../adapters/db/intake-lookups.repo.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import { canonicalMessageId } from '../adapters/mail/raw-message.ts';
import { ownAddressesOf, ownDomainsOf } from '../config-values.ts';
import { type CaseState, decideCase } from '../core/case/case.ts';
import { designatedContactOf } from '../core/case/complainant.ts';
import { decideInboxItem } from '../core/case/inbox.ts';
import { orThrow } from '../core/case/refusal.ts';
import {
  type AutoReplyVerdict,
  autoReplyVerdict,
  countsTowardsLimits,
} from '../core/correspondence/auto-reply.ts';
import { sameAddress } from '../core/intake/addresses.ts';
import { findCaseRefs } from '../core/intake/case-refs.ts';
import { answersOnFile, fromAddress, type MessageSender, messageSender } from '../core/intake/complainant.ts';
import {
  asksForStep2,
  type Filed,
  type FiledCase,
  type FilingFacts,
  fileMessage,
  followEscalation,
  ownRefs,
  relatedCase,
} from '../core/intake/filing.ts';
import { type ParsedMessage, readableBody } from '../core/intake/parsed-message.ts';
import { staffNote } from '../core/intake/staff-notes.ts';
import { afterCaseOpened } from './acknowledge-case.ts';
import {
  afterStep2RequestByEmail,
  NOT_WRITTEN,
  recordNotTold,
  type Step2RequestByEmail,
} from './answer-step2-request.ts';
import type { AppContext } from './context.ts';
import { openCaseIn } from './open-case.ts';
import { type InboundEmail, type PreparedEmail, prepareEmailWith } from './prepare-email.ts';
import { autoReplyCountersNow, countAutoReply } from './rate-limit.ts';
import { recordBounceIn } from './record-bounce.ts';
import { findStep1Case, findStep2Place } from './step1-of-request.ts';
import { tellMovedAnswerDateIn } from './tell-moved-answer-date.ts';
import { inTransaction } from './transaction.ts';

export interface ReceivedEmail {
  correspondenceId: string;
  /** True when the same message (same Message-ID and body) was already stored: nothing new was written. */
  duplicate: boolean;
  filing: Filing | null;
  caseId: string | null;
  reference: string | null;
  inboxItemId: string | null;
  autoReply: AutoReply | null;
  /** Follow-ups that could not be done (the message itself is filed); for the door's log. */
  warnings: string[];
}

/** Hashes and reads a message. Never throws: a message that cannot be read is prepared for the inbox. */
export function prepareEmail(ctx: AppContext, input: InboundEmail): Promise<PreparedEmail> {
  return prepareEmailWith(ctx, input, ctx.clock.now());
}

/** Receives one e-mail in its own transaction (retried on a lost race). */
export async function receiveEmail(ctx: AppContext, input: InboundEmail): Promise<ReceivedEmail> {
  const prepared = await prepareEmail(ctx, input);
  return inTransaction(ctx, (agg) => fileEmailIn(ctx, agg, prepared));
}

/**
 * What filing a message may read of the messages filed before it in the same unit of work, whose rows are not
 * written yet (write-buffer.ts): the intake writes them first when `reads` meets an earlier message's `writes`,
 * or when `readsAll`. Filing reads the duplicate key (its Message-ID), the correspondence it replies to (its
 * thread's Message-IDs), the sender's complainant record and cases, the cases whose references it quotes, and,
 * for a bounce, our mail it reports on.
 */
export function unitKeys(p: PreparedEmail): { reads: string[]; writes: string[]; readsAll: boolean } {
  // A forward's row is found under the Message-ID it carries too (caseOfMessageIds), and it looks that one up.
  const writes = [`message:${p.messageId}`, ...carriedIdsOf(p.message).map((id) => `message:${id}`)];
  // The address as read covers the one the message verifiably comes from (senderOf), which is that or nobody.
  const sender = addressAsRead(p);
  if (sender) writes.push(`sender:${sender}`);
  const from = p.message ? fromAddress(p.message) : null;
  if (from && from !== sender) writes.push(`sender:${from}`);
  const reads = [...writes, ...threadIdsOf(p.message).map((id) => `message:${id}`)];
  const readsAll = !p.reading || p.reading.automated || p.reading.caseRefs.length > 0;
  return { reads, writes, readsAll };
}

/**
 * Looks up at once, for a batch, what its messages would each look up: duplicate keys, the senders'
 * complainants, the auto-reply counts of the senders that may be answered (decideAutoReply), and the cases their
 * Message-IDs name (decideTarget).
 */
export function prefetchFiling(
  ctx: AppContext,
  agg: Aggregates,
  batch: readonly PreparedEmail[],
): Promise<void> {
  const emails: string[] = [];
  const counters: string[] = [];
  const threads: Array<{ messageIds: string[]; ownId: string | null }> = [];
  let day = ctx.calendar.localDate(ctx.clock.now()).toString();
  for (const p of batch) {
    const thread = threadOf(p);
    if (thread) threads.push(thread);
    const { address: sender, answer } = senderOf(ctx, p);
    if (!sender) continue;
    emails.push(sender);
    const to = answer.address;
    const taken = to && p.message ? autoReplyCountersNow(ctx, to, fromAddress(p.message)) : null;
    if (!taken) continue;
    day = taken.day;
    counters.push(...taken.counters.map((c) => c.key));
  }
  // In key order, so that two batches lock their counting rows in the same order.
  return agg.prefetch(batch, emails, { day, senders: [...new Set(counters)].sort() }, threads);
}

/** Files a prepared e-mail inside the caller's transaction. Throws a unique violation on a lost race. */
export interface FileOptions {
  /**
   * Run the follow-ups (acknowledgement, instruction, bounce) in a savepoint, so that a failing one is undone
   * and the message still filed (default). The batching intake turns it off and, if anything fails, files the
   * messages of the batch again one by one with it on.
   */
  guardFollowUps?: boolean;
}

export async function fileEmailIn(
  ctx: AppContext,
  agg: Aggregates,
  p: PreparedEmail,
  options: FileOptions = {},
): Promise<ReceivedEmail> {
  const repo = new CorrespondenceRepo(agg.db);
  const existing = agg.knownNew(p.messageId, p.bodySha256)
    ? null
    : await repo.findByKey(p.messageId, p.bodySha256);
  if (existing)
    return {
      correspondenceId: existing.id,
      duplicate: true,
      filing: existing.filing,
      caseId: existing.caseId,
      reference: existing.reference,
      inboxItemId: existing.inboxItemId,
      autoReply: existing.autoReply,
      warnings: [],
    };
  // One unit of work: the rows written while the message is filed go to the database in a few statements at
  // its end (write-buffer.ts); a new case, saved when opened and again when acknowledged, is written once.
  return agg.withWritesBuffered(() => fileNewEmailIn(ctx, agg, repo, p, options));
}

async function fileNewEmailIn(
  ctx: AppContext,
  agg: Aggregates,
  repo: CorrespondenceRepo,
  p: PreparedEmail,
  options: FileOptions,
): Promise<ReceivedEmail> {
  const now = ctx.clock.now();
  const meta = { at: now, actor: `mailbox:${p.mailbox.name}` };
  const decideCtx = { now, calendar: ctx.calendar, policy: ctx.policy };
  const id = ctx.newId();
  const r = p.reading;
  const m = p.message;
  // Who it is from: asked once, for where it is filed, whom a new case is registered for, and where
  // automatic mail goes.
  const sender = senderOf(ctx, p);
  const warnings: string[] = [];

  const target = await decideTarget(ctx, agg, p, sender);
  const knownCase =
    target.to === 'case' ? target.caseId : target.to === 'step2_by_email' ? target.step1CaseId : null;
  const inboxItemId = target.to === 'inbox' ? ctx.newId() : null;
  // A case to be opened gets its id now, so that the message's row names it from the start.
  const newCaseId = target.to === 'open' ? ctx.newId() : null;
  // The complainant of the case it joins; for a new case, decideAutoReply looks the sender up (P8.4).
  const complainantId = knownCase ? ((await agg.loadCase(knownCase)).state?.complainantId ?? null) : null;
  const decided = await decideAutoReply(ctx, agg, p, sender, complainantId);
  const autoReply = decided.autoReply;
  const filing: Filing =
    target.to === 'open'
      ? target.kind === 'complaint' && target.step === 2
        ? 'step2_case_opened'
        : 'case_opened'
      : target.to === 'case'
        ? 'filed_on_case'
        : target.to === 'step2_by_email'
          ? 'step2_by_email'
          : target.filing;

  // The original and the correspondence row first: the unique index claims the message (a concurrent
  // duplicate waits or fails here). The search index is handed the row's text (`wroteCorrespondence`).
  await new DatabaseOriginals(agg.db).put(p.raw, 'message/rfc822', now, p.originalSha256, {
    chunksWritten: p.chunksWritten === true,
  });
  const inReplyTo = canonicalMessageId(m?.inReplyTo);
  const written = {
    subject: m?.subject ?? '',
    from_address: m?.from?.address.toLowerCase() ?? null,
    from_name: m?.from?.name ?? null,
    text_body: m ? readableBody(m) : null,
    at: r?.receivedAt ?? p.preparedAt,
  };
  await repo.insertInbound({
    id,
    caseId: knownCase ?? newCaseId,
    inboxItemId,
    channel: 'email',
    door: p.door,
    mailbox: p.mailbox.name,
    messageId: p.messageId,
    inReplyTo,
    carriedMessageId: complaintCarriedId(m, r),
    bodySha256: p.bodySha256,
    originalSha256: p.originalSha256,
    subject: written.subject,
    fromAddress: written.from_address,
    fromName: written.from_name,
    senderAddress: sender.address,
    toAddress: p.mailbox.address,
    at: written.at,
    language: r?.language ?? null,
    reading: r ? { ...r, autoReply } : { problem: p.problem, autoReply },
    textBody: written.text_body,
    filing,
    autoReply,
    createdAt: now,
  });
  agg.wroteCorrespondence(id, written);

  let caseId = knownCase;
  let reference: string | null = null;
  // What a person must look at before anything is answered: over a limit, or a sender field that is not one
  // address (red flags); for a new case, also no address that automatic mail may go to.
  const flood: string | null =
    autoReply === 'flood_limited' || autoReply === 'suspicious_address' ? decided.flag : null;

  if (target.to === 'inbox') {
    const events = orThrow(
      decideInboxItem(null, {
        type: 'receive',
        correspondenceId: id,
        reason: target.reason,
        kind: target.kind,
        note: [target.note, flood].filter(Boolean).join(' ') || null,
      }),
    );
    await agg.saveInboxItem(inboxItemId!, { state: null, version: 0, headHash: null }, events, meta);
    if (target.reason === 'bounce') {
      // A delivery report about one of our e-mails: the outbox marks it failed and the complainant unreachable.
      const messageIds = threadIdsOf(m);
      const failure = await guarded(agg, options.guardFollowUps ?? true, () =>
        recordBounceIn(ctx, agg, { raw: p.raw, messageIds, correspondenceId: id }),
      );
      if (failure) warnings.push(`the bounce could not be matched: ${failure}`);
    }
  } else if (target.to === 'case' || target.to === 'step2_by_email') {
    const loaded = await agg.loadCase(knownCase!);
    const state = loaded.state!;
    reference = state.reference;
    // The filing rule said whose words they are: a step-2 request is always the complainant's own.
    const fromComplainant = target.to === 'step2_by_email' || target.fromComplainant;
    const events = orThrow(
      decideCase(
        state,
        {
          type: 'file_correspondence',
          correspondenceId: id,
          direction: 'in',
          channel: 'email',
          fromComplainant,
        },
        decideCtx,
      ),
    );
    const flag = [target.to === 'case' ? target.flag : null, flood].filter(Boolean).join(' ');
    if (flag && !state.flagged) events.push({ type: 'flagged', payload: { reason: flag } });
    const saved = await agg.saveCase(state.id, loaded, events, meta);
    // What is written automatically goes to the complainant's address on file: for a step-2 request, only when that
    // is the address the message is from (the filing rule's `mayAnswer`), else a person tells them (a message filed
    // on a case was asked this already: decideAutoReply). `restricted_channel` stays: it is answered after all where
    // the designated contact does not handle the case (automaticMailVerdict).
    const toldAutomatically: AutoReply =
      target.to === 'step2_by_email' &&
      (autoReply === 'allowed' || autoReply === 'restricted_channel') &&
      !target.mayAnswer
        ? 'no_address'
        : autoReply;
    await tellMovedAnswerDateIn(ctx, agg, saved.state, events, meta.actor, toldAutomatically);
    if (target.to === 'step2_by_email') {
      // P1.2: the complainant is told that step 2 is taken by post (unless not to be answered automatically);
      // the request is recorded with the instruction, or with why there is none.
      const failure = await tellStep2ByPost(ctx, agg, options, state.id, {
        correspondenceId: id,
        autoReply: toldAutomatically,
        receivedAt: r!.receivedAt,
        email: { message_id: p.messageId, in_reply_to: inReplyTo },
        firstComplaint: false,
      });
      if (failure) warnings.push(`the by-post instruction was not written: ${failure}`);
    }
  } else {
    const reading = r!;
    const opened = await openCaseIn(ctx, agg, {
      kind: target.kind,
      step: target.step,
      channel: 'email',
      receivedAt: reading.receivedAt,
      language: reading.language,
      subject: m?.subject ?? '',
      // Found or registered only by the address the message verifiably comes from: any other address the
      // reading found (a Reply-To of an ordinary sender, a line of the text, when From: itself cannot be read)
      // could be anyone's, and staff answering the case would write to them. It stays in the reading (the case
      // page shows it) for a person to add once they know whose it is.
      complainant: { name: reading.complainant.name, email: sender.address },
      fields: {
        ticketRefs: reading.ticketRefs,
        domains: reading.domains,
        description: reading.description,
        expectations: reading.expectations,
      },
      missing: reading.missing,
      correspondenceId: id,
      caseRefs: target.caseRefs,
      // The step-1 case among them was chosen by the same rule, with the thread the message replies to.
      refsChosen: true,
      caseId: newCaseId!,
      actor: meta.actor,
    });
    caseId = opened.caseId;
    reference = opened.reference;
    // P8.4: a case opened for a complainant with a designated contact is assigned to that person at once
    // (open-case.ts); the auto-reply rule already said `restricted_channel` for them (decideAutoReply).
    const reason = flood ?? (autoReply === 'no_address' ? decided.flag : null);
    if (reason) {
      const loaded = await agg.loadCase(opened.caseId);
      const flag = decideCase(loaded.state, { type: 'flag', reason }, decideCtx);
      if (flag.ok) await agg.saveCase(opened.caseId, loaded, flag.events, { at: now, actor: 'system' });
    }
    // P3: the acknowledgement (or a suggestion's thanks) goes to the outbox in this same transaction.
    const failure = await guarded(agg, options.guardFollowUps ?? true, () =>
      afterCaseOpened(
        ctx,
        agg,
        opened,
        { correspondenceId: id, autoReply, email: { message_id: p.messageId, in_reply_to: inReplyTo } },
        meta.actor,
      ),
    );
    if (failure) warnings.push(`no acknowledgement was written: ${failure}`);
    if (target.step2ByPost) {
      const told = await tellStep2ByPost(ctx, agg, options, opened.caseId, {
        correspondenceId: id,
        autoReply,
        receivedAt: reading.receivedAt,
        email: { message_id: p.messageId, in_reply_to: inReplyTo },
        firstComplaint: true,
      });
      if (told) warnings.push(`the by-post instruction was not written: ${told}`);
    }
  }

  return {
    correspondenceId: id,
    duplicate: false,
    filing,
    caseId,
    reference,
    inboxItemId,
    autoReply,
    warnings,
  };
}

/**
 * The by-post instruction with the record of the request (answer-step2-request.ts), as a guarded follow-up: if
 * it cannot be written, the request is still recorded, saying that nobody was told.
 */
async function tellStep2ByPost(
  ctx: AppContext,
  agg: Aggregates,
  options: FileOptions,
  caseId: string,
  request: Step2RequestByEmail,
): Promise<string | null> {
  const actor = 'system';
  const failure = await guarded(agg, options.guardFollowUps ?? true, () =>
    afterStep2RequestByEmail(ctx, agg, caseId, request, actor),
  );
  if (failure) await recordNotTold(ctx, agg, caseId, request.correspondenceId, NOT_WRITTEN, actor);
  return failure;
}

/**
 * Runs a follow-up (acknowledgement, by-post instruction, bounce) in a savepoint: if it fails for a reason other
 * than a lost race, it is undone and named, and the message is still filed (a person then sees the case waiting).
 */
async function guarded(agg: Aggregates, guard: boolean, fn: () => Promise<unknown>): Promise<string | null> {
  if (!guard) {
    await fn();
    return null;
  }
  // What was saved before the savepoint is written before it, and what the follow-up saves is written inside
  // it: a rollback to it undoes, and forgets, only the follow-up.
  await agg.flushWrites();
  try {
    await inSavepoint(
      agg.db,
      'intake_follow_up',
      async () => {
        await fn();
        await agg.flushWrites();
      },
      () => agg.forget(),
    );
    return null;
  } catch (e) {
    if (isRetryable(e)) throw e;
    return (e as Error).message;
  }
}

/** The Message-ID of the message a forward carries whole (parse-mime `attachedMessage`), if any. */
function carriedIdsOf(m: ParsedMessage | null): string[] {
  const id = canonicalMessageId(m?.attachedMessage?.messageId);
  return id ? [id] : [];
}

/**
 * The Message-ID of the message a forward carries, kept on the forward's row when the reading takes that
 * message's sender for the complainant (a colleague forwarding a customer's complaint, a customer forwarding
 * their own earlier mail): the original arriving later on its own is then the same complaint. Not when the
 * carried message is only evidence the complainant shows (a phishing mail, a notice from someone else): that
 * message arriving on its own is not their complaint.
 */
function complaintCarriedId(m: ParsedMessage | null, r: PreparedEmail['reading']): string | null {
  const carried = m?.attachedMessage;
  if (!m || !r || r.automated || !carried?.from || !r.complainant.email) return null;
  if (!sameAddress(carried.from.address, r.complainant.email)) return null;
  return carriedIdsOf(m)[0] ?? null;
}

/**
 * What a readable message is looked up by to find the case it belongs to (see decideTarget), or null for a
 * message that was not read: the Message-IDs it replies to and those a forward carries, and its own.
 */
function threadOf(p: PreparedEmail): { messageIds: string[]; ownId: string | null } | null {
  const r = p.reading;
  const m = p.message;
  if (!r || !m) return null;
  return {
    messageIds: [...threadIdsOf(m), ...(r.automated ? [] : carriedIdsOf(m))],
    ownId: r.automated ? null : canonicalMessageId(m.messageId),
  };
}

/** The Message-IDs a message replies to, most telling first: In-Reply-To, then References from the newest. */
function threadIdsOf(m: ParsedMessage | null): string[] {
  if (!m) return [];
  return [m.inReplyTo, ...[...m.references].reverse()]
    .map((x) => canonicalMessageId(x))
    .filter((x): x is string => x !== null);
}

/**
 * Who the message is from (complainant.ts `messageSender`), for filing, registration and automatic mail alike;
 * nobody for a message that could not be read and for automated mail (never a case's complainant, never answered).
 */
export function senderOf(ctx: AppContext, p: PreparedEmail): MessageSender {
  if (!p.reading || !p.message || p.reading.automated) return NOBODY;
  return messageSender(p.message, p.reading.complainant.email, {
    relaySenders: ctx.config.relaySenders,
    ownDomains: ownDomainsOf(ctx.config),
    ownAddresses: ownAddressesOf(ctx.config),
  });
}

const NOBODY: MessageSender = {
  address: null,
  answer: { address: null, reason: 'no_address' },
  colleague: false,
};

/**
 * The sender's address as read, lower case: the complainant the reading names (Reply-To behind a relay, the
 * original sender of a forward), else From when it is one valid address. Not who the message verifiably comes
 * from (senderOf), which is this address or nobody: for what the message may look up.
 */
function addressAsRead(p: PreparedEmail): string | null {
  const email = p.reading?.complainant.email ?? (p.message ? fromAddress(p.message) : null);
  return email ? email.trim().toLowerCase() : null;
}

/** Loads what the filing rule (src/core/intake/filing.ts) reads, and applies it. */
async function decideTarget(
  ctx: AppContext,
  agg: Aggregates,
  p: PreparedEmail,
  sender: MessageSender,
): Promise<Filed> {
  const r = p.reading;
  const m = p.message;
  const facts: FilingFacts = {
    reading: null,
    problem: p.problem,
    sender: m ? fromAddress(m) : null,
    from: { address: null, complainantId: null, colleague: false },
    threaded: [],
    quoted: [],
    policy: ctx.config.step2ByEmail,
  };
  if (!r || !m) return fileMessage(facts, null);
  const reasons = p.automatedReasons;
  facts.reading = {
    kind: r.kind,
    step: r.step,
    automated: r.automated,
    bounce: reasons.includes('bounce_sender') || reasons.includes('delivery_report'),
  };
  // The cases its Message-IDs name: the messages it replies to (one of ours, or one filed on a case); a message
  // it carries whole that is held (a colleague forwarding a complaint as attachment); itself, when a forward
  // carried it before it arrived. Which of them it joins, if any, is the rule's: who the sender is decides.
  const thread = threadOf(p)!;
  const hits = await agg.casesOfMessageIds(thread.messageIds, thread.ownId);
  const replyIds = new Set(threadIdsOf(m));
  const hitCases = await casesByIds(
    agg.db,
    hits.map((h) => h.caseId),
  );
  facts.threaded = hits.flatMap((h) => {
    const c = hitCases.find((x) => x.id === h.caseId);
    return c ? [{ ...filedCase(c), reply: replyIds.has(h.messageId) }] : [];
  });
  if (r.automated) return fileMessage(facts, null);

  // Who it is from: the address it verifiably comes from (the one a new case of theirs is registered by and
  // automatic mail may go to), not whatever address the reading found (a Reply-To or a line of the body).
  const { address, colleague } = sender;
  facts.from = {
    address,
    complainantId: address ? await agg.complainantIdByEmail(address) : null,
    colleague,
  };
  const quoted = await casesByReference(agg.db, r.caseRefs);
  const inSubject = findCaseRefs(
    [m.subject ?? ''],
    [ctx.config.references.complaint, ctx.config.references.suggestion],
  );
  facts.quoted = quoted.map((c) => ({ ...filedCase(c), inSubject: inSubject.includes(c.reference) }));
  let step1: CaseState | null = null;
  if (asksForStep2(facts)) {
    // Which step-1 case it concerns: the rule of every door (step1-of-request.ts), asked for the sender's own
    // cases only.
    const related = relatedCase(facts);
    step1 = await findStep1Case(agg, {
      complainantId: facts.from.complainantId,
      threaded: related ? (await agg.loadCase(related.id)).state : null,
      quotedRefs: ownRefs(facts),
      staffChose: false,
    });
  }
  const step1Case = step1
    ? ([...facts.threaded, ...facts.quoted].find((c) => c.id === step1.id) ??
      (await casesByIds(agg.db, [step1.id])).map(filedCase)[0] ??
      null)
    : null;
  const filed = fileMessage(facts, step1Case);
  // A step-2 request taken by e-mail (`accept`) that the writer made before, by any door: a message on their
  // step-2 case, not a second one (step2-of-request.ts, the rule of every door). Its clock and acknowledgement
  // are that case's.
  if (filed.to === 'open' && filed.kind === 'complaint' && filed.step === 2) {
    const place = await findStep2Place(agg, {
      complainantId: facts.from.complainantId,
      step1: step1Case ? step1 : null,
    });
    if ('join' in place)
      return { to: 'case', caseId: place.join, filing: 'filed_on_case', fromComplainant: true, flag: null };
  }
  if (filed.to !== 'case') return filed;
  // A reply on a case that was escalated: its step-2 case, while open, is where it is read (filing.ts).
  const joined = (await agg.loadCase(filed.caseId)).state;
  const step2 = joined?.step2CaseId ? (await agg.loadCase(joined.step2CaseId)).state : null;
  return followEscalation(
    filed,
    step2 ? { caseId: step2.id, open: step2.status !== 'closed' && !step2.mergedInto } : null,
  );
}

function filedCase(c: CaseOfComplainant): FiledCase {
  return {
    id: c.id,
    reference: c.reference,
    kind: c.kind,
    step: c.step,
    complainantId: c.complainantId,
    complainantEmail: c.email,
  };
}

/**
 * May this message be answered automatically, and why not (the flag a person reads)? The rule is
 * auto-reply.ts; this loads its facts, and counts the message towards the limits on automatic mail when it
 * would be answered (rate-limit.ts), in the filing transaction.
 */
async function decideAutoReply(
  ctx: AppContext,
  agg: Aggregates,
  p: PreparedEmail,
  sender: MessageSender,
  complainantId: string | null,
): Promise<AutoReplyVerdict> {
  const m = p.message;
  const r = p.reading;
  if (!r || !m || r.automated)
    return autoReplyVerdict({ ...NOTHING_TO_ANSWER, readable: !!(r && m), automated: !!r?.automated });
  const target = sender.answer;
  const facts = {
    readable: true,
    automated: false,
    suspiciousAddress:
      target.reason === 'suspicious_address' ? m.addressProblems.map((a) => a.problem).join('; ') : null,
    answerable: target.address !== null,
    designatedContact: false,
  };
  if (!countsTowardsLimits(facts)) return autoReplyVerdict({ ...facts, overLimit: null });
  const whose = complainantId ?? (sender.address ? await agg.complainantIdByEmail(sender.address) : null);
  const record = whose ? (await agg.loadComplainant(whose)).state : null;
  // Automatic mail goes to the record's address on file: only when that is the one the message comes from.
  if (record && !answersOnFile(sender, record.details.email))
    return { autoReply: 'no_address', flag: staffNote('otherAddressOnFile') };
  // Counted and checked with a designated contact too (P8.4): where the contact does not handle the case the
  // message is answered after all (acknowledge-case.ts), and must then be within the limits as any other.
  const over = await countAutoReply(ctx, agg, target.address!, fromAddress(m));
  return autoReplyVerdict({
    ...facts,
    designatedContact: designatedContactOf(record) !== null,
    overLimit: over,
  });
}

const NOTHING_TO_ANSWER = {
  suspiciousAddress: null,
  answerable: false,
  designatedContact: false,
  overLimit: null,
};
