// What a person typed into a one-line field (a name, a line of a postal address) before it is kept: one line of
// visible text. Line breaks, tabs and other control characters become spaces, invisible formatting characters
// (bidi overrides that reverse what a reader sees, zero-width spaces) are dropped, runs of spaces shrink to one,
// and the length is capped. Every door (public form, letter registration on the web, the API and the CLI,
// complainant edits) calls these, so a name cannot break a letter, a greeting or a page further on.

/** Bidi controls: embeddings, overrides, isolates, and the marks (LRM, RLM, ALM). */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/gu;

/** Characters that break a line or control a terminal: C0/C1 controls, line and paragraph separators. */
const BREAKS_AND_CONTROLS = /[\p{Cc}\u2028\u2029]/gu;

/**
 * Invisible format characters other than the joiners (U+200C/U+200D, which some scripts and emoji need):
 * soft hyphen, zero-width space, word joiner, BOM, the bidi controls, tag characters…
 */
const INVISIBLE = /(?![\u200C\u200D])\p{Cf}/gu;

export const NAME_MAX_LENGTH = 200;
/** More lines than any postal address has (a letter prints the first nine, the name included). */
export const ADDRESS_MAX_LINES = 20;

/** Cuts to at most `max` code points, never inside a surrogate pair. */
function cap(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : points.slice(0, max).join('').trimEnd();
}

/** One line of visible text: controls to spaces, invisible characters dropped, spaces collapsed, capped. */
export function cleanLine(text: string, max = NAME_MAX_LENGTH): string {
  const line = text
    .normalize('NFC')
    .replace(BREAKS_AND_CONTROLS, ' ')
    .replace(INVISIBLE, '')
    .replace(/\s+/gu, ' ')
    .trim();
  return cap(line, max);
}

/** A person's or organisation's name as kept; null when nothing visible is left. */
export function cleanName(text: string | null | undefined, max = NAME_MAX_LENGTH): string | null {
  if (text === null || text === undefined) return null;
  return cleanLine(text, max) || null;
}

/**
 * A postal address as lines: a line break inside a line starts a new line (nothing typed is lost), each line is
 * cleaned, empty lines are dropped, and at most `maxLines` are kept; null when nothing is left.
 */
export function cleanAddressLines(
  lines: readonly string[] | string | null | undefined,
  maxLines = ADDRESS_MAX_LINES,
): string[] | null {
  if (lines === null || lines === undefined) return null;
  const all = (typeof lines === 'string' ? [lines] : lines)
    .flatMap((l) => l.split(/\r\n|[\r\n\u2028\u2029\u0085\v\f]/u))
    .map((l) => cleanLine(l))
    .filter(Boolean);
  return all.length ? all.slice(0, maxLines) : null;
}

/**
 * Free text a person typed (a description, what they expect, a message added on their page) as it is kept: a NUL
 * character (U+0000) shown as �. PostgreSQL keeps no NUL in text, so one pasted or forged into a form would stop
 * the complaint from being received at all; no person writes one on purpose, and the mail doors show it the same
 * way. Everything else is kept as typed.
 */
export function keepableText(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}

/**
 * The most combining marks (accents, vowel points, stacked consonants) a page shows on one letter. Real scripts put a
 * few on a letter (Vietnamese two, pointed Hebrew or Tibetan stacks four or five); text from outside can put
 * thousands ("Zalgo" text), which a browser draws above and below their line, over the page around them, buttons
 * included.
 */
export const MAX_COMBINING_RUN = 8;

const LONG_COMBINING_RUN = new RegExp(`(\\p{M}{${MAX_COMBINING_RUN}})\\p{M}+`, 'gu');

/** Text with at most MAX_COMBINING_RUN combining marks on any letter; the marks past it are left out. */
export function withCombiningRunsCapped(text: string): string {
  return text.replace(LONG_COMBINING_RUN, '$1');
}

/** Text shown on a page with its bidi controls removed, so it reads in the order it was written. */
export function withoutBidiControls(text: string): string {
  return text.replace(BIDI_CONTROLS, '');
}
