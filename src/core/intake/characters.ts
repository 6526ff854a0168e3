// Character classes the reader asks about many times per message, answered by looking at code units rather
// than by building strings with regular expressions: letters (`\p{L}`), white space (`\s`), words with letters.

const LETTER = /^\p{L}$/u;

/** Per BMP code unit: 0 not yet known, 1 a letter, 2 not a letter (filled as characters are met). */
const KNOWN = new Uint8Array(0x10000);

/** Is this UTF-16 code unit of the BMP a letter (`\p{L}`)? (A surrogate is not: see letterCount for pairs.) */
export function isLetterUnit(c: number): boolean {
  let known = KNOWN[c] ?? 0;
  if (known === 0) {
    // A lone surrogate is no letter (`[^\p{L}]` removes it).
    known = LETTER.test(String.fromCharCode(c)) ? 1 : 2;
    KNOWN[c] = known;
  }
  return known === 1;
}

/**
 * The number of UTF-16 code units of `text` that belong to letters, as `text.replace(/[^\p{L}]/gu, '').length`
 * counts them (a letter outside the BMP counts two).
 */
export function letterCount(text: string): number {
  return lettersUpTo(text, Number.POSITIVE_INFINITY);
}

/**
 * letterCount(text) when it is below `enough`; otherwise some number at least `enough` (the count stops there).
 * The reader mostly asks whether a text has so many letters, and a body's letters need not all be counted to say.
 */
export function lettersUpTo(text: string, enough: number): number {
  let n = 0;
  for (let i = 0; i < text.length && n < enough; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      const lower = c | 0x20;
      if (lower >= 0x61 && lower <= 0x7a) n++;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        // A pair: one code point, a letter or not as a whole.
        if (LETTER.test(text.slice(i, i + 2))) n += 2;
        i++;
      }
    } else if (isLetterUnit(c)) n++;
  }
  return n;
}

/** Is this UTF-16 code unit one that `\s` matches (white space and line terminators of ECMAScript)? */
export function isSpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/**
 * The number of words (runs without white space) that hold a letter, as
 * `text.split(/\s+/).filter((w) => /\p{L}/u.test(w)).length` counts them.
 */
export function wordsWithLetters(text: string): number {
  let words = 0;
  let counted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      counted = false;
      continue;
    }
    if (counted) continue;
    let letter: boolean;
    if (c < 0x80) letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
    else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      letter = next >= 0xdc00 && next <= 0xdfff && LETTER.test(text.slice(i, i + 2));
    } else letter = isLetterUnit(c);
    if (letter) {
      words++;
      counted = true;
    }
  }
  return words;
}
