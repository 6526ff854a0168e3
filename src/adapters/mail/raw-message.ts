// Byte-level facts about a raw message that the doors need before (and whether or not) it can be parsed:
// where the body starts, the SHA-256 of the body (the duplicate key with the Message-ID, DESIGN.md
// "Duplicates"), a stable stand-in key for a message that carries no Message-ID, and the canonical form of a
// Message-ID.
import { createHash } from 'node:crypto';

const CR = 13;
const LF = 10;

/** The offset where the body starts (after the first empty line), or the length when there is no body. */
export function bodyOffset(raw: Uint8Array): number {
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] !== LF) continue;
    // An empty line: LF LF, or LF CR LF.
    if (raw[i + 1] === LF) return i + 2;
    if (raw[i + 1] === CR && raw[i + 2] === LF) return i + 3;
  }
  return raw.length;
}

/**
 * The SHA-256 of the body, with line endings normalised to CRLF and trailing empty lines ignored: the same
 * message handed over by an MTA pipe (LF) and by SMTP (CRLF), or with trace headers added by each hop, has
 * the same body hash.
 */
export function bodySha256(raw: Uint8Array): string {
  const hash = createHash('sha256');
  let end = raw.length;
  while (end > 0 && (raw[end - 1] === LF || raw[end - 1] === CR)) end--;
  const start = Math.min(bodyOffset(raw), end);
  let from = start;
  for (let i = start; i < end; i++) {
    if (raw[i] !== LF) continue;
    // Feed the line without its line ending, then CRLF.
    const lineEnd = i > from && raw[i - 1] === CR ? i - 1 : i;
    hash.update(raw.subarray(from, lineEnd));
    hash.update('\r\n');
    from = i + 1;
  }
  hash.update(raw.subarray(from, end));
  return hash.digest('hex');
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

/** A Message-ID in its canonical stored form: trimmed, in angle brackets. */
export function canonicalMessageId(id: string | null | undefined): string | null {
  const t = (id ?? '')
    .trim()
    .replace(/^<+|>+$/g, '')
    .trim();
  return t ? `<${t}>` : null;
}
