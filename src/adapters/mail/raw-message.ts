// Byte-level facts about a raw message that the doors need before (and whether or not) it can be parsed:
// where the body starts, the SHA-256 of the body (the duplicate key with the Message-ID, DESIGN.md
// "Duplicates"), a stable stand-in key for a message that carries no Message-ID, and the canonical form of a
// Message-ID.
import { createHash } from 'node:crypto';
import { staffNote } from '../../core/intake/staff-notes.ts';

const CR = 13;
const LF = 10;

/**
 * The offset where the body starts (after the first empty line), or the length when there is no body. Line
 * endings of any kind count: CRLF, LF alone, and CR alone (some gateways and old Mac software write only CR).
 */
export function bodyOffset(raw: Uint8Array): number {
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i];
    if (b === LF) {
      // An empty line after LF: LF LF, or LF CR LF.
      if (raw[i + 1] === LF) return i + 2;
      if (raw[i + 1] === CR && raw[i + 2] === LF) return i + 3;
    } else if (b === CR && raw[i + 1] !== LF) {
      // A line ended by CR alone, then an empty line: CR CR, or CR CR LF.
      if (raw[i + 1] === CR) return raw[i + 2] === LF ? i + 3 : i + 2;
    }
  }
  return raw.length;
}

/** Whether `raw[from, to)` has a line ending other than CRLF (LF alone, or CR alone). */
function hasBareLineEnding(raw: Uint8Array, from: number, to: number): boolean {
  // indexOf runs natively: one call per line, not one step per byte.
  for (let i = raw.indexOf(LF, from); i >= 0 && i < to; i = raw.indexOf(LF, i + 1))
    if (i === from || raw[i - 1] !== CR) return true;
  for (let i = raw.indexOf(CR, from); i >= 0 && i < to; i = raw.indexOf(CR, i + 1))
    if (i + 1 >= to || raw[i + 1] !== LF) return true;
  return false;
}

/**
 * The SHA-256 of the body, with line endings normalised to CRLF (LF alone and CR alone alike) and trailing
 * empty lines ignored: the same message handed over by an MTA pipe (LF) and by SMTP (CRLF), or with trace
 * headers added by each hop, has the same body hash. A body already in CRLF, the common case, is hashed as it
 * is, in one call; another is copied once with its line endings mended, which costs far less than feeding the
 * hash a line at a time.
 */
export function bodySha256(raw: Uint8Array): string {
  const hash = createHash('sha256');
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === LF || raw[end - 1] === CR)) end--;
  const start = Math.min(bodyOffset(raw), end);
  if (!hasBareLineEnding(raw, start, end)) return hash.update(raw.subarray(start, end)).digest('hex');
  let extra = 0;
  for (let i = start; i < end; i++) {
    const b = raw[i];
    if ((b === LF && (i === start || raw[i - 1] !== CR)) || (b === CR && raw[i + 1] !== LF)) extra++;
  }
  const out = new Uint8Array(end - start + extra);
  let n = 0;
  for (let i = start; i < end; i++) {
    const b = raw[i] as number;
    if (b === LF && (i === start || raw[i - 1] !== CR)) out[n++] = CR;
    out[n++] = b;
    if (b === CR && raw[i + 1] !== LF) out[n++] = LF;
  }
  return hash.update(out.subarray(0, n)).digest('hex');
}

/**
 * The key of a message that has no Message-ID: a hash over the fields that do not change from one delivery
 * to the next (From, To, Cc, Subject, Date) and the body hash, in the form of a Message-ID of an invalid
 * domain (it can never collide with a real one, and no reply can thread onto it).
 */
export function standInMessageId(fields: readonly (string | null)[], bodyHash: string): string {
  const hash = createHash('sha256');
  for (const f of fields) hash.update(`${f ?? ''}\n`);
  hash.update(bodyHash);
  return `<${hash.digest('hex').slice(0, 40)}@no-message-id.redress.invalid>`;
}

/**
 * Header fields each hop of a delivery adds or rewrites (trace fields, RFC 5321 §4.4, and what relaying and
 * receiving servers write beside them: signatures a forwarding server adds, DKIM and ARC, and the big providers'
 * own stamps): the same message delivered twice differs in these and nothing else.
 */
