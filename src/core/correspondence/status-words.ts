// What Redress itself writes about a send and about a case it closes, as stored and as read back: the status
// detail of an outgoing e-mail or letter (refused, given up, tried again, held, bounced, posted), the note a bounce
// leaves on the case, and the reason a case was closed by Redress rather than by a person.
//
// These texts are stored in English, as every release has stored them: the status detail on the correspondence
// row, the note and the close reason in the case's events (which the hash chain seals, and the exports give as
// they are). They are never reworded here without keeping the old wording as a sentence of its own, so that rows
// stored before are still read. Staff see them in their own language: the case page and the correspondence page
// read the stored text back into its sentence (`readDeliveryDetail`, `readCaseNote`, `readCloseReason`) and write
// that sentence through the translations (src/adapters/http/i18n/staff-status.*.ts) with its values as they were.
// A value that is the words of someone else (the mail server's answer, a bounce report, a subject) is shown as a
// quotation inside our sentence; a text that is none of these sentences (a person's note, an unknown wording) is
// shown as stored. The same design as Redress's notes on inbox items (src/core/intake/staff-notes.ts).
import { QUIET_PERIOD_REASON } from '../case/quiet-period.ts';
import { fillSentence, sentencePattern, valuesOf } from '../text/stored-sentence.ts';
import { HELD_FOR_SETUP } from './outgoing-mail.ts';

/** The status details Redress writes on an outgoing message, in their stored words ({{name}}: a value). */
export const DELIVERY_DETAILS = {
  // The mail server refused the message for good (send-outbox.ts).
  refused: 'refused by the mail server: {{reply}}',
  // Every attempt failed (send-outbox.ts).
  gaveUp: 'gave up after {{attempts}} attempts: {{reply}}',
  // One attempt failed; the message waits for the next (send-outbox.ts).
  willRetry: 'attempt {{attempt}} failed, will retry: {{reply}}',
  // The stored recipient is not one address: never sent (send-outbox.ts).
  notOneAddress:
    'not sent: the recipient "{{recipient}}" is not exactly one e-mail address (mail goes to one address only); correct the address and write again',
  // Our own sending refused because a file of ours is missing from the store (send-outbox.ts attachmentsOf): the
  // words of `held` with the missing file written in, so it comes before it.
  heldMissingFile: `${HELD_FOR_SETUP} (the mail server refused our own sending, not the recipient): attachment {{filename}} is missing from the originals store`,
  // Our own sending refused (the relay's password, our sender address): the whole outbox waits (outgoing-mail.ts).
  held: `${HELD_FOR_SETUP} (the mail server refused our own sending, not the recipient): {{reply}}`,
  // A delivery report came back without a status or a diagnostic (record-bounce.ts); before the one with a report.
  bouncedNoDetail: 'bounced: delivery failed',
  // A delivery report came back: its status code and the diagnostic of the recipient's server (record-bounce.ts).
  bounced: 'bounced: {{report}}',
  // A letter marked posted (mark-letter-posted.ts), with who posted it.
  posted: 'posted by {{actor}}',
} as const;

/** The notes a bounce leaves on the case (record-bounce.ts); {{reason}} is a status detail above. */
export const BOUNCE_NOTES = {
  notOnFile:
    'The e-mail "{{subject}}" to {{to}} could not be delivered ({{reason}}). That is no longer the complainant\'s address on file, so they are not marked unreachable.',
  unreachable:
    'The e-mail "{{subject}}" to {{to}} could not be delivered ({{reason}}). The complainant is marked unreachable by e-mail; send it as a letter instead.',
} as const;

/** The reasons Redress gives when it closes a case itself, as stored. */
export const CLOSE_REASONS = {
  // An answered case that heard nothing more during the quiet period (close-quiet-cases.ts, quiet-period.ts).
  quietPeriod: QUIET_PERIOD_REASON,
  // A suggestion its department has handled (forward-suggestion.ts).
  suggestionHandled: 'suggestion handled by the department',
} as const;

/** The reasons Redress gives when it reopens a case itself, as stored. */
export const REOPEN_REASONS = {
  // The person wrote again about a suggestion that was closed (case.ts, file_correspondence).
  wroteAgain: 'the person wrote again about the suggestion',
  // The complainant wrote again about a complaint that was closed (after-close.ts): a person reads it and chooses.
  wroteAfterClosing: 'the complainant wrote again after the complaint was closed',
} as const;

