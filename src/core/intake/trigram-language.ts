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
 * The characters whose script franc's expressions are known for: code units below `KNOWN_BELOW` (ASCII, the
 * Latin letters with their extensions, spacing modifiers) and general punctuation with currency signs.
 * 1 for a Latin letter, 0 for a character of no script, -1 for anything else (franc decides then).
 */
const KNOWN_BELOW = 0x0300;
const PUNCTUATION = [0x2000, 0x20d0] as const;
const SCRIPT_OF = new Int8Array(KNOWN_BELOW + (PUNCTUATION[1] - PUNCTUATION[0]));
for (let i = 0; i < SCRIPT_OF.length; i++) {
  const ch = String.fromCharCode(i < KNOWN_BELOW ? i : PUNCTUATION[0] + (i - KNOWN_BELOW));
  const scripts = Object.entries(expressions)
    .filter(([, expression]) => new RegExp(expression.source, expression.flags.replace('g', '')).test(ch))
    .map(([script]) => script);
  SCRIPT_OF[i] = scripts.length === 0 ? 0 : scripts.length === 1 && scripts[0] === 'Latin' ? 1 : -1;
}

/** The Latin letters in `value`, or -1 when it has characters of other (or unknown) scripts. */
function latinLetters(value: string): number {
  let latin = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    const index =
      c < KNOWN_BELOW
        ? c
        : c >= PUNCTUATION[0] && c < PUNCTUATION[1]
          ? KNOWN_BELOW + (c - PUNCTUATION[0])
          : -1;
    const script = index < 0 ? -1 : (SCRIPT_OF[index] ?? -1);
    if (script < 0) return -1;
    latin += script;
  }
  return latin;
}

/**
 * A character of the cleaned text as a 10-bit number: code units below 0x300 as they are, general punctuation
 * and currency signs after them; -1 for any other (lower-casing can make one, e.g. the dot of `İ` → `i̇`).
 */
function code10(c: number): number {
  if (c < 0x0300) return c;
  if (c >= PUNCTUATION[0] && c < PUNCTUATION[1]) return 0x0300 + (c - PUNCTUATION[0]);
  return -1;
}

/** A trigram as one small integer (three 10-bit characters), or -1. */
function trigramKey(a: number, b: number, c: number): number {
  return a < 0 || b < 0 || c < 0 ? -1 : (a << 20) | (b << 10) | c;
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
    if (t.length !== 3) continue;
    const key = trigramKey(code10(t.charCodeAt(0)), code10(t.charCodeAt(1)), code10(t.charCodeAt(2)));
    if (key < 0) continue;
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

/** Counts per slot, zero between calls (reset after each). */
const COUNTS = new Int32Array(SLOT.size);
/** The slots met in the current text. */
const MET = new Int32Array(SLOT.size);

/** franc's (trigram-utils') cleaning: no punctuation, symbols or digits of ASCII, spaces collapsed, lower case. */
function clean(value: string): string {
  return value
    .replace(/[\u0021-\u0040]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}

/** The language franc names for `text` among French, English and German. */
export function francAmongThree(text: string): FrancCode {
  if (text.length < MIN_LENGTH) return 'und';
  const value = text.slice(0, MAX_LENGTH);
  // franc first takes the script most of the characters are in; only Latin has the three models. Text in
  // Latin letters alone is Latin; any other script franc weighs itself.
  const padded = latinLetters(value) > 0 ? ` ${clean(value)} ` : null;
  const met = padded === null ? -1 : countModelTrigrams(padded);
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

/**
 * Counts the trigrams of `padded` that some model has into COUNTS, listing their slots in MET; the number of
 * slots met, or -1 when a character has no 10-bit code (then nothing is left counted).
 */
function countModelTrigrams(padded: string): number {
  let met = 0;
  let a = code10(padded.charCodeAt(0));
  let b = code10(padded.charCodeAt(1));
  for (let i = 2; i < padded.length; i++) {
    const c = code10(padded.charCodeAt(i));
    const key = trigramKey(a, b, c);
    if (key < 0) {
      for (let k = 0; k < met; k++) COUNTS[MET[k]!] = 0;
      return -1;
    }
    const slot = SLOT.get(key);
    if (slot !== undefined && COUNTS[slot]!++ === 0) MET[met++] = slot;
    a = b;
    b = c;
  }
  return met;
}
