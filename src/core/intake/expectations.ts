// What the complainant expects (P2.5) when no label says it: the sentences that ask for something
// ("je demande…", "I would like…", "Ich erwarte…").
import { fold } from './fold.ts';

const CUES = [
  // French
  /\b(je|nous) (vous )?(demande|demandons|souhaite|souhaitons|souhaiterais|souhaiterions|voudrais|voudrions|veux|voulons|exige|exigeons|reclame|reclamons|sollicite|sollicitons|aimerais|aimerions|attends|attendons)\b/,
  /\b(j'attends|j'exige|j'aimerais|j'ai besoin|nous attendons)\b/,
  /\b(je vous prie de|nous vous prions de)\b/,
  /\bmerci de (bien vouloir )?(?!(votre|vos|ta|ton|tes|leur|leurs|cette|ce|mon|ma|mes|la|le|les|l'|un|une|des)\b)(m'|me |nous |l'|le |la |les )?\p{L}+(er|ir|re)\b/u,
  /\bveuillez (?!(agreer|trouver|recevoir|croire|noter|excuser|m'excuser|nous excuser)\b)\p{L}/u,
  // English
  /\b(i|we) (would like|'d like|want|expect|ask|am asking|are asking|request|demand|require|need you to|insist)\b/,
  /\b(i'd like|we'd like|i expect)\b/,
  /(^|[,;:] )(please|kindly) (?!(find|see|note|be advised|excuse|forgive|do not hesitate|don't hesitate|feel free|let me know if you need)\b)\p{L}/u,
  // German
  /\b(ich|wir) (erwarte|erwarten|bitte|bitten|mochte|mochten|fordere|fordern|verlange|verlangen|wunsche|wunschen|ersuche|ersuchen)\b/,
  /\b(erwarte|erwarten|mochte|mochten|fordere|fordern|verlange|verlangen|bitte|bitten|wunsche|wunschen) (ich|wir)\b/,
  /\b(bitte (erstatten|stellen sie|beheben|stornieren|korrigieren|schalten|ubertragen|entsperren|gutschreiben|loschen|prufen|sorgen sie))\b/,
];

/** Words after which a full stop does not end a sentence (folded). */
const ABBREVIATIONS = new Set(
  'nr no n° nº z.b bzw ca evtl ggf inkl usw etc vgl dr m mme mr mrs ms st str tel art abs cf env p ex e.g i.e'.split(
    ' ',
  ),
);

/** Does the full stop at `at` end a sentence? Not after an abbreviation or a day number ("am 3. März"). */
function endsSentence(text: string, at: number): boolean {
  if (text[at] !== '.') return true;
  const before = /(\S+)$/.exec(text.slice(Math.max(0, at - 12), at))?.[1] ?? '';
  const word = before.toLowerCase().replace(/^[("«„]+/, '');
  return !ABBREVIATIONS.has(word) && !/^\d{1,2}$/.test(word);
}

/** Splits prose into sentences, keeping abbreviations like "n°", "Nr.", "z.B." inside their sentence. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n|\n(?=\s*(?:[-*•–]|\d+[.)])\s)/)) {
    const flat = paragraph.replace(/\s+/g, ' ').trim();
    if (!flat) continue;
    let start = 0;
    for (const m of flat.matchAll(/[.!?]+(?=\s+["«„]?[\p{Lu}\d])/gu)) {
      if (!endsSentence(flat, m.index)) continue;
      const end = m.index + m[0].length;
      out.push(flat.slice(start, end).trim());
      start = end;
    }
    const rest = flat.slice(start).trim();
    if (rest) out.push(rest);
  }
  return out;
}

/** Is this sentence a request or an expectation? */
export function isExpectation(sentence: string): boolean {
  const f = fold(sentence);
  return CUES.some((p) => p.test(f));
}

/** The sentences of a text that state what its writer expects, joined; null when there are none. */
export function expectationSentences(text: string): string | null {
  return askedAndTold(text).asked;
}

/**
 * A text split in one pass: `asked`, its expectation sentences joined (null when there are none), and `told`,
 * its other sentences joined (the text itself when nothing is asked).
 */
export function askedAndTold(text: string): { asked: string | null; told: string } {
  const asked: string[] = [];
  const told: string[] = [];
  for (const sentence of sentences(text)) (isExpectation(sentence) ? asked : told).push(sentence);
  return asked.length ? { asked: asked.join(' '), told: told.join(' ') } : { asked: null, told: text };
}
