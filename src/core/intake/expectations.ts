// What the complainant expects (P2.5) when no label says it: the sentences that ask for something
// ("je demande…", "I would like…", "Ich erwarte…"), including requests put as questions ("Pourriez-vous…?",
// "Could you please…?", "Können Sie…?"), polite forms ("je vous serais reconnaissant de…", "Ich wäre Ihnen
// dankbar…"), wishes, needs and hopes ("Ich hätte gerne…", "I need a…", "J’espère une…") and imperatives of what is
// asked ("Remboursez-moi…", "Sorgen Sie dafür…"). Not a question that only asks for information or says something
// ("Avez-vous reçu…?", "How could you…?", "Est-il possible que…?"). The cues are read on folded text, so a
// typographic apostrophe (`j’attends`) reads as the plain one.
import { fold } from './fold.ts';

/** The verbs of the French imperative cue (the one cue that names no pronoun nor other key word). */
const FRENCH_IMPERATIVES =
  'remboursez|retablissez|corrigez|reparez|annulez|resiliez|supprimez|debloquez|reactivez|restaurez|renouvelez|rappelez|recontactez|envoyez|renvoyez|transferez|verifiez|reglez|traitez|faites|donnez|indiquez|expliquez|confirmez|rendez|remettez|reouvrez|rouvrez|arretez|cessez|modifiez|changez';

/**
 * The cues of each language. Each cue names one of its language's key words (LANGUAGES below) as a whole word:
 * a new cue that names none adds it there.
 */
