// The MIME adapter: raw bytes → the plain `ParsedMessage` the intake core reads. Built on postal-mime
// (decoding of transfer encodings, charsets, RFC 2047 words) and html-to-text (HTML bodies made readable,
// tables as `label | value` rows so that web-form tables can be read like labelled lines).
// It never throws: what cannot be decoded is named in `problems`, and the best reading is still given.
import { isUtf8 } from 'node:buffer';
import emailAddresses from 'email-addresses';
import { compile, type FormatCallback } from 'html-to-text';
import PostalMime, { type Address, decodeWords, type Email } from 'postal-mime';
import { isOneAddress } from '../../core/intake/addresses.ts';
import { cleanDisplayName } from '../../core/intake/display-text.ts';
import { parseMailDate } from '../../core/intake/mail-date.ts';
import {
  type AttachmentInfo,
  emptyMessage,
  htmlIsRead,
  type MailAddress,
  type ParsedMessage,
  READ_TEXT_LIMIT,
} from '../../core/intake/parsed-message.ts';
import { boundNesting } from './html-nesting.ts';

/** A table row on one line: its cells joined by ` | `. */
const tableRow: FormatCallback = (elem, walk, builder) => {
  builder.openBlock({ leadingLineBreaks: 1 });
  walk(elem.children, builder);
  builder.closeBlock({ trailingLineBreaks: 1 });
};

/** A table cell: a ` | ` before every cell but the first of its row. */
const tableCell: FormatCallback = (elem, walk, builder) => {
  type Sibling = { type?: string; prev?: Sibling | null };
  let previous = (elem as Sibling).prev;
  while (previous && previous.type !== 'tag') previous = previous.prev;
  if (previous) builder.addInline(' | ');
  walk(elem.children, builder);
};

/**
 * The most HTML read as text. Cut here rather than by html-to-text, which would say so on the console (outside the
 * logs) for every such message a sender chooses to send.
 */
const MAX_HTML_CHARS = 2_000_000;

const HTML_OPTIONS = {
  wordwrap: false as const,
  preserveNewlines: false,
  formatters: { tableRow, tableCell },
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'head', format: 'skip' },
    { selector: 'table', format: 'block' },
    { selector: 'tbody', format: 'block' },
    { selector: 'thead', format: 'block' },
    { selector: 'tfoot', format: 'block' },
    { selector: 'tr', format: 'tableRow' },
    { selector: 'td', format: 'tableCell' },
    { selector: 'th', format: 'tableCell' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'hr', options: { length: 5 } },
  ],
  limits: { maxInputLength: MAX_HTML_CHARS, maxDepth: 200 },
};

/**
 * The converter, compiled once: `convert(html, options)` would merge the options and build the selector
 * decision tree again for every message, which cost more than the conversion itself.
 */
const htmlToText = compile(HTML_OPTIONS);