export type DeliveryDetailKey = keyof typeof DELIVERY_DETAILS;
export type BounceNoteKey = keyof typeof BOUNCE_NOTES;
export type CloseReasonKey = keyof typeof CLOSE_REASONS;
export type ReopenReasonKey = keyof typeof REOPEN_REASONS;

/** A stored text read back: the sentence it is with its values, or null when it is none of them. */
export interface ReadSentence<K extends string> {
  key: K;
  values: Record<string, string>;
}

/** A bounce note read back: its reason is itself read as a status detail when it is one. */
export interface ReadBounceNote extends ReadSentence<BounceNoteKey> {
  reason: ReadSentence<DeliveryDetailKey> | null;
}

/** The status detail `key` with its values, as stored. */
export function deliveryDetail(key: DeliveryDetailKey, values: Record<string, string | number> = {}): string {
  return fillSentence(DELIVERY_DETAILS[key], `delivery detail ${key}`, values);
}

/**
 * Why our own sending failed when a file the message carries is missing from our store: the outbox holds the mail
 * with these words as its reason (the status detail `heldMissingFile`).
 */
export function missingOriginalWords(filename: string): string {
  return `attachment ${filename} is missing from the originals store`;
}

/** The bounce note `key` with its values, as stored. */
export function bounceNote(key: BounceNoteKey, values: Record<string, string | number>): string {
  return fillSentence(BOUNCE_NOTES[key], `bounce note ${key}`, values);
}

/**
 * What a value may be, where it is narrower than any text: counts are digits; an address has no spaces (a bounce
 * note writes "?" for none). Any other value is any text of at least one character, but for the recipient and the
 * subject, which may be blank.
 */
const VALUE_PATTERNS: Record<string, string> = {
  // The words of the mail server or of the client come last and may be empty (an error without a message).
  reply: '[\\s\\S]*',
  attempts: '\\d+',
  attempt: '\\d+',
  to: '\\S+',
  recipient: '[\\s\\S]*?',
  subject: '[\\s\\S]*?',
};

/**
 * Longer texts are shown as stored, unread: a status detail is cut at 500 characters when stored, a note is a
 * sentence with a subject and a server's answer in it.
 */
const LONGEST_READ = 4000;

function readerOf<K extends string>(sentences: Record<K, string>): (text: string) => ReadSentence<K> | null {
  // In the order written: a sentence whose words are another's with a value filled in comes before it.
  const patterns = (Object.keys(sentences) as K[]).map((key) => {
    const p = sentencePattern(sentences[key], VALUE_PATTERNS);
    return { key, p, re: new RegExp(`^${p.source}$`) };
  });
  return (text) => {
    if (text.length > LONGEST_READ) return null;
    for (const p of patterns) {
      const m = p.re.exec(text);
      if (m) return { key: p.key, values: valuesOf(p.p, m) };
    }
    return null;
  };
}

/** A stored status detail read back into its sentence and values; null for any other text (a server's "250 OK"). */
export const readDeliveryDetail: (detail: string) => ReadSentence<DeliveryDetailKey> | null =
  readerOf(DELIVERY_DETAILS);

const readBounceNoteOnly = readerOf(BOUNCE_NOTES);

/** A case note read back as a bounce note, with its reason read as a status detail; null for any other note. */
export function readCaseNote(note: string): ReadBounceNote | null {
  const read = readBounceNoteOnly(note);
  if (!read) return null;
  return { ...read, reason: readDeliveryDetail(read.values.reason!) };
}

const CLOSE_REASON_OF = new Map(
  (Object.entries(CLOSE_REASONS) as Array<[CloseReasonKey, string]>).map(([key, stored]) => [stored, key]),
);

/** A stored reopening reason read back into Redress's own reason; null for a person's reason. */
export function readReopenReason(reason: string): ReopenReasonKey | null {
  const key = (Object.keys(REOPEN_REASONS) as ReopenReasonKey[]).find((k) => REOPEN_REASONS[k] === reason);
  return key ?? null;
}

/** A stored close reason read back into Redress's own reason; null for a person's reason. */
export function readCloseReason(reason: string): CloseReasonKey | null {
  return CLOSE_REASON_OF.get(reason) ?? null;
}
