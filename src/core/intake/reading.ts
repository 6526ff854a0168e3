// The reading of one message: what a careful clerk reads out of a complaint e-mail (P2, P7.4, P9, P10).
// Pure: the parsed message and the context in, the reading out; no clock (`now` comes in), no I/O.
import type { Kind, Language, MissingField, Step } from '../case/model.ts';
import { storedAddress } from './addresses.ts';
import { type ArrivalClaims, type ArrivalTrust, arrivalOfClaims, arrivalTrust } from './arrival.ts';
import { type AutomatedReason, automatedReasons } from './automated.ts';
import { findCaseRefs } from './case-refs.ts';
import { lettersUpTo, wordsWithLetters } from './characters.ts';
import {
  type Complainant,
  cleanName,
  emailIn,
  fromAddress,
  isColleague,
  readComplainant,
} from './complainant.ts';
import { readDomains } from './domains.ts';
import { askedAndTold } from './expectations.ts';
import { isFormRelay, withoutFormFooter } from './form-relay.ts';
import { type Forward, forwardOf } from './forward.ts';
import { statedKind } from './kind-statement.ts';
import { readLabelledFields } from './labelled-fields.ts';
import { detectLanguage } from './language.ts';
import { looksLikeName, readLetter, toProse } from './letter.ts';
import { parseMailDate, receivedDate } from './mail-date.ts';
import { findMarker, type MarkerPhrases, markerLanguage, withoutMarker } from './marker.ts';
import { missingFields } from './missing-fields.ts';
import { splitOwnText } from './own-text.ts';
import { emptyMessage, headerValues, type ParsedMessage, readableBody } from './parsed-message.ts';
import { nameAsSigned } from './person-name.ts';
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
  /** The current instant, ISO UTC: `receivedAt` when the message claims no credible date (arrival.ts). */
  now: string;
  /** The door the message came through (`smtp`, `pipe`, `imap`, …): whose the top-most trace line is (arrival.ts). */
  door?: string | undefined;
  /**
   * At the SMTP door: whether the peer that handed the message over is one of the organisation's relays
   * (`smtp.trustedRelays`), as the listener found it. Only then is its trace believed (arrival.ts).
   */
  relayTrusted?: boolean | undefined;
  /**
   * The envelope sender when the door knows it ('' for the null sender `<>`); undefined when it does not
   * (automated.ts). Mail from the null sender or a mail system's address is automated mail, never answered.
   */
  envelopeSender?: string | null | undefined;
}

export interface IntakeReading {
  kind: Kind;
  automated: boolean;
  step: Step | null;
  markerFound: boolean;
  language: Language;
  complainant: Complainant;
  /**
   * Who forwarded the complaint of someone else (a colleague, a reseller, a relative): the original sender is
   * the complainant, the forwarder is kept here. Null when the message is the sender's own.
   */
  forwardedBy: Complainant | null;
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
  /**
   * The Message-ID of the original a forward carries whole (`message/rfc822`), when the reading takes it for
   * the complaint: the mail doors file the forward onto the case that already holds that message.
   */
  originalMessageId: string | null;
}

/** Fewer words than this in a note above a forwarded message, and the forwarded text is read too. */
const SHORT_NOTE_WORDS = 25;
/** Fewer words than this is no description. */
const MIN_DESCRIPTION_WORDS = 3;

function words(text: string | null): number {
  return text ? wordsWithLetters(text) : 0;
}

/**
 * When the message arrived: what it claims (the top-most readable `Received:` date, else `Date:`), as far as
 * arrival.ts believes it from the door it came through (`trust`), else now.
 */
export function receivedAtOf(message: ParsedMessage, now: string, trust: ArrivalTrust = 'window'): string {
  return arrivalOfClaims(arrivalClaims(message), new Date(now).toISOString(), trust);
}