/** HTML as text a person (and the reader) can read; quotes (`<blockquote>`) come out as `> ` lines. */
export function htmlToReadableText(html: string): string {
  const within = html.length > MAX_HTML_CHARS ? html.slice(0, MAX_HTML_CHARS) : html;
  return htmlToText(boundNesting(within))
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function mailboxes(addresses: Address[] | Address | undefined): MailAddress[] {
  const list = addresses === undefined ? [] : Array.isArray(addresses) ? addresses : [addresses];
  const out: MailAddress[] = [];
  for (const a of list) {
    const members = a.group ?? [a];
    for (const m of members) {
      const address = (m.address ?? '').trim();
      if (!address) continue;
      out.push({ address, name: m.name?.trim() ? m.name.trim() : null });
    }
  }
  return out;
}

/**
 * Address fields of the sender (From, Reply-To, Sender) longer than this are not one person's address: they
 * are not parsed at all (parsing costs time that grows with the length), and the field is a red flag.
 */
const MAX_SENDER_FIELD = 4_000;
/**
 * Lists of recipients (To, Cc, Bcc) are only shown, never used to answer: beyond this length the rest is not
 * read, so that a header of thousands of encoded words cannot cost seconds of parsing.
 */
export const MAX_LIST_FIELD = 8_000;
const SENDER_FIELDS = new Set(['from', 'sender', 'reply-to']);
const LIST_FIELDS = new Set(['to', 'cc', 'bcc']);

/** A list cut to `max` characters at its last comma (the addresses after it are not read). */
function cutList(value: string, max: number): string {
  const head = value.slice(0, max);
  const comma = head.lastIndexOf(',');
  return comma > 0 ? head.slice(0, comma) : '';
}

/**
 * postal-mime with a budget on address fields: before it parses the header's address fields, the long ones are
 * cut (recipient lists) or emptied (sender fields, which `readSenderField` refuses anyway); the header fields it
 * returns keep their values as sent. postal-mime parses them in a method of its own, so this reaches into it;
 * if a later version changes that method, the budget is simply not applied (and the tests that measure the
 * cut fail).
 */
class BoundedPostalMime extends PostalMime {
  /** The size of the message being parsed (the most any of its parts can hold). */
  inputBytes = 0;

  /**
   * The message's own bytes, not a copy: postal-mime copies any view it is given (25 MB more for a message of the
   * largest size), but reads a whole buffer (an ArrayBuffer, or the SharedArrayBuffer a message arrived in) in
   * place. It never writes to it.
   */
  override parse(raw: Uint8Array | ArrayBuffer): Promise<Email> {
    const whole = ArrayBuffer.isView(raw) && raw.byteOffset === 0 && raw.byteLength === raw.buffer.byteLength;
    const input = whole ? raw.buffer : raw;
    this.inputBytes = input.byteLength;
    return super.parse(input as ArrayBuffer);
  }

  buildMessage(): Email {
    const build = (PostalMime.prototype as unknown as { buildMessage(this: PostalMime): Email }).buildMessage;
    const root = (this as unknown as { root?: { headers?: Array<{ key: string; value: string }> } }).root;
    const headers = root?.headers;
    if (!Array.isArray(headers)) return build.call(this);
    const changed: Array<{ index: number; value: string }> = [];
    headers.forEach((h, index) => {
      if (typeof h.value !== 'string') return;
      if (LIST_FIELDS.has(h.key) && h.value.length > MAX_LIST_FIELD) {
        changed.push({ index, value: h.value });
        h.value = cutList(h.value, MAX_LIST_FIELD);
      } else if (SENDER_FIELDS.has(h.key) && h.value.length > MAX_SENDER_FIELD) {
        changed.push({ index, value: h.value });
        h.value = '';
      }
    });
    try {
      const email = build.call(this);
      for (const c of changed) {
        const field = email.headers[c.index];
        if (field) field.value = c.value;
      }
      return email;
    } finally {
      for (const c of changed) {
        const h = headers[c.index];
        if (h) h.value = c.value;
      }
    }
  }
}

/**
 * Below this many bytes a body grows in ordinary buffers, copied as it doubles; beyond it, in one resizable
 * buffer. A resizable buffer reserves its whole size as address space and gives it back when it is collected,
 * which costs far more than copying a body of a few kilobytes, and nearly every body is that small; a large
 * body is not copied again and again as it grows.
 */
const COPIED_BODY_BYTES = 64 * 1024;

/**
 * The decoded bytes of one body part, gathered into one buffer as its lines are decoded: the bytes themselves
 * and no more (see LineBodyDecoder), up to `keep` bytes (then to the end of that line).
 */
class BodyBytes {
  readonly #most: number;
  readonly #keep: number;
  /** The resizable buffer, once the body has outgrown COPIED_BODY_BYTES. */
  #resizable: ArrayBuffer | null = null;
  protected bytes: Uint8Array<ArrayBuffer> = new Uint8Array(0);
  protected length = 0;
  /**
   * `most`: the most bytes the body can have (the message's size and one line feed is always enough); `keep`:
   * the lines after this many bytes are dropped.
   */
  constructor(most: number, keep = Number.POSITIVE_INFINITY) {
    this.#most = most;
    this.#keep = keep;
  }
  /** Whether the lines from now on are dropped (`keep` bytes are gathered). */
  protected full(): boolean {
    return this.length >= this.#keep;
  }
  /** Makes room for `extra` more bytes after `length`. */
  protected reserve(extra: number): void {
    const end = this.length + extra;
    if (end <= this.bytes.length) return;
    // At least doubled, so that growing costs few copies or calls on a body of many short lines.
    const size = Math.min(this.#most, Math.max(end, 2 * this.bytes.length, 256));
    if (this.#resizable) {
      this.#resizable.resize(size);
      this.bytes = new Uint8Array(this.#resizable);
      return;
    }
    if (size > COPIED_BODY_BYTES) this.#resizable = new ArrayBuffer(size, { maxByteLength: this.#most });
    const grown = this.#resizable ? new Uint8Array(this.#resizable) : new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }
  finalize(): Promise<ArrayBuffer> {
    if (this.#resizable) {
      this.#resizable.resize(this.length);
      return Promise.resolve(this.#resizable);
    }
    // The bytes alone, in a buffer of their own size (the spare room is given back at once).
    return Promise.resolve(this.bytes.buffer.transfer(this.length));
  }
}

/**
 * The body of a part sent as it is (7bit, 8bit, binary: no transfer encoding), gathered line by line into one
 * buffer. postal-mime's own decoder keeps a view of every line and a "\n" beside it, then joins them through a
 * Blob: for a text part of 25 MB that is some 660,000 pieces, seconds of CPU time and hundreds of megabytes
 * (more than a reading thread's whole memory budget), where the bytes themselves are 25 MB. Same output: each
 * line followed by a line feed, up to `keep` bytes (then to the end of that line).
 */
export class LineBodyDecoder extends BodyBytes {
  update(line: Uint8Array): void {
    if (this.full()) return;
    this.reserve(line.length + 1);
    this.bytes.set(line, this.length);
    this.bytes[this.length + line.length] = 0x0a;
    this.length += line.length + 1;
  }
}

const EQUALS = 0x3d;

/** The value of a hexadecimal digit (either case), or -1. */
function hexValue(c: number | undefined): number {
  if (c === undefined) return -1;
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x61 && c <= 0x66) return c - 0x61 + 10;
  if (c >= 0x41 && c <= 0x46) return c - 0x41 + 10;
  return -1;
}

/**
 * A quoted-printable body, decoded line by line into one buffer. postal-mime's own decoder starts every part
 * with a zeroed buffer of 100 KiB, then joins its pieces through a Blob, read back asynchronously: for the
 * parts of an ordinary message, most of the cost of decoding them. Same output as it gives: `=XX` (two
 * hexadecimal digits) is that byte, any other `=` is kept as it is, a line that ends with `=` is joined to the
 * next (a soft line break), and every other line is followed by a line feed.
 */
export class QuotedPrintableDecoder extends BodyBytes {
  update(line: Uint8Array): void {
    if (this.full()) return;
    let end = line.length;
    const soft = end > 0 && line[end - 1] === EQUALS;
    if (soft) end--;
    // Never longer than the line and its line feed.
    this.reserve(end + 1);
    const bytes = this.bytes;
    let at = this.length;
    let from = 0;
    // An escape needs its two digits before the end of the line (the soft break's `=` not counted).
    for (let i = line.indexOf(EQUALS); i >= 0 && i + 2 < end; i = line.indexOf(EQUALS, i + 1)) {
      const high = hexValue(line[i + 1]);
      const low = hexValue(line[i + 2]);
      if (high < 0 || low < 0) continue;
      for (let j = from; j < i; j++) bytes[at++] = line[j]!;
      bytes[at++] = (high << 4) | low;
      from = i + 3;
      i += 2;
    }
    for (let j = from; j < end; j++) bytes[at++] = line[j]!;
    if (!soft) bytes[at++] = 0x0a;
    this.length = at;
  }
}

/** The value of each base64 digit, by character code; -1 for every other character. */
const BASE64_VALUE = new Int8Array(256).fill(-1);
for (const [i, c] of [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].entries())
  BASE64_VALUE[c.charCodeAt(0)] = i;

/**
 * A base64 body, decoded line by line into one buffer. postal-mime's own decoder makes a string of every line,
 * cleans it with a pattern, splits it at padding and joins the decoded pieces through a Blob. Same output as it
 * gives: every character but the 64 digits and `=` is ignored (a byte that is not ASCII never makes one of
 * them, whatever the character set), a run of `=` ends a unit (some mailers pad every line), and each unit is
 * decoded on its own: its digits four by four, then two or three left over make one or two bytes, and one
 * left over is dropped.
 */
export class Base64Decoder extends BodyBytes {
  /** The digits of the unit's group of four read so far (`count` of them), in the low bits. */
  #bits = 0;
  #count = 0;
  update(line: Uint8Array): void {
    // At most three bytes for every four digits, and the two a group left open before this line can still give.
    this.reserve(Math.ceil((line.length * 3) / 4) + 2);
    const bytes = this.bytes;
    let at = this.length;
    let bits = this.#bits;
    let count = this.#count;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      const value = BASE64_VALUE[c]!;
      if (value >= 0) {
        bits = (bits << 6) | value;
        if (++count === 4) {
          bytes[at++] = bits >> 16;
          bytes[at++] = (bits >> 8) & 0xff;
          bytes[at++] = bits & 0xff;
          bits = 0;
          count = 0;
        }
      } else if (c === EQUALS && count > 0) {
        at = this.#closeUnit(bits, count, at);
        bits = 0;
        count = 0;
      }
    }
    this.length = at;
    this.#bits = bits;
    this.#count = count;
  }
  /** Writes the bytes of an open group at `at` (two digits: one byte; three: two; one: none); the new end. */
  #closeUnit(bits: number, count: number, at: number): number {
    if (count === 2) this.bytes[at++] = (bits >> 4) & 0xff;
    else if (count === 3) {
      this.bytes[at++] = (bits >> 10) & 0xff;
      this.bytes[at++] = (bits >> 2) & 0xff;
    }
    return at;
  }
  override finalize(): Promise<ArrayBuffer> {
    this.reserve(2);
    this.length = this.#closeUnit(this.#bits, this.#count, this.length);
    this.#bits = 0;
    this.#count = 0;
    return super.finalize();
  }
}

/**
 * The bytes of a body part (text/plain, text/html, not an attachment) that are decoded at most: what the reading
 * reads of it (READ_TEXT_LIMIT characters of text, MAX_HTML_CHARS of HTML) at four bytes a character, the most
 * any character set takes, and the rest of the line. What is filed of a body is that start too
 * (read-pool.ts, forFiling); the original keeps every byte. A 25 MB text part would otherwise be decoded whole,
 * then held as a string of as many characters.
 */
export const BODY_BYTES_DECODED = {
  plain: 4 * (READ_TEXT_LIMIT + 1),
  html: 4 * (MAX_HTML_CHARS + 1),
} as const;

/**
 * postal-mime makes its parts (MimeNode) itself and does not export their class: its prototype is reached
 * through the root part of a parser, and parts of a message read here (BoundedPostalMime) get the decoders above
 * for every body: base64, quoted-printable, or without a transfer encoding. Other uses of postal-mime in this process are left as they are.
 */
type MimeNodeLike = {
  postalMime: unknown;
  contentDecoder: unknown;
  content: ArrayBuffer | null;
  contentType: { parsed: { value: string; params: Record<string, string> } };
  contentDisposition: { parsed: { value: string; params: Record<string, string> } };
  setupContentDecoder(transferEncoding: string): void;
  getTextContent(): string;
  decodeFlowedText(text: string, delSp: boolean): string;
};
const mimeNode = Object.getPrototypeOf(
  (new PostalMime() as unknown as { root: MimeNodeLike }).root,
) as MimeNodeLike;
const setupContentDecoder = mimeNode.setupContentDecoder;
mimeNode.setupContentDecoder = function (this: MimeNodeLike, transferEncoding: string) {
  const parser = this.postalMime;
  if (!(parser instanceof BoundedPostalMime)) setupContentDecoder.call(this, transferEncoding);
  else if (/base64/i.test(transferEncoding)) this.contentDecoder = new Base64Decoder(parser.inputBytes + 1);
  else if (/quoted-printable/i.test(transferEncoding))
    this.contentDecoder = new QuotedPrintableDecoder(parser.inputBytes + 1);
  else this.contentDecoder = new LineBodyDecoder(parser.inputBytes + 1, bodyBytesDecoded(this));
};

/**
 * The text of a part whose character set is not said, or said with a name no decoder knows (`unknown-8bit`, which
 * mutt writes for 8-bit text it cannot name, `x-unknown`, a misspelling), read as what its bytes are. postal-mime
 * reads an unknown name as Windows-1252, which turns UTF-8 text (what most such mail is today) into "mÃ©content",
 * and a missing one as UTF-8, which turns the Latin-1 bytes of older mail programs into "m�content": labels and
 * accented words are then not found. So: valid UTF-8 is read as UTF-8, anything else as Windows-1252 (a superset
 * of Latin-1), as the header fields are (headersOf). A part that names a known character set is read in it.
 */
const getTextContent = mimeNode.getTextContent;
mimeNode.getTextContent = function (this: MimeNodeLike): string {
  const params = this.contentType?.parsed?.params ?? {};
  const charset = params.charset?.trim();
  if (
    !(this.postalMime instanceof BoundedPostalMime) ||
    !this.content ||
    (charset && charsetIsKnown(charset))
  )
    return getTextContent.call(this);
  const bytes = new Uint8Array(this.content);
  const valid = isUtf8(bytes);
  // postal-mime's own reading is right for these two: no name and UTF-8, an unknown name and not UTF-8.
  if (charset ? !valid : valid) return getTextContent.call(this);
  const text = (valid ? utf8 : windows1252).decode(bytes);
  return /^flowed$/i.test(params.format ?? '')
    ? this.decodeFlowedText(text, /^yes$/i.test(params.delsp ?? ''))
    : text;
};

/** How much of a part is decoded (everything but the body text and HTML: BODY_BYTES_DECODED). */
function bodyBytesDecoded(node: MimeNodeLike): number {
  const type = node.contentType?.parsed?.value?.toLowerCase();
  const disposition = node.contentDisposition?.parsed;
  const named =
    disposition?.value?.toLowerCase() === 'attachment' ||
    Boolean(disposition?.params?.filename || node.contentType?.parsed?.params?.name);
  if (named) return Number.POSITIVE_INFINITY;
  if (type === 'text/plain') return BODY_BYTES_DECODED.plain;
  if (type === 'text/html') return BODY_BYTES_DECODED.html;
  return Number.POSITIVE_INFINITY;
}

/** A display name as sent (encoded words decoded), cleaned; a comment `(Jean Dupont)` stands in for a missing name. */
function displayName(mailbox: emailAddresses.ParsedMailbox): string | null {
  const comment = mailbox.parts.comments
    .map((c) => c.tokens.trim().replace(/^\(|\)$/g, ''))
    .find((c) => c.trim() !== '');
  return decodedName(mailbox.name ?? comment ?? null);
}

/** An encoded word (RFC 2047, with RFC 2231's language): its charset, language, encoding and text. */
const ENCODED_WORD = /=\?([^?*\s]+)(\*[^?\s]*)?\?([bq])\?([^?\s]*)\?=/gi;

/** The bytes an encoded word's text stands for. */
function encodedWordBytes(encoding: string, text: string): Buffer {
  if (encoding === 'b' || encoding === 'B') return Buffer.from(text, 'base64');
  return Buffer.from(
    text
      .replace(/_/g, ' ')
      .replace(/=([0-9a-f]{2})/gi, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
    'latin1',
  );
}

/**
 * A header value with its encoded words decoded. Words whose character set no decoder knows (`unknown-8bit`, a
 * misspelling) are read as UTF-8 when their bytes, all together, are UTF-8: postal-mime reads them as
 * Windows-1252, which turns a UTF-8 subject into "rÃ©clamation" and hides its marker. Otherwise as before, as the
 * body is (getTextContent above).
 */
function decodeWordsAsSent(value: string): string {
  // Without `=?` there is no encoded word, and decodeWords gives the value back as it is.
  if (!value.includes('=?')) return value;
  const unknown: Buffer[] = [];
  ENCODED_WORD.lastIndex = 0;
  for (let m = ENCODED_WORD.exec(value); m; m = ENCODED_WORD.exec(value))
    if (!charsetIsKnown(m[1]!)) unknown.push(encodedWordBytes(m[3]!, m[4]!));
  if (unknown.length === 0 || !isUtf8(Buffer.concat(unknown))) return decodeWords(value);
  return decodeWords(
    value.replace(
      ENCODED_WORD,
      (word, charset: string, language: string | undefined, encoding: string, text: string) =>
        charsetIsKnown(charset) ? word : `=?utf-8${language ?? ''}?${encoding}?${text}?=`,
    ),
  );
}

/** A display name as written, its encoded words decoded, cleaned. */
function decodedName(written: string | null): string | null {
  if (!written) return null;
  let decoded = written;
  try {
    decoded = decodeWordsAsSent(written);
  } catch {
    // A malformed encoded word: the name as written.
  }
  return cleanDisplayName(decoded);
}

/** What the strict reading of a sender field found: its one mailbox, or what is wrong with it. */
interface SenderField {
  /** Every mailbox read (a list has several), in order. */
  mailboxes: MailAddress[];
  /** Why the field is not exactly one valid address; null when it is. */
  problem: string | null;
}

/**
 * Reads a sender field (From, Reply-To) with a real RFC 5322 parser (groups, lists, comments, quoted names):
 * it is good only when it holds exactly one mailbox whose address is one valid addr-spec. An encoded word
 * that hides a comma or an `@` makes the field unreadable, as it should: RFC 2047 allows neither there.
 */
function readSenderField(label: string, values: readonly string[]): SenderField | null {
  if (values.length === 0) return null;
  if (values.length > 1)
    return { mailboxes: [], problem: `the message has ${values.length} ${label}: fields` };
  const value = values[0]!.trim();
  if (value === '') return { mailboxes: [], problem: `${label}: is empty` };
  if (value.length > MAX_SENDER_FIELD)
    return {
      mailboxes: [],
      problem: `${label}: is ${value.length} characters long, far more than one address needs`,
    };
  const simple = simpleMailbox(value);
  if (simple) return oneMailbox(label, [{ address: simple.address, name: decodedName(simple.name) }]);
  let parsed = parseList(value, false);
  // Some mail clients write an unquoted comma in the name (`Dupont, Jean <jean@x.fr>`) or a stray `;` at the
  // end. With a single `@` in the whole field there can be no second address, so the name may hold the comma.
  if (!parsed && value.indexOf('@') === value.lastIndexOf('@'))
    parsed = parseList(value.replace(/[\s,;]+$/, ''), true);
  // Mail systems deliver to local parts RFC 5322 has no room for (two dots in a row, a dot before the `@`:
  // core/intake/addresses.ts), which the full parser refuses: the common shapes are read again with such a local
  // part, and the address rule decides, as for any other sender.
  const delivered = parsed ? null : deliveredMailbox(value);
  if (delivered)
    return oneMailbox(label, [{ address: delivered.address, name: decodedName(delivered.name) }]);
  if (!parsed || parsed.length === 0)
    return { mailboxes: [], problem: `${label}: "${cleanLine(value)}" is not a valid address` };
  const mailboxes: MailAddress[] = [];
  let groups = 0;
  for (const a of parsed) {
    if (a.type === 'group') {
      groups++;
      for (const m of a.addresses) mailboxes.push({ address: m.address, name: displayName(m) });
    } else mailboxes.push({ address: a.address, name: displayName(a) });
  }
  if (groups > 0)
    return { mailboxes, problem: `${label}: is a group of ${mailboxes.length} addresses, not one address` };
  return oneMailbox(label, mailboxes);
}

/** The sender field that holds `mailboxes`: good when it is one valid address. */
function oneMailbox(label: string, mailboxes: MailAddress[]): SenderField {
  if (mailboxes.length > 1)
    return { mailboxes, problem: `${label}: holds ${mailboxes.length} addresses, not one` };
  const one = mailboxes[0]!;
  if (!isOneAddress(one.address))
    return { mailboxes, problem: `${label}: "${cleanLine(one.address)}" is not a valid address` };
  return { mailboxes, problem: null };
}

// The shapes nearly every sender field has: `addr`, `<addr>`, `Name Words <addr>` and `"Quoted, Name" <addr>`, with the
// characters RFC 5322 (and RFC 6532: anything beyond ASCII) allows in an atom. For these the full parser's
// answer is known in advance; it builds a syntax tree of every character and cost more than decoding the rest
// of the message, so these are read by one pattern each. Anything else (comments, groups, lists, escapes,
// folded or repeated spaces) goes to the full parser. A property test holds both to the same answers.
const ATEXT = "A-Za-z0-9!#$%&'*+\\-/=?^_`{|}~\\u0080-\\uffff";
const DOT_ATOM = `[${ATEXT}]+(?:\\.[${ATEXT}]+)*`;
const ADDR_SPEC = `${DOT_ATOM}@${DOT_ATOM}`;
const BARE_ADDRESS = new RegExp(`^${ADDR_SPEC}$`);
/** A name of atoms, and the dots RFC 5322 allows in a name after its first character (`Dr. J. Martin`). */
const NAMED_ADDRESS = new RegExp(`^([${ATEXT}][${ATEXT}.]*(?: [${ATEXT}.]+)*) ?<(${ADDR_SPEC})>$`);
const ANGLE_ADDRESS = new RegExp(`^<(${ADDR_SPEC})>$`);
const QUOTED_NAME_ADDRESS = new RegExp(
  `^"([!#-\\[\\]-~\\u0080-\\uffff]+(?: [!#-\\[\\]-~\\u0080-\\uffff]+)*)" ?<(${ADDR_SPEC})>$`,
);

const OTHER_SPACE = /[^\S ]/;

/** The same shapes with a local part of `atext` and dots in any order after the first (`taro..yamada`, `alerts.`). */
const DELIVERED_SPEC = `[${ATEXT}][${ATEXT}.]*@${DOT_ATOM}`;
const DELIVERED_SHAPES = [
  new RegExp(`^(?:<)?(${DELIVERED_SPEC})(?:>)?$`),
  new RegExp(`^([${ATEXT}][${ATEXT}.]*(?: [${ATEXT}.]+)*) ?<(${DELIVERED_SPEC})>$`),
  new RegExp(`^"([!#-\\[\\]-~\\u0080-\\uffff]+(?: [!#-\\[\\]-~\\u0080-\\uffff]+)*)" ?<(${DELIVERED_SPEC})>$`),
] as const;

/** One address of a common shape whose local part only mail systems, not RFC 5322, accept (readSenderField). */
function deliveredMailbox(value: string): { address: string; name: string | null } | null {
  if (OTHER_SPACE.test(value)) return null;
  const [bare, named, quoted] = DELIVERED_SHAPES;
  const b = bare.exec(value);
  if (b && value.startsWith('<') === value.endsWith('>')) return { address: b[1]!, name: null };
  const m = named.exec(value) ?? quoted.exec(value);
  return m ? { address: m[2]!, name: m[1]! } : null;
}

/** One address of a common shape read without the full parser: its address and name, or null for any other shape. */
export function simpleMailbox(value: string): { address: string; name: string | null } | null {
  // The full parser drops or trims white space beyond ASCII (no-break spaces, line separators) where an atom
  // would keep it: such a field is left to it.
  if (OTHER_SPACE.test(value)) return null;
  if (BARE_ADDRESS.test(value)) return { address: value, name: null };
  const angle = ANGLE_ADDRESS.exec(value);
  if (angle) return { address: angle[1]!, name: null };
  const m = NAMED_ADDRESS.exec(value) ?? QUOTED_NAME_ADDRESS.exec(value);
  return m ? { address: m[2]!, name: m[1]! } : null;
}

/** An address list as RFC 5322 reads it (null when it is not one). */
function parseList(
  value: string,
  commaInDisplayName: boolean,
): ReturnType<typeof emailAddresses.parseAddressList> {
  try {
    return emailAddresses.parseAddressList({
      input: value,
      rfc6532: true,
      atInDisplayName: true,
      commaInDisplayName,
    });
  } catch {
    return null;
  }
}

/**
 * The sender fields, read strictly: a list, a group or anything but one valid address is a red flag
 * (`addressProblems`), and then nothing is ever answered automatically. `from` still says what the field
 * seems to name (automated-mail detection reads `MAILER-DAEMON` out of it), but is not used as an address.
 */
function readSenderFields(
  message: ParsedMessage,
  valuesOf: (key: string) => string[],
  lenientFrom: MailAddress | null,
): void {
  const from = readSenderField('From', valuesOf('from'));
  const replyTo = readSenderField('Reply-To', valuesOf('reply-to'));
  if (from && !from.problem) message.from = from.mailboxes[0]!;
  else {
    const seen = lenientFrom ?? from?.mailboxes[0] ?? null;
    // What the field seems to name, up to the first separator: a list is never kept as one address.
    const address = seen?.address.split(/[\s,;<>]/).find((part) => part !== '') ?? '';
    message.from = seen && address ? { address, name: cleanDisplayName(seen.name) } : null;
  }
  message.replyTo = replyTo && !replyTo.problem ? replyTo.mailboxes : [];
  message.addressProblems = [];
  if (from?.problem) message.addressProblems.push({ field: 'from', problem: from.problem });
  if (replyTo?.problem) message.addressProblems.push({ field: 'reply-to', problem: replyTo.problem });
}

/** A value quoted in a problem: one line, cut. */
function cleanLine(value: string): string {
  const line = value.replace(/[\p{Cc}]+/gu, ' ').trim();
  return line.length > 120 ? `${line.slice(0, 120)}…` : line;
}

function messageIds(value: string | undefined): string[] {
  return value ? [...value.matchAll(/<[^<>\s]+>/g)].map((m) => m[0]) : [];
}

function byteSize(content: ArrayBuffer | Uint8Array | string): number {
  if (typeof content === 'string') return Buffer.byteLength(content);
  return content.byteLength;
}

const DECODABLE = new Map<string, boolean>();
function charsetIsKnown(charset: string): boolean {
  const key = charset.toLowerCase();
  let known = DECODABLE.get(key);
  if (known === undefined) {
    try {
      new TextDecoder(key.replace(/^x-/, ''));
      known = true;
    } catch {
      known = ['utf8', 'latin1', 'cp1252', 'ascii', 'us-ascii', 'unicode-1-1-utf-8'].includes(key);
    }
    if (DECODABLE.size < 200) DECODABLE.set(key, known);
  }
  return known;
}

const CHARSET = /charset\s*=\s*"?([A-Za-z0-9._:-]+)/gi;
const TRANSFER_ENCODING = /content-transfer-encoding\s*:\s*([^\s;]+)/gi;
const KNOWN_ENCODINGS = new Set(['7bit', '8bit', 'binary', 'quoted-printable', 'base64']);

/**
 * What a person should know about the decoding, from the raw bytes and postal-mime's result; `date` is the
 * reading of its (first) Date: field.
 */
function decodingProblems(raw: Uint8Array, email: Email, date: string | null): string[] {
  const problems: string[] = [];
  // A view on the bytes (no copy), read as Latin-1.
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.length, 1_000_000)).toString('latin1');
  // (Module-level patterns walked with exec: matchAll would copy each pattern on every message.)
  const charsets = new Set<string>();
  CHARSET.lastIndex = 0;
  for (let m = CHARSET.exec(head); m; m = CHARSET.exec(head)) charsets.add((m[1] ?? '').toLowerCase());
  for (const charset of charsets)
    if (!charsetIsKnown(charset))
      problems.push(`unknown character set "${charset}": the text was decoded as best it could be`);
  TRANSFER_ENCODING.lastIndex = 0;
  for (let m = TRANSFER_ENCODING.exec(head); m; m = TRANSFER_ENCODING.exec(head)) {
    const encoding = (m[1] ?? '').toLowerCase();
    if (!KNOWN_ENCODINGS.has(encoding))
      problems.push(`unknown transfer encoding "${encoding}": the part was kept as it is`);
  }
  if (!email.headers.some((h) => h.key === 'from')) problems.push('no From: field');
  if (!email.headers.some((h) => /^[a-z0-9-]+$/.test(h.key)))
    problems.push('no header fields could be read: this may not be an e-mail message');
  const dateField = email.headers.find((h) => h.key === 'date');
  if (dateField && !date) problems.push(`the Date: field "${dateField.value.slice(0, 80)}" is not a date`);
  if ((email.text ?? '').includes('\uFFFD') || (email.html ?? '').includes('\uFFFD'))
    problems.push('some characters of the body could not be decoded (shown as �)');
  return [...new Set(problems)];
}

/** A reading of what we can when postal-mime gives up: header lines up to the first blank line, then the body. */
function fallbackMessage(raw: Uint8Array, reason: string): ParsedMessage {
  const message = emptyMessage();
  message.problems.push(`the message could not be decoded as MIME (${reason}); it was read as plain text`);
  const text = new TextDecoder('utf-8').decode(raw.subarray(0, Math.min(raw.length, 5_000_000)));
  const split = text.search(/\r?\n\r?\n/);
  const head = split < 0 ? text : text.slice(0, split);
  const body = split < 0 ? '' : text.slice(split).trim();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const m = /^([A-Za-z0-9-]{1,76}):\s*(.*)$/.exec(line);
    if (m) message.headers.push({ name: (m[1] ?? '').toLowerCase(), value: m[2] ?? '' });
  }
  const field = (name: string) => message.headers.find((h) => h.name === name)?.value;
  const safeDecode = (value: string | undefined) => {
    try {
      return value === undefined ? null : decodeWordsAsSent(value);
    } catch {
      return value ?? null;
    }
  };
  message.subject = safeDecode(field('subject'));
  const from = /([^\s<>"]+@[^\s<>"]+)/.exec(field('from') ?? '');
  readSenderFields(
    message,
    (key) => message.headers.filter((h) => h.name === key).map((h) => h.value),
    from?.[1] ? { address: from[1], name: null } : null,
  );
  message.date = parseMailDate(field('date'));
  message.text = body || null;
  return message;
}

