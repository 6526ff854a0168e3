// Handling an item of the triage inbox (inbound correspondence not on a case): file it onto a case, open a case
// from it (with the reading of the message), reclassify it as `other` with a reason (P7.4), or dismiss it with a
// reason. Each action is an event on the item's stream; filing also records `correspondence_filed` on the case.
// Filing onto a case and opening a case are acts on that case (src/core/access/case-access.ts): only management
// opens a step-2 case or files mail onto one (P5.2), and only the complaints team does so for the rest.
//
// A case opened here gets the follow-ups of every door (`afterCaseOpened`): a complaint's acknowledgement, with
// its promise renewed first when the message waited past its answer date (P3, P2.7), a suggestion's thanks and
// forwarding (P9.1). Whether they may go without a further look is the rule of every door (auto-reply.ts) on what
// the mail door found when it filed the message: automated mail, a sender field that is not one address, or no
// address automatic mail may go to (a third party's Reply-To) still get nothing, and the case is flagged so that
// it visibly waits for a person. The limits on automatic mail do not hold it back: they exist so that a person
// decides, and a person just did (the message was counted when it was filed). A designated contact is looked up
// now, since a restriction may have come while the message waited.
//
// Whose message it is goes by the address the mail door found it verifiably comes from (complainant.ts
// `messageSender`, kept on the row), as filing, registration and automatic mail at the door do: never by From:
// or Reply-To read again here. A case opened from the item is registered for that address; a message filed onto a
// case counts as its complainant's own only when that address is the complainant's. A message that verifiably
// comes from no one (an unreadable or listed From:, a stranger's Reply-To) has no such address: its case is opened
// without one unless the person opening it gives the complainant's address, and nothing goes to that address
// automatically; filed onto a case, it is never the complainant's own. A row stored before the door kept the
// address is asked again of its original by the door's rule (`verifiedSender`), here and when a case it opened is
// made a complaint or a suggestion later (`storedMailVerdict`).
import { z } from 'zod';
import type { Aggregates } from '../adapters/db/aggregates.repo.ts';
import {
  complainantEmail,
  inboxCorrespondence,
  setCorrespondenceCase,
} from '../adapters/db/intake-lookups.repo.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import { type ActorRef, actorName, requireCaseAct } from '../core/access/case-access.ts';
import { decideCase } from '../core/case/case.ts';
import { designatedContactOf } from '../core/case/complainant.ts';
import { decideInboxItem, type InboxItemState } from '../core/case/inbox.ts';
import {
  CHANNELS,
  type Channel,
  LANGUAGES,
  type Language,
  type OtherReason,
  type Step,
} from '../core/case/model.ts';
import { DomainError, orThrow, type RefusalDetails } from '../core/case/refusal.ts';
import {
  AUTO_REPLIES,
  type AutoReply,
  type AutoReplyVerdict,
  autoReplyVerdict,
} from '../core/correspondence/auto-reply.ts';
import { sameAddress, storedAddress } from '../core/intake/addresses.ts';
import { missingFields } from '../core/intake/missing-fields.ts';
import { staffNote } from '../core/intake/staff-notes.ts';
import { type AfterOpened, afterCaseOpened } from './acknowledge-case.ts';
import { actOnCaseIn } from './act-on-case.ts';
import type { AppContext } from './context.ts';
import { openCaseIn } from './open-case.ts';
import type { LatestInbound } from './outbound-mail.ts';
import { prepareEmail, senderOf } from './receive-email.ts';
import { tellMovedAnswerDateIn } from './tell-moved-answer-date.ts';
import { inTransaction } from './transaction.ts';

export type InboxAction =
  | { type: 'file_onto_case'; caseReference: string }
  | {
      type: 'open_case';
      kind: 'complaint' | 'suggestion';
      step: Step | null;
      /**
       * The complainant's address, as the person opening the case chose it, for a message that verifiably comes
       * from no one (else the case has none); for any other message, if given, the address it comes from.
       */
      complainantEmail?: string | null;
    }
  | { type: 'reclassify'; reason: OtherReason; note: string | null }
  | { type: 'dismiss'; reason: string };

export interface HandledInboxItem {
  item: InboxItemState;
  caseId: string | null;
  caseReference: string | null;
  /** For a case opened: what followed (acknowledged, or why not; a suggestion thanked, forwarded). */
  afterOpened?: AfterOpened;
}

