// A forwarded message: the original a forward carries, attached whole (`message/rfc822`, Outlook's and
// Thunderbird's "forward as attachment") or inline in each client's format (Gmail "---------- Forwarded
// message ---------", Apple Mail "Begin forwarded message:", Thunderbird "-------- Forwarded Message --------",
// Outlook's "From:/Sent:/To:/Subject:" block or "-----Original Message-----", in French, English and German).
// This only finds the original; reading.ts decides whose complaint the message is.
import { addressOf, senderLineProblem } from './complainant.ts';
import { type OwnText, splitOwnText } from './own-text.ts';
import { emptyMessage, type MailAddress, type ParsedMessage, readableBody } from './parsed-message.ts';

export interface Forward {
  /** Carried whole as a `message/rfc822` part (true), or quoted inline under a separator (false). */
  attached: boolean;
  /** The original sender, when its address can be read. */
  from: MailAddress | null;
  subject: string | null;
  /** The original's own text (its quotes and signature removed). */
  text: string;
  signature: string | null;
  /** The original's Message-ID (only an attached original carries one). */
  messageId: string | null;
  /**
   * The original as a message: the attached one as decoded, or, for an inline forward, the outer message with
   * the original's sender as `From:` and Reply-To as the block names them (an address problem on `from` when its
   * From: line lists several addresses).
   */
  message: ParsedMessage;
}

/** A subject that says the message is forwarded: `Fwd:`, `TR:`, `WG:`, `FW:`, behind any `Re:`. */
const FORWARD_SUBJECT = /^(?:\s*(?:re|aw|sv|antw)\s*:)*\s*(?:fwd?|tr|wg|weitergeleitet)\s*:/i;

/**
 * The original a message forwards, or null. An attached original counts when a colleague of the organisation
 * sends it, when the subject says it is a forward, or when the sender wrote next to nothing of their own (a complaint that attaches, say, our earlier answer
 * is the sender's own); an inline one when a forwarding separator or a forward's subject introduces it.
 */
export function forwardOf(
  message: ParsedMessage,
  own: OwnText,
  subject: string,
  colleague = false,
): Forward | null {
  const attached = message.attachedMessage;
  if (attached && (colleague || FORWARD_SUBJECT.test(subject) || own.text.trim().length < 400)) {
    const inner: OwnText = splitOwnText(readableBody(attached));
    return {
      attached: true,
      from: attached.addressProblems.some((p) => p.field === 'from') ? null : attached.from,
      subject: attached.subject,
      text: inner.text,
      signature: inner.signature,
      messageId: attached.messageId,
      message: attached,
    };
  }
  const earlier = own.earlier;
  if (!earlier || !(earlier.kind === 'forward' || FORWARD_SUBJECT.test(subject))) return null;
  const from = earlier.from ? addressOf(earlier.from) : null;
  // A From: line that lists several addresses names no one sender, as in a real From: field: a red flag, and
  // no address to write to (the first of a list may be anyone's).
  const fromProblem = earlier.from ? senderLineProblem(earlier.from) : null;
  // A forwarded form relay shows the person in its Reply-To line.
  const replyTo = earlier.replyTo ? addressOf(earlier.replyTo) : null;
  const original: ParsedMessage = {
    ...emptyMessage(),
    headers: message.headers,
    from,
    replyTo: replyTo ? [replyTo] : [],
    subject: earlier.subject,
    addressProblems: fromProblem ? [{ field: 'from', problem: `forwarded ${fromProblem}` }] : [],
  };
  return {
    attached: false,
    from,
    subject: earlier.subject,
    text: earlier.text,
    signature: null,
    messageId: null,
    message: original,
  };
}
