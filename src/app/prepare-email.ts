// Reading a received e-mail before it is filed: its hashes, its duplicate key and what it says (CPU only, no
// I/O). The reading threads (read-worker.ts, smtp-worker.ts) run this module and nothing of the filing: it
// imports only what reading needs, so that each thread's heap holds no more than that.
import { sha256Hex } from '../adapters/crypto/secrets.ts';
import type { Door } from '../adapters/db/correspondence.repo.ts';
import {
  bodySha256,
  canonicalMessageId,
  standInMessageId,
  traceFreeHeaderSha256,
} from '../adapters/mail/raw-message.ts';
import type { Config, Mailbox } from '../config.ts';
import type { BusinessCalendar } from '../core/calendar/business-calendar.ts';
import type { AutomatedReason } from '../core/intake/automated.ts';
import { headerValue, type ParsedMessage } from '../core/intake/parsed-message.ts';
import { staffNote } from '../core/intake/staff-notes.ts';
import type { MessageReading } from './read-message.ts';

export interface InboundEmail {
  /** The message exactly as handed over (it is stored byte for byte). */
  raw: Uint8Array;
  /** The Redress mailbox it was sent to (role and default language). */
  mailbox: Mailbox;
  door: Exclude<Door, 'letter'>;
  /**
   * The envelope sender (SMTP `MAIL FROM`, or the pipe's `--sender`), when the door knows it: '' for the null
   * sender `<>`, which only mail systems use (reports, auto-replies): such a message is automated mail, never
   * answered. Absent when the door does not know it: an IMAP mailbox's messages carry it in the Return-Path
   * field their delivering MTA wrote. Not stored: what it decides (automated or not) is.
   */
  envelopeSender?: string | null | undefined;
  /**
   * At the SMTP door: whether the peer that handed the message over is one of the organisation's relays
   * (`smtp.trustedRelays`), decided by the listener from the peer's address. Only such a relay's trace is believed
   * for the message's arrival; from any other peer (or when this is absent) the message arrived when Redress got
   * it (src/core/intake/arrival.ts). Not stored: what it decides (the arrival) is.
   */
  relayTrusted?: boolean | undefined;
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
  /** The original's chunks are committed already (written ahead of the filing: originals.repo.ts). */
  chunksWritten?: boolean;
}

/** A header field name (RFC 5322: printable ASCII but the colon). */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/** The hashes of a message's bytes: what identifies it even when it cannot be read. */
export interface RawHashes {
  originalSha256: string;
  bodySha256: string;
}

export function hashRaw(raw: Uint8Array): RawHashes {
  return { originalSha256: sha256Hex(raw), bodySha256: bodySha256(raw) };
}

/** The problem of a message whose reading went over its budget (read-pool.ts); shown to staff in the inbox. */
export const OVER_BUDGET_PROBLEM = staffNote('overBudget');

/** How far into a message its Message-ID is looked for without reading it (the header is rarely longer). */
const HEADER_SCAN_BYTES = 256 * 1024;

/**
 * The Message-ID of a message that is not read (over its budget), found by a linear scan of the start of its
 * header, so that a second delivery of it is still recognised as a duplicate. Null when there is none there.
 */
export function scanMessageId(raw: Uint8Array): string | null {
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, HEADER_SCAN_BYTES)).toString(
    'latin1',
  );
  const end = head.search(/\r?\n\r?\n|\r\r/);
  const header = end >= 0 ? head.slice(0, end) : head;
  // The field may be folded onto the next line; the identifier itself has no spaces.
  const m = /(?:^|[\r\n])message-id[ \t]*:[ \t]*(?:\r?\n?[ \t]+)?(<[^<>\s]{1,990}>)/i.exec(header);
  return canonicalMessageId(m?.[1]);
}

/**
 * A message filed without being read: stored byte for byte, waiting in the inbox with `problem` for a person.
 * Costs a hash of its bytes (or nothing, when the hashes were worked out already) and a bounded scan.
 */
export function unreadEmail(
  input: InboundEmail,
  now: string,
  problem: string,
  hashes: RawHashes = hashRaw(input.raw),
): PreparedEmail {
  const own = scanMessageId(input.raw);
  return {
    ...input,
    originalSha256: hashes.originalSha256,
    bodySha256: hashes.bodySha256,
    messageId: own ?? standInMessageId([traceFreeHeaderSha256(input.raw)], hashes.bodySha256),
    hasMessageId: own !== null,
    reading: null,
    message: null,
    automatedReasons: [],
    problem,
    preparedAt: now,
  };
}

/** The same with only what reading needs (a worker thread has no database): the configuration and calendar. */
export async function prepareEmailWith(
  deps: { config: Config; calendar: BusinessCalendar },
  input: InboundEmail,
  now: string,
  hashes: RawHashes = hashRaw(input.raw),
): Promise<PreparedEmail> {
  const originalSha256 = hashes.originalSha256;
  const bodyHash = hashes.bodySha256;
  let reading: MessageReading | null = null;
  let message: ParsedMessage | null = null;
  let automatedReasons: AutomatedReason[] = [];
  let problem: string | null = null;
  try {
    // The reading (MIME parser, HTML to text, language detection) is loaded with the first message read here: on a
    // server that is a reading thread, which reads one as it starts, and the main thread, which hands messages to
    // those threads, never holds that code.
    const { readMessage } = await import('./read-message.ts');
    const read = await readMessage(input.raw, {
      mailbox: input.mailbox,
      config: deps.config,
      calendar: deps.calendar,
      now,
      envelopeSender: input.envelopeSender,
      door: input.door,
      relayTrusted: input.relayTrusted,
    });
    reading = read.reading;
    message = read.message;
    automatedReasons = read.automatedReasons;
    if (!message.headers.some((h) => FIELD_NAME.test(h.name) && h.value.trim() !== ''))
      problem = read.problem ?? staffNote('noHeaderFieldRead', { problems: message.problems.join('; ') });
  } catch (e) {
    problem = staffNote('notRead', { error: (e as Error).message });
  }
  if (problem) {
    reading = null;
    message = null;
  }
  // A message that could not be read still has its Message-ID found by a scan of its header, as one over its
  // budget has (unreadEmail): a second delivery of it is then recognised like any other.
  const own = message ? canonicalMessageId(message.messageId) : scanMessageId(input.raw);
  const messageId =
    own ??
    standInMessageId(
      message
        ? ['from', 'to', 'cc', 'subject', 'date'].map((h) => headerValue(message as ParsedMessage, h))
        : // Not the whole message's hash: a second delivery differs in its trace fields (one more Received).
          [traceFreeHeaderSha256(input.raw)],
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
