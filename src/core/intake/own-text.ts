// The message's own new text: what the sender wrote this time, without the replies it quotes (`>` lines,
// "Le … a écrit :" / "Am … schrieb …:" / "On … wrote:"), Outlook header blocks (De :/Envoyé :,
// Von:/Gesendet:, From:/Sent:), forwarded parts, the signature after `-- ` and "sent from my phone" lines.
import { fold } from './fold.ts';
import { joinedLines } from './text-lines.ts';

export interface EarlierPart {
  /** `forward` after a forwarding separator, `reply` after a reply header block or "Original Message". */
  kind: 'forward' | 'reply';
  /** The `From:`/`De :`/`Von:` value of its header block, as written. */
  from: string | null;
  /** The `Subject:`/`Objet :`/`Betreff:` value of its header block, as written. */
  subject: string | null;
  /** The `Reply-To:`/`Répondre à :`/`Antwort an:` value of its header block (a form relay's person), as written. */
  replyTo: string | null;
  /** The forwarded message's own text (its header block removed, its own quotes and signature too). */
  text: string;
}

export interface OwnText {
  /** The new text, lines kept, trailing spaces trimmed. */
  text: string;
  /** The lines after the signature delimiter, or null. */
  signature: string | null;
  /** The earlier message below the new text (forwarded or replied to), or null. */
  earlier: EarlierPart | null;
}

