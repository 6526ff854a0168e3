// What the complainant expects (P2.5) when no label says it: the sentences that ask for something
// ("je demande…", "I would like…", "Ich erwarte…").
import { fold } from './fold.ts';

const CUES = [
  // French
  /\b(je|nous) (vous )?(demande|demandons|souhaite|souhaitons|voudrais|voudrions|exige|exigeons|reclame|reclamons|sollicite|sollicitons|aimerais|aimerions|attends|attendons)\b/,
  /\b(j'attends|j'exige|j'aimerais|j'ai besoin|nous attendons)\b/,
  /\b(je vous prie de|nous vous prions de|merci de (bien vouloir )?(me|nous|proceder|rembourser|retablir|corriger|annuler|resilier|rectifier|faire|prendre|transferer|restaurer|supprimer|debloquer|reactiver|verifier|m'indiquer|m'envoyer|me faire|nous faire)|veuillez (me|nous|proceder|rembourser|retablir|corriger|annuler|resilier|rectifier|transferer|restaurer|debloquer|reactiver))\b/,
  // English
  /\b(i|we) (would like|'d like|want|expect|ask|am asking|are asking|request|demand|require|need you to|insist)\b/,
  /\b(i'd like|we'd like|i expect|please (refund|restore|credit|cancel|fix|reactivate|transfer|reimburse|correct|unblock|release|remove|make sure|ensure|confirm|compensate|reverse|waive))\b/,
  /\b(kindly (refund|restore|credit|cancel|fix|reactivate|transfer|reimburse|correct|unblock|release))\b/,
  // German
  /\b(ich|wir) (erwarte|erwarten|bitte|bitten|mochte|mochten|fordere|fordern|verlange|verlangen|wunsche|wunschen|ersuche|ersuchen)\b/,
  /\b(erwarte|erwarten|mochte|mochten|fordere|fordern|verlange|verlangen|bitte|bitten|wunsche|wunschen) (ich|wir)\b/,
  /\b(bitte (erstatten|stellen sie|beheben|stornieren|korrigieren|schalten|ubertragen|entsperren|gutschreiben|loschen|prufen|sorgen sie))\b/,
];

/** Splits prose into sentences, keeping abbreviations like "n°", "Nr.", "z.B." inside their sentence. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(/\n\s*\n|\n(?=\s*(?:[-*•–]|\d+[.)])\s)/)) {
    const flat = paragraph.replace(/\s+/g, ' ').trim();
    if (!flat) continue;
    const parts = flat.split(
      /(?<=(?<!\b(?:nr|no|n°|z\.b|bzw|ca|evtl|ggf|inkl|usw|etc|vgl|dr|m|mme|mr|mrs|ms|st|str|tel|art|abs)|\b\d{1,2})[.!?])\s+(?=[\p{Lu}\d"«„])/iu,
    );
    for (const p of parts) if (p.trim()) out.push(p.trim());
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
  const found = sentences(text).filter(isExpectation);
  return found.length ? found.join(' ') : null;
}
