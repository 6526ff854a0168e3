// Routing a suggestion to a department by keyword rules (P9.1): the department whose keywords occur most often
// in the text (case, accents and word boundaries folded); none when no keyword occurs. Pure.
import type { AutoReply } from './auto-reply.ts';

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

/**
 * The department a person or a client names, as it is written where it is defined (the configuration, else the
 * department members' accounts), or null when there is no such department. One department whatever the case and
 * the spaces it is typed with: recorded as typed, "billing" was a department of its own, apart from "Billing" in the
 * queues (which list a member's suggestions by name) and in the reports, and a second forward typed otherwise
 * mailed the department again.
 */
export function departmentNamed(known: readonly string[], typed: string): string | null {
  const wanted = typed.trim().toLowerCase();
  return (wanted && known.find((d) => d.toLowerCase() === wanted)) || null;
}

/**
 * Whether the keyword rules may forward a suggestion unasked, by the verdict on the message that brought it
 * (auto-reply.ts). A department's mailbox receives automatic mail too: beyond the limits on automatic mail from one
 * sender (`flood_limited`) a person decides, as for the thanks, and the case is flagged for them; a flood of
 * suggestions naming a department's keywords was otherwise forwarded to it one by one.
 */
export function routesUnasked(autoReply: AutoReply): boolean {
  return autoReply !== 'flood_limited';
}
