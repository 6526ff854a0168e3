// Support ticket numbers (P2.2) in French, German and English phrasings: "ticket n° 123456",
// "Ticket-Nr. 123456", "ticket #123456", "n° de ticket : 123456", "[Ticket#123456]", "tickets 123456 et 123457".
// Digits only, 5 to 12 of them (4 in a labelled field), never part of a date or version number.
import { fold } from './fold.ts';

const NUMBER = String.raw`#?\s*(\d{5,12})(?![\d])(?![.,/]\d)`;
const FILLER = String.raw`(?:\s*(?:n°|n°|nº|no\.?|nr\.?|num(?:ero|ber)?\.?|nummer|id|ref\.?|reference|is|est|lautet|:|#|\(|-)\s*)*`;
const LIST_JOIN = String.raw`\s*(?:,|;|/|\+|&|et|and|und|ou|or|oder|sowie)\s*(?:(?:n°|no\.?|nr\.?|ticket)\s*)?`;

/** "ticket …" followed by one or more numbers. */
const AFTER_CUE = new RegExp(
  String.raw`(?<![\p{L}])(?:support[- ]?)?tickets?(?:-?(?:nummer|nr\.?|no\.?|number|id))?(?![\p{L}])${FILLER}${NUMBER}((?:${LIST_JOIN}${NUMBER})*)`,
  'gu',
);
/** "n° de ticket 123456", "numéro du ticket : 123456", "number of my ticket 123456". */
const BEFORE_CUE = new RegExp(
  String.raw`(?<![\p{L}])(?:n°|nº|no|numero|number|nummer|reference)\s+(?:de|du|of|des)?\s*(?:mon|ma|notre|votre|the|my|our|your|your)?\s*(?:support[- ]?)?ticket(?![\p{L}])${FILLER}${NUMBER}((?:${LIST_JOIN}${NUMBER})*)`,
  'gu',
);
const LISTED = new RegExp(NUMBER, 'gu');

/** The ticket numbers in a text, in order of appearance, each once. */
export function findTicketRefs(text: string): string[] {
  const folded = fold(text.slice(0, 200_000));
  // Both patterns need the word: most texts are settled without running them.
  if (!folded.includes('ticket')) return [];
  const found: { at: number; value: string }[] = [];
  for (const pattern of [AFTER_CUE, BEFORE_CUE]) {
    pattern.lastIndex = 0;
    for (const m of folded.matchAll(pattern)) {
      const first = m[1];
      if (first) found.push({ at: m.index, value: first });
      const rest = m[2] ?? '';
      let offset = 1;
      for (const more of rest.matchAll(LISTED))
        if (more[1]) found.push({ at: m.index + offset++, value: more[1] });
    }
  }
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.value))];
}

/** The ticket numbers in a labelled ticket value ("123456", "#123456, #123457"). */
export function ticketsInValue(value: string): string[] {
  return [
    ...new Set([...value.matchAll(/(?<!\d)(\d{4,12})(?!\d)(?![.,/]\d)/g)].map((m) => m[1] ?? '')),
  ].filter(Boolean);
}
