// An e-mail on its way out, the port that sends it, and the retry schedule of the outbox. Pure.

export interface OutgoingAttachment {
  filename: string;
  contentType: string;
  content: Uint8Array;
}

export interface OutgoingMail {
  /** In angle brackets; generated and stored before the first attempt, the same on every attempt. */
  messageId: string;
  from: { name: string | null; address: string };
  to: string;
  subject: string;
  text: string;
  inReplyTo: string | null;
  /** Message-IDs, oldest first. */
  references: string[];
  /** `auto-replied`, `auto-generated`, or null for mail written by a person. */
  autoSubmitted: string | null;
  attachments: OutgoingAttachment[];
}

/**
 * What a failed send says about whom (sortSendFailure):
 * - `recipient`: the recipient's address was refused for good: the item fails, and it is a bounce;
 * - `message`: this message was refused for good (its size, its content, a policy about it): the item fails;
 * - `setup`: our own sending was refused (the relay's password, authentication or encryption required, our sender
 *   address or relaying not allowed, a file of ours missing): the item is held and retried, and staff are told,
 *   since every message fails the same way until the operator fixes the settings, and then all must go out;
 * - `temporary`: a 4xx answer or a network fault: retried.
 */
export type SendFailureKind = 'recipient' | 'message' | 'setup' | 'temporary';

/** Why a send did not go through, for the outbox (sortSendFailure decides the kind). */
export class SendError extends Error {
  readonly code = 'send_failed';
  readonly kind: SendFailureKind;
  constructor(message: string, kind: SendFailureKind) {
    super(message);
    this.kind = kind;
  }
  /** Refused for good: the item fails. */
  get permanent(): boolean {
    return this.kind === 'recipient' || this.kind === 'message';
  }
  /** Only a refusal of the recipient's address marks a complainant unreachable by e-mail. */
  get recipientRefused(): boolean {
    return this.kind === 'recipient';
  }
}

/** A refusal as an SMTP client reports it (nodemailer's error: `code`, `command`, `responseCode`, `response`). */
export interface SmtpRefusal {
  /** The client's error class: EAUTH for a failed login, ECONNECTION, ETIMEDOUT, … */
  code?: string | undefined;
  command?: string | undefined;
  responseCode?: number | undefined;
  response?: string | undefined;
}

/** The enhanced status code (RFC 3463) of a reply, e.g. `5.7.8`, or null. */
function enhancedStatus(response: string | undefined): string | null {
  return /\b([245])\.(\d{1,3})\.(\d{1,3})\b/.exec(response ?? '')?.[0] ?? null;
}

/**
 * Enhanced status codes that name our own sending, whatever the command: 5.7.8 credentials invalid, 5.7.9 the
 * mechanism too weak, 5.7.10/5.7.11 encryption required, 5.7.4 a security feature missing, 5.7.14 trust
 * required; Microsoft 365's 5.7.57 (not authenticated), 5.7.60 (not allowed to send as this sender), 5.7.64
 * (relay refused for the tenant), 5.7.708 and 5.7.750 (our connector or our IP not accepted).
 */
const SETUP_STATUSES = new Set([
  '5.7.4',
  '5.7.8',
  '5.7.9',
  '5.7.10',
  '5.7.11',
  '5.7.14',
  '5.7.57',
  '5.7.60',
  '5.7.64',
  '5.7.708',
  '5.7.750',
]);

/**
 * Wordings of relays that refuse our sending rather than the recipient or the message, with or without an
 * enhanced code: Postfix ("Relay access denied", "Sender address rejected", "Client host rejected"), Exim
 * ("relay not permitted", "Sender verify failed", "Incorrect authentication data"), Gmail ("Mail relay denied",
 * "Invalid credentials for relay", "Authentication Required", "Must issue a STARTTLS command first"),
 * Microsoft 365 ("Client was not authenticated", "not have permissions to send as this sender").
 */
const SETUP_WORDING =
  /\brelay(?:ing)?\b.{0,40}\b(?:denied|not (?:permitted|allowed)|refused)|\b(?:denied|not (?:permitted|allowed)|invalid credentials for)\b.{0,20}\brelay|sender address rejected|sender verify failed|client host rejected|authentication (?:required|failed|failure|data)|incorrect authentication|not authenticated|credentials|must issue a starttls|send as this sender|not (?:allowed|authori[sz]ed|permitted) to send (?:as|from|mail from)/i;

/**
 * Sorts a failed send (see SendFailureKind). Only a permanent reply (5xx) fails an item, and only a refusal of
 * the recipient's address is a bounce; a refusal of our own sending holds the mail until the settings are
 * fixed, because failing it would break the promises made to every complainant written to meanwhile.
 */