function arrivalClaims(message: ParsedMessage): ArrivalClaims {
  const [top, ...later] = headerValues(message, 'received');
  let laterTrace: string | null = null;
  for (const value of later) {
    laterTrace = receivedDate(value);
    if (laterTrace) break;
  }
  return {
    topTrace: top === undefined ? null : receivedDate(top),
    laterTrace,
    date: message.date ?? parseMailDate(headerValues(message, 'date')[0]),
  };
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
  const outerMarker = findMarker(subject, context.markers);
  const reasons = automatedReasons(message, {
    markerFound: outerMarker !== null,
    body,
    envelopeSender: context.envelopeSender,
  });
  const automated = reasons.length > 0;

  // What the sender brings: their own text; or, when they forward someone else's complaint (a colleague of
  // the organisation, or anyone with a short note), the original, whose sender is the complainant; or, when a
  // customer forwards their own earlier mail (or our answer) under a short note, the note and the earlier text.
  const colleague = isColleague(message.from, context.ownDomains);
  const forward: Forward | null = automated ? null : forwardOf(message, own, subject, colleague);
  // How much the forwarder wrote of their own (only worth reading when there is a forward).
  const noteWords = forward ? words(readLetter(own.text).content) : 0;
  const forwarder = fromAddress(message);
  // The original sender's address when it is one valid address (else no one to take the complaint for).
  const originalAddress = storedAddress(forward?.from?.address);
  const originalIsOurs =
    originalAddress !== null && context.ownDomains.includes(originalAddress.split('@')[1] ?? '');
  // An original that is itself automated mail (a newsletter, a phishing mail, a notice, a bounce from
  // MAILER-DAEMON) is evidence the sender shows, not a complaint of its sender's, and no one to write to. An inline
  // original is judged by what its block shows (sender, subject, its text), not by the forward's own fields.
  const originalAutomated =
    forward !== null &&
    (forward.attached
      ? automatedReasons(forward.message, { markerFound: false }).length > 0
      : automatedReasons(
          { ...emptyMessage(), from: forward.from, subject: forward.subject },
          { markerFound: false, body: forward.text },
        ).length > 0);
  const takesOriginal =
    forward !== null &&
    !originalIsOurs &&
    !originalAutomated &&
    (colleague ||
      (originalAddress !== null && originalAddress !== forwarder && noteWords < SHORT_NOTE_WORDS));
  let content = own.text;
  if (forward && takesOriginal) content = forward.text;
  else if (forward && !forward.attached && noteWords < SHORT_NOTE_WORDS)
    content = [own.text, forward.text].filter(Boolean).join('\n\n');
  // A form service's lines under the person's text ("sent from the contact form on …") are not theirs.
  content = withoutFormFooter(content);

  const labelled = readLabelledFields(content);
  const letter = readLetter(labelled.unlabelled);
  const signature = takesOriginal && forward ? forward.signature : own.signature;
  const signatureName = signature?.split('\n').find((l) => l.trim()) ?? null;

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

  const subjects = takesOriginal && forward?.subject ? `${subject}\n${forward.subject}` : subject;
  // Tickets and domains: the rules of ticket-refs.ts and domains.ts (subject tags, phrasings, signatures and
  // disclaimers set apart).
  // Our own case references are not the person's tickets, though a ticket may be written like one ("RC-2026-…").
  const caseRefs = findCaseRefs([subject, body], context.referencePrefixes);
  // (A set: a message may quote thousands of each, and a list's look-up would cost their product.)
  const ours = new Set(caseRefs);
  const ticketRefs = readTicketRefs(subjects, content, labelled.tickets).filter(
    (t) => !ours.has(t.toUpperCase()),
  );
  const domains = readDomains({
    subject: subjects,
    // Not the lines a form service adds about the submission (page URL, browser): they name its site.
    text: labelled.withoutMeta,
    labelled: labelled.domains,
    ownDomains: context.ownDomains,
  });

  // The marker of the forward's subject, else of the original's (a colleague's "Fwd: customer mail").
  const marker =
    outerMarker ?? (takesOriginal && forward?.subject ? findMarker(forward.subject, context.markers) : null);
  // A marker makes a complaint; else what the sender says they write (a suggestion, "not a complaint"); else
  // the mailbox's role.
  const stated = automated || marker ? null : statedKind(letter.content || content);
  const kind: Kind = automated
    ? 'other'
    : marker
      ? 'complaint'
      : (stated ?? (context.mailbox.role === 'suggestions' ? 'suggestion' : 'complaint'));
  const step: Step | null =
    kind === 'complaint' ? (marker?.step ?? (context.mailbox.role === 'management' ? 2 : 1)) : null;

  // The complainant's message: the original of a forward taken as the complaint, else the message itself.
  const theirs = takesOriginal && forward ? forward.message : message;
  const signedName =
    letter.signedName ?? (signatureName && looksLikeName(signatureName) ? signatureName.trim() : null);
  const complainant = readComplainant({
    message: theirs,
    relaySenders: context.relaySenders,
    ownDomains: context.ownDomains,
    forwardedFrom: null,
    labelled,
    signedName,
    formRelay: isFormRelay(theirs.from, theirs.replyTo, labelled, emailIn(labelled.email)),
  });
  // Automatic mail about a colleague's forward goes to the complainant read from it (complainant.ts
  // messageSender): that must be the original's sender, one address. When the block's From: line names no one
  // address (a list, or a name alone), an address found elsewhere in the forwarded text (a Reply-To line, a
  // labelled e-mail) is anyone's: no address is read, and a person decides whom to write to.
  if (takesOriginal && colleague && originalAddress === null && complainant.email !== null)
    complainant.email = null;
  const forwarderName = takesOriginal ? cleanName(message.from?.name) : null;
  const forwardedBy: Complainant | null =
    // Someone who turns out to be the complainant too is not their own forwarder.
    takesOriginal && (forwarder || forwarderName) && forwarder !== complainant.email
      ? { name: forwarderName ? nameAsSigned(forwarderName) : null, email: forwarder }
      : null;

  // The language: of what the complainant wrote; the subject helps when that is too short to tell, without the
  // marker, which is our phrase copied from our page (a German text under the French marker is German). When even
  // that cannot tell, the marker's language (the page they copied it from) comes before the mailbox's.
  const written = [description, expectations].filter(Boolean).join('\n') || letter.content || content;
  const short = lettersUpTo(written, 60) < 60;
  const language = detectLanguage(
    short ? `${withoutMarker(subject, context.markers)}\n${written}` : written,
    (marker && markerLanguage(marker.phrase)) ?? context.mailbox.language,
  );

  // P2.7, the rule of every door (missing-fields.ts).
  const missing = missingFields({
    kind,
    name: complainant.name,
    contact: { email: complainant.email },
    description,
    expectations,
    marker: marker !== null,
  });

  return {
    reading: {
      kind,
      automated,
      step,
      markerFound: marker !== null,
      language,
      complainant,
      forwardedBy,
      ticketRefs,
      domains,
      caseRefs,
      description,
      expectations,
      missing,
      receivedAt: receivedAtOf(message, context.now, arrivalTrust(context.door, context.relayTrusted)),
    },
    automatedReasons: reasons,
    originalMessageId: takesOriginal ? (forward?.messageId ?? null) : null,
  };
}
