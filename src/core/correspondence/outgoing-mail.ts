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

/** Why a send did not go through: `permanent` (the server refused for good: 5xx) or temporary (retry). */
export class SendError extends Error {
  readonly code = 'send_failed';
  readonly permanent: boolean;
  constructor(message: string, permanent: boolean) {
    super(message);
    this.permanent = permanent;
  }
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

/** How long a claimed item stays claimed before another worker may take it over (a crash mid-send). */
export const SEND_LEASE_MS = 120_000;

/** A Message-ID for an outbound item: `<id@domain>`. */
export function messageIdFor(id: string, domain: string): string {
  return `<${id}@${domain}>`;
}
