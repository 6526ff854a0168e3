// Writing to people: composes a text in the recipient's language and puts it in the outbox, in the caller's
// transaction (the outbox guarantee: the item exists exactly when the event that causes it is committed).
// To a complainant it is an e-mail when an address is known and reachable, else a printable letter (PDF) that
// waits on the case as "letter to post" (P3.1). Staff and department mail go through the same outbox.
import { type Aggregates, caseStream, complainantStream } from '../adapters/db/aggregates.repo.ts';
import type { Db } from '../adapters/db/database.ts';
import { loadStream } from '../adapters/db/event-store.ts';
import { inboundEmailsOf, referenceOf } from '../adapters/db/intake-lookups.repo.ts';
import { inboundLetterAddress } from '../adapters/db/letters.repo.ts';
import { DatabaseOriginals } from '../adapters/db/originals.repo.ts';
import { type AttachmentRef, insertOutbound } from '../adapters/db/outbox.repo.ts';
import { type Config, LANGUAGES, type MailboxRole } from '../config.ts';
import type { AccountMailKind } from '../core/access/account-mail.ts';
import type { CaseState } from '../core/case/case.ts';
import type { ComplainantState } from '../core/case/complainant.ts';
import type { Language } from '../core/case/model.ts';
import { DomainError } from '../core/case/refusal.ts';
import { type Extras, previewExtras } from '../core/correspondence/case-texts.ts';
import {
  caseVariables,
  formatDate,
  type OrganisationDetails,
  type RenderedText,
  renderText,
  textsFor,
} from '../core/correspondence/compose.ts';
import { linkWithoutToken } from '../core/correspondence/link-token.ts';
import { messageIdFor } from '../core/correspondence/outgoing-mail.ts';
import type { TemplateKind, TemplateText } from '../core/correspondence/template-kinds.ts';
import {
  answeredMessage,
  answers,
  type InboundMessage,
  type Thread,
  threadOf,
} from '../core/correspondence/threading.ts';
import { isOneAddress } from '../core/intake/addresses.ts';
import { cleanDisplayName } from '../core/intake/display-text.ts';
import { caseAnswerAddress } from '../core/intake/letter-contact.ts';
import { cleanLine } from '../core/text/clean-text.ts';
import { actOnCaseIn } from './act-on-case.ts';
import { issueComplainantLinkIn } from './complainant-link.ts';
import type { AppContext } from './context.ts';
import { activeTemplates } from './manage-templates.ts';

export function organisationDetails(config: Config): OrganisationDetails {
  const management = config.mailboxes.find((m) => m.role === 'management');
  return {
    name: config.organisation.name,
    timeZone: config.timezone,
    complaintsPostalAddress: config.organisation.complaintsPostalAddress,
    managementPostalAddress: config.organisation.managementPostalAddress,
    managementEmail: config.step2ByEmail === 'accept' ? (management?.address ?? null) : null,
    markers: config.markers,
    disputeResolution: config.disputeResolution,
    publicUrl: (config.http.publicUrl ?? `http://${config.http.host}:${config.http.port}`).replace(/\/$/, ''),
    clockPausesWhileWaiting: config.pauseClockWhileWaiting,
  };
}

/** The sender of mail about a case of this role: the configured `outbound.from`, else the role's mailbox. */
export function senderFor(config: Config, role: MailboxRole): { name: string; address: string } {
  const mailbox =
    config.mailboxes.find((m) => m.role === role) ??
    config.mailboxes.find((m) => m.role === 'complaints') ??
    config.mailboxes[0]!;
  return { name: config.organisation.name, address: config.outbound.from ?? mailbox.address };
}

export function roleOfCase(state: CaseState): MailboxRole {
  return state.kind === 'suggestion' ? 'suggestions' : state.step === 2 ? 'management' : 'complaints';
}

export function languageOf(config: Config, language: string | null | undefined): Language {
  return (LANGUAGES as readonly string[]).includes(language ?? '')
    ? (language as Language)
    : config.defaultLanguage;
}