/** The parts of a stored reading (`correspondence.reading`, what `redress parse` prints) used here; lenient. */
const readingSchema = z
  .object({
    language: z.enum(LANGUAGES).nullable().catch(null),
    complainant: z
      .object({ name: z.string().nullable().catch(null), email: z.string().nullable().catch(null) })
      .nullable()
      .catch(null),
    ticketRefs: z.array(z.string()).catch([]),
    domains: z.array(z.string()).catch([]),
    caseRefs: z.array(z.string()).catch([]),
    description: z.string().nullable().catch(null),
    expectations: z.string().nullable().catch(null),
    markerFound: z.boolean().nullable().catch(null),
    missing: z.array(z.string()).nullable().catch(null),
    receivedAt: z.string().nullable().catch(null),
    automated: z.boolean().nullable().catch(null),
    /** Why the message could not be read (then there is no reading but this). */
    problem: z.string().nullable().catch(null),
    /** The mail door's verdict on answering automatically, kept with the reading too. */
    autoReply: z.enum(AUTO_REPLIES).nullable().catch(null),
  })
  .partial();

function readingOf(json: string | null): z.infer<typeof readingSchema> {
  if (!json) return {};
  try {
    const parsed = readingSchema.safeParse(JSON.parse(json));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

const notFound = (what: string, details: RefusalDetails<'case_not_found'>) =>
  new DomainError({ code: 'case_not_found', message: what, details });

export function handleInboxItem(
  ctx: AppContext,
  itemId: string,
  action: InboxAction,
  by: ActorRef,
): Promise<HandledInboxItem> {
  return inTransaction(ctx, (agg) => handleInboxItemIn(ctx, agg, itemId, action, by));
}

export async function handleInboxItemIn(
  ctx: AppContext,
  agg: Aggregates,
  itemId: string,
  action: InboxAction,
  by: ActorRef,
): Promise<HandledInboxItem> {
  const now = ctx.clock.now();
  const actor = actorName(by);
  const meta = { at: now, actor };
  const loaded = await agg.loadInboxItem(itemId);
  const item = loaded.state;
  if (!item) throw notFound(`There is no inbox item ${itemId}.`, { context: 'inbox_item' });
  const decideCtx = { now, calendar: ctx.calendar, policy: ctx.policy };

  switch (action.type) {
    case 'reclassify':
    case 'dismiss': {
      const events = orThrow(decideInboxItem(item, action));
      const saved = await agg.saveInboxItem(itemId, loaded, events, meta);
      return { item: saved.state, caseId: null, caseReference: null };
    }
    case 'file_onto_case': {
      const reference = action.caseReference.trim().toUpperCase();
      const caseId = await agg.caseIdByReference(reference);
      if (!caseId) throw notFound(`There is no case ${reference}.`, { context: 'reference', reference });
      // Check the item's rule first (already handled?), then the case's.
      const itemEvents = orThrow(decideInboxItem(item, { type: 'file_onto_case', caseId }));
      const corr = await correspondenceOf(agg, item.correspondenceId);
      const kase = await agg.loadCase(caseId);
      if (kase.state) requireCaseAct(by, 'file_correspondence', kase.state);
      const complainant = kase.state ? await complainantEmail(agg.db, kase.state.complainantId) : null;
      const sender = await verifiedSender(ctx, agg.db, corr);
      const fromComplainant = sender !== null && sameAddress(sender, complainant);
      const caseEvents = orThrow(
        decideCase(
          kase.state,
          {
            type: 'file_correspondence',
            correspondenceId: corr.id,
            direction: 'in',
            channel: channelOf(corr.channel),
            fromComplainant,
          },
          decideCtx,
        ),
      );
      const filed = await agg.saveCase(caseId, kase, caseEvents, meta);
      // Told automatically only as the door would have answered the message (its stored verdict: not automated
      // mail, not a doubtful sender, within the limits), and then as the designated contact allows.
      const doorVerdict = AUTO_REPLIES.find((a) => a === corr.auto_reply) ?? 'allowed';
      await tellMovedAnswerDateIn(ctx, agg, filed.state, caseEvents, meta.actor, doorVerdict);
      const saved = await agg.saveInboxItem(itemId, loaded, itemEvents, meta);
      await setCorrespondenceCase(agg.db, corr.id, caseId);
      return { item: saved.state, caseId, caseReference: reference };
    }
    case 'open_case': {
      // Refuse before numbering a case when the item was already handled.
      orThrow(decideInboxItem(item, { type: 'open_case', caseId: '-' }));
      const step = action.kind === 'complaint' ? (action.step ?? 1) : null;
      requireCaseAct(by, 'open', { kind: action.kind, step, department: null, ownerId: null });
      const corr = await correspondenceOf(agg, item.correspondenceId);
      const r = readingOf(corr.reading);
      const sender = await verifiedSender(ctx, agg.db, corr);
      const email = complainantAddress(sender, action.complainantEmail);
      const name = r.complainant?.name ?? corr.from_name ?? null;
      const description = r.description ?? (corr.text_body?.trim() || null);
      // P2.7 for the kind the person chose (the reading may have taken it for another kind). Whether the
      // subject carried the marker: `markerFound`, or for an older reading, whether its `missing` named it.
      const missing = missingFields({
        kind: action.kind,
        name,
        contact: { email },
        description,
        expectations: r.expectations,
        marker:
          corr.channel === 'email'
            ? (r.markerFound ?? (r.missing ? !r.missing.includes('marker') : null))
            : null,
      });
      const language: Language =
        r.language ??
        ((LANGUAGES as readonly string[]).includes(corr.language ?? '')
          ? (corr.language as Language)
          : null) ??
        mailboxLanguage(ctx, corr.mailbox);
      const opened = await openCaseIn(ctx, agg, {
        kind: action.kind,
        step,
        channel: channelOf(corr.channel),
        receivedAt: r.receivedAt ?? corr.at,
        language,
        subject: corr.subject,
        complainant: { name, email },
        fields: {
          ticketRefs: r.ticketRefs ?? [],
          domains: r.domains ?? [],
          description,
          expectations: r.expectations ?? null,
        },
        missing,
        correspondenceId: corr.id,
        caseRefs: r.caseRefs ?? [],
        actor,
      });
      const events = orThrow(decideInboxItem(item, { type: 'open_case', caseId: opened.caseId }));
      const saved = await agg.saveInboxItem(itemId, loaded, events, meta);
      await setCorrespondenceCase(agg.db, corr.id, opened.caseId);
      const { state: complainant } = await agg.loadComplainant(opened.complainantId);
      const verdict = openedVerdict(corr, r, email, designatedContactOf(complainant) !== null, {
        sender,
        chosen: sender === null,
      });
      if (verdict.flag && !opened.state.flagged)
        await actOnCaseIn(ctx, agg, opened.caseId, { type: 'flag', reason: verdict.flag }, 'system');
      const afterOpened = await afterCaseOpened(
        ctx,
        agg,
        opened,
        {
          correspondenceId: corr.id,
          autoReply: verdict.autoReply,
          email: { message_id: corr.message_id, in_reply_to: corr.in_reply_to },
        },
        actor,
      );
      return { item: saved.state, caseId: opened.caseId, caseReference: opened.reference, afterOpened };
    }
  }
}

/**
 * Whether the follow-ups of a case opened from the inbox may go without a further look (see the head of this
 * file): the rule of every door on the facts the mail door stored (or, for a row without a verdict, what its
 * reading says), without the limits on automatic mail, with the designated contact of now.
 */
function openedVerdict(
  corr: Pick<Correspondence, 'channel' | 'reading' | 'auto_reply'>,
  r: z.infer<typeof readingSchema>,
  email: string | null,
  designatedContact: boolean,
  who: {
    /** The address the message verifiably comes from, when known. */
    sender: string | null;
    /** `email` is one a person chose, the message coming from no verified sender. */
    chosen: boolean;
  },
): AutoReplyVerdict {
  const filed: AutoReply | null = AUTO_REPLIES.find((a) => a === (corr.auto_reply ?? r.autoReply)) ?? null;
  // A row of another channel (none today) is answerable as a letter is: by e-mail where known, else on paper.
  const byMail = corr.channel === 'email';
  const verdict = autoReplyVerdict({
    readable: !byMail || (corr.reading !== null && !r.problem),
    automated: byMail && (filed === 'automated' || r.automated === true),
    suspiciousAddress:
      filed === 'suspicious_address' ? 'The sender field of the message is not one address' : null,
    // Automatic mail goes to the address the message verifiably comes from (`verifiedSender`, which asks a row
    // stored before the door kept it again), and to no other: not an address a person chose for a message that
    // comes from no one, nor the case's address after a change. Never the stored From: read again.
    answerable: !byMail || (email !== null && !who.chosen && email === who.sender),
    designatedContact,
    overLimit: null,
  });
  // Each flag is a sentence of the staff notes (staff-notes.ts), so that staff read it in their own language. The
  // doubtful sender field has a sentence of its own: the same words the rule writes with this problem (so the flags
  // stored before read as it too), without a problem in English inside a translated sentence.
  const flag =
    verdict.autoReply === 'suspicious_address'
      ? staffNote('senderFieldNotOneAddress')
      : (verdict.flag ??
        (verdict.autoReply === 'automated' || verdict.autoReply === 'no_address'
          ? staffNote('openedUnanswered')
          : null));
  return { ...verdict, flag };
}

/**
 * The same verdict for a case a person makes a complaint or a suggestion after it was opened (reclassify-case.ts):
 * on the message that brought it, as stored by the mail door, with the address the case now has, and who the
 * message verifiably comes from as opening it from the inbox asks it (`verifiedSender`: for a row stored before
 * the door kept it, asked again of its original by the door's rule). The case's address, when the message comes
 * from no one, is one a person gave. Null when there is no such message (a case opened through the API without
 * one): then only the case's own address decides.
 */
export async function storedMailVerdict(
  ctx: AppContext,
  agg: Aggregates,
  correspondenceId: string,
  email: string | null,
  designatedContact: boolean,
): Promise<{ verdict: AutoReplyVerdict; email: LatestInbound | null } | null> {
  const corr = await inboxCorrespondence(agg.db, correspondenceId);
  if (!corr) return null;
  const sender = await verifiedSender(ctx, agg.db, corr);
  return {
    verdict: openedVerdict(corr, readingOf(corr.reading), email, designatedContact, {
      sender,
      chosen: sender === null,
    }),
    email: corr.channel === 'email' ? { message_id: corr.message_id, in_reply_to: corr.in_reply_to } : null,
  };
}

type Correspondence = NonNullable<Awaited<ReturnType<typeof inboxCorrespondence>>>;

/**
 * The address an e-mail verifiably comes from (see the head of this file), or null. As the mail door kept it;
 * for a row that keeps none (one stored before the door kept it, or one from no verified sender), asked again of
 * its original by the door's own rule (receive-email.ts `senderOf`), with the relay senders and domains of now.
 * Automated mail comes from no one, as at the door (the envelope sender that may have told it is not kept: the
 * verdict it gave is).
 */
export async function verifiedSender(
  ctx: AppContext,
  db: Aggregates['db'],
  corr: Pick<
    Correspondence,
    'channel' | 'sender_address' | 'auto_reply' | 'original_sha256' | 'mailbox' | 'door'
  >,
): Promise<string | null> {
  if (corr.channel !== 'email') return null;
  const kept = storedAddress(corr.sender_address);
  if (kept !== null || corr.auto_reply === 'automated' || !corr.original_sha256) return kept;
  const original = await new DatabaseOriginals(db).get(corr.original_sha256);
  const mailbox = ctx.config.mailboxes.find((m) => m.name === corr.mailbox) ?? ctx.config.mailboxes[0];
  if (!original || !mailbox) return null;
  const door = corr.door === 'smtp' || corr.door === 'imap' || corr.door === 'api' ? corr.door : 'pipe';
  return senderOf(ctx, await prepareEmail(ctx, { raw: original.content, mailbox, door })).address;
}

/**
 * The address a case opened from an inbox item is registered with: the one the message verifiably comes from;
 * for a message that comes from no one, the one the person opening it chose, else none (the case then waits for
 * an address, and the complainant's page is where a person adds it).
 */
function complainantAddress(sender: string | null, chosen: string | null | undefined): string | null {
  const given = chosen?.trim() ? storedAddress(chosen) : null;
  if (chosen?.trim() && given === null)
    throw new DomainError({
      code: 'invalid_command',
      message: `complainantEmail: "${chosen.trim()}" is not one e-mail address.`,
      details: { context: 'complainant_email_invalid' },
    });
  if (sender !== null) {
    if (given !== null && given !== sender)
      throw new DomainError({
        code: 'invalid_command',
        message: `complainantEmail: the message comes from ${sender}, not from ${given}: open the case for ${sender}, or file the message onto the case of ${given}.`,
        details: { context: 'sender_other_address', sender, given },
      });
    return sender;
  }
  return given;
}

async function correspondenceOf(agg: Aggregates, id: string) {
  const row = await inboxCorrespondence(agg.db, id);
  if (!row)
    throw notFound(`The correspondence ${id} of this inbox item is missing.`, {
      context: 'inbox_correspondence',
    });
  return row;
}

function channelOf(value: string): Channel {
  return (CHANNELS as readonly string[]).includes(value) ? (value as Channel) : 'email';
}

function mailboxLanguage(ctx: AppContext, mailbox: string | null): Language {
  return ctx.config.mailboxes.find((m) => m.name === mailbox)?.language ?? ctx.config.defaultLanguage;
}
