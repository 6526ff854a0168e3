// franc's verdict among French, English and German, computed the way franc computes it but without its
// general machinery, which dominated the cost of reading a message: franc counts trigrams in a plain object,
// turns the counts into sorted tuples, and matches some twenty script expressions over the whole text,
// when only three Latin-script models matter here. The answer is the one `franc(text, { only:
// ['fra', 'eng', 'deu'], minLength: 10 })` gives (franc-min 6.2.0, whose data and expressions it reads);
// text with characters this shortcut does not know is handed to franc itself. The unit tests compare both.
import { franc } from 'franc-min';
import { data } from 'franc-min/data.js';
import { expressions } from 'franc-min/expressions.js';

/** The codes franc may answer here: one of the three, or `und` when it cannot tell. */
export type FrancCode = 'fra' | 'eng' | 'deu' | 'und';

const ONLY = ['fra', 'eng', 'deu'];
/** franc's limits: shorter text is `und`, longer text is cut. */
const MIN_LENGTH = 10;
const MAX_LENGTH = 2048;
/** franc's distance for a trigram that the model does not have. */
const MAX_DIFFERENCE = 300;

/**
 * The characters this shortcut knows, each with a 10-bit code: code units below 0x300 (ASCII, the Latin
 * letters with their extensions, spacing modifiers) as they are, general punctuation and currency signs
 * after them. -1 for any other.
 */
const KNOWN_BELOW = 0x0300;
const PUNCTUATION_FROM = 0x2000;
const PUNCTUATION_TO = 0x20d0;
const KNOWN = KNOWN_BELOW + (PUNCTUATION_TO - PUNCTUATION_FROM);

function code10(c: number): number {
  if (c < KNOWN_BELOW) return c;
  if (c >= PUNCTUATION_FROM && c < PUNCTUATION_TO) return KNOWN_BELOW + (c - PUNCTUATION_FROM);
  return -1;
}

function characterOf(code: number): string {
  return String.fromCharCode(code < KNOWN_BELOW ? code : PUNCTUATION_FROM + (code - KNOWN_BELOW));
}

/** Per known character: 1 for a Latin letter, 0 for a character of no script, -1 for any other script. */
const SCRIPT = new Int8Array(KNOWN);
/** Per known character: cut by franc's cleaning (white space, and ASCII punctuation, symbols and digits)? */
const CUT = new Uint8Array(KNOWN);
/** Per known character: the code of its lower case, -1 when that is no single known character (`İ` → `i̇`). */
const LOWER = new Int16Array(KNOWN);
for (let code = 0; code < KNOWN; code++) {
  const ch = characterOf(code);
  const scripts = Object.entries(expressions)
    .filter(([, expression]) => new RegExp(expression.source, expression.flags.replace('g', '')).test(ch))
    .map(([script]) => script);
  SCRIPT[code] = scripts.length === 0 ? 0 : scripts.length === 1 && scripts[0] === 'Latin' ? 1 : -1;
  CUT[code] = /^[\s\u0021-\u0040]$/.test(ch) ? 1 : 0;
  const lower = ch.toLowerCase();
  LOWER[code] = lower.length === 1 ? code10(lower.charCodeAt(0)) : -1;
}

const SPACE = code10(0x20);

/** A trigram as one small integer (three 10-bit characters). */
function trigramKey(a: number, b: number, c: number): number {
  return (a << 20) | (b << 10) | c;
}

/**
 * The three models as franc builds them (trigram → its rank in the model; the first rank of a repeated
 * trigram), in franc's order of the Latin models, which decides ties. One table for the three: each trigram
 * of any model has a slot, and RANKS[slot * MODELS + m] is its rank in model m, -1 where m lacks it. Model
 * trigrams with other characters can never meet a trigram of a text read here and are left out.
 */
const MODEL_CODES = Object.keys(data.Latin ?? {}).filter((code) => ONLY.includes(code)) as FrancCode[];
const MODELS = MODEL_CODES.length;
const SLOT = new Map<number, number>();
const slotRanks: number[] = [];
MODEL_CODES.forEach((code, m) => {
  const trigrams = (data.Latin?.[code] ?? '').split('|');
  for (let rank = trigrams.length - 1; rank >= 0; rank--) {
    const t = trigrams[rank] ?? '';
    const codes = [...t].map((ch) => (ch.length === 1 ? code10(ch.charCodeAt(0)) : -1));
    if (codes.length !== 3 || codes.some((c) => c < 0)) continue;
    const key = trigramKey(codes[0]!, codes[1]!, codes[2]!);
    let slot = SLOT.get(key);
    if (slot === undefined) {
      slot = SLOT.size;
      SLOT.set(key, slot);
      for (let k = 0; k < MODELS; k++) slotRanks.push(-1);
    }
    slotRanks[slot * MODELS + m] = rank;
  }
});
const RANKS = Int16Array.from(slotRanks);

