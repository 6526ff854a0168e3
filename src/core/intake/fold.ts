// Text folding for lenient matching: case, accents, dash variants, typographic quotes and spacing do not matter.
// Mail clients and word processors write typographic punctuation (`J’attends`, `« Dupont »`, `n°\u202F123`,
// `Ticket–Nr.`), keyboards give `´` for an apostrophe, and pasted text carries soft hyphens and word joiners:
// every rule that reads folded text then reads them as the plain characters, once, here.

const DASHES = /[\u2010-\u2015\u2212\u2E3A\u2E3B\uFE58\uFE63\uFF0D]/g;
const SPACES = /[\s\u00A0\u2000-\u200B\u202F\u205F\u3000]+/g;
/** Apostrophes and single quotes: ’ ‘ ‚ ‛ ʼ ′ and the acute accent typed for an apostrophe. */
const APOSTROPHES = /[\u2018\u2019\u201A\u201B\u02BC\u2032\u00B4]/g;
/** Double quotes and guillemets: “ ” „ ‟ « » ‹ › ″. */
const QUOTES = /[\u201C\u201D\u201E\u201F\u00AB\u00BB\u2039\u203A\u2033]/g;
/** Characters that show nothing inside a word: soft hyphen, zero-width non-joiner, word joiner. */
const INVISIBLE = /\u00AD|\u200C|\u2060/g;

/** The folding of characters, without the spacing: decomposed, marks removed, lower case, ß, dashes, quotes. */
function foldCharacters(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(DASHES, '-')
    .replace(APOSTROPHES, "'")
    .replace(QUOTES, '"')
    .replace(INVISIBLE, '');
}

/**
 * Most text may be folded one character at a time: ASCII, Latin-1 and Latin Extended, the combining
 * diacritical marks, general punctuation and currency signs. In these ranges no character changes its
 * neighbours: decomposition never composes, the only characters that canonical ordering moves are marks
 * (all removed), and lower case depends on context only for the Greek capital sigma, which lies outside.
 * Other text (Greek, Cyrillic, Asian scripts, other marks) takes the whole-string path.
 */
const PER_CHARACTER_BELOW = 0x0370;
const PUNCTUATION_FROM = 0x2000;
const PUNCTUATION_TO = 0x20d0;

/** The index of a code unit in FOLDED, or -1 when it is not folded character by character. */
function tableIndex(c: number): number {
  if (c < PER_CHARACTER_BELOW) return c;
  if (c >= PUNCTUATION_FROM && c < PUNCTUATION_TO) return PER_CHARACTER_BELOW + (c - PUNCTUATION_FROM);
  return -1;
}

/** Is this code unit one of SPACES? */
function isFoldSpace(c: number): boolean {
  return (
    (c >= 0x09 && c <= 0x0d) ||
    c === 0x20 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200b) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** What folding gives for each character of the ranges above: FOLDED_UNIT is the one code unit it gives, or
 * EMPTY (a mark), BLANK (one of SPACES), SEVERAL (then FOLDED_UNITS has them, e.g. ß → ss). */
const EMPTY = -1;
const BLANK = -2;
const SEVERAL = -3;
const TABLE_SIZE = PER_CHARACTER_BELOW + (PUNCTUATION_TO - PUNCTUATION_FROM);
const FOLDED_UNIT = new Int32Array(TABLE_SIZE);
const FOLDED_UNITS: (readonly number[])[] = [];
/** The most code units that one character folds to. */
let widest = 1;
for (let i = 0; i < TABLE_SIZE; i++) {
  const c = i < PER_CHARACTER_BELOW ? i : PUNCTUATION_FROM + (i - PER_CHARACTER_BELOW);
  const folded = Array.from(foldCharacters(String.fromCharCode(c)), (ch) => ch.charCodeAt(0));
  const [first] = folded;
  FOLDED_UNIT[i] =
    first === undefined ? EMPTY : folded.length > 1 ? SEVERAL : isFoldSpace(first) ? BLANK : first;
  FOLDED_UNITS[i] = folded;
  widest = Math.max(widest, folded.length);
}

/** The folded code units, reused from call to call (grown when a text needs more), and its bytes. */
let units = new Uint16Array(1024);
let unitBytes = Buffer.from(units.buffer);
/** The largest buffer kept from one call to the next. */
const KEPT_UNITS = 1 << 16;
/** Are the units stored little-endian (as UTF-16LE reads them)? */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A string of the first `length` units. */
function unitsToString(length: number): string {
  if (LITTLE_ENDIAN) return unitBytes.toString('utf16le', 0, 2 * length);
  let out = '';
  for (let at = 0; at < length; at += 8192)
    out += String.fromCharCode.apply(
      null,
      units.subarray(at, Math.min(length, at + 8192)) as unknown as number[],
    );
  return out;
}

const SPACE = 0x20;

/** What plainText says of a text: not plain; plain without capitals (nothing to fold); plain with capitals. */
const NOT_PLAIN = 0;
const PLAIN_LOWER = 1;
const PLAIN_UPPER = 2;

/**
 * Is the text printable ASCII words with single spaces between them (only lower case to fold), and has it
 * capitals? Read by hand in one pass: most lines are plain, and a line without capitals is then its own folding.
 */
function plainText(text: string): number {
  let upper = false;
  // A space before the first character: a leading space makes the text not plain.
  let previous = SPACE;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE) {
      if (previous === SPACE) return NOT_PLAIN;
    } else if (c < 0x21 || c > 0x7e) return NOT_PLAIN;
    else if (c >= 0x41 && c <= 0x5a) upper = true;
    previous = c;
  }
  if (previous === SPACE) return NOT_PLAIN;
  return upper ? PLAIN_UPPER : PLAIN_LOWER;
}

