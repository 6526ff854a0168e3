// Search as the staff mean it: accent- and case-insensitive, every word a prefix, all words required; and
// exact lookups by case reference, e-mail address, support ticket number or domain name.
// Documents and queries are folded the same way here, so both SQL engines index and match the same text.
import { domainToUnicode } from 'node:url';
import { typedReference } from '../case/reference.ts';
import { addressKey } from '../intake/addresses.ts';

/** Lower case, accents removed (é → e, ü → u), ß → ss, ligatures split; other characters kept. */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/œ/g, 'oe');
}

/** Words of a folded text as the full-text index sees them (letters and digits). */
export function words(text: string): string[] {
  return foldText(text).match(/[\p{L}\p{N}]+/gu) ?? [];
}

export type ExactKey = { kind: 'reference' | 'email' | 'ticket' | 'domain'; value: string };

export interface SearchQuery {
  /** Prefix words, all required (empty when the query is only an exact key). */
  words: string[];
  /** Exact keys recognised in the query; a case matching any of them is a hit. */
  keys: ExactKey[];
}

const MAX_WORDS = 8;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const TICKET = /^#?\d{4,12}$/;
const DOMAIN = /^(?:[\p{L}\p{N}-]+\.)+[\p{L}\p{N}-]{2,}$/u;

/** Parses what a person typed into words and exact keys. */
export function parseSearch(input: string): SearchQuery {
  const keys: ExactKey[] = [];
  const rest: string[] = [];
  for (const token of input.trim().split(/\s+/).filter(Boolean)) {
    const t = token.replace(/^[("'«]+|[)"'».,;:!?]+$/g, '');
    const key = exactKey(t);
    if (key) keys.push(key);
    else rest.push(token);
  }
  // Words come from what is not an exact key, so a reference or an address does not also match as loose text.
  return { words: [...new Set(words(rest.join(' ')))].slice(0, MAX_WORDS), keys };
}

function exactKey(t: string): ExactKey | null {
  const reference = typedReference(t);
  if (reference) return { kind: 'reference', value: reference };
  // An address is looked up by the key its complainant is found by, so either form of its domain finds the case.
  if (EMAIL.test(t)) return { kind: 'email', value: addressKey(t) ?? t.toLowerCase() };
  if (TICKET.test(t)) return { kind: 'ticket', value: t.replace(/^#/, '') };
  if (DOMAIN.test(t)) return { kind: 'domain', value: domainKey(t) };
  return null;
}

/** Domains are kept in Unicode, lower case (`XN--MLLER-BAU-Q9A.DE` → `müller-bau.de`). */
export function domainKey(domain: string): string {
  const unicode = domainToUnicode(domain.toLowerCase());
  return (unicode || domain).toLowerCase();
}
