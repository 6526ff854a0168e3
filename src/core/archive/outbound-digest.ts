// What was recorded to be sent, as one digest: every outbound item (an e-mail or a letter) gets it when it is
// written to the outbox, and `redress archive verify` recomputes it from the stored item, so a text, address or
// attachment changed afterwards is found. A letter's PDF is an original (keyed by its own SHA-256), covered here
// by that key. Fields that change as the item goes out (status, attempts, the time sent) are not part of it.
import { canonicalJson, sha256Hex } from './hash-chain.ts';

export interface OutboundContent {
  channel: string;
  messageId: string | null;
  inReplyTo: string | null;
  references: readonly string[];
  fromAddress: string | null;
  fromName: string | null;
  toAddress: string | null;
  subject: string;
  text: string;
  autoSubmitted: string | null;
  attachments: readonly { sha256: string; filename: string; contentType: string }[];
  postalAddress: readonly string[] | null;
  originalSha256: string | null;
}

export function outboundContentDigest(c: OutboundContent): string {
  return sha256Hex(
    canonicalJson({
      channel: c.channel,
      messageId: c.messageId,
      inReplyTo: c.inReplyTo,
      references: c.references,
      fromAddress: c.fromAddress,
      fromName: c.fromName,
      toAddress: c.toAddress,
      subject: c.subject,
      text: c.text,
      autoSubmitted: c.autoSubmitted,
      attachments: c.attachments.map((a) => ({
        sha256: a.sha256,
        filename: a.filename,
        contentType: a.contentType,
      })),
      postalAddress: c.postalAddress,
      originalSha256: c.originalSha256,
    }),
  );
}

/**
 * The key under which an event's payload carries the seal of the outbound item it records (named by its
 * `correspondenceId`, `letterId` or `instructionId`), written in the same transaction: `{ id, sha256 }`. Kept apart
 * from the inbound seal, as one event may name a message received and the text that answers it.
 */
export const OUTBOUND_SEAL_KEY = 'outboundSeal';

/** The payload keys by which an event names an outbound item it records. */
export const OUTBOUND_REF_KEYS = ['correspondenceId', 'letterId', 'instructionId'] as const;

/**
 * The payload key by which an event names several outbound items it records (a suggestion forwarded to each of a
 * department's addresses: mail of no case, recorded by the case's event all the same), and the key under which it
 * then carries their seals, written in the same transaction: `[{ id, sha256 }, …]`.
 */
export const OUTBOUND_LIST_KEY = 'outboundIds';
export const OUTBOUND_SEALS_KEY = 'outboundSeals';

/**
 * The audit action that anchors the seal of an outbound item no event carries: mail that belongs to no case and that
 * no event records (account mail, staff notices, test mail, monthly reports; suggestions forwarded to a department,
 * as an earlier release wrote them), and items written after the event that records them (an answer, a reply, an
 * extension notice). Its target is `correspondence` with the item's id; its particulars hold the seal.
 */
export const OUTBOUND_SEALED_ACTION = 'outbound_sealed';
