// The MIME adapter: raw bytes → the plain `ParsedMessage` the intake core reads. Built on postal-mime
// (decoding of transfer encodings, charsets, RFC 2047 words) and html-to-text (HTML bodies made readable,
// tables as `label | value` rows so that web-form tables can be read like labelled lines).
// It never throws: what cannot be decoded is named in `problems`, and the best reading is still given.
import { compile, type FormatCallback } from 'html-to-text';
import PostalMime, { type Address, decodeWords, type Email } from 'postal-mime';
import { parseMailDate } from '../../core/intake/mail-date.ts';
import {
  type AttachmentInfo,
  emptyMessage,
  type MailAddress,
  type ParsedMessage,
} from '../../core/intake/parsed-message.ts';

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
  limits: { maxInputLength: 2_000_000, maxDepth: 200 },
};

/**
 * The converter, compiled once: `convert(html, options)` would merge the options and build the selector
 * decision tree again for every message, which cost more than the conversion itself.
 */
const htmlToText = compile(HTML_OPTIONS);

/** HTML as text a person (and the reader) can read; quotes (`<blockquote>`) come out as `> ` lines. */
export function htmlToReadableText(html: string): string {
  return htmlToText(html)
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

/**
 * What a person should know about the decoding, from the raw bytes and postal-mime's result; `date` is the
 * reading of its (first) Date: field.
 */
function decodingProblems(raw: Uint8Array, email: Email, date: string | null): string[] {
  const problems: string[] = [];
  // A view on the bytes (no copy), read as Latin-1.
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.length, 1_000_000)).toString('latin1');
  const charsets = new Set(
    [...head.matchAll(/charset\s*=\s*"?([A-Za-z0-9._:-]+)/gi)].map((m) => (m[1] ?? '').toLowerCase()),
  );
  for (const charset of charsets)
    if (!charsetIsKnown(charset))
      problems.push(`unknown character set "${charset}": the text was decoded as best it could be`);
  const known = new Set(['7bit', '8bit', 'binary', 'quoted-printable', 'base64']);
  for (const m of head.matchAll(/content-transfer-encoding\s*:\s*([^\s;]+)/gi)) {
    const encoding = (m[1] ?? '').toLowerCase();
    if (!known.has(encoding))
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
      return value === undefined ? null : decodeWords(value);
    } catch {
      return value ?? null;
    }
  };
  message.subject = safeDecode(field('subject'));
  const from = /([^\s<>"]+@[^\s<>"]+)/.exec(field('from') ?? '');
  if (from?.[1]) message.from = { address: from[1], name: null };
  message.date = parseMailDate(field('date'));
  message.text = body || null;
  return message;
}

/** Decodes a raw message. Never throws: a message that cannot be decoded comes back with `problems`. */
export async function parseMime(raw: Uint8Array): Promise<ParsedMessage> {
  let email: Email;
  try {
    email = await PostalMime.parse(raw, { attachmentEncoding: 'arraybuffer', maxNestingDepth: 50 });
  } catch (e) {
    try {
      return fallbackMessage(raw, (e as Error)?.message ?? String(e));
    } catch {
      const message = emptyMessage();
      message.problems.push('the message could not be read at all');
      return message;
    }
  }
  const message = emptyMessage();
  message.headers = email.headers.map((h) => ({ name: h.key, value: h.value }));
  message.from = mailboxes(email.from)[0] ?? null;
  message.replyTo = mailboxes(email.replyTo);
  message.to = mailboxes(email.to);
  message.cc = mailboxes(email.cc);
  message.subject = email.subject ?? null;
  message.messageId = email.messageId?.trim() || null;
  message.inReplyTo = email.inReplyTo?.trim() || null;
  message.references = messageIds(email.references);
  message.date = parseMailDate(email.headers.find((h) => h.key === 'date')?.value);
  message.text = email.text ?? null;
  message.html = email.html ?? null;
  if (email.html) {
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