const FRENCH_CUES = [
  /\b(je|nous) (vous )?(demande|demandons|souhaite|souhaitons|souhaiterais|souhaiterions|voudrais|voudrions|veux|voulons|exige|exigeons|reclame|reclamons|sollicite|sollicitons|aimerais|aimerions|attends|attendons)\b/,
  /\b(j'attends|j'exige|j'aimerais|j'ai besoin|nous attendons)\b/,
  /\b(je vous prie de|nous vous prions de)\b/,
  /\bil (faudrait|faut) que vous\b/,
  // "Je compte sur vous pour…", "J’espère une réponse rapide" (not "j’espère que vous allez bien").
  /\b(je compte|nous comptons) sur vous pour\b/,
  /\b(j'espere|nous esperons) (une|un|des|votre|vos|recevoir|obtenir|etre|pouvoir)\b/,
  // An imperative of what is asked, not a question: "Remboursez-moi", "Rétablissez le site." (a list of verbs:
  // advertising speaks in imperatives too, "Profitez de…", "Découvrez…").
  new RegExp(`^(${FRENCH_IMPERATIVES})(-(moi|nous|le|la|les|lui))?\\b(?![^?]*\\?$)`),
  // A request put as a question or a polite form: "Pourriez-vous…", "Serait-il possible de…", "je vous serais
  // reconnaissant de…". Not "Pouvez-vous imaginer…" (said, not asked).
  /(^|[,;:] |\b(et|alors|donc|aussi|sinon) )(pourriez|pouvez|pourrais|pourrions|voudriez|auriez)[- ]vous (?!(imaginer|croire|comprendre que)\b)/,
  /(^|[,;:] |\b(et|alors|donc) )(serait-il|est-il|serait il|est il) possible (de|d')/,
  /\best-ce que vous (pourriez|pouvez|pourrez)\b/,
  /\b(je|nous) vous (serais|serions|saurais|saurions) (tres )?(reconnaissante?s?|gre)\b/,
  /\b(je vous remercie|nous vous remercions) de bien vouloir\b/,
  /\bmerci de (bien vouloir )?(?!(votre|vos|ta|ton|tes|leur|leurs|cette|ce|mon|ma|mes|la|le|les|l'|un|une|des)\b)(m'|me |nous |l'|le |la |les )?\p{L}+(er|ir|re)\b/u,
  // "merci de le remettre en ligne", "merci de les rembourser": le, les, lui, leur before a verb are pronouns
  // ("merci de la réponse", "merci de l'aide" thank for a thing, so la and l' are left to the pattern above).
  /\bmerci de (bien vouloir )?(le|les|lui|leur) \p{L}+(er|ir|re)\b/u,
  /\bveuillez (?!(agreer|trouver|recevoir|croire|noter|excuser|m'excuser|nous excuser)\b)\p{L}/u,
];
const ENGLISH_CUES = [
  /\b(i|we) (would like|'d like|want|expect|ask|am asking|are asking|request|demand|require|need you to|insist)\b/,
  /\b(i'd like|we'd like|i expect)\b/,
  /\b(i|we) need (a|an|the|my|our|you|it|this|them)\b/,
  /\b(i|we) (hope|trust) (you (can|will|could)|to (get|receive|have|hear))\b/,
  /(^|[,;:] )(please|kindly) (?!(find|see|note|be advised|excuse|forgive|do not hesitate|don't hesitate|feel free|let me know if you need)\b)\p{L}/u,
  // A request put as a question: "Could you please…", "Would it be possible to…". Not "How could you…" nor
  // "Can you imagine…" (said, not asked).
  /(^|[,;:] |\b(and|so|also|then|please|kindly) )(could|can|would|will) you (?!(imagine|believe|guess|see how)\b)\p{L}/u,
  /(^|[,;:] |\b(and|so|also|then) )(would|is) it (be )?possible (to|for)\b/,
  /\b(i|we)( would|'d) (be (very |most )?grateful|appreciate it) if you\b/,
  /\b(i|we)( would|'d) appreciate (a|an|your|it)\b/,
];
const GERMAN_CUES = [
  /\b(ich|wir) (erwarte|erwarten|bitte|bitten|mochte|mochten|fordere|fordern|verlange|verlangen|wunsche|wunschen|ersuche|ersuchen)\b/,
  /\b(erwarte|erwarten|mochte|mochten|fordere|fordern|verlange|verlangen|bitte|bitten|wunsche|wunschen) (ich|wir)\b/,
  /\b(bitte (erstatten|stellen sie|beheben|stornieren|korrigieren|schalten|ubertragen|entsperren|gutschreiben|loschen|prufen|sorgen sie))\b/,
  // "Bitte teilen Sie mir mit…": an imperative of politeness, whatever the verb.
  /^bitte (?!(beachten|entschuldigen|verzeihen|haben)\b)\p{L}+ sie\b/u,
  // A request put as a question or a polite form: "Können Sie…", "Wäre es möglich…", "Ich wäre Ihnen dankbar,
  // wenn…". Not "Können Sie sich vorstellen…" (said, not asked).
  /(^|[,;:] |\b(und|also|dann|bitte) )(konnen|konnten|wurden) sie (?!(sich (das )?vorstellen)\b)\p{L}/u,
  /(^|[,;:] |\b(und|also|dann) )(ware|ist) es (bitte )?moglich\b(?!,? dass)/,
  /\b(ich|wir) (ware|waren) (ihnen|euch|dir) (sehr )?dankbar\b/,
  // "Ich hätte gerne…", "Ich will mein Geld zurück", "Wir brauchen…".
  /\b(ich|wir) (hatte|hatten) (sehr )?gerne?\b/,
  /\b(ich|wir) (will|wollen|brauche|brauchen)\b/,
  /\b(ich|wir) (hoffe|hoffen) auf\b/,
  // An imperative of what is asked, not a question: "Sorgen Sie dafür…", "Erstatten Sie mir…" (a list of verbs:
  // advertising speaks in imperatives too, "Sichern Sie sich…", "Entdecken Sie…").
  /^(erstatten|sorgen|stellen|beheben|stornieren|korrigieren|schalten|ubertragen|entsperren|reaktivieren|loschen|prufen|uberprufen|senden|schicken|rufen|teilen|geben|kundigen|andern|reparieren|erklaren|bestatigen|uberweisen|schreiben|nennen|veranlassen|kummern|stoppen|beenden) sie (?!sich vor)(?![^?]*\?$)/,
];
const CUES = [...FRENCH_CUES, ...ENGLISH_CUES, ...GERMAN_CUES];

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
  const word = before.toLowerCase().replace(/^[("«„“‘‚‹]+/, '');
  return !ABBREVIATIONS.has(word) && !/^\d{1,2}$/.test(word);
}

const PARAGRAPH_BREAK = /\n\s*\n|\n(?=\s*(?:[-*•–]|\d+[.)])\s)/;
/** White space other than one plain space between two other characters. */
const OTHER_SPACING = /[^\S ]| \s/;
/**
 * The end of a sentence: a whole run of `.`, `!` and `?` (never from inside one: tried from each mark of a long
 * run, the pattern ran to its end each time, in time growing with the square of its length), then a capital.
 */
const SENTENCE_END = /(?<![.!?])[.!?]+(?=\s+["«„“‘‚‹]?[\p{Lu}\d])/gu;

/** Splits prose into sentences, keeping abbreviations like "n°", "Nr.", "z.B." inside their sentence. */
export function sentences(text: string): string[] {
  const out: string[] = [];
  for (const paragraph of text.split(PARAGRAPH_BREAK)) {
    // Runs of white space as one space: only a paragraph with another space than a single one needs the pattern.
    const flat = (OTHER_SPACING.test(paragraph) ? paragraph.replace(/\s+/g, ' ') : paragraph).trim();
    if (!flat) continue;
    let start = 0;
    // (One pattern walked with exec: matchAll would copy it for every paragraph.)
    SENTENCE_END.lastIndex = 0;
    for (let m = SENTENCE_END.exec(flat); m; m = SENTENCE_END.exec(flat)) {
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

/**
 * Cues as one pattern: one pass over a sentence instead of one per cue. Only whether it matches is asked, so its
 * groups capture nothing (the cues have no back-references, nor parentheses in brackets or escaped): a pattern
 * that records what its groups matched runs slower.
 */
function anyOf(cues: readonly RegExp[]): RegExp {
  return new RegExp(cues.map((c) => `(?:${c.source.replace(/(?<!\\)\((?!\?)/g, '(?:')})`).join('|'), 'u');
}

const ANY_CUE = anyOf(CUES);

/**
 * Per language, words of which every cue of that language has at least one as a whole word (a pronoun, `merci`,
 * `possible`, `bitte`, the verbs of the French imperative), and its cues as one pattern. A sentence with none of
 * a language's words matches none of its cues, and the pattern of words says so sooner than the cues (most
 * sentences of a message ask nothing); a sentence is asked only the cues of the languages whose words it has,
 * mostly one, a third of all the cues.
 */
const LANGUAGES = [
  { words: `je|nous|j|vous|possible|merci|veuillez|${FRENCH_IMPERATIVES}`, cues: FRENCH_CUES },
  { words: 'i|we|please|kindly|you|possible', cues: ENGLISH_CUES },
  { words: 'ich|wir|bitte|sie|moglich', cues: GERMAN_CUES },
].map(({ words, cues }) => ({ words: new RegExp(`\\b(?:${words})\\b`), cues: anyOf(cues) }));

/** Is this sentence a request or an expectation? */
export function isExpectation(sentence: string): boolean {
  const folded = fold(sentence);
  for (const language of LANGUAGES)
    if (language.words.test(folded) && language.cues.test(folded)) return true;
  return false;
}

/** isExpectation read by the cues alone: the reference for the key words' shortcut. */
export function isExpectationByCues(sentence: string): boolean {
  return ANY_CUE.test(fold(sentence));
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
