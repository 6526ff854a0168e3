// The shape of a case reference (`RC-2026-000123`): a prefix of letters, the year, and the case's number in that
// year, written with at least six digits. One place for it, because every door reads references (forms, the API,
// letters, the inbox, search, and replies that quote them) and all must agree with the numbers the counter gives:
// an organisation that opens more than 999,999 cases in a year gets seven-digit numbers (`RC-2026-1000000`), and
// a door that knew only six would refuse them or, worse, fail to file a reply onto its case.

/** The number part: six digits (padded with zeros), or more without a leading zero (a counter past 999,999). */
export const REFERENCE_NUMBER = String.raw`(?:\d{6}|[1-9]\d{6,8})`;

const WHOLE = new RegExp(String.raw`^[A-Za-z]{2,6}-\d{4}-${REFERENCE_NUMBER}$`);

/** A case reference as Redress writes it (any letter case): what forms, the API and the inbox accept. */
export function isCaseReference(text: string): boolean {
  return WHOLE.test(text);
}

/** The reference of case number `n` of `year` under `prefix`. */
export function formatReference(prefix: string, year: number, n: number): string {
  return `${prefix}-${year}-${String(n).padStart(6, '0')}`;
}

const TYPED = /^([A-Za-z]{2,6})-(\d{4})-(\d{1,9})$/;

/**
 * A reference as someone types it into search, zeros left out or not (`rc-2026-123` for `RC-2026-000123`), in
 * the form Redress writes it; null when the text is not one.
 */
export function typedReference(text: string): string | null {
  const m = TYPED.exec(text);
  if (!m) return null;
  return formatReference(m[1]!.toUpperCase(), Number(m[2]), Number(m[3]));
}