export function sortSendFailure(refusal: SmtpRefusal): SendFailureKind {
  const code = refusal.responseCode;
  const command = (refusal.command ?? '').toUpperCase();
  // A login refused without a reply code: credentials missing from our configuration, or no mechanism in common.
  if (typeof code !== 'number') return refusal.code === 'EAUTH' ? 'setup' : 'temporary';
  if (code < 500 || code >= 600) return 'temporary';
  const status = enhancedStatus(refusal.response);
  const response = refusal.response ?? '';
  // The login itself, "authentication required" (530) and the like, or a wording or status about our sending.
  if (command.startsWith('AUTH') || refusal.code === 'EAUTH' || [530, 534, 535, 538].includes(code))
    return 'setup';
  if (status !== null && SETUP_STATUSES.has(status)) return 'setup';
  if (SETUP_WORDING.test(response)) return 'setup';
  // At MAIL FROM only the message's declared size is about the message; the rest is about our sender address.
  if (command.startsWith('MAIL'))
    return code === 552 || status === '5.3.4' || status === '5.2.3' ? 'message' : 'setup';
  if (command.startsWith('RCPT')) {
    // Relaying and policy (5.7.x) about our sending were sorted above; 5.7.1 left here is a policy about the
    // message to this recipient. The address or the mailbox: 5.1.x, 5.2.x, or no enhanced code at all.
    const klass = status?.split('.')[1];
    return klass === undefined || klass === '1' || klass === '2' ? 'recipient' : 'message';
  }
  return 'message';
}

/**
 * How an e-mail held by a refusal of our own sending begins its status detail (the server's words follow): the
 * outbox finds the held mail by it, to send it first, oldest first, as soon as the relay accepts again.
 */
export const HELD_FOR_SETUP = 'held until the outbound mail settings are fixed';

/** The status detail of an e-mail held by a refusal of our own sending. */
export function heldDetail(serverWords: string): string {
  return `${HELD_FOR_SETUP} (the mail server refused our own sending, not the recipient): ${serverWords}`;
}

/** Sends one message over SMTP (or anything else); throws SendError. */
export interface MailTransport {
  send(mail: OutgoingMail): Promise<{ response: string }>;
  /** Nothing more to send for now: connections kept open for the next message may be closed (sending reopens them). */
  idle?(): void;
  close(): void;
}

/** The wait before attempt `n + 1` after `n` failed attempts: 30 s, 1 min, 2 min, … capped at 1 hour. */
export function retryDelayMs(failedAttempts: number): number {
  const base = 30_000 * 2 ** Math.max(0, failedAttempts - 1);
  return Math.min(base, 3_600_000);
}

/** A Message-ID for an outbound item: `<id@domain>`. */
export function messageIdFor(id: string, domain: string): string {
  return `<${id}@${domain}>`;
}

/** How long the oldest e-mail waiting in the outbox has waited, and whether staff must hear of it. */
export interface OutboxDelay {
  /** Whole minutes the oldest waiting e-mail has waited (0 when the outbox is empty). */
  waitingMinutes: number;
  /** True once that is more than the alert delay: the SMTP server is down or refusing, or far behind. */
  late: boolean;
}

/**
 * The outbox's delay at `now`, from when its oldest waiting e-mail was queued (null: nothing waits). An e-mail
 * is normally sent within seconds, and retried from 30 s up to hourly while the server is down, so mail
 * waiting longer than `alertAfterMinutes` means the server has been failing for about that long.
 */
export function outboxDelay(
  oldestWaitingSince: string | null,
  now: string,
  alertAfterMinutes: number,
): OutboxDelay {
  if (oldestWaitingSince === null) return { waitingMinutes: 0, late: false };
  const waitedMs = Math.max(0, Date.parse(now) - Date.parse(oldestWaitingSince));
  return { waitingMinutes: Math.floor(waitedMs / 60_000), late: waitedMs > alertAfterMinutes * 60_000 };
}

/** While the outbox stays late, the alert is said again this often (a log line read in the morning is enough). */
export const OUTBOX_ALERT_REPEAT_MS = 3_600_000;

/**
 * What to tell staff after looking at the outbox: `alert` when it has become late, and again every
 * OUTBOX_ALERT_REPEAT_MS while it stays late; `recovered` once when it is no longer late; null otherwise.
 * `lastAlertAt` is when the last alert was said (null: the outbox was not late at the last look).
 */
export function outboxAlert(
  delay: OutboxDelay,
  lastAlertAt: string | null,
  now: string,
): 'alert' | 'recovered' | null {
  if (!delay.late) return lastAlertAt === null ? null : 'recovered';
  if (lastAlertAt === null) return 'alert';
  return Date.parse(now) - Date.parse(lastAlertAt) >= OUTBOX_ALERT_REPEAT_MS ? 'alert' : null;
}
