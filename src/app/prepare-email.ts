// Reading a received e-mail before it is filed: its hashes, its duplicate key and what it says (CPU only, no
// I/O). The reading threads (read-worker.ts, smtp-worker.ts) run this module and nothing of the filing: it
// imports only what reading needs, so that each thread's heap holds no more than that.
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import type { Door } from '../adapters/db/correspondence.repo.ts';
import { bodySha256, canonicalMessageId, standInMessageId } from '../adapters/mail/raw-message.ts';
import type { Config, Mailbox } from '../config.ts';
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import type { AutomatedReason } from '../core/intake/automated.ts';
import { headerValue, type ParsedMessage } from '../core/intake/parsed-message.ts';
import { type MessageReading, readMessage } from './read-message.ts';

export interface InboundEmail {
  /** The message exactly as handed over (it is stored byte for byte). */
  raw: Uint8Array;
  /** The Redress mailbox it was sent to (role and default language). */
  mailbox: Mailbox;
  door: Exclude<Door, 'letter'>;
}

/** What can be worked out of a message before the transaction (hashing and reading: CPU only, no I/O). */
export interface PreparedEmail extends InboundEmail {
  originalSha256: string;
  bodySha256: string;
  /** The Message-ID in canonical form, or a stand-in when the message has none (the duplicate key). */
  messageId: string;
  hasMessageId: boolean;
  /** Null when the message could not be read at all (it goes to the inbox, stored raw). */
  reading: MessageReading | null;
  message: ParsedMessage | null;
  automatedReasons: AutomatedReason[];
  /** Why the message could not be read, in words for a person. */
  problem: string | null;
  preparedAt: string;
}

/** A header field name (RFC 5322: printable ASCII but the colon). */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** The same with only what reading needs (a worker thread has no database): the configuration and calendar. */
export async function prepareEmailWith(
  deps: { config: Config; calendar: BusinessCalendar },
  input: InboundEmail,
  now: string,
): Promise<PreparedEmail> {
  const originalSha256 = sha256Hex(input.raw);
  const bodyHash = bodySha256(input.raw);
  let reading: MessageReading | null = null;
  let message: ParsedMessage | null = null;
  let automatedReasons: AutomatedReason[] = [];
  let problem: string | null = null;
  try {
    const read = await readMessage(input.raw, {
      mailbox: input.mailbox,
      config: deps.config,
      calendar: deps.calendar,
      now,
    });
    reading = read.reading;
    message = read.message;
    automatedReasons = read.automatedReasons;
    if (!message.headers.some((h) => FIELD_NAME.test(h.name) && h.value.trim() !== ''))
      problem = `no header field could be read: this is not an e-mail message (${message.problems.join('; ')})`;
  } catch (e) {
    problem = `the message could not be read: ${(e as Error).message}`;
  }
  if (problem) {
    reading = null;
    message = null;
  }
  const own = canonicalMessageId(message?.messageId);
  const messageId =
    own ??
    standInMessageId(
      message
        ? ['from', 'to', 'cc', 'subject', 'date'].map((h) => headerValue(message as ParsedMessage, h))
        : [originalSha256],
      bodyHash,
    );
  return {
    ...input,
    originalSha256,
    bodySha256: bodyHash,
    messageId,
    hasMessageId: own !== null,
    reading,
    message,
    automatedReasons,
    problem,
    preparedAt: now,
  };
}