/**
 * Lower case, no accents (é → e, ü → u, ß → ss), every dash a hyphen, every apostrophe `'` and double quote `"`,
 * invisible characters removed, runs of spaces one space, trimmed.
 */
export function fold(text: string): string {
  // Folding is on the hot path of reading (every line of a message is folded), and NFD over whole strings
  // is slow. Plain ASCII with single inner spaces (the most common line) only needs lower case. Text of the
  // ranges above is folded character by character through a table, spaces collapsed and trimmed in the same
  // pass (the same result: the table holds what folding gives for each character, already in lower case).
  if (text === '') return text;
  const plain = plainText(text);
  if (plain === PLAIN_LOWER) return text;
  if (plain === PLAIN_UPPER) return text.toLowerCase();
  // The same lines are folded again and again while one message is read (the letter, its closing, its
  // domains, its expectations each look at them): a short text already folded is looked up, not folded again.
  const short = text.length <= REMEMBERED_LENGTH;
  if (short) {
    const known = remembered.get(text);
    if (known !== undefined) return known;
  }
  const folded = foldOther(text);
  if (short) {
    if (remembered.size >= REMEMBERED_TEXTS) remembered.clear();
    remembered.set(text, folded);
  }
  return folded;
}

/** Texts folded lately (short ones: lines, sentences), with their folding; emptied when full. */
const remembered = new Map<string, string>();
const REMEMBERED_TEXTS = 2000;
const REMEMBERED_LENGTH = 1000;

/** fold() of a text that is not plain ASCII with single spaces. */
function foldOther(text: string): string {
  const last = text.length - 1;

  if (units.length < widest * text.length) {
    units = new Uint16Array(widest * text.length);
    unitBytes = Buffer.from(units.buffer);
  }
  let length = 0;
  let space = false;
  for (let i = 0; i <= last; i++) {
    const c = text.charCodeAt(i);
    let unit: number;
    if (c > SPACE && c < 0x80) unit = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
    else {
      const index = tableIndex(c);
      if (index < 0) return foldCharacters(text).replace(SPACES, ' ').trim();
      unit = FOLDED_UNIT[index]!;
      if (unit === EMPTY) continue;
      if (unit === BLANK) {
        space = length > 0;
        continue;
      }
      if (unit === SEVERAL) {
        for (const u of FOLDED_UNITS[index] ?? []) {
          if (isFoldSpace(u)) space = length > 0;
          else {
            if (space) units[length++] = SPACE;
            space = false;
            units[length++] = u;
          }
        }
        continue;
      }
    }
    if (space) units[length++] = SPACE;
    space = false;
    units[length++] = unit;
  }
  const folded = unitsToString(length);
  // A very long text (a body without line breaks) does not keep its buffer for the life of the process.
  if (units.length > KEPT_UNITS) {
    units = new Uint16Array(1024);
    unitBytes = Buffer.from(units.buffer);
  }
  return folded;
}

/** Escapes a string for use inside a regular expression. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
