// What kind of message the sender says, in so many words, that they are writing (P2, P9): "ceci n'est pas une
// réclamation, juste une suggestion", "this is a suggestion, not a complaint", "dies ist keine Beschwerde,
// sondern ein Vorschlag"; or, in the suggestions mailbox, "je dépose une réclamation". Such a statement decides
// the kind; without one, the mailbox's role does. A data-protection request or an abuse report stated as such
// is of kind `other`. Only the sender's own words are read (not what they quote),
// and only their start, where people say why they write.
import type { Kind } from '../case/model.ts';
import { fold } from './fold.ts';

/** How much of the text is looked at: people say what they write at the start. */
const LOOKED_AT = 1500;

/** The words every statement below contains (any case, accents as written or not). */
const KIND_WORD =
  /suggest|r[ée]clamation|plainte|complaint|beschwerde|vorschlag|anregung|proposition|proposal|acc[eè]s|access|auskunft|rgpd|gdpr|dsgvo|abus|missbrauch|phishing/i;

/** "Not a complaint" (the sender denies complaining). */
const NOT_A_COMPLAINT =
  /\b((ce|ceci|cela|mon (message|courriel|mail|e-mail)|ce (message|courriel|mail)) n'est pas une (reclamation|plainte)|il ne s'agit pas d'une (reclamation|plainte)|(je ne|sans) (veux|souhaite|vouloir|souhaiter)? ?(pas )?(faire|deposer|porter) (une )?(reclamation|plainte)|pas une (reclamation|plainte),? (mais|juste|seulement|simplement)|(this|it|my (message|email|e-mail|mail)) (is not|isn't) (a|meant as a|intended as a) complaint|not (meant|intended) as a complaint|(this|it)'?s not a complaint|no complaint,? (just|only|merely)|not a complaint,? (but|just|only|merely)|(das|dies|es|meine nachricht|diese nachricht|diese e-?mail) ist keine beschwerde|(es|dabei) handelt sich (hierbei |dabei )?(nicht um eine|um keine) beschwerde|keine beschwerde,? (sondern|nur|lediglich|bloss)|nicht als beschwerde gemeint)/;

/**
 * A request of another kind stated in so many words: a data-protection request (access to one's data under
 * the GDPR) or an abuse report. Only statements ("this is a subject access request", "je signale un site de
 * phishing"), not a complaint that mentions such a request ("you never answered my GDPR request").
 */
const ANOTHER_KIND =
  /\b((ceci est|c'est|il s'agit d') une demande (d'acces|de droit d'acces|au titre du rgpd|rgpd)|je (souhaite |voudrais |veux )?(exercer|exerce) mon droit d'acces|(je vous adresse|je formule|je fais) une demande (d'acces|rgpd)|je (souhaite |voudrais |veux )?(vous )?signaler (un abus|un site frauduleux|un site de phishing|une tentative de phishing|du phishing|un spam)|je signale (un abus|un site frauduleux|un site de phishing|du phishing)|(this is|please treat this as) an? (subject access|data subject access|data subject|data protection|gdpr) request|i (am making|make|wish to make|would like to make|hereby make) an? (subject access|data subject access|data protection|gdpr) request|i (am writing to |would like to |want to |wish to )?report (an? )?(abuse|phishing site|phishing attempt|phishing|spam campaign)\b|(dies ist|es handelt sich um) (ein|eine) (auskunftsersuchen|auskunftsanfrage|dsgvo-anfrage|missbrauchsmeldung)|hiermit (beantrage|verlange|fordere) ich auskunft|ich (mochte|will) (ihnen )?(einen )?(missbrauch|phishing|eine phishing-seite) melden)/;

/** "A suggestion / an idea" (the sender says what they offer instead). */
const A_SUGGESTION =
  /\b((juste|simplement|seulement|une simple|une petite|petite) (une )?suggestion|(c'est|ceci est|il s'agit d'|voici) une (simple |petite )?(suggestion|idee d'amelioration|proposition d'amelioration)|je (me permets de vous |voudrais vous |souhaite vous |vous )?(faire|soumettre|proposer|suggerer) (une|quelques|deux|trois) (suggestion|suggestions|idee|idees|proposition|propositions)|(just|only|merely) (a|an) suggestion|(this is|it's|it is|here is|here's) (a|an|my) (small |little |quick )?(suggestion|proposal)|i (would like|'d like|want) to (make|offer|share|submit) (a|an|some|my) (small |quick )?(suggestion|suggestions|idea|ideas)|(nur|lediglich|bloss) (eine|ein) (kleine |kleiner )?(anregung|vorschlag|verbesserungsvorschlag)|(das|dies|es) ist (eine|ein) (kleine |kleiner )?(anregung|vorschlag|verbesserungsvorschlag)|ich (mochte|wurde gern|wurde gerne) (ihnen )?(eine|einen) (anregung|vorschlag|verbesserungsvorschlag|idee) (machen|geben|unterbreiten|mitteilen))\b/;

/** "Not (just) a suggestion" (the sender insists that they complain). */
const NOT_A_SUGGESTION =
  /\b((n'est|ce n'est|ceci n'est|il ne s'agit) pas (d'une|une|juste une|seulement une|simplement une|d'une simple|une simple) (simple )?suggestion|(is not|isn't|not) (just |merely |only |simply )?(a|an) (mere |simple )?suggestion|(ist|sind) (keine|kein|nicht nur eine|nicht nur ein|nicht bloss eine|nicht bloss ein) (blosse |blosser |einfache |einfacher )?(anregung|vorschlag|verbesserungsvorschlag))/;

/** "A complaint" stated in so many words (a complaint sent to the suggestions mailbox). */
const A_COMPLAINT =
  /\b((ceci est|c'est|il s'agit d') une (reclamation|plainte)( formelle| officielle)?\b|je (depose|formule|porte|souhaite deposer|souhaite formuler|veux deposer|tiens a deposer|vous adresse) (une|ma) (reclamation|plainte)|(this is|this email is|this message is|please treat this as) (a |an )?(formal |official )?complaint|i (wish|want|would like|am writing) to (make|file|lodge|submit|raise|register) (a|my) (formal |official )?complaint|(dies|das) ist eine (formelle |offizielle )?beschwerde|hiermit (erhebe|lege|reiche) ich (eine |meine )?(formelle |offizielle )?beschwerde|ich (mochte|will) (mich )?(eine |hiermit )?(formell |offiziell )?beschwer(de einreichen|de einlegen|en)|bitte (behandeln|betrachten) sie (dies|das|diese nachricht) als beschwerde)/;

/**
 * The kind the sender states, or null when they state none. A denial of complaining ("not a complaint") with
 * or without the word "suggestion" makes a suggestion; insisting it is "not just a suggestion", or a plain
 * statement of a complaint, makes a complaint.
 */
export function statedKind(text: string | null): Kind | null {
  if (!text) return null;
  const start = text.slice(0, LOOKED_AT);
  // Every statement names a kind: most messages name none and need no further look.
  if (!KIND_WORD.test(start)) return null;
  const folded = fold(start)
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, ' ');
  if (ANOTHER_KIND.test(folded)) return 'other';
  if (NOT_A_COMPLAINT.test(folded)) return 'suggestion';
  if (NOT_A_SUGGESTION.test(folded)) return 'complaint';
  if (A_SUGGESTION.test(folded)) return 'suggestion';
  if (A_COMPLAINT.test(folded)) return 'complaint';
  return null;
}
