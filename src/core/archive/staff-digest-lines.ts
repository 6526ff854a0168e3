// The day's digest to a member of staff lists several cases, often of several people: one item per finding, written
// by the sweep as a line naming the case's reference and subject (or, for a restriction due for review, the
// person's name), then the case's link on a line of its own, indented. When one of those cases is anonymised, only
// its own items go: each becomes one line with its reference and ANONYMISED, so the digest still says a case was
// listed, and the other people's items stay as they were, until their own case goes. What is around the items
// (the administrator's text of the template) names no one and stays.
//
// The seal of such a digest (redaction-seal.repo.ts) covers each case's items apart, so that one case's items going
// later does not change what an earlier anonymisation sealed: `linesDigest` says what a case's items hold.
import { createHash } from 'node:crypto';
import { ANONYMISED } from './retention.ts';

/** The link line under an item: indented, then the case's page. */
const LINK_LINE = /^\s+\S+\/cases\/[0-9A-Za-z-]+$/;

/**
 * Whether a line is an item about the case `reference`: `- REFERENCE ` at its start, or after a space (an
 * administrator's template may indent `{{items}}` or put words before it, which then lead its first line).
 */
function isItem(line: string, reference: string): boolean {
  const head = `- ${reference} `;
  for (let i = line.indexOf(head); i >= 0; i = line.indexOf(head, i + 1))
    if (i === 0 || /\s/.test(line[i - 1]!)) return true;
  return false;
}

/** The indexes of the lines of the items about the case `reference` (the item's line and its link line). */
function itemLines(lines: readonly string[], reference: string): Set<number> {
  const out = new Set<number>();
  for (let i = 0; i < lines.length; i++) {
    if (!isItem(lines[i]!, reference)) continue;
    out.add(i);
    if (i + 1 < lines.length && LINK_LINE.test(lines[i + 1]!)) out.add(++i);
  }
  return out;
}

/** The lines of the items about the case `reference`, in order, joined (empty when the text lists none). */
export function linesAbout(text: string, reference: string): string {
  const lines = text.split('\n');
  const mine = itemLines(lines, reference);
  return lines.filter((_, i) => mine.has(i)).join('\n');
}

/** The text without the items about any of `references`: what is around them. */
export function withoutLinesAbout(text: string, references: readonly string[]): string {
  const lines = text.split('\n');
  const gone = new Set<number>();
  for (const r of references) for (const i of itemLines(lines, r)) gone.add(i);
  return lines.filter((_, i) => !gone.has(i)).join('\n');
}

/** The marker that stands for one item of an anonymised case. */
export const redactedItem = (reference: string) => `- ${reference} ${ANONYMISED}`;

/**
 * The text with each item about the case `reference` replaced by its marker (the link line goes too); the rest
 * as it was. Applying it twice gives the same text.
 */
export function redactLinesAbout(text: string, reference: string): string {
  const lines = text.split('\n');
  const mine = itemLines(lines, reference);
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!mine.has(i)) out.push(lines[i]!);
    else if (isItem(lines[i]!, reference)) out.push(redactedItem(reference));
  }
  return out.join('\n');
}

/** Whether the text lists items about `reference` that still hold more than the marker. */
export function holdsLinesAbout(text: string, reference: string): boolean {
  const about = linesAbout(text, reference);
  return about !== '' && about.split('\n').some((l) => l !== redactedItem(reference));
}

/**
 * A digest of what a case's items hold, written in the form of a record id (128 bits of SHA-256 in the 8-4-4-4-12
 * shape). An anonymisation records it for the items it redacts, and the anonymisation of a case is itself redacted
 * when that case goes again (a case reopened after it went): redaction keeps ids, so this stays readable there.
 */
export function linesDigest(lines: string): string {
  const h = createHash('sha256').update(lines).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}
