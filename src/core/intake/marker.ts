// The step marker of P2.6 ("Transmission de réclamation - Etape 1"), found leniently in a subject:
// any case, with or without accents, any dash (or none, or a colon), any spacing, behind any stack of
// reply and forward prefixes. The phrases come from the configuration.
import type { Language, Step } from '../case/model.ts';
import { escapeRegExp, fold } from './fold.ts';

export interface MarkerPhrases {
  step1: readonly string[];
  step2: readonly string[];
}

export interface FoundMarker {
  step: Step;
  /** The configured phrase that matched. */
  phrase: string;
}

/** Each language's word for "step", as a marker phrase writes it (folded). */
const STEP_WORD: Readonly<Record<Language, RegExp>> = { fr: /\betape\b/, en: /\bstep\b/, de: /\bstufe\b/ };

/**
 * The language a configured marker phrase is written in, known by its word for the step; null for a phrase
 * without one. Texts ask the marker of the reader's language by it; intake guesses the language of a message
 * too short to tell by the marker it carries.
 */
export function markerLanguage(phrase: string): Language | null {
  const folded = fold(phrase);
  for (const language of ['fr', 'en', 'de'] as const) if (STEP_WORD[language].test(folded)) return language;
  return null;
}

/** Reply and forward prefixes in FR/EN/DE mail clients, possibly stacked: `RE: TR: AW: Fwd:`. */
const REPLY_PREFIXES =
  /^(?:\s*(?:re|aw|wg|tr|fw|fwd|sv|vs|antw|antwort|ref|rif|r)\s*(?:\[\d+\]|\(\d+\))?\s*:)+\s*/i;

/** The subject without its reply/forward prefixes. */
export function stripReplyPrefixes(subject: string): string {
  return subject.replace(REPLY_PREFIXES, '').trim();
}

/**
 * A pattern for a phrase on folded text: words separated by any spacing; a dash (or colon) between words
 * may be any dash, a colon, or missing; a trailing number must not run into more digits ("Etape 12").
 */
function phrasePattern(phrase: string): RegExp {
  const tokens = fold(phrase)
    .split(/\s*([-:])\s*|\s+/)
    .filter((t): t is string => t !== undefined && t !== '');
  let source = '';
  let previousWasSeparator = true;
  for (const token of tokens) {
    if (token === '-' || token === ':') {
      source += '\\s*[-:]*\\s*';
      previousWasSeparator = true;
      continue;
    }
    if (!previousWasSeparator) source += /^\d/.test(token) ? '\\s*' : '\\s+';
    source += escapeRegExp(token);
    previousWasSeparator = false;
  }
  return new RegExp(`(?<![\\p{L}\\p{N}])${source}(?![\\p{L}\\p{N}])`, 'u');
}

/**
 * A phrase's pattern, and the word it starts with (null when it starts with a dash or a colon): a subject
 * without that word cannot match, and most subjects are left without running the pattern.
 */
interface PhrasePattern {
  pattern: RegExp;
  first: string | null;
}

const patternCache = new Map<string, PhrasePattern>();
function patternOf(phrase: string): PhrasePattern {
  let pattern = patternCache.get(phrase);
  if (!pattern) {
    const first = fold(phrase).split(/\s*[-:]\s*|\s+/)[0] ?? '';
    pattern = { pattern: phrasePattern(phrase), first: first === '' ? null : first };
    if (patternCache.size > 1000) patternCache.clear();
    patternCache.set(phrase, pattern);
  }
  return pattern;
}

/**
 * The step marker in a subject, or null. When a subject carries both steps (a reply to a step-1 answer
 * that escalates), step 2 wins: escalating is the later intention.
 */
export function findMarker(subject: string | null, phrases: MarkerPhrases): FoundMarker | null {
  if (!subject) return null;
  const folded = fold(compatible(subject));
  const two = markerIn(folded, phrases.step2);
  if (two !== null) return { step: 2, phrase: two };
  const one = markerIn(folded, phrases.step1);
  return one === null ? null : { step: 1, phrase: one };
}

