// What was received, as one digest: every inbound item (an e-mail, a letter, a web or API message) gets it when its
// row is written, and the first event that files it (on a case or in the inbox) carries it as `correspondenceSeal`,
// so the hash chain of that stream covers it. `redress archive verify` recomputes it from the stored row: a text,
// sender, subject or pointer to the original changed afterwards is found, even when the row's own copy of the seal
// was recomputed to match. Fields that change in ordinary use (the case it is on, after a merge or once an inbox item
// is filed; the auto-reply decision and the reading kept with it) are not part of it.
//
// The address an e-mail verifiably comes from (`senderAddress`, decided once at the door) is part of it too, since
// staff acting on an inbox item trust it to tell whether a message is the complainant's own. Rows sealed before it
// was (format `inbound/1`) keep their seal: verify recomputes that format for them, and checks their kept address
// another way (verify-archive.ts). The two formats start with different tags, so no row's content matches a seal of
// the other format.
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
  /** E-mail: the address it verifiably comes from (complainant.ts `messageSender`), else null. */
  senderAddress: string | null;
}

/** The key under which an event's payload carries the seal of the inbound item it names (`correspondenceId`). */
export const SEAL_KEY = 'correspondenceSeal';

/**
 * SHA-256 over the sealed fields as a JSON array in a fixed order (the order is the format: a field is only ever
 * added at the end, under a new tag). Taken for every message the intake files, so it is written out rather than
 * sorted.
 */
export function inboundContentDigest(c: InboundContent): string {
  return sha256Hex(JSON.stringify(['inbound/2', ...sealedFields(c), c.senderAddress]));
}

/** The seal as rows were sealed before the verified sender was part of it: everything but that address. */
export function inboundContentDigestBeforeSender(c: Omit<InboundContent, 'senderAddress'>): string {
  return sha256Hex(JSON.stringify(['inbound/1', ...sealedFields(c)]));
}

/**
 * How a row's content matches a seal: `sender_sealed` when the seal covers it all, the verified sender included;
 * `sender_unsealed` when it is a seal of the earlier format that this content matches, all but the verified sender,
 * which that seal does not cover; null when it matches neither (something sealed changed).
 */
export function inboundSealMatch(
  c: InboundContent,
  seal: string,
): 'sender_sealed' | 'sender_unsealed' | null {
  if (inboundContentDigest(c) === seal) return 'sender_sealed';
  if (inboundContentDigestBeforeSender(c) === seal) return 'sender_unsealed';
  return null;
}

/** The fields both formats seal, in their order (the order is the format). */
function sealedFields(c: Omit<InboundContent, 'senderAddress'>): unknown[] {
  return [
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
  ];
}
