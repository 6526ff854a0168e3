// Sentences Redress stores in English with values in them ("attempt {{attempt}} failed, will retry: {{reply}}"),
// and reads back later to show them in the reader's language: the staff notes on inbox items (intake/staff-notes.ts)
// and what Redress writes about a send, a bounce and a closing (correspondence/status-words.ts). A stored sentence
// is never reworded, so that what was stored years ago is still read; filling a sentence and reading it back are
// the same two steps for every family of them, written here once.

/** A value in a sentence: `{{name}}`. */
export const PLACEHOLDER = /\{\{(\w+)\}\}/g;

/** The sentence `template` with its values filled in, as stored; `what` names it when a value is missing. */
export function fillSentence(
  template: string,
  what: string,
  values: Readonly<Record<string, string | number>>,
): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${what}: no value for ${name}`);
    return String(value);
  });
}

/** A sentence as a pattern that reads it back, without anchors. */
export interface SentencePattern {
  /** Each value a group; a value named twice must be the same both times (a back-reference). */
  source: string;
  /** The value each group holds, in order. */
  names: string[];
  /** Whether it ends with words of its own rather than with a value (so that another sentence may follow it). */
  closed: boolean;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The pattern of `template`: its words as they are, each value as few characters as will do (the words after it say
 * where it ends), at least one unless `valuePatterns` says what that value may be (digits, no spaces, possibly
 * empty). Narrow values keep reading fast and let a sentence be told from the words that follow it.
 */
export function sentencePattern(
  template: string,
  valuePatterns: Readonly<Record<string, string>>,
): SentencePattern {
  const names: string[] = [];
  let source = '';
  let at = 0;
  for (const m of template.matchAll(PLACEHOLDER)) {
    source += escapeRegExp(template.slice(at, m.index));
    const seen = names.indexOf(m[1]!);
    if (seen >= 0) source += `\\${seen + 1}`;
    else {
      names.push(m[1]!);
      source += `(${valuePatterns[m[1]!] ?? '[\\s\\S]+?'})`;
    }
    at = m.index + m[0].length;
  }
  source += escapeRegExp(template.slice(at));
  return { source, names, closed: at < template.length };
}

/** The values a match of a sentence's pattern holds, by name. */
export function valuesOf(pattern: SentencePattern, match: RegExpExecArray): Record<string, string> {
  return Object.fromEntries(pattern.names.map((name, i) => [name, match[i + 1]!]));
}
