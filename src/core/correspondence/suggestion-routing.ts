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

/**
 * The departments a new list of departments leaves out that still hold open suggestions (not closed, not merged),
 * each with how many (matched without regard to case or spaces, as the rest of the department rules do). Such a
 * department cannot be removed: its suggestions would stay with a department no one can be forwarded to, offered
 * in no queue filter and mailed by no one, so nobody would handle them. The administrator forwards them to another
 * department first (each forward is recorded on its case), then removes it; moving them silently here would hide
 * from the case's history who chose the new department.
 */
export function departmentsWithOpenSuggestions(
  before: readonly string[],
  after: readonly string[],
  open: ReadonlyArray<{ department: string; count: number }>,
): Array<{ department: string; openSuggestions: number }> {
  const key = (d: string) => d.trim().replace(/\s+/g, ' ').toLowerCase();
  const kept = new Set(after.map(key));
  return before
    .filter((d) => !kept.has(key(d)))
    .map((department) => ({
      department,
      openSuggestions: open
        .filter((o) => key(o.department) === key(department))
        .reduce((n, o) => n + o.count, 0),
    }))
    .filter((d) => d.openSuggestions > 0);
}
