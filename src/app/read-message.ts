// Reading a message without storing it: raw bytes and the mailbox it arrived in → the reading of
// `redress parse` (DESIGN.md "Settled") and the parsed message. The mail doors reuse it before filing.
import { parseMime } from '../adapters/mail/parse-mime.ts';
import { notAMessage, withLineEndings } from '../adapters/mail/raw-message.ts';
import type { Config, Mailbox } from '../config.ts';
import { deadlinePolicy, ownDomainsOf } from '../config-values.ts';
import { type BusinessCalendar, computeDeadlines, toUtcIso } from '../core/calendar/business-calendar.ts';
import type { AutomatedReason } from '../core/intake/automated.ts';
import { emptyMessage, type ParsedMessage } from '../core/intake/parsed-message.ts';
import { type IntakeContext, type IntakeReading, readIntake } from '../core/intake/reading.ts';

/**
 * How much of a message is read, in bytes. The MIME parser's time grows faster than the size of a large text
 * part (tens of seconds for 25 MB), and what the reading looks for (headers, what the person wrote, which comes
 * first) is at the start: a scan attached further on need not be decoded to read a complaint. The original is
 * stored whole, and staff see all of it.
 */
export const READ_BYTES_LIMIT = 2 * 1024 * 1024;

/** The reading as `redress parse` prints it: exactly these fields, in this order. */
export interface MessageReading extends IntakeReading {
  acknowledgeBy: string | null;
  answerBy: string | null;
  answerByDate: string | null;
}

/** Short name for the reading (used by the mail doors). */
export type Reading = MessageReading;

/** The fields of a reading, in the order `redress parse` prints them (the output contract, DESIGN.md). */
export const READING_FIELDS = [
  'kind',
  'automated',
  'step',
  'markerFound',
  'language',
  'complainant',
  'forwardedBy',
  'ticketRefs',
  'domains',
  'caseRefs',
  'description',
  'expectations',
  'missing',
  'receivedAt',
  'acknowledgeBy',
  'answerBy',
  'answerByDate',
] as const satisfies readonly (keyof MessageReading)[];

export interface ReadMessageOptions {
  mailbox: Mailbox;
  config: Config;
  calendar: BusinessCalendar;
  /** The current instant (ISO with offset): receivedAt of a message that carries no date. */
  now: string;
  /** The envelope sender, when the door knows it ('' for the null sender): see InboundEmail. */
  envelopeSender?: string | null | undefined;
  /** The door the message came through; unknown (as for `redress parse`): its dates count within a week. */
  door?: string | undefined;
  /** At the SMTP door: whether the peer was one of the organisation's relays (see InboundEmail). */
  relayTrusted?: boolean | undefined;
}

export interface ReadMessageResult {
  reading: MessageReading;
  message: ParsedMessage;
  automatedReasons: AutomatedReason[];
  /**
   * The Message-ID of the original a forward carries whole, when the reading takes that original for the
   * complaint (null otherwise): a message already held under that Message-ID is this complaint.
   */
  originalMessageId: string | null;
  /**
   * Why the bytes are not an e-mail message at all (empty, a few bytes, binary, no header fields), or null. The
   * reading is then of nothing: kind `other`, not automated, no complainant and no deadlines; the message
   * holds no header fields, so the mail doors put it in the inbox as unreadable.
   */
  problem: string | null;
}

/**
 * What the intake context takes from the configuration and the mailbox, kept per configuration and mailbox
 * object: both are read once and never changed afterwards, and every message read would otherwise build the
 * same lists again.
 */
const contextMemo = new WeakMap<Config, WeakMap<Mailbox, Omit<IntakeContext, 'now'>>>();

