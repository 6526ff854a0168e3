// What a registered letter must carry at the least. A letter that lacks some of P2's information is still
// registered and its acknowledgement asks for what is missing (P2.7); but a form with nothing in it (no scan,
// no name, no text) is not a letter: registering it would open a counted complaint "(name unknown)" about
// nothing. The same rule for every door that registers letters (the web form, the API, the command line).

export interface LetterContent {
  hasScan: boolean;
  name: string | null;
  title: string | null;
  description: string | null;
  expectations: string | null;
}

/** True when the letter carries nothing to register: no scan, no name, no title and no text. */
export function isEmptyLetter(l: LetterContent): boolean {
  const blank = (s: string | null) => !s?.trim();
  return !l.hasScan && blank(l.name) && blank(l.title) && blank(l.description) && blank(l.expectations);
}
