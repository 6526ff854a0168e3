// A person's name as they sign it. Outlook in many organisations shows people as "Surname, Given name"
// ("Dupont, Jean", "Müller, Dr. Hans"), the order of a directory, not of a signature: the reading turns it round.
// A comma that belongs to a company ("Acme, Inc.", "Dupont & Fils, SARL") or to a suffix ("Smith, Jr.") is
// not a surname's comma, and a name without a comma ("Dr. Hans Müller") is left as written.
import { fold } from './fold.ts';

/** Words after a comma that belong to a company or to a name's suffix, never a given name (folded, no dot). */
const NOT_GIVEN_NAME = new Set(
  'inc incorporated ltd limited llc llp plc corp corporation co company gmbh mbh ag kg ohg ug ev sa sas sasu sarl eurl sci scop bv nv ab oy as srl spa sl pty jr sr ii iii iv phd md esq mba ing dipl team support service services sales vertrieb kundenservice info contact compta comptabilite'.split(
    ' ',
  ),
);
/** Words that make a side of the comma a team or a company rather than a person. */
const NOT_A_PERSON =
  /\b(gmbh|sarl|sas|inc|ltd|llc|ag|kg|support|service|team|equipe|kundenservice|abteilung|department|departement|hosting|group|groupe|holding)\b/;
/** A word of a name: capitalised (any case after), a particle, or an honorific/title. */
const NAME_WORD = /^(\p{Lu}[\p{L}'’.-]*|de|du|des|d'|von|van|der|den|le|la|di|da|zu|dos|del|mc)$/u;
const TITLE = /^(dr|prof|me|mme|mlle|m|mr|mrs|ms|herr|frau|dipl|ing|med|jur|rer|nat)\.?$/i;

/**
 * "Surname, Given name" turned round ("Dupont, Jean" → "Jean Dupont", "Müller, Dr. Hans" → "Dr. Hans
 * Müller"); any other name unchanged. When the person's signature spells the same words, its spelling wins
 * ("DUPONT, Jean" signed "Jean Dupont").
 */
export function nameAsSigned(name: string, signedName: string | null = null): string {
  const parts = name.split(',');
  if (parts.length !== 2) return name;
  // A department or site that Outlook directories add in brackets: "Dupont, Jean (Lyon)".
  const surname = (parts[0] ?? '').trim();
  const given = (parts[1] ?? '').replace(/\s*[([][^)\]]{1,40}[)\]]\s*$/, '').trim();
  if (!surname || !given) return name;
  const surnameWords = surname.split(/\s+/);
  const givenWords = given.split(/\s+/);
  if (surnameWords.length > 3 || givenWords.length > 4) return name;
  const folded = fold(`${surname} ${given}`);
  if (NOT_A_PERSON.test(folded)) return name;
  if (givenWords.some((w) => NOT_GIVEN_NAME.has(fold(w).replace(/[.]/g, '')))) return name;
  if (!surnameWords.every((w) => NAME_WORD.test(w))) return name;
  if (!givenWords.every((w) => NAME_WORD.test(w) || TITLE.test(w))) return name;
  // At least one real given name after the titles.
  if (givenWords.every((w) => TITLE.test(w))) return name;
  // A title written before the surname goes in front of the whole name: "Dr. Weber, Klaus" → "Dr. Klaus Weber".
  const titles: string[] = [];
  while (surnameWords.length > 1 && TITLE.test(surnameWords[0]!)) titles.push(surnameWords.shift()!);
  const turned = [...titles, given, surnameWords.join(' ')].join(' ');
  if (signedName && sameWords(signedName, turned)) return signedName;
  return turned;
}

function sameWords(a: string, b: string): boolean {
  const words = (s: string) =>
    fold(s)
      .split(/[\s.]+/)
      .filter(Boolean)
      .sort()
      .join(' ');
  return words(a) === words(b);
}
