// What a complaint came from and what was offered to put it right, recorded with the definitive answer (P4.4,
// P7): a cause from a short fixed list (so the figures can count them) with an optional note in the staff's words,
// and the remedy offered: the text sent to the complainant and, where money is offered, an amount and currency.
// Pure.

export const ROOT_CAUSES = [
  'our_error',
  'third_party',
  'customer_misunderstanding',
  'policy_as_designed',
  'no_fault_found',
] as const;
export type RootCauseCode = (typeof ROOT_CAUSES)[number];

export interface RootCause {
  cause: RootCauseCode;
  note: string | null;
}

/** An amount of money as written in exports: a decimal with at most two places, and an ISO 4217 currency code. */
export interface RemedyAmount {
  value: string;
  currency: string;
}

export const ROOT_CAUSE_NOTE_MAX = 2000;
/** Large enough for any goodwill payment, small enough that a typo of ten zeros is refused. */
const AMOUNT = /^(?:0|[1-9]\d{0,8})(?:\.\d{1,2})?$/;
const CURRENCY = /^[A-Z]{3}$/;

export function isRootCause(value: unknown): value is RootCauseCode {
  return typeof value === 'string' && (ROOT_CAUSES as readonly string[]).includes(value);
}

/**
 * An amount as staff type it ("25", "25,5", " 1200.00 ") in the form kept: a dot, no spaces, at most two
 * decimals; null when it is not an amount.
 */
export function normaliseAmount(text: string): string | null {
  const v = text.trim().replace(',', '.');
  return AMOUNT.test(v) ? v : null;
}

export function isCurrency(text: string): boolean {
  return CURRENCY.test(text);
}
