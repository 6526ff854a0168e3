// Our own case references (`RC-2026-000123`, suggestions `SG-…`), in a subject or a body, quoted text included:
// a reply that quotes our acknowledgement names its case there. Any dash or space between the parts is read.

import { REFERENCE_NUMBER } from '../case/reference.ts';
import { escapeRegExp } from './fold.ts';

/** The case references with the configured prefixes, upper case, in order of appearance, each once. */
export function findCaseRefs(texts: readonly string[], prefixes: readonly string[]): string[] {
  if (prefixes.length === 0) return [];
  const pattern = referencePattern(prefixes);
  // Each once: a set answers whether one was found already at once (a list's look-up would cost time growing with
  // the square of their number, in a message that quotes thousands).
  const found = new Set<string>();
  for (const text of texts) {
    const head = text.slice(0, 500_000);
    // A text without the digits of a reference (year, joiner, number) holds none: most bodies are then left
    // without the costlier pattern (prefixes, look-behind) running over them.
    if (!REFERENCE_DIGITS.test(head)) continue;
    // (Walked with exec: matchAll would copy the pattern on every text.)
    pattern.lastIndex = 0;
    for (let m = pattern.exec(head); m; m = pattern.exec(head)) {
      const ref = `${(m[1] ?? '').toUpperCase()}-${m[2]}-${m[3]}`;
      found.add(ref);
    }
  }
  return [...found];
}

/**
 * What may join the parts: a hyphen, any dash a word processor or mail client puts in (‐ ‑ ‒ – — ―, the minus
 * sign), a space, a no-break or narrow no-break space, or nothing.
 */
const JOIN = String.raw`[-\u2010-\u2015\u2212 \u00A0\u202F]?`;

/** The digits of a reference and what joins them, whatever the prefix. */
const REFERENCE_DIGITS = new RegExp(String.raw`\d{4}${JOIN}\d{6}`);

/** Compiled patterns per list of prefixes (the configuration's two, the same for every message). */
const PATTERNS = new Map<string, RegExp>();
function referencePattern(prefixes: readonly string[]): RegExp {
  const key = prefixes.join('\n');
  let pattern = PATTERNS.get(key);
  if (!pattern) {
    pattern = new RegExp(
      String.raw`(?<![\p{L}\p{N}])(${prefixes.map(escapeRegExp).join('|')})${JOIN}(\d{4})${JOIN}(${REFERENCE_NUMBER})(?![\p{N}])`,
      'giu',
    );
    if (PATTERNS.size >= 100) PATTERNS.clear();
    PATTERNS.set(key, pattern);
  }
  return pattern;
}
