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
 * Text that may be folded one character at a time: ASCII, Latin-1 and Latin Extended, the combining
 * diacritical marks, general punctuation and currency signs. In these ranges no character changes its
 * neighbours: decomposition never composes, the only characters that canonical ordering moves are marks
 * (all removed), and lower case depends on context only for the Greek capital sigma, which lies outside.
 * Other text (Greek, Cyrillic, Asian scripts, other marks) takes the whole-string path.
 */
function foldsPerCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x0370 && (c < 0x2000 || c >= 0x20d0)) return false;
  }
  return true;
}
const NON_ASCII = /[\u0080-\uFFFF]/g;

/** foldCharacters of single non-ASCII characters, filled as they are met (at most some thousand: the ranges above). */
const FOLDED_CHARACTER = new Map<string, string>();
function foldCharacter(ch: string): string {
  let folded = FOLDED_CHARACTER.get(ch);
  if (folded === undefined) {
    folded = foldCharacters(ch);
    FOLDED_CHARACTER.set(ch, folded);
  }
  return folded;
}

/** Lower case, no accents (é → e, ü → u, ß → ss), every dash a hyphen, runs of spaces one space, trimmed. */
export function fold(text: string): string {
  // Folding is on the hot path of reading (every line of a message is folded), and NFD over whole strings
  // is slow: most text is folded character by character through a small table instead, with the same result
  // (the folded characters are already lower case, so lower-casing the whole afterwards leaves them as they are).
  const characters = foldsPerCharacter(text)
    ? text.replace(NON_ASCII, foldCharacter).toLowerCase()
    : foldCharacters(text);
  return characters.replace(SPACES, ' ').trim();
}

/** Escapes a string for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
