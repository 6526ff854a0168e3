// Which message an outbound e-mail answers, and the threading headers that say so (RFC 5322 In-Reply-To and
// References), so that the complainant's mail client shows our reply under their message. The one rule of every
// outbound kind:
// - an automatic reply to a message (the acknowledgement, the by-post instruction, a suggestion's thanks)
//   answers that message: the door hands it over, since in the filing transaction it may not be readable yet;
// - a text written by staff about a case (request for information, extension, answer, restriction notice, a free
//   reply or an interim update)
//   answers the complainant's latest e-mail on the case, else on the step-1 case it escalates, else anyone's
//   latest e-mail there (a colleague's forward filed by its Message-ID);
// - mail to a department or to staff starts its own conversation.
// "Latest" is when Redress stored the message, not the sender's Date: header, which the sender's clock writes.
import type { TemplateKind } from './template-kinds.ts';

/** An inbound e-mail on file, as threading sees it. */
export interface InboundMessage {
  messageId: string;
  inReplyTo: string | null;
  /** The lower-case sender address, or null. */
  fromAddress: string | null;
  /** When Redress stored it (ISO UTC). */
  storedAt: string;
  /** When the message says it was received (Received:/Date:), the tie-break between two stored together. */
  at: string;
}

export interface Thread {
  inReplyTo: string | null;
  /** Oldest first, without repeats. */
  references: string[];
}

export const NO_THREAD: Thread = { inReplyTo: null, references: [] };

/** What an outbound text answers: the message that caused it, the latest on the case, or nothing. */
export function answers(kind: TemplateKind | 'reply' | 'update' | 'test'): 'trigger' | 'latest' | 'none' {
  switch (kind) {
    case 'acknowledgement':
    case 'step2_by_post':
    case 'suggestion_thanks':
      return 'trigger';
    case 'information_request':
    case 'extension_notice':
    case 'answer_date_moved':
    case 'answer':
    case 'restriction_notice':
    case 'reply':
    case 'update':
      return 'latest';
    default:
      return 'none';
  }
}

const newer = (a: InboundMessage, b: InboundMessage): boolean =>
  a.storedAt !== b.storedAt ? a.storedAt > b.storedAt : a.at > b.at;

/**
 * The message an outbound text answers. `trigger` is the message that caused it (when a door hands one over);
 * `onCase` and `onStep1` are the inbound e-mails on file on the case and on the step-1 case it escalates.
 */
export function answeredMessage(input: {
  kind: TemplateKind | 'reply' | 'update' | 'test';
  trigger: InboundMessage | null;
  complainantEmail: string | null;
  onCase: readonly InboundMessage[];
  onStep1: readonly InboundMessage[];
}): InboundMessage | null {
  const mode = answers(input.kind);
  if (mode === 'none') return null;
  if (mode === 'trigger' && input.trigger) return input.trigger;
  const email = input.complainantEmail?.trim().toLowerCase() || null;
  for (const list of [input.onCase, input.onStep1]) {
    let fromThem: InboundMessage | null = null;
    let any: InboundMessage | null = null;
    for (const m of list) {
      if (!any || newer(m, any)) any = m;
      if (email && m.fromAddress === email && (!fromThem || newer(m, fromThem))) fromThem = m;
    }
    if (fromThem ?? any) return fromThem ?? any;
  }
  return null;
}

/** The threading headers of a reply to `m`: In-Reply-To its Message-ID, References what it replied to and it. */
export function threadOf(m: InboundMessage | null): Thread {
  if (!m) return NO_THREAD;
  const references = [m.inReplyTo, m.messageId].filter((x): x is string => !!x);
  return { inReplyTo: m.messageId, references: [...new Set(references)] };
}
