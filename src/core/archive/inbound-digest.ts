// What was received, as one digest: every inbound item (an e-mail, a letter, a web or API message) gets it when its
// row is written, and the first event that files it (on a case or in the inbox) carries it as `correspondenceSeal`,
// so the hash chain of that stream covers it. `redress archive verify` recomputes it from the stored row: a text,
// sender, subject or pointer to the original changed afterwards is found, even when the row's own copy of the seal
// was recomputed to match. Fields that change in ordinary use (the case it is on, after a merge or once an inbox item
// is filed; the auto-reply decision and the reading kept with it) are not part of it.
import { sha256Hex } from './hash-chain.ts';

export interface InboundContent {
  id: string;
  channel: string;
  door: string | null;
  mailbox: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  carriedMessageId: string | null;
  bodySha256: string | null;
  originalSha256: string | null;
  subject: string;
  fromAddress: string | null;
  fromName: string | null;
  toAddress: string | null;
  at: string;
  language: string | null;
  textBody: string | null;
  createdAt: string;
}

/** The key under which an event's payload carries the seal of the inbound item it names (`correspondenceId`). */
export const SEAL_KEY = 'correspondenceSeal';

/**
 * SHA-256 over the sealed fields as a JSON array in a fixed order (the order is the format: a field is only ever
 * added at the end). Taken for every message the intake files, so it is written out rather than sorted.
 */
export function inboundContentDigest(c: InboundContent): string {
  return sha256Hex(
    JSON.stringify([
      'inbound/1',
      c.id,
      c.channel,
      c.door,
      c.mailbox,
      c.messageId,
      c.inReplyTo,
      c.carriedMessageId,
      c.bodySha256,
      c.originalSha256,
      c.subject,
      c.fromAddress,
      c.fromName,
      c.toAddress,
      c.at,
      c.language,
      c.textBody,
      c.createdAt,
    ]),
  );
}