export function caseUrl(ctx: AppContext, caseId: string): string {
  return `${organisationDetails(ctx.config).publicUrl}/cases/${caseId}`;
}

export interface QueueEmailInput {
  id?: string;
  caseId: string | null;
  purpose: TemplateKind | 'reply' | 'update' | 'test' | 'monthly_report' | AccountMailKind;
  audience: 'complainant' | 'staff' | 'department';
  fromRole: MailboxRole;
  to: string;
  subject: string;
  text: string;
  language: Language;
  inReplyTo: string | null;
  references: string[];
  autoSubmitted: 'auto-replied' | 'auto-generated' | null;
  attachments: AttachmentRef[];
  templateVersion: number | null;
  actor: string;
  /** The token of the private link `text` names without it (linkWithoutToken), put in as the e-mail is sent. */
  linkToken?: string;
  /** Staff mail about cases (`caseId` null): the cases it is about, so that retention finds it with each of them. */
  aboutCases?: readonly string[];
}

/**
 * Puts one e-mail in the outbox with its Message-ID fixed now (the same on every attempt). Returns its id.
 * `anchor: 'event'`: an event naming it follows in this transaction and carries its seal (outbox.repo.ts).
 */
export async function queueEmail(
  ctx: AppContext,
  db: Db,
  mail: QueueEmailInput,
  options: { anchor?: 'event' } = {},
): Promise<string> {
  const id = mail.id ?? ctx.newId();
  const from = senderFor(ctx.config, mail.fromRole);
  const domain = ctx.config.outbound.messageIdDomain ?? from.address.split('@')[1] ?? 'redress.invalid';
  await insertOutbound(
    db,
    {
      id,
      caseId: mail.caseId,
      channel: 'email',
      purpose: mail.purpose,
      audience: mail.audience,
      messageId: messageIdFor(id, domain),
      inReplyTo: mail.inReplyTo,
      references: mail.references,
      fromAddress: from.address,
      fromName: from.name,
      toAddress: mail.to,
      subject: mail.subject,
      text: mail.text,
      language: mail.language,
      autoSubmitted: mail.autoSubmitted,
      attachments: mail.attachments,
      postalAddress: null,
      originalSha256: null,
      templateVersion: mail.templateVersion,
      linkToken: mail.linkToken ?? null,
      ...(mail.aboutCases?.length ? { aboutCases: mail.aboutCases } : {}),
      status: 'pending',
      at: ctx.clock.now(),
      createdBy: mail.actor,
    },
    options,
  );
  return id;
}

/** What writing about a case needs: its state, the complainant, the step-1 reference, the thread to answer in. */
export interface CaseMailContext {
  state: CaseState;
  complainant: ComplainantState | null;
  step1Reference: string | null;
  /** The message the text answers (threading.ts); no thread unless the caller said what it writes (`kind`). */
  thread: Thread;
}

/** An inbound e-mail as threading sees it: its Message-ID and what it replied to. */
export interface LatestInbound {
  message_id: string | null;
  in_reply_to: string | null;
}

/** What the caller of loadCaseMailContext may already have at hand (then it is not read again). */
export interface KnownMailContext {
  state?: CaseState;
  /** The complainant's state (null: there is none). */
  complainant?: ComplainantState | null;
  /** What is being written: decides which message it answers (threading.ts `answers`). */
  kind?: TemplateKind | 'reply' | 'update' | 'test';
  /** The message that caused the text (the mail door's message), which an automatic reply answers. */
  replyingTo?: LatestInbound;
}