/**
 * The slots in a direct table: the three models are written with few characters (the space, a–z and a handful
 * of others), so every trigram of those characters has its place in a small array, and a trigram with any
 * other character is in no model (a lookup per trigram of the text in a Map, or even a hash table, cost more
 * than the rest of the counting). ALPHABET maps a known character's code to its index among the models'
 * characters (-1 for one no model has); TABLE[(i × N + j) × N + k] is the slot of the trigram i j k, or -1.
 */
const ALPHABET = new Int16Array(KNOWN).fill(-1);
let letters = 0;
for (const key of SLOT.keys())
  for (const code of [key >>> 20, (key >>> 10) & 0x3ff, key & 0x3ff])
    if (ALPHABET[code] === -1) ALPHABET[code] = letters++;
const N = letters;
const TABLE = new Int32Array(N * N * N).fill(-1);
for (const [key, slot] of SLOT)
  TABLE[(ALPHABET[key >>> 20]! * N + ALPHABET[(key >>> 10) & 0x3ff]!) * N + ALPHABET[key & 0x3ff]!] = slot;

/** The index of the space among the models' characters. */
const SPACE_INDEX = ALPHABET[SPACE]!;
/** Before the first character of a text: no trigram ends yet. */
const NOTHING = -2;

/** Counts per slot, zero between calls (reset after each). */
const COUNTS = new Int32Array(SLOT.size);
/** The slots met in the current text. */
const MET = new Int32Array(SLOT.size);

/**
 * Counts into COUNTS the trigrams that some model has, of the text as franc sees it: cleaned (runs of white
 * space and of ASCII punctuation, symbols and digits one space, trimmed, lower case) and padded with a space.
 * Lists the slots met in MET and answers how many; -1 when franc must decide itself: a character is not
 * known here, or no Latin letter makes the Latin script the text's script (nothing is left counted then).
 */
function countModelTrigrams(value: string): number {
  let met = 0;
  let latin = 0;
  // The two characters before the next one, by their index among the models' characters (ALPHABET: -1 for a
  // character no model has), each looked up once; the text starts with the padding space.
  let a = NOTHING;
  let b = SPACE_INDEX;
  let cut = false;
  for (let i = 0; i < value.length; i++) {
    const code = code10(value.charCodeAt(i));
    const script = code < 0 ? -1 : SCRIPT[code]!;
    if (script < 0) return forget(met);
    latin += script;
    if (CUT[code]) {
      // A cut before the first kept character is trimmed (b is still the padding then).
      cut = a !== NOTHING || b !== SPACE_INDEX;
      continue;
    }
    const lower = LOWER[code]!;
    if (lower < 0) return forget(met);
    if (cut) {
      met = count(a, b, SPACE_INDEX, met);
      a = b;
      b = SPACE_INDEX;
      cut = false;
    }
    const c = ALPHABET[lower]!;
    met = count(a, b, c, met);
    a = b;
    b = c;
  }
  if (latin === 0) return forget(met);
  return count(a, b, SPACE_INDEX, met);
}

/**
 * Counts the trigram a b c (indices among the models' characters) when a is a character yet and every one of
 * them is in some model, answering the new number of slots met.
 */
function count(a: number, b: number, c: number, met: number): number {
  if (a < 0 || b < 0 || c < 0) return met;
  const slot = TABLE[(a * N + b) * N + c]!;
  if (slot >= 0 && COUNTS[slot]!++ === 0) MET[met++] = slot;
  return met;
}

/** Clears the counts of the slots met, answering -1. */
function forget(met: number): number {
  for (let k = 0; k < met; k++) COUNTS[MET[k]!] = 0;
  return -1;
}

/** The language franc names for `text` among French, English and German. */
export function francAmongThree(text: string): FrancCode {
  if (text.length < MIN_LENGTH) return 'und';
  // franc first takes the script most of the characters are in; only Latin has the three models. Text in
  // Latin letters alone is Latin; any other script franc weighs itself.
  const met = countModelTrigrams(text.slice(0, MAX_LENGTH));
  if (met < 0) return franc(text, { only: ONLY, minLength: MIN_LENGTH }) as FrancCode;

  // franc's distance: per distinct trigram of the text, |count − rank − 1| when the model has it, else the
  // maximum. The smallest distance wins; on a tie, the model that comes first. A trigram that no model has
  // adds the maximum to every distance alike, so only the trigrams of the models are counted.
  const distances = new Array<number>(MODELS).fill(0);
  for (let k = 0; k < met; k++) {
    const slot = MET[k]!;
    const count = COUNTS[slot]!;
    COUNTS[slot] = 0;
    for (let m = 0; m < MODELS; m++) {
      const rank = RANKS[slot * MODELS + m]!;
      distances[m]! += rank < 0 ? MAX_DIFFERENCE : Math.abs(count - rank - 1);
    }
  }
  let best = 0;
  for (let m = 1; m < MODELS; m++) if (distances[m]! < distances[best]!) best = m;
  return MODEL_CODES[best] ?? 'und';
}