/**
 * The blocks where compatibility characters are (Latin-1's symbols and superscripts, letter-like symbols, number
 * forms, enclosed and circled letters and digits, CJK compatibility, ligatures, full-width and half-width forms,
 * mathematical letters): only a subject with one of them is normalised, which keeps long ones cheap.
 */
const COMPATIBILITY =
  /[\u00a0-\u00bf\u2070-\u24ff\u3000\u3200-\u33ff\ufb00-\ufb4f\ufe30-\ufe6f\uff00-\uffef\u{1d400}-\u{1d7ff}\u{1f100}-\u{1f1ff}]/u;

/**
 * The text with compatibility characters as the plain ones they stand for (NFKC): a subject typed with an Asian
 * keyboard's full-width letters and digits (`Ｅtape １`) or a ligature carries the marker as much as the plain one.
 * Text without any (the common subject) is returned as it is.
 */
function compatible(text: string): string {
  return COMPATIBILITY.test(text) ? text.normalize('NFKC') : text;
}

/** The first of `phrases` found in a folded subject, or null. */
function markerIn(folded: string, phrases: readonly string[]): string | null {
  for (const phrase of phrases) {
    const { pattern, first } = patternOf(phrase);
    if ((first === null || folded.includes(first)) && pattern.test(folded)) return phrase;
  }
  return null;
}

/** Separators left around a removed marker ("Transmission … - Etape 1 : my refund" → "my refund"). */
const LEFTOVER_EDGES = /^[\s\-–—:;,./|]+|[\s\-–—:;,/|]+$/gu;
/** What may follow a step's number inside a marker: "Etape 1/2" names the procedure's two steps. */
const STEP_OF_TWO = /^\s*\/\s*2(?![\p{L}\p{N}])/u;

/**
 * The subject without its reply prefixes and without the step marker, for lists where the marker says nothing
 * (every case of a step carries it). Found with the same patterns as findMarker, on folded text whose every unit
 * remembers the character it came from, so what is cut is the sender's own spelling. Empty when the subject was
 * only the marker.
 */
export function withoutMarker(subject: string, phrases: MarkerPhrases): string {
  let text = stripReplyPrefixes(subject);
  for (let round = 0; round < 3; round++) {
    const span = markerSpan(text, phrases);
    if (!span) break;
    let end = span.end;
    const after = STEP_OF_TWO.exec(text.slice(end));
    if (after) end += after[0].length;
    text = `${text.slice(0, span.start).replace(LEFTOVER_EDGES, '')} ${text.slice(end).replace(LEFTOVER_EDGES, '')}`;
    text = stripReplyPrefixes(text.trim());
  }
  return text.replace(LEFTOVER_EDGES, '').replace(/\s+/gu, ' ');
}

/** Where a marker stands in the text itself (start and end as indexes of `text`), or null. */
function markerSpan(text: string, phrases: MarkerPhrases): { start: number; end: number } | null {
  if (!findMarker(text, phrases)) return null;
  // Folded one character at a time, spaces collapsed as fold does, each folded unit mapped to its source.
  let folded = '';
  const source: number[] = [];
  for (let i = 0; i < text.length; ) {
    const code = text.codePointAt(i) ?? 0;
    const width = code > 0xffff ? 2 : 1;
    const ch = text.slice(i, i + width);
    if (/\s/u.test(ch)) {
      if (folded !== '' && !folded.endsWith(' ')) {
        folded += ' ';
        source.push(i);
      }
    } else {
      for (const unit of fold(compatible(ch))) {
        folded += unit;
        source.push(i);
      }
    }
    i += width;
  }
  for (const list of [phrases.step2, phrases.step1])
    for (const phrase of list) {
      const found = patternOf(phrase).pattern.exec(folded);
      if (!found || found[0].length === 0) continue;
      const start = source[found.index] ?? 0;
      const lastSource = source[found.index + found[0].length - 1] ?? start;
      const lastWidth = (text.codePointAt(lastSource) ?? 0) > 0xffff ? 2 : 1;
      return { start, end: lastSource + lastWidth };
    }
  return null;
}