const FORWARD_SEPARATORS = [
  /^-{2,}\s*(forwarded message|message transfere|weitergeleitete nachricht)\s*-{2,}$/,
  /^(begin forwarded message|debut du message reexpedie|anfang der weitergeleiteten nachricht)\s*:$/,
];
const ORIGINAL_SEPARATORS = [
  /^-{2,}\s*(original message|message d'origine|message original|ursprungliche nachricht|originalnachricht)\s*-{2,}$/,
];

/**
 * Whether a folded line can be a separator at all: every one starts with a dash or with b, d or a (begin,
 * debut, anfang), and most lines are turned away by this one look.
 */
function mayBeSeparator(folded: string): boolean {
  const c = folded.charCodeAt(0);
  return c === 0x2d || c === 0x62 || c === 0x64 || c === 0x61;
}

const HEADER_FROM = /^[*]{0,2}(from|de|von|expediteur|absender)[*]{0,2}\s?:[*]{0,2}\s*\S/;
const HEADER_OTHER =
  /^[*]{0,2}(sent|date|envoye|envoye le|gesendet|datum|to|a|an|cc|subject|objet|betreff)[*]{0,2}\s?:/;
const HEADER_SENT = /^[*]{0,2}(sent|date|envoye|envoye le|gesendet|datum|subject|objet|betreff)[*]{0,2}\s?:/;
const HEADER_TO = /^[*]{0,2}(to|a|an|pour|destinataire|empfanger)[*]{0,2}\s?:/;
const HEADER_SUBJECT = /^[*]{0,2}(subject|objet|sujet|betreff)[*]{0,2}\s?:/;
const HEADER_REPLY_TO = /^[*]{0,2}(reply-to|repondre a|antwort an)[*]{0,2}\s?:/;

const ATTRIBUTION = [
  /^(on|am|le)\b.{4,200}\b(wrote|a ecrit|schrieb|ecrivait)\b[^:]{0,80}:$/,
  /^.{0,200}\b(wrote|a ecrit|schrieb)\s*:$/,
];

const MOBILE_FOOTER =
  /^(sent from my|sent from|get outlook for|obtenir outlook pour|outlook fur (ios|android) beziehen|envoye de mon|envoye depuis|envoye a partir de|von meinem|gesendet von|gesendet mit)\b.{0,60}$/;

const RULE = /^(_{5,}|-{5,}|={5,})$/;

/**
 * The lines of a body, each folded when first looked at: a body is often left early (at its signature or
 * the earlier message), and the earlier message below reuses the lines folded above it.
 */
interface Lines {
  raw: readonly string[];
  folded: (string | undefined)[];
}

/** Line i folded ('' past the end). */
function foldedAt(lines: Lines, i: number): string {
  if (i >= lines.raw.length) return '';
  let folded = lines.folded[i];
  if (folded === undefined) {
    folded = fold(lines.raw[i] ?? '');
    lines.folded[i] = folded;
  }
  return folded;
}

function isQuoted(line: string): boolean {
  return /^\s*>/.test(line);
}

/**
 * Is line i the start of a header block (From: then Sent:/Date:/Subject: within the next lines)? At the very top
 * of a body (`atTop`), the block must also name a recipient (To:/À :/An:): every mail client writes one into the
 * header of a message it quotes or forwards, while a web form's first lines ("From: Jean <jean@…>",
 * "Subject: …") are the fields of the person writing, not a quoted message.
 */
function headerBlockAt(lines: Lines, i: number, atTop: boolean): boolean {
  if (!HEADER_FROM.test(foldedAt(lines, i))) return false;
  let sent = false;
  let to = false;
  for (let j = i + 1; j < Math.min(lines.raw.length, i + 8); j++) {
    const line = foldedAt(lines, j);
    if (line === '') break;
    if (HEADER_SENT.test(line)) sent = true;
    if (HEADER_TO.test(line)) to = true;
    if (sent && (to || !atTop)) return true;
  }
  return false;
}

function attributionAt(lines: Lines, i: number): number {
  // Every attribution ends with a colon: the (costly) patterns are tried only on lines that do.
  const one = foldedAt(lines, i);
  if (one.endsWith(':') && ATTRIBUTION.some((p) => p.test(one))) return 1;
  if (!one || !foldedAt(lines, i + 1).endsWith(':') || !/^(on|am|le)\b/.test(one)) return 0;
  const two = `${one} ${foldedAt(lines, i + 1)}`.trim();
  return ATTRIBUTION.some((p) => p.test(two)) ? 2 : 0;
}

function tidy(lines: readonly string[]): string {
  return tidyLines(lines).raw.join('\n');
}

/**
 * The lines kept of `lines`: their ends trimmed, no blank line at the start or twice in a row, none blank or a
 * rule at the end. With `folded` (fold of each of `lines`, where known), the folded lines of those kept.
 */
function tidyLines(
  lines: readonly string[],
  folded?: readonly (string | undefined)[],
): { raw: string[]; folded: (string | undefined)[] } {
  const out: string[] = [];
  const outFolded: (string | undefined)[] = [];
  for (let i = 0; i < lines.length; i++) {
    // trimEnd, not a pattern anchored at the end: that costs the square of a long run of spaces.
    const trimmed = (lines[i] ?? '').trimEnd();
    if (trimmed === '' && (out.length === 0 || out.at(-1) === '')) continue;
    out.push(trimmed);
    // Folding trims: a line and its end trimmed fold alike.
    outFolded.push(folded?.[i]);
  }
  while (out.length && (out.at(-1) === '' || RULE.test(out.at(-1)!.trim()))) {
    out.pop();
    outFolded.pop();
  }
  return { raw: out, folded: outFolded };
}

/** The header block value of `From:` and the body after the block. */
function earlierPart(kind: EarlierPart['kind'], lines: Lines, start: number, depth: number): EarlierPart {
  const count = lines.raw.length;
  let i = start;
  while (i < count && (foldedAt(lines, i) === '' || RULE.test(foldedAt(lines, i)))) i++;
  let from: string | null = null;
  let subject: string | null = null;
  let replyTo: string | null = null;
  const valueAt = (n: number) =>
    (lines.raw[n] ?? '')
      .replace(/^[^:]*:\s*/, '')
      .replace(/[*]/g, '')
      .trim() || null;
  while (i < count && foldedAt(lines, i) !== '') {
    const line = foldedAt(lines, i);
    if (
      !HEADER_FROM.test(line) &&
      !HEADER_OTHER.test(line) &&
      !HEADER_REPLY_TO.test(line) &&
      !/^[a-z-]+\s?:/.test(line)
    )
      break;
    if (from === null && HEADER_FROM.test(line)) from = valueAt(i);
    if (subject === null && HEADER_SUBJECT.test(line)) subject = valueAt(i);
    if (replyTo === null && HEADER_REPLY_TO.test(line)) replyTo = valueAt(i);
    i++;
  }
  // The rest, as splitOwnText would split it again from its text (no line left is one empty line).
  const rest: Lines =
    i < count ? { raw: lines.raw.slice(i), folded: lines.folded.slice(i) } : { raw: [''], folded: [] };
  const inner = splitLines(rest, depth + 1);
  return { kind, from, subject, replyTo, text: inner.text };
}

/** Splits a body into its own new text, signature and first forwarded part. */
export function splitOwnText(body: string): OwnText {
  const raw = body
    .replace(/\r\n?/g, '\n')
    .replace(/\u00A0/g, ' ')
    .split('\n');
  return splitLines({ raw, folded: [] }, 0);
}

function splitLines(body: Lines, depth: number): OwnText {
  const lines = body.raw;
  const kept: string[] = [];
  // The folding of each kept line, handed on with the text (the rules after this one read the same lines).
  const keptFolded: string[] = [];
  let signature: string | null = null;
  let earlier: EarlierPart | null = null;
  // Whether a line of the sender's own was kept yet (a header block above all of them is read differently).
  let written = false;
  for (let i = 0; i < lines.length; i++) {
    const f = foldedAt(body, i);
    const separator = !mayBeSeparator(f)
      ? null
      : FORWARD_SEPARATORS.some((p) => p.test(f))
        ? 'forward'
        : ORIGINAL_SEPARATORS.some((p) => p.test(f))
          ? 'reply'
          : null;
    if (separator) {
      if (depth < 3) earlier = earlierPart(separator, body, i + 1, depth);
      break;
    }
    if (headerBlockAt(body, i, !written)) {
      if (depth < 3) earlier = earlierPart('reply', body, i, depth);
      while (kept.length && (kept.at(-1)!.trim() === '' || RULE.test(keptFolded.at(-1)!))) {
        kept.pop();
        keptFolded.pop();
      }
      break;
    }
    const attribution = attributionAt(body, i);
    if (attribution) {
      let next = i + attribution;
      while (next < lines.length && foldedAt(body, next) === '') next++;
      if (next >= lines.length || isQuoted(lines[next] ?? '')) {
        i += attribution - 1;
        continue;
      }
      break;
    }
    if (f === '--' && /^--\s?$/.test(lines[i] ?? '')) {
      signature = tidy(lines.slice(i + 1).filter((l) => !isQuoted(l))) || null;
      break;
    }
    if (isQuoted(lines[i] ?? '')) continue;
    if (MOBILE_FOOTER.test(f)) continue;
    kept.push(lines[i] ?? '');
    keptFolded.push(f);
    if (f !== '') written = true;
  }
  const own = tidyLines(kept, keptFolded);
  return { text: joinedLines(own.raw, own.folded).text, signature, earlier };
}
