// A date written out for a reader, by an Intl.DateTimeFormat, as the language writes it. Intl writes the first of
// the month in French as a bare "1" ("1 juin 2026"); French writes it "1er" (premier: "le 1er juin") and every other
// day as a plain number ("le 2 juin"). German's "1. Juni" and English are Intl's own. A numeric date ("01/06/2026")
// is left as it is. Every formatter of the staff pages and of the texts sent to complainants writes through this.

/** Whether a formatter writes French (read once per formatter: formatters are kept and reused). */
const french = new WeakMap<Intl.DateTimeFormat, boolean>();

export function writtenDate(format: Intl.DateTimeFormat, value: Date | number): string {
  let fr = french.get(format);
  if (fr === undefined) {
    fr = format.resolvedOptions().locale.split('-')[0] === 'fr';
    french.set(format, fr);
  }
  if (!fr) return format.format(value);
  const parts = format.formatToParts(value);
  // Only a day written beside a month in words: "1/6" stays numeric.
  if (!parts.some((p) => p.type === 'month' && !/^\d+$/.test(p.value))) return format.format(value);
  return parts.map((p) => (p.type === 'day' && p.value === '1' ? '1er' : p.value)).join('');
}