export async function loadCaseMailContext(
  _ctx: AppContext,
  db: Db,
  caseId: string,
  known: KnownMailContext = {},
): Promise<CaseMailContext> {
  const caseState = known.state ?? (await loadStream<CaseState>(db, caseStream(caseId))).state;
  if (!caseState)
    throw new DomainError({
      code: 'case_not_found',
      message: `There is no case ${caseId}.`,
      details: { context: 'case' },
    });
  const complainant =
    known.complainant !== undefined
      ? known.complainant
      : (await loadStream<ComplainantState>(db, complainantStream(caseState.complainantId))).state;
  const step1Reference = caseState.step1CaseId ? await referenceOf(db, caseState.step1CaseId) : null;
  const kind = known.kind ?? 'test';
  const trigger: InboundMessage | null = known.replyingTo?.message_id
    ? {
        messageId: known.replyingTo.message_id,
        inReplyTo: known.replyingTo.in_reply_to,
        fromAddress: null,
        storedAt: '',
        at: '',
      }
    : null;
  const mode = answers(kind);
  // The messages on file are read only when the rule needs them: an acknowledgement at the mail door has its
  // message at hand, and most writing to a complainant happens there.
  const needsFile = mode === 'latest' || (mode === 'trigger' && !trigger);
  const onCase = needsFile ? await inboundEmailsOf(db, caseId) : [];
  const onStep1 =
    needsFile && caseState.step1CaseId && onCase.length === 0
      ? await inboundEmailsOf(db, caseState.step1CaseId)
      : [];
  const answered = answeredMessage({
    kind,
    trigger,
    complainantEmail: complainant?.details.email ?? null,
    onCase,
    onStep1,
  });
  return {
    state: caseState,
    complainant,
    step1Reference,
    thread: threadOf(answered),
  };
}

/** A template rendered with a case's data and the organisation's details (also the answer preview). */
export function renderForCase(
  ctx: AppContext,
  mailCtx: CaseMailContext,
  kind: TemplateKind,
  language: Language,
  template: TemplateText,
  extras: Extras,
  byEmail: boolean,
): RenderedText {
  const org = organisationDetails(ctx.config);
  const s = mailCtx.state;
  const vars = {
    ...caseVariables(
      language,
      org,
      {
        reference: s.reference,
        kind: s.kind,
        step: s.step,
        subject: s.subject,
        receivedAt: s.receivedAt,
        answerByDate: s.deadline?.answerByDate ?? null,
        step1Reference: mailCtx.step1Reference,
      },
      { name: mailCtx.complainant?.details.name ?? null, byEmail },
    ),
    ...extras,
  };
  return renderText(kind, template, vars);
}

export function variablesForPreview(
  ctx: AppContext,
  mailCtx: CaseMailContext,
  kind: TemplateKind,
  language: Language,
  template: TemplateText,
): RenderedText {
  const org = organisationDetails(ctx.config);
  const extras = previewExtras(kind, mailCtx.state, language, org, mailCtx.step1Reference);
  const byEmail = !!mailCtx.complainant?.details.email && !mailCtx.complainant.unreachableByEmail;
  return renderForCase(ctx, mailCtx, kind, language, template, extras, byEmail);
}

export interface WriteToComplainant {
  kind: TemplateKind;
  extras: Extras;
  /** The id the causing event already names (generated before the event); a new one when absent. */
  correspondenceId?: string;
  /** Sent without a person (acknowledgements, by-post instructions, thank-yous): `Auto-Submitted: auto-replied`. */
  automatic: boolean;
  attachments?: AttachmentRef[];
  /** Print a letter even when an e-mail address is known. */
  letter?: boolean;
  /** A text already written (e.g. an undelivered e-mail printed as a letter) instead of the template's. */
  verbatim?: RenderedText;
  /**
   * The message that caused this text, when the caller has it at hand (the mail door acknowledging the message
   * that opened the case, or answering a step-2 request): an automatic reply threads on it (threading.ts).
   */
  replyingTo?: LatestInbound;
  actor: string;
}

export interface Written {
  channel: 'email' | 'letter';
  correspondenceId: string;
}

/**
 * The complainant as a case writes to them: their record, except that a case opened by a letter is answered at the
 * postal address that letter gave (letter-contact.ts caseAnswerAddress). A letter never changes the record's address
 * (anyone can post one in someone's name), so the person's other cases keep the record's.
 */
