// Text folding for lenient matching: case, accents, dash variants and spacing do not matter.

const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;
const SPACES = /[\s\u00A0\u2000-\u200B\u202F\u205F\u3000]+/g;

/** The folding of characters, without the spacing: decomposed, marks removed, lower case, ß and dashes. */
function foldCharacters(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(DASHES, '-');
}

/**
 * Most text may be folded one character at a time: ASCII, Latin-1 and Latin Extended, the combining
 * diacritical marks, general punctuation and currency signs. In these ranges no character changes its
 * neighbours: decomposition never composes, the only characters that canonical ordering moves are marks
 * (all removed), and lower case depends on context only for the Greek capital sigma, which lies outside.
 * Other text (Greek, Cyrillic, Asian scripts, other marks) takes the whole-string path.
 */
function foldsPerCharacter(c: number): boolean {
  return c < 0x0370 || (c >= 0x2000 && c < 0x20d0);
}

/** foldCharacters of single non-ASCII characters, filled as they are met (at most some thousand: the ranges above). */
const FOLDED_CHARACTER = new Map<number, string>();
function foldCharacter(c: number): string {
  let folded = FOLDED_CHARACTER.get(c);
  if (folded === undefined) {
    folded = foldCharacters(String.fromCharCode(c));
    FOLDED_CHARACTER.set(c, folded);
  }
  return folded;
}

const SPACE = 0x20;

/** Lower case, no accents (é → e, ü → u, ß → ss), every dash a hyphen, runs of spaces one space, trimmed. */
export function fold(text: string): string {
  // Folding is on the hot path of reading (every line of a message is folded, most of them ASCII), and NFD
  // over whole strings is slow. One scan decides: plain ASCII with single inner spaces only needs lower case;
  // text of the ranges above is folded character by character through a table (the same result: the
  // folded characters are already lower case, so lower-casing the whole afterwards leaves them as they are).
  let ascii = true;
  let spacing = false;
  const last = text.length - 1;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c > 0x7f) {
      if (!foldsPerCharacter(c)) return foldCharacters(text).replace(SPACES, ' ').trim();
      ascii = false;
    } else if (c <= SPACE && (c !== SPACE || i === 0 || i === last || text.charCodeAt(i + 1) === SPACE)) {
      spacing = true;
    }
  }
  if (ascii) return spacing ? text.toLowerCase().replace(SPACES, ' ').trim() : text.toLowerCase();
  let folded = '';
  let from = 0;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x7f) continue;
    folded += text.slice(from, i) + foldCharacter(c);
    from = i + 1;
  }
  folded += text.slice(from);
  return folded.toLowerCase().replace(SPACES, ' ').trim();
}

/** Escapes a string for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
