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
 * Why a send did not go through: `permanent` (the server refused for good: 5xx) or temporary (retry); and
 * `recipientRefused` when what was refused for good is the recipient's address (refusesRecipient): only that is a
 * bounce, which marks a complainant unreachable by e-mail.
 */
export class SendError extends Error {
  readonly code = 'send_failed';
  readonly permanent: boolean;
  readonly recipientRefused: boolean;
  constructor(message: string, permanent: boolean, recipientRefused = false) {
    super(message);
    this.permanent = permanent;
    this.recipientRefused = permanent && recipientRefused;
  }
}

/**
 * Is a refusal while sending the recipient's address refused for good: a 5xx answer to RCPT TO whose enhanced
 * status (RFC 3463), if any, is about the address or the mailbox (5.1.x: no such user, bad domain; 5.2.x: mailbox
 * disabled or full)? A refusal of our sender address (MAIL FROM), of the message (after DATA: its size, its
 * content), of relaying or by policy (5.7.x), or of our authentication is about our own sending, typically the
 * organisation's relay misconfigured: the complainant's address may be good, and marking it unreachable would
 * turn every case written to meanwhile to letters.
 */
export function refusesRecipient(refusal: {
  command?: string | undefined;
  responseCode?: number | undefined;
  response?: string | undefined;
}): boolean {
  const code = refusal.responseCode;
  if (typeof code !== 'number' || code < 500 || code >= 600) return false;
  if (!/^RCPT\b/i.test(refusal.command ?? '')) return false;
  const enhanced = /\b5\.(\d{1,3})\.\d{1,3}\b/.exec(refusal.response ?? '')?.[1];
  return enhanced === undefined || enhanced === '1' || enhanced === '2';
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
