// What a letter may do to the record of a complainant already known (found by the e-mail address it gives, or by
// the case it quotes). Anyone can post a letter claiming to be someone: its contact details are what the sheet of
// paper says, not what the person said to us. So a letter never writes an e-mail address, a phone number or a
// postal address onto a record that exists: taken as given, a stranger quoting someone's address or reference would
// redirect where the organisation writes to that person about all their cases. The letter's postal address is
// where the case the letter opens is answered (its own facts), and where it differs from the record, staff are told
// so and decide; the record changes only by their explicit act.

/** The contact details a letter gives and the record holds. */
export interface ContactLines {
  name: string | null;
  email: string | null;
  phone: string | null;
  postalAddress: readonly (string | null)[] | null;
}

export type ContactField = 'email' | 'phone' | 'postalAddress';

export interface LetterContactVerdict {
  /** What the record gains: only a name where it had none (it routes nothing). */
  fill: { name?: string };
  /** The contact details the letter gives that the record does not hold as given (missing there, or other). */
  differs: ContactField[];
}

const fold = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim().toLowerCase();
const lines = (l: readonly (string | null)[] | null) => (l ?? []).map(fold).filter(Boolean);
/** A phone number compared by its digits and a leading plus ("+49 711 1234" is "+497111234"). */
const digits = (s: string | null) => (s ?? '').replace(/[^\d+]/g, '');

/**
 * What registering a letter does to the record of a complainant who was already on record: nothing to the ways of
 * reaching them (e-mail, phone, postal address), which are said to staff instead where the letter gives another.
 */
export function letterContactVerdict(record: ContactLines, letter: ContactLines): LetterContactVerdict {
  const differs: ContactField[] = [];
  if (letter.email && fold(letter.email) !== fold(record.email)) differs.push('email');
  if (letter.phone && digits(letter.phone) && digits(letter.phone) !== digits(record.phone))
    differs.push('phone');
  const postal = lines(letter.postalAddress);
  if (postal.length && postal.join('\n') !== lines(record.postalAddress).join('\n'))
    differs.push('postalAddress');
  const name = letter.name?.trim();
  return { fill: name && !record.name?.trim() ? { name } : {}, differs };
}

/**
 * The postal address a printed letter about a case goes to: the one the letter that opened the case gave, where it
 * gave one (the case is answered where its letter came from), else the complainant's record. Every other case of
 * the person keeps the record's address.
 */
export function caseAnswerAddress(
  record: readonly (string | null)[] | null,
  openingLetter: readonly (string | null)[] | null,
): (string | null)[] {
  const given = (openingLetter ?? []).filter((l): l is string => !!l?.trim());
  return given.length ? given : [...(record ?? [])];
}

/** A record a letter's writer may be: its name and postal address. */
export interface RecordOnFile {
  id: string;
  name: string | null;
  postalAddress: readonly (string | null)[] | null;
}

/**
 * The records whose name and postal address are the letter's (written alike: case, spacing and empty lines aside),
 * for a letter that gives no e-mail address and so opened a record of its own. Only a hint for staff: two people may
 * share a name and even an address (a family, a building's occupants), so nothing is merged, and a restriction on
 * the other record (P8.4) is not applied, until a person decides they are one.
 */
export function sameNameAndAddress<R extends RecordOnFile>(
  letter: { name: string | null; postalAddress: readonly (string | null)[] | null },
  records: readonly R[],
): R[] {
  const name = fold(letter.name);
  const address = lines(letter.postalAddress).join('\n');
  if (!name || !address) return [];
  return records.filter((r) => fold(r.name) === name && lines(r.postalAddress).join('\n') === address);
}