/** The intake context for one mailbox of the configuration. */
export function intakeContextOf(config: Config, mailbox: Mailbox, now: string): IntakeContext {
  let byMailbox = contextMemo.get(config);
  if (!byMailbox) {
    byMailbox = new WeakMap();
    contextMemo.set(config, byMailbox);
  }
  let fixed = byMailbox.get(mailbox);
  if (!fixed) {
    fixed = {
      mailbox: { role: mailbox.role, language: mailbox.language },
      markers: config.markers,
      relaySenders: config.relaySenders,
      referencePrefixes: [config.references.complaint, config.references.suggestion],
      ownDomains: ownDomainsOf(config),
    };
    byMailbox.set(mailbox, fixed);
  }
  return { ...fixed, now: toUtcIso(now) };
}

/** Orders the fields as the output contract lists them. */
function contractOrder(
  reading: IntakeReading,
  deadlines: Omit<MessageReading, keyof IntakeReading>,
): MessageReading {
  return {
    kind: reading.kind,
    automated: reading.automated,
    step: reading.step,
    markerFound: reading.markerFound,
    language: reading.language,
    complainant: { name: reading.complainant.name, email: reading.complainant.email },
    forwardedBy: reading.forwardedBy
      ? { name: reading.forwardedBy.name, email: reading.forwardedBy.email }
      : null,
    ticketRefs: reading.ticketRefs,
    domains: reading.domains,
    caseRefs: reading.caseRefs,
    description: reading.description,
    expectations: reading.expectations,
    missing: reading.missing,
    receivedAt: toUtcIso(reading.receivedAt),
    acknowledgeBy: deadlines.acknowledgeBy,
    answerBy: deadlines.answerBy,
    answerByDate: deadlines.answerByDate,
  };
}

/**
 * Reads one raw message as received in `mailbox`. Never throws on a malformed message. Asynchronous because
 * postal-mime decodes asynchronously (it accepts streams); nothing here waits on I/O.
 */
export async function readMessage(raw: Uint8Array, options: ReadMessageOptions): Promise<ReadMessageResult> {
  const problem = notAMessage(raw);
  if (problem) return notAMessageResult(problem, options);
  // Line endings of any kind (CR alone, LF, CRLF, mixed) are read alike; the stored bytes stay as they came.
  const readable = raw.length > READ_BYTES_LIMIT ? raw.subarray(0, READ_BYTES_LIMIT) : raw;
  const message = await parseMime(withLineEndings(readable));
  if (readable !== raw)
    message.problems.push(
      `the message is larger than ${READ_BYTES_LIMIT / 1024 / 1024} MiB: only its start was read (what a person wrote comes first; attachments further on are not listed here, and the original is kept whole)`,
    );
  const { reading, automatedReasons, originalMessageId } = readIntake(message, {
    ...intakeContextOf(options.config, options.mailbox, options.now),
    envelopeSender: options.envelopeSender,
    door: options.door,
    relayTrusted: options.relayTrusted,
  });
  const deadlines =
    reading.kind === 'complaint'
      ? computeDeadlines(options.calendar, reading.receivedAt, deadlinePolicy(options.config))
      : { acknowledgeBy: null, answerBy: null, answerByDate: null };
  return {
    reading: contractOrder(reading, {
      acknowledgeBy: deadlines.acknowledgeBy,
      answerBy: deadlines.answerBy,
      answerByDate: deadlines.answerByDate,
    }),
    message,
    automatedReasons,
    originalMessageId,
    problem: null,
  };
}

/** The reading of bytes that are not a message: nothing read, nothing due, and the reason. */
function notAMessageResult(problem: string, options: ReadMessageOptions): ReadMessageResult {
  const message = emptyMessage();
  message.problems.push(problem);
  const reading: IntakeReading = {
    kind: 'other',
    automated: false,
    step: null,
    markerFound: false,
    language: options.mailbox.language,
    complainant: { name: null, email: null },
    forwardedBy: null,
    ticketRefs: [],
    domains: [],
    caseRefs: [],
    description: null,
    expectations: null,
    missing: [],
    receivedAt: options.now,
  };
  return {
    reading: contractOrder(reading, { acknowledgeBy: null, answerBy: null, answerByDate: null }),
    message,
    automatedReasons: [],
    originalMessageId: null,
    problem,
  };
}
