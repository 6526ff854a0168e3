// Counting letters (`\p{L}`), as `text.replace(/[^\p{L}]/gu, '').length` counts them (UTF-16 code units, so a
// letter outside the BMP counts two), without building the string of letters: the reader counts the letters
// of whole bodies several times per message.

const LETTER = /^\p{L}$/u;

/** Per BMP code unit: 0 not yet known, 1 a letter, 2 not a letter (filled as characters are met). */
const KNOWN = new Uint8Array(0x10000);

function isLetterUnit(c: number): boolean {
  let known = KNOWN[c] ?? 0;
  if (known === 0) {
    // A lone surrogate is no letter (`[^\p{L}]` removes it).
    known = LETTER.test(String.fromCharCode(c)) ? 1 : 2;
    KNOWN[c] = known;
  }
  return known === 1;
}

/** The number of UTF-16 code units of `text` that belong to letters. */
export function letterCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
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
