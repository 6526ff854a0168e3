// The language a message is written in (P10): French, English or German. Long enough texts go to franc
// (trigrams, restricted to the three); short ones are decided by common words; when even those cannot
// tell, the mailbox's language is the answer.
import type { Language } from '../case/model.ts';
import { isLetterUnit, lettersUpTo } from './characters.ts';
import { fold } from './fold.ts';
import { francAmongThree } from './trigram-language.ts';

const FRANC_CODES: Record<string, Language> = { fra: 'fr', eng: 'en', deu: 'de' };

/** Short, frequent words that belong to one of the three languages (folded). */
const COMMON_WORDS: Record<Language, ReadonlySet<string>> = {
  fr: new Set(
    'le la les un une des du de et est sont je vous nous mon ma mes votre vos pas ne que qui pour dans sur avec sans mais ou merci bonjour cordialement depuis toujours encore site domaine facture remboursement reclamation suis avez ai plus tres aussi tout cette ce ces au aux etape madame monsieur'.split(
      ' ',
    ),
  ),
  en: new Set(
    'the a an and is are i you we my our your not that which for in on with without but or thanks thank hello regards since still again site domain invoice refund complaint am have has was were it this these to of please would step dear'.split(
      ' ',
    ),
  ),
  de: new Set(
    'der die das ein eine und ist sind ich sie wir mein meine unser ihr ihre nicht dass fur mit ohne aber oder danke hallo grusse seit noch immer seite rechnung erstattung beschwerde bin habe hat war es dies diese zu von bitte stufe sehr geehrte damen herren auf den dem'.split(
      ' ',
    ),
  ),
};

/** Per common word, the languages it belongs to. */
const COMMON_WORD_LANGUAGES = new Map<string, Language[]>();
for (const lang of ['fr', 'en', 'de'] as const)
  for (const word of COMMON_WORDS[lang])
    COMMON_WORD_LANGUAGES.set(word, [...(COMMON_WORD_LANGUAGES.get(word) ?? []), lang]);

/** Counts of common words per language. */
function commonWordScores(text: string): Record<Language, number> {
  const scores: Record<Language, number> = { fr: 0, en: 0, de: 0 };
  const count = (word: string) => {
    const languages = COMMON_WORD_LANGUAGES.get(word);
    if (languages) for (const lang of languages) scores[lang]++;
  };
  const folded = fold(text);
  // The words (runs of letters and apostrophes), found by looking at code units; a text with characters outside
  // the BMP (a letter there is two units) is split by the pattern instead.
  let start = 0;
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) {
      for (const word of folded.split(/[^\p{L}']+/u)) count(word);
      return scores;
    }
    const lower = c | 0x20;
    if ((lower >= 0x61 && lower <= 0x7a) || c === 0x27 || (c >= 0x80 && isLetterUnit(c))) continue;
    if (i > start) count(folded.slice(start, i));
    start = i + 1;
  }
  if (folded.length > start) count(folded.slice(start));
  return scores;
}

/** The language with the most common words, or null when none has any or two tie at the top. */
function leader(scores: Record<Language, number>): Language | null {
  // Three scores: compared by hand, with nothing to allocate (this runs for every message).
  const { fr, en, de } = scores;
  const top = Math.max(fr, en, de);
  if (top === 0) return null;
  if ((fr === top ? 1 : 0) + (en === top ? 1 : 0) + (de === top ? 1 : 0) > 1) return null;
  return fr === top ? 'fr' : en === top ? 'en' : 'de';
}

/** Letters at which franc's trigrams are trusted. */
const FRANC_MIN_LETTERS = 60;
/** Letters below which franc's answer on a text is checked against its common words. */
const FRANC_SHORT_LETTERS = 200;

/** The language of `text`, or `hint` when the text is too short to tell. */
export function detectLanguage(text: string, hint: Language): Language {
  const sample = text.slice(0, 4000);
  // (Counted only as far as the thresholds below ask.)
  const letters = lettersUpTo(sample, FRANC_SHORT_LETTERS);
  if (letters >= FRANC_MIN_LETTERS) {
    const code = FRANC_CODES[francAmongThree(sample)];
    if (code) {
      // Franc and the common words rarely disagree; when they do on a short text, the words decide.
      if (letters < FRANC_SHORT_LETTERS) {
        const scores = commonWordScores(sample);
        const words = leader(scores);
        if (words && words !== code && scores[words] >= scores[code] + 2) return words;
      }
      return code;
    }
  }
  return leader(commonWordScores(sample)) ?? hint;
}