/** The part of postal-mime's tree that the search for a carried message reads. */
interface TreeNode {
  contentType?: { parsed?: { value?: string } };
  childNodes?: TreeNode[];
  content?: ArrayBuffer | null;
  subMessage?: Email;
}

/** Parts looked at, at most, when searching a message for one it carries whole. */
const MAX_PARTS_SEARCHED = 500;

/**
 * The first `message/rfc822` part of a parsed tree, depth first (attached or inline), or null. The search is
 * bounded: a message of thousands of parts is not walked to its end.
 */
function firstCarriedMessage(root: TreeNode | undefined): TreeNode | null {
  const stack: TreeNode[] = root ? [root] : [];
  let seen = 0;
  while (stack.length && seen++ < MAX_PARTS_SEARCHED) {
    const node = stack.pop()!;
    if (node.contentType?.parsed?.value === 'message/rfc822' && node !== root) return node;
    const children = node.childNodes ?? [];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return null;
}

/**
 * The message a forward carries whole (`message/rfc822`, as clients send a mail forwarded "as attachment"),
 * read like the outer one but one level deep only; null when there is none or it cannot be read at all.
 */
async function carriedMessage(parser: PostalMime): Promise<ParsedMessage | null> {
  const node = firstCarriedMessage((parser as unknown as { root?: TreeNode }).root);
  if (!node?.content || node.content.byteLength === 0) return null;
  const bytes = new Uint8Array(node.content);
  try {
    // postal-mime already parsed an inline one; an attached one is parsed here, without going deeper.
    const email =
      node.subMessage ??
      (await new BoundedPostalMime({
        attachmentEncoding: 'arraybuffer',
        maxNestingDepth: 50,
        maxRfc822NestingDepth: 0,
      }).parse(bytes));
    if (!email.headers.some((h) => h.key === 'from')) return null;
    return messageOf(email, bytes);
  } catch {
    return null;
  }
}

/** Decodes a raw message. Never throws: a message that cannot be decoded comes back with `problems`. */
export async function parseMime(raw: Uint8Array): Promise<ParsedMessage> {
  let email: Email;
  const parser = new BoundedPostalMime({ attachmentEncoding: 'arraybuffer', maxNestingDepth: 50 });
  try {
    email = await parser.parse(raw);
  } catch (e) {
    try {
      return withoutNul(fallbackMessage(raw, (e as Error)?.message ?? String(e)));
    } catch {
      const message = emptyMessage();
      message.problems.push('the message could not be read at all');
      return message;
    }
  }
  const message = messageOf(email, raw);
  message.attachedMessage = await carriedMessage(parser);
  return withoutNul(message);
}

const NUL = '\u0000';

/**
 * The message with every NUL character (U+0000) shown as �. A NUL is legal in an encoded word (`=00`), in a
 * quoted-printable or base64 body, and some broken mail programs write it raw; but PostgreSQL keeps no NUL in
 * text, and a message that held one in its subject, body or Message-ID could not be stored at all: answered 451
 * for ever, then lost. No person writes one, so nothing is lost by showing it as what it is, an unreadable
 * character. `problems` says so when there was one.
 */
function withoutNul(message: ParsedMessage): ParsedMessage {
  let found = false;
  const clean = <T extends string | null>(value: T): T => {
    if (value === null || !value.includes(NUL)) return value;
    found = true;
    return value.replaceAll(NUL, '\uFFFD') as T;
  };
  const address = (a: MailAddress): MailAddress => {
    const name = clean(a.name);
    const written = clean(a.address);
    return name === a.name && written === a.address ? a : { name, address: written };
  };
  for (const h of message.headers) h.value = clean(h.value);
  message.from = message.from && address(message.from);
  message.replyTo = message.replyTo.map(address);
  message.to = message.to.map(address);
  message.cc = message.cc.map(address);
  message.subject = clean(message.subject);
  message.messageId = clean(message.messageId);
  message.inReplyTo = clean(message.inReplyTo);
  message.references = message.references.map(clean);
  message.text = clean(message.text);
  message.html = clean(message.html);
  message.htmlText = clean(message.htmlText);
  for (const a of message.attachments) {
    a.filename = clean(a.filename);
    a.contentType = clean(a.contentType);
  }
  message.problems = message.problems.map(clean);
  for (const p of message.addressProblems) p.problem = clean(p.problem);
  if (message.attachedMessage) message.attachedMessage = withoutNul(message.attachedMessage);
  if (found) message.problems.push('the message holds NUL characters, which no person writes (shown as �)');
  return message;
}

/** The most header bytes read again for a legacy character set (postal-mime's own limit on a header is lower). */
const LEGACY_HEAD_BYTES = 1_000_000;
const windows1252 = new TextDecoder('windows-1252');
const utf8 = new TextDecoder('utf-8');

/**
 * The header fields as postal-mime read them, with the values it could not decode read again as Windows-1252.
 * Header fields should be ASCII (8-bit text goes in RFC 2047 words) or UTF-8 (RFC 6532), and postal-mime reads
 * them as UTF-8; but older mail programs still write accented subjects and names as raw Latin-1 bytes
 * ("Transmission de r\xe9clamation"), which then read as "r�clamation" and hide the marker. A line that is not
 * valid UTF-8 is read as Windows-1252 (a superset of Latin-1, what such programs write in practice), as mail
 * readers do. Only when the header section is not valid UTF-8, so ordinary mail pays one native check.
 */
function headersOf(email: Email, raw: Uint8Array): Array<{ key: string; value: string }> {
  const end = headerEnd(raw);
  if (end < 0 || isUtf8(raw.subarray(0, end))) return email.headers;
  const fields: Array<{ key: string; value: string }> = [];
  let folded: string[] = [];
  const flush = () => {
    if (folded.length === 0) return;
    const line = folded.join('');
    const sep = line.indexOf(':');
    const key = (sep < 0 ? line : line.slice(0, sep)).trim().toLowerCase();
    fields.push({
      key,
      value:
        sep < 0
          ? ''
          : line
              .slice(sep + 1)
              .replace(/[\r\n]+/g, ' ')
              .trim(),
    });
    folded = [];
  };
  let start = 0;
  while (start < end) {
    let stop = raw.indexOf(0x0a, start);
    if (stop < 0 || stop > end) stop = end;
    const bytes = raw.subarray(start, stop > start && raw[stop - 1] === 0x0d ? stop - 1 : stop);
    const line = (isUtf8(bytes) ? utf8 : windows1252).decode(bytes);
    if (!(folded.length > 0 && (line.startsWith(' ') || line.startsWith('\t')))) flush();
    folded.push(line);
    start = stop + 1;
  }
  flush();
  // The same fields in the same order, or postal-mime read them otherwise (a malformed section): keep its reading.
  if (fields.length !== email.headers.length || fields.some((f, i) => f.key !== email.headers[i]!.key))
    return email.headers;
  return email.headers.map((h, i) => (h.value.includes('\uFFFD') ? { ...h, value: fields[i]!.value } : h));
}

/** Where the message's header section ends (the offset of its blank line), or -1 beyond the bytes read again. */
function headerEnd(raw: Uint8Array): number {
  const limit = Math.min(raw.length, LEGACY_HEAD_BYTES);
  for (let i = raw.indexOf(0x0a); i >= 0 && i < limit; i = raw.indexOf(0x0a, i + 1)) {
    const next = raw[i + 1];
    if (next === 0x0a || (next === 0x0d && raw[i + 2] === 0x0a)) return i;
  }
  return -1;
}

/** A header value decoded as sent, or `otherwise` when it holds a malformed encoded word. */
function decodedOr(value: string, otherwise: string | undefined): string | null {
  try {
    return decodeWordsAsSent(value);
  } catch {
    return otherwise ?? null;
  }
}

/** The plain reading of what postal-mime decoded (`raw`: the bytes it decoded, for the decoding problems). */
function messageOf(email: Email, raw: Uint8Array): ParsedMessage {
  const message = emptyMessage();
  const headers = headersOf(email, raw);
  message.headers = headers.map((h) => ({ name: h.key, value: h.value }));
  readSenderFields(
    message,
    (key) => headers.filter((h) => h.key === key).map((h) => h.value),
    mailboxes(email.from)[0] ?? null,
  );
  message.to = mailboxes(email.to);
  message.cc = mailboxes(email.cc);
  // The subject as written, its encoded words decoded as sent (decodeWordsAsSent); postal-mime's reading of it
  // when that cannot be done.
  const subject = headers.find((h) => h.key === 'subject')?.value;
  message.subject = subject ? decodedOr(subject, email.subject) : (email.subject ?? null);
  message.messageId = email.messageId?.trim() || null;
  message.inReplyTo = email.inReplyTo?.trim() || null;
  message.references = messageIds(email.references);
  message.date = parseMailDate(email.headers.find((h) => h.key === 'date')?.value);
  message.text = email.text ?? null;
  message.html = email.html ?? null;
  if ((message.text ?? '').length > READ_TEXT_LIMIT)
    message.problems.push(
      `the text is longer than ${READ_TEXT_LIMIT} characters: only its start was read (the original is kept whole)`,
    );
  // The HTML is turned into text only when the reading may look at it (a missing or stub text part).
  if (email.html && htmlIsRead(message.text, email.html)) {
    try {
      message.htmlText = htmlToReadableText(email.html);
    } catch (e) {
      message.problems.push(`the HTML body could not be turned into text (${(e as Error).message})`);
    }
  }
  message.attachments = email.attachments.map(
    (a): AttachmentInfo => ({
      filename: a.filename,
      contentType: a.mimeType,
      size: byteSize(a.content),
    }),
  );
  message.problems.push(...decodingProblems(raw, email, message.date));
  return message;
}
