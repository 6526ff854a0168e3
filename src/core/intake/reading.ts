// The reading of one message: what a careful clerk reads out of a complaint e-mail (P2, P7.4, P9, P10).
// Pure: the parsed message and the context in, the reading out; no clock (`now` comes in), no I/O.
import type { Kind, Language, MissingField, Step } from '../case/model.ts';
import { type AutomatedReason, automatedReasons } from './automated.ts';
import { findCaseRefs } from './case-refs.ts';
import { letterCount, wordsWithLetters } from './characters.ts';
import { type Complainant, isColleague, readComplainant } from './complainant.ts';
import { readDomains } from './domains.ts';
import { askedAndTold } from './expectations.ts';
import { readLabelledFields } from './labelled-fields.ts';
import { detectLanguage } from './language.ts';
import { looksLikeName, readLetter, toProse } from './letter.ts';
import { parseMailDate, receivedDate } from './mail-date.ts';
import { findMarker, type MarkerPhrases, stripReplyPrefixes } from './marker.ts';
import { splitOwnText } from './own-text.ts';
import { headerValues, type ParsedMessage, readableBody } from './parsed-message.ts';
import { readTicketRefs } from './ticket-refs.ts';

export type MailboxRole = 'complaints' | 'suggestions' | 'management';

export interface IntakeContext {
  /** The mailbox the message arrived in: its role decides the kind without a marker, its language is a hint. */
  mailbox: { role: MailboxRole; language: Language };
  markers: MarkerPhrases;
  /** Globs of relay senders (`no-reply@*`): the complainant is then in Reply-To or the body. */
  relaySenders: readonly string[];
  /** Case reference prefixes (`RC`, `SG`). */
  referencePrefixes: readonly string[];
  /** The organisation's own domains (from its mailboxes), never reported as the complainant's. */
  ownDomains: readonly string[];
  /** The current instant, ISO UTC: `receivedAt` when the message carries no date at all. */
  now: string;
}

export interface IntakeReading {
  kind: Kind;
  automated: boolean;
  step: Step | null;
  markerFound: boolean;
  language: Language;
  complainant: Complainant;
  ticketRefs: string[];
  domains: string[];
  caseRefs: string[];
  description: string | null;
  expectations: string | null;
  missing: MissingField[];
  receivedAt: string;
}

export interface IntakeResult {
  reading: IntakeReading;
  /** Why the message was taken for automated mail (empty when it was not). */
  automatedReasons: AutomatedReason[];
}

/** Fewer words than this in a note above a forwarded message, and the forwarded text is read too. */
const SHORT_NOTE_WORDS = 25;
/** Fewer words than this is no description. */
const MIN_DESCRIPTION_WORDS = 3;

const FORWARD_SUBJECT = /^(?:\s*(?:re|aw|sv|antw)\s*:)*\s*(?:fwd?|tr|wg|weitergeleitet)\s*:/i;

function words(text: string | null): number {
  return text ? wordsWithLetters(text) : 0;
}

/** When the message arrived: the top-most readable `Received:` date, else `Date:`, else now. */
export function receivedAtOf(message: ParsedMessage, now: string): string {
  for (const value of headerValues(message, 'received')) {
    const at = receivedDate(value);
    if (at) return at;
  }
  return message.date ?? parseMailDate(headerValues(message, 'date')[0]) ?? new Date(now).toISOString();
}

function prose(text: string | null): string | null {
  if (!text) return null;
  const result = toProse(readLetter(text).content);
  return result || null;
}

export function readIntake(message: ParsedMessage, context: IntakeContext): IntakeResult {
  const subject = message.subject ?? '';
  const body = readableBody(message);
  const own = splitOwnText(body);

  // What the sender brings: their own text, or the forwarded message when a colleague forwards a
  // customer's mail, or when a customer forwards their earlier mail with a short note.
  const colleague = isColleague(message.from, context.ownDomains);
  const earlier = own.earlier;
  const forwarding = earlier !== null && (earlier.kind === 'forward' || FORWARD_SUBJECT.test(subject));
  let content = own.text;
  if (earlier && colleague && forwarding) content = earlier.text;
  else if (earlier && forwarding && words(readLetter(own.text).content) < SHORT_NOTE_WORDS)
    content = [own.text, earlier.text].filter(Boolean).join('\n\n');

  const labelled = readLabelledFields(content);
  const letter = readLetter(labelled.unlabelled);
  const signatureName = own.signature?.split('\n').find((l) => l.trim()) ?? null;

  // Description: the labelled section, else the letter's own content. Expectations: the labelled section,
  // else the sentences that ask for something. A text that only asks, without saying what went wrong,
  // has no description.
  // (`prose(labelled.unlabelled)` is the prose of `letter`, read above.)
  const narrative = labelled.description ? prose(labelled.description) : toProse(letter.content) || null;
  // The sentences that ask, and the others (what the text tells rather than asks).
  const split = narrative ? askedAndTold(narrative) : { asked: null, told: narrative };
  let expectations = labelled.expectations ? prose(labelled.expectations) : split.asked;
  if (words(expectations) < 1) expectations = null;
  const told = labelled.description ? narrative : split.told;
  const description = words(told) >= MIN_DESCRIPTION_WORDS ? narrative : null;

  // Tickets and domains: the rules of ticket-refs.ts and domains.ts (subject tags, phrasings, signatures and
  // disclaimers set apart).
  const ticketRefs = readTicketRefs(subject, content, labelled.tickets);
  const domains = readDomains({
    subject,
    text: content,
    labelled: labelled.domains,
    ownDomains: context.ownDomains,
  });
  const caseRefs = findCaseRefs([subject, body], context.referencePrefixes);

  const marker = findMarker(subject, context.markers);
  const reasons = automatedReasons(message, { markerFound: marker !== null });
  const automated = reasons.length > 0;
  const kind: Kind = automated
    ? 'other'
    : marker
      ? 'complaint'
      : context.mailbox.role === 'suggestions'
        ? 'suggestion'
        : 'complaint';
  const step: Step | null =
    kind === 'complaint' ? (marker?.step ?? (context.mailbox.role === 'management' ? 2 : 1)) : null;

  const complainant = readComplainant({
    message,
    relaySenders: context.relaySenders,
    ownDomains: context.ownDomains,
    forwardedFrom: colleague && forwarding ? (earlier?.from ?? null) : null,
    labelled,
    signedName:
      letter.signedName ?? (signatureName && looksLikeName(signatureName) ? signatureName.trim() : null),
  });

  // The language: of what the complainant wrote; the subject helps when that is too short to tell.
  const written = [description, expectations].filter(Boolean).join('\n') || letter.content || content;
  const short = letterCount(written) < 60;
  const language = detectLanguage(
    short ? `${stripReplyPrefixes(subject)}\n${written}` : written,
    context.mailbox.language,
  );

  const missing: MissingField[] = [];
  if (kind === 'complaint') {
    if (!complainant.name) missing.push('name');
    if (!complainant.email) missing.push('contact');
    if (!description) missing.push('description');
    if (!expectations) missing.push('expectations');
    if (!marker) missing.push('marker');
  }

  return {
    reading: {
      kind,
      automated,
      step,
      markerFound: marker !== null,
      language,
      complainant,
      ticketRefs,
      domains,
      caseRefs,
      description,
      expectations,
      missing,
      receivedAt: receivedAtOf(message, context.now),
    },
    automatedReasons: reasons,
  };
}