export async function complainantOfCase(
  agg: Aggregates,
  state: Pick<CaseState, 'complainantId' | 'channel' | 'correspondenceIds'>,
): Promise<ComplainantState | null> {
  const complainant = await agg.complainantState(state.complainantId);
  if (!complainant || state.channel !== 'letter') return complainant;
  // The letter's row may still be in this unit of work's buffer (registered in the same transaction).
  await agg.flushWrites();
  return complainantAsWrittenTo(agg.db, state, complainant);
}

/**
 * The same, for a complainant record already read (`complainant`), in `db`: what the case page shows as the address
 * an answer goes to is what complainantOfCase writes to, by the one rule (letter-contact.ts caseAnswerAddress).
 */
export async function complainantAsWrittenTo(
  db: Db,
  state: Pick<CaseState, 'channel' | 'correspondenceIds'>,
  complainant: ComplainantState | null,
): Promise<ComplainantState | null> {
  const opening = state.channel === 'letter' ? state.correspondenceIds[0] : undefined;
  if (!complainant || !opening) return complainant;
  const given = await inboundLetterAddress(db, opening);
  if (!given) return complainant;
  const postalAddress = caseAnswerAddress(complainant.details.postalAddress, given).map((l) => l ?? '');
  return { ...complainant, details: { ...complainant.details, postalAddress } };
}

/**
 * The complainant can be written to by e-mail: an address that is exactly one valid address (an older row may
 * hold anything: DESIGN.md "Outbound mail"), and no bounce since.
 */
export function reachableByEmail(complainant: ComplainantState | null): boolean {
  return isOneAddress(complainant?.details.email?.trim()) && !complainant!.unreachableByEmail;
}

/** The complainant has a postal address a letter can go to (at least one line besides the name). */
export function reachableByPost(complainant: ComplainantState | null): boolean {
  return (complainant?.details.postalAddress ?? []).some((l) => !!l?.trim());
}

/**
 * The complainant can be written to at all. Where not (no usable e-mail address, no postal address), nothing is
 * prepared for nobody: automatic texts are not written and the case waits for a person; a person writing is
 * told to add an address first.
 */
export function reachable(complainant: ComplainantState | null): boolean {
  return reachableByEmail(complainant) || reachableByPost(complainant);
}

/**
 * Writes to the complainant of a case, in the case's language (the organisation's default as a fallback): an
 * e-mail in the thread of their last message, or a letter prepared for posting (`letter_prepared` on the case).
 */
export async function writeToComplainant(
  ctx: AppContext,
  agg: Aggregates,
  state: CaseState,
  input: WriteToComplainant,
): Promise<Written> {
  // What was filed earlier in this unit of work is read by the threading rule: write it first.
  if (!input.replyingTo) await agg.flushWrites();
  const mailCtx = await loadCaseMailContext(ctx, agg.db, state.id, {
    state,
    complainant: await complainantOfCase(agg, state),
    kind: input.kind,
    replyingTo: input.replyingTo,
  });
  const language = languageOf(ctx.config, state.language);
  // Every text in use, read once per transaction: a batch of the mail intake acknowledges in several languages.
  const { template, version } = (await agg.once('templates', () => activeTemplates(agg.db))).of(
    input.kind,
    language,
  );
  const id = input.correspondenceId ?? ctx.newId();
  const byEmail = !input.letter && reachableByEmail(mailCtx.complainant);
  if (!byEmail && !reachableByPost(mailCtx.complainant))
    throw new DomainError({
      code: 'invalid_command',
      message: `The complainant of ${state.reference} has no e-mail address that mail can go to${input.letter ? '' : ' (or it bounced)'} and no postal address, so there is nobody to send this to: add an address on the complainant's page, then try again.`,
      details: { context: 'no_address', reference: state.reference },
    });
  // The acknowledgement carries the complainant's private page (complainant-link.ts): a new link, issued in this
  // transaction, so that it exists exactly when the text that names it does. An e-mail's text is kept naming the
  // link without its token, which the outbox puts in as it sends and then forgets (withLinkToken); a letter
  // carries it on paper, and is kept as printed.
  const link =
    input.kind === 'acknowledgement' && !input.verbatim && state.kind === 'complaint'
      ? await issueComplainantLinkIn(ctx, agg, state.id, input.actor)
      : null;
  const extras = link
    ? { ...input.extras, caseLink: byEmail ? linkWithoutToken(link.url) : link.url }
    : input.extras;
  const rendered =
    input.verbatim ?? renderForCase(ctx, mailCtx, input.kind, language, template, extras, byEmail);
  if (byEmail) {
    await queueEmail(ctx, agg.db, {
      id,
      caseId: state.id,
      purpose: input.kind,
      audience: 'complainant',
      fromRole: roleOfCase(state),
      to: mailCtx.complainant!.details.email!.trim(),
      subject: rendered.subject,
      text: rendered.text,
      language,
      inReplyTo: mailCtx.thread.inReplyTo,
      references: mailCtx.thread.references,
      autoSubmitted: input.automatic ? 'auto-replied' : null,
      attachments: input.attachments ?? [],
      templateVersion: version,
      actor: input.actor,
      ...(link ? { linkToken: link.token } : {}),
    });
    return { channel: 'email', correspondenceId: id };
  }
  await prepareLetterIn(ctx, agg, state, mailCtx, {
    id,
    kind: input.kind,
    language,
    rendered,
    templateVersion: version,
    actor: input.actor,
  });
  return { channel: 'letter', correspondenceId: id };
}

