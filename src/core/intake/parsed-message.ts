// The parsed message the reader works on: what the MIME adapter decoded from the raw bytes, as plain data.
// The core never sees MIME; the adapter (src/adapters/mail/parse-mime.ts) fills this in and never throws.
import { lettersUpTo } from './characters.ts';

export interface MailAddress {
  /** The display name, decoded; null when the address carries none. */
  name: string | null;
  /** The address as written (`local@domain`). */
  address: string;
}

export interface HeaderField {
  /** Lower-case field name, e.g. `received`. */
  name: string;
  /** The value unfolded; encoded words (RFC 2047) are left as sent. */
  value: string;
}

export interface AttachmentInfo {
  filename: string | null;
  contentType: string;
  /** Decoded size in bytes. */
  size: number;
}

/**
 * A sender field that is not exactly one valid address: a list, a group, something unreadable. A red flag: the
 * message is filed and shown to a person, and never answered automatically.
 */
export interface AddressProblem {
  field: 'from' | 'reply-to';
  /** In words for a person, e.g. `From: holds 3 addresses, not one`. */
  problem: string;
}

export interface ParsedMessage {
  /** Every header field of the top-level message, in order, duplicates (e.g. every `Received`) included. */
  headers: HeaderField[];
  /**
   * The sender as the From: field names it. Only an address to write to when `addressProblems` has nothing
   * about `from`; otherwise what the field seems to name (e.g. `MAILER-DAEMON`), for display and for telling
   * automated mail.
   */
  from: MailAddress | null;
  /** The Reply-To address; empty when the field is absent or is not exactly one valid address. */
  replyTo: MailAddress[];
  to: MailAddress[];
  cc: MailAddress[];
  subject: string | null;
  messageId: string | null;
  inReplyTo: string | null;
  references: string[];
  /** The `Date:` field as an ISO 8601 UTC instant, or null when absent or unreadable. */
  date: string | null;
  /** The text/plain body, decoded. */
  text: string | null;
  /** The text/html body, decoded, as sent. */
  html: string | null;
  /**
   * The HTML body turned into readable text (tables as `label | value` rows, quotes as `> `). Null when there is
   * no HTML part, and also when the reading would not look at it (`htmlIsRead`): the text part is the message.
   */
  htmlText: string | null;
  attachments: AttachmentInfo[];
  /** What could not be decoded, in words for a person. Empty when all went well. */
  problems: string[];
  /** Sender fields that are not exactly one valid address (red flags). Empty when all is well. */
  addressProblems: AddressProblem[];
  /**
   * The first message carried whole inside this one (a `message/rfc822` part, attached or inline): what a
   * client sends when someone forwards a mail "as attachment". Read one level deep (its own `attachedMessage`
   * is always null); null when there is none.
   */
  attachedMessage: ParsedMessage | null;
}

/** Every value of a header field, in order (lower-case name). */
export function headerValues(message: ParsedMessage, name: string): string[] {
  const key = name.toLowerCase();
  return message.headers.filter((h) => h.name === key).map((h) => h.value);
}

/** The first value of a header field, or null. */
export function headerValue(message: ParsedMessage, name: string): string | null {
  const key = name.toLowerCase();
  return message.headers.find((h) => h.name === key)?.value ?? null;
}

/**
 * How much of a body the reading looks at, in characters. A complaint's own words, what it is about and what the
 * person expects, come first; a longer body is an attachment pasted in, a long quoted thread, or an attack whose
 * reading would cost time that grows with its size. The original is kept whole and a person can read all of it.
 */
export const READ_TEXT_LIMIT = 200_000;

/** The start of a text, at most `READ_TEXT_LIMIT` characters, cut at the end of a line where there is one. */
export function readableStart(text: string): string {
  if (text.length <= READ_TEXT_LIMIT) return text;
  const cut = text.lastIndexOf('\n', READ_TEXT_LIMIT);
  return text.slice(0, cut > READ_TEXT_LIMIT / 2 ? cut : READ_TEXT_LIMIT);
}

/** Letters below which a text part may be a stub ("see the HTML version") next to a richer HTML part. */
const STUB_LETTERS = 200;

/**
 * Does the reading need the HTML part as text (see readableBody)? Not when there is none, nor when the text/plain
 * part is long enough to be the message, nor when the HTML cannot hold three times the letters of a short text
 * part: every letter of the HTML as text comes from a letter of its source or from a character reference
 * (`&#233;`, one `&` each), so the source's letters and ampersands bound it. The MIME adapter asks this before
 * it turns the HTML into text, which costs more than the rest of the decoding.
 */
export function htmlIsRead(text: string | null, html: string | null): boolean {
  if (!html) return false;
  const start = readableStart(text ?? '');
  if (!start.trim()) return true;
  const letters = lettersUpTo(start, STUB_LETTERS);
  if (letters >= STUB_LETTERS) return false;
  let references = 0;
  for (let at = html.indexOf('&'); at >= 0; at = html.indexOf('&', at + 1)) references++;
  // (The HTML's letters are counted only as far as the answer needs.)
  const needed = 3 * letters - references + 1;
  return needed <= 0 || lettersUpTo(html, needed) >= needed;
}

/** The body a person would read: the plain text part, else the HTML part as text (its start: see above). */
export function readableBody(message: ParsedMessage): string {
  const text = readableStart(message.text ?? '');
  if (!text.trim()) return readableStart(message.htmlText ?? '');
  // A text part that is only a stub ("see the HTML version") next to a much richer HTML part.
  const letters = lettersUpTo(text, STUB_LETTERS);
  if (letters >= STUB_LETTERS) return text;
  const fromHtml = readableStart(message.htmlText ?? '');
  return lettersUpTo(fromHtml, 3 * letters + 1) > 3 * letters ? fromHtml : text;
}

/** An empty message, the starting point of adapters and tests. */
export function emptyMessage(): ParsedMessage {
  return {
    headers: [],
    from: null,
    replyTo: [],
    to: [],
    cc: [],
    subject: null,
    messageId: null,
    inReplyTo: null,
    references: [],
    date: null,
    text: null,
    html: null,
    htmlText: null,
    attachments: [],
    problems: [],
    addressProblems: [],
    attachedMessage: null,
  };
}
