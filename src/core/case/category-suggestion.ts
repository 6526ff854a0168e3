// The category suggested for a new complaint from its words (P7.1): each offered category scores the number of
// its keywords found in the text (any language: complainants mix them), and the best one is suggested with the
// words that matched, for an agent to confirm or replace. A keyword matches at the start of a word, case and
// accents folded ("renouvel" finds "Renouvellement"). Retired categories are never suggested. Pure.
import { type Category, foldKeyword } from './categories.ts';
import { LANGUAGES } from './model.ts';

export interface CategorySuggestion {
  category: string;
  /** The keywords found, as the catalogue writes them, in the catalogue's order. */
  words: string[];
}

/** Only the start of a long text is read: a complaint says what it is about early, and the work stays bounded. */
export const SUGGESTION_TEXT_BUDGET = 20_000;

/**
 * The best offered category for `text`, or null when no keyword occurs. The first category in the catalogue's
 * order wins a tie, so that adding words to a text can change the suggestion but never remove it.
 */
export function suggestCategory(catalogue: readonly Category[], text: string): CategorySuggestion | null {
  // Spaces around make " keyword" find a match at the start of the text; every word starts after a space.
  const folded = ` ${foldKeyword(text.slice(0, SUGGESTION_TEXT_BUDGET))}`;
  let best: CategorySuggestion | null = null;
  for (const c of offeredKeywords(catalogue)) {
    // Every keyword starting at a word of the text, in one pass: at each space, the longest keyword there.
    // A shorter one hidden under a longer at the same place would be dropped below anyway (it begins that one).
    const there = new Set<string>();
    if (c.pattern) for (const m of folded.matchAll(c.pattern)) there.add(m[1]!);
    const found = c.keywords.filter((k) => there.has(k.folded));
    // A keyword that begins another one found ("transfer" in "transfert") adds nothing: one word of the text
    // would count twice.
    const words = found
      .filter((k) => !found.some((o) => o.folded !== k.folded && o.folded.startsWith(k.folded)))
      .map((k) => k.word);
    if (words.length > 0 && (!best || words.length > best.words.length)) best = { category: c.key, words };
  }
  return best;
}

interface OfferedKeywords {
  key: string;
  /** Each keyword once (by its folded form), in the catalogue's order of languages and words. */
  keywords: Array<{ word: string; folded: string }>;
  /** Finds, after each space, the longest of the keywords starting there (null: no keyword). */
  pattern: RegExp | null;
}

// Every new complaint is read against the same catalogue until an administrator edits it: its keywords are folded
// once per catalogue (a settings change brings a new array), not once per message.
const offeredCache = new WeakMap<readonly Category[], OfferedKeywords[]>();

function offeredKeywords(catalogue: readonly Category[]): OfferedKeywords[] {
  let offered = offeredCache.get(catalogue);
  if (offered) return offered;
  offered = [];
  for (const c of catalogue) {
    if (c.retired) continue;
    const keywords: OfferedKeywords['keywords'] = [];
    const seen = new Set<string>();
    for (const lang of LANGUAGES)
      for (const w of c.keywords[lang] ?? []) {
        const f = foldKeyword(w);
        if (f.length < 2 || seen.has(f)) continue;
        seen.add(f);
        keywords.push({ word: w, folded: f });
      }
    // Folded keywords hold only letters, digits and single spaces; escaped all the same. Longest first, so
    // that at one place the longer of two keywords is the one seen.
    const alternatives = [...keywords]
      .sort((a, b) => b.folded.length - a.folded.length)
      .map((k) => k.folded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
    const pattern = alternatives.length ? new RegExp(` (?=(${alternatives.join('|')}))`, 'gu') : null;
    offered.push({ key: c.key, keywords, pattern });
  }
  offeredCache.set(catalogue, offered);
  return offered;
}

/** The text a suggestion reads: the subject, the description and what the complainant expects. */
export function suggestionText(c: {
  subject: string;
  fields: { description: string | null; expectations: string | null };
}): string {
  return [c.subject, c.fields.description ?? '', c.fields.expectations ?? ''].join('\n');
}