/** Prints a text as a letter waiting on the case to be posted (P3.1: no e-mail address that mail can go to). */
export async function prepareLetterIn(
  ctx: AppContext,
  agg: Aggregates,
  state: CaseState,
  mailCtx: CaseMailContext,
  letter: {
    id: string;
    kind: TemplateKind | 'reply' | 'update';
    language: Language;
    rendered: RenderedText;
    templateVersion: number | null;
    actor: string;
  },
): Promise<void> {
  const now = ctx.clock.now();
  // The complainant as this case writes to them (complainantOfCase): a case opened by a letter, at its address.
  const details = mailCtx.complainant?.details;
  // One line each: a line break or a control character in a name or an address line would break the letter.
  const recipient = [
    cleanDisplayName(details?.name),
    ...(details?.postalAddress ?? []).map((l) => cleanLine(l ?? '')),
  ].filter((l): l is string => !!l?.trim());
  const role = roleOfCase(state);
  const senderAddress =
    role === 'management'
      ? ctx.config.organisation.managementPostalAddress
      : ctx.config.organisation.complaintsPostalAddress;
  const labels = textsFor(letter.language).labels.letter;
  // The PDF library is loaded with the first letter (memory of instances that never print one).
  const { renderLetterPdf } = await import('../adapters/pdf/letter-pdf.ts');
  const pdf = await renderLetterPdf({
    organisation: ctx.config.organisation.name,
    senderAddress,
    recipient,
    labels,
    reference: state.reference,
    date: formatDate(now, letter.language, ctx.config.timezone),
    subject: letter.rendered.subject.replace(`[${state.reference}]`, '').trim(),
    text: letter.rendered.text,
  });
  const { sha256 } = await new DatabaseOriginals(agg.db).put(pdf, 'application/pdf', now);
  await insertOutbound(
    agg.db,
    {
      id: letter.id,
      caseId: state.id,
      channel: 'letter',
      purpose: letter.kind,
      audience: 'complainant',
      messageId: null,
      inReplyTo: null,
      references: [],
      fromAddress: null,
      fromName: ctx.config.organisation.name,
      toAddress: null,
      subject: letter.rendered.subject,
      text: letter.rendered.text,
      language: letter.language,
      autoSubmitted: null,
      attachments: [],
      postalAddress: recipient,
      originalSha256: sha256,
      templateVersion: letter.templateVersion,
      status: 'to_post',
      at: now,
      createdBy: letter.actor,
    },
    // Its seal goes with the `letter_prepared` event below, even when an earlier event named it (a reply).
    { anchor: 'event' },
  );
  await actOnCaseIn(
    ctx,
    agg,
    state.id,
    { type: 'prepare_letter', letterId: letter.id, purpose: letter.kind },
    letter.actor,
  );
}