const TRACE_FIELDS =
  /^(received|return-path|delivered-to|x-original-to|envelope-to|x-envelope-to|x-envelope-from|x-received|x-delivered-to|x-rcpt-to|x-forwarded-to|x-forwarded-for|x-forwarded-encrypted|authentication-results|arc-seal|arc-message-signature|arc-authentication-results|received-spf|dkim-signature|x-google-dkim-signature|x-google-smtp-source|x-gm-message-state|x-gm-gg|x-ms-exchange-[a-z-]*|x-spam-[a-z-]*|x-virus-[a-z-]*)$/i;

/**
 * The SHA-256 of a message's header without its trace fields (TRACE_FIELDS), with line endings of any kind
 * alike: the key of a message that cannot be read and carries no Message-ID (with the body's hash, see
 * standInMessageId), so that a second delivery of it, with one more Received field or through another door, is
 * recognised as the same message (P1.4), as the duplicate rule does for readable mail. Bytes that have no header
 * fields are hashed as they are.
 */
export function traceFreeHeaderSha256(raw: Uint8Array): string {
  const hash = createHash('sha256');
  const header = Buffer.from(raw.buffer, raw.byteOffset, bodyOffset(raw)).toString('latin1');
  let keep = true;
  for (const line of header.split(/\r\n|\r|\n/)) {
    // A line that starts with a space or tab continues the field above it.
    if (!/^[ \t]/.test(line)) {
      const colon = line.indexOf(':');
      keep = !(colon > 0 && TRACE_FIELDS.test(line.slice(0, colon).trim()));
    }
    if (keep) hash.update(`${line}\n`, 'latin1');
  }
  return hash.digest('hex');
}

/**
 * A Message-ID in its canonical stored form: trimmed, in angle brackets, a NUL (which PostgreSQL keeps in no text,
 * and which a header scanned without being read may hold) shown as �.
 */
export function canonicalMessageId(id: string | null | undefined): string | null {
  const t = (id ?? '')
    .replaceAll('\u0000', '\uFFFD')
    .trim()
    .replace(/^<+|>+$/g, '')
    .trim();
  return t ? `<${t}>` : null;
}

/** How much of the start is looked at for line endings, and to tell a message from something else. */
const HEAD_LOOK = 64 * 1024;

/**
 * The message with no CR alone (each becomes CRLF), for parsing only (the stored bytes stay as received). Some
 * mail servers write CR alone (old Mac software, some gateways), and the MIME parser reads such a message as one
 * long header line: an empty complaint. LF alone and CRLF the parser reads as they are. Whether a message needs
 * this is told by its start (its header and the start of its body), so that the common message costs nothing
 * and comes back untouched and uncopied; one that does is copied once, a byte at a time.
 */
export function withLineEndings(input: Uint8Array): Uint8Array {
  const raw = new Uint8Array(input.buffer, input.byteOffset, input.length);
  const look = Math.min(raw.length, HEAD_LOOK);
  let at = raw.indexOf(CR);
  while (at >= 0 && at < look && raw[at + 1] === LF) at = raw.indexOf(CR, at + 2);
  if (at < 0 || at >= look) return input;
  let alone = 0;
  for (let i = 0; i < raw.length; i++) if (raw[i] === CR && raw[i + 1] !== LF) alone++;
  const out = new Uint8Array(raw.length + alone);
  let n = 0;
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i] as number;
    out[n++] = b;
    if (b === CR && raw[i + 1] !== LF) out[n++] = LF;
  }
  return out;
}

/**
 * Where the first line end that another follows at once begins (CR LF, CR alone and LF alone are each one line
 * end), or the length when none does. The line ends are found by indexOf, natively, one call per line.
 */
function emptyLineAt(bytes: Uint8Array): number {
  let cr = bytes.indexOf(CR);
  let lf = bytes.indexOf(LF);
  while (cr >= 0 || lf >= 0) {
    const at = cr < 0 ? lf : lf < 0 ? cr : Math.min(cr, lf);
    const next = bytes[at] === CR && bytes[at + 1] === LF ? at + 2 : at + 1;
    const b = bytes[next];
    if (b === CR || b === LF) return at;
    if (cr >= 0 && cr < next) cr = bytes.indexOf(CR, next);
    if (lf >= 0 && lf < next) lf = bytes.indexOf(LF, next);
  }
  return bytes.length;
}

