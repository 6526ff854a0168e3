// Routing a suggestion to a department by keyword rules (P9.1): the department whose keywords occur most often
// in the text (case, accents and word boundaries folded); none when no keyword occurs. Pure.

export interface DepartmentRule {
  name: string;
  keywords: readonly string[];
}

const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

function occurrences(text: string, keyword: string): number {
  const k = fold(keyword).trim();
  if (!k) return 0;
  const escaped = k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return [...text.matchAll(new RegExp(`(?<![\\p{L}\\p{N}])${escaped}`, 'gu'))].length;
}

export function routeSuggestion(rules: readonly DepartmentRule[], text: string): string | null {
  const folded = fold(text);
  let best: { name: string; hits: number } | null = null;
  for (const rule of rules) {
    const hits = rule.keywords.reduce((n, k) => n + occurrences(folded, k), 0);
    if (hits > 0 && (!best || hits > best.hits)) best = { name: rule.name, hits };
  }
  return best?.name ?? null;
}