/** Where the header is looked for first (see notAMessage). */
const HEADER_LOOK = 8 * 1024;

/**
 * The header of the first `look` bytes (line endings as LF), up to the first empty line; all of them when
 * they are all of the message or `look` is HEAD_LOOK; null when no empty line ends it within them. Cut
 * between CR and LF, the CR reads as LF in both readings, so an empty line found is the same one.
 */
function headerIn(raw: Uint8Array, look: number): string | null {
  const length = Math.min(raw.length, look);
  // The empty line is found on the bytes (a line end right after another, CR LF, CR or LF alike), so that
  // only the header itself becomes a string, not the start of the body with it.
  const end = emptyLineAt(raw.subarray(0, length));
  const text = Buffer.from(raw.buffer, raw.byteOffset, end).toString('latin1').replace(/\r\n?/g, '\n');
  if (end < length) return text;
  return length === raw.length || look >= HEAD_LOOK ? text : null;
}

/** Is this character one that notAMessage counts: a control character other than tab, CR, LF and ESC, or DEL? */
function isStrayControl(c: number): boolean {
  return (c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d && c !== 0x1b) || c === 0x7f;
}

/** Any of the characters isStrayControl counts (written by their codes). */
const CONTROL = new RegExp(
  `[${Array.from({ length: 0x80 }, (_, c) => c)
    .filter(isStrayControl)
    .map((c) => `\\x${c.toString(16).padStart(2, '0')}`)
    .join('')}]`,
);

/** Header field names a message carries (RFC 5322), at least one of which every real message has. */
const MESSAGE_FIELDS =
  /^(from|sender|to|cc|subject|date|message-id|received|return-path|mime-version|content-type|reply-to|delivered-to|x-original-to|auto-submitted)$/i;

/**
 * The header of a message as text: its start up to the first empty line, line endings of any kind as LF, within
 * its first HEAD_LOOK bytes. Looked for in the first few KiB first: most headers end early, and the body need not
 * be copied into a string.
 */
export function headerOf(raw: Uint8Array): string {
  return headerIn(raw, HEADER_LOOK) ?? headerIn(raw, HEAD_LOOK) ?? '';
}

/**
 * Why these bytes are not an e-mail message at all (empty, a few bytes, binary data, text without header
 * fields), in words for a person; null when they look like one. Such a file is never read as a complaint: it
 * waits in the inbox, stored as received.
 */
export function notAMessage(raw: Uint8Array): string | null {
  if (raw.length === 0) return staffNote('emptyMessage');
  const header = headerOf(raw);
  // NUL never appears in header fields (RFC 5322), nor do other control bytes but by mistake (and ESC, which
  // raw ISO-2022-JP text carries): a header that holds NUL, or more than a few of them, is binary data.
  let controls = 0;
  let nul = false;
  // (Counted only in a header that has one: most have none, and the pattern says so natively.)
  if (CONTROL.test(header))
    for (let i = 0; i < header.length; i++) {
      const c = header.charCodeAt(i);
      if (c === 0) nul = true;
      if (isStrayControl(c)) controls++;
    }
  if (nul || controls > 3 + header.length / 100) return staffNote('binaryData', { bytes: raw.length });
  // An mbox file starts with a `From ` line before the header fields: it is allowed.
  let from = 0;
  if (/^From \S/.test(header)) {
    const end = header.indexOf('\n');
    from = end < 0 ? header.length + 1 : end + 1;
  }
  // The lines one by one, up to the first field that every message may carry: the rest need not be read.
  let fields = 0;
  while (from <= header.length) {
    let end = header.indexOf('\n', from);
    if (end < 0) end = header.length;
    const line = header.slice(from, end);
    from = end + 1;
    if (/^[ \t]/.test(line) && fields > 0) continue;
    const m = /^([\x21-\x39\x3b-\x7e]+)[ \t]*:/.exec(line);
    if (!m) {
      // The first line must already be a field; later junk is the parser's business.
      if (fields === 0) break;
      continue;
    }
    fields++;
    if (MESSAGE_FIELDS.test(m[1] ?? '')) return null;
  }
  if (raw.length >= 16) return staffNote('noHeaderFields');
  return raw.length === 1 ? staffNote('oneByte') : staffNote('fewBytes', { bytes: raw.length });
}
