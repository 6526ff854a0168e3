// Support ticket numbers (P2.2) as people and ticket systems write them, in French, German and English:
// - after a word that names a ticket: "ticket n° 123456", "Ticket-Nr. 123456", "ticket #1234", "Ticketnummer:
//   123456", "ma demande n° 123456", "dossier n° 123456", "réf. 123456", "référence 123456", "Vorgang 123456",
//   "Vorgangsnummer 123456", "Aktenzeichen 123456", "Ihr Zeichen 123456", "Anfrage-Nr. 123456", "incident n°
//   123456", "case number 123456", "request #123456", "for reference: 123456", "Zur Referenz: 123456", and with
//   words between ("ticket number for reference: 123456", "Ticket, for reference, 123456"); not the writer's own
//   file number ("unser Zeichen", "our ref.", "notre réf.");
// - before the word: "n° de ticket : 123456", "numéro du dossier 123456", "number of my ticket 123456";
// - several at once: "tickets 123456 et 123457", "Tickets #1, #2 und #3", and after a plural with words between
//   ("two tickets about this, 123456 and 123457", "les numéros : - 123456 - 123457");
// - in a subject, the tag a ticket system puts there: "[Ticket#2026120412345678]", "[#12345]", "(Ticket 123)",
//   "[Support #4821]", "[Helpdesk - Ticket ID: 998877]", and with letters: "[INC-2026-AB12]", "[#AB-1234]",
//   "[Ticket INC0012345]" (a bare key only in a ticket system's shape, not a month or quarter with its year, nor
//   the number of an invoice, an order or a customer, by its prefix or the word before the tag);
// - in the body, a number of the series of the subject's ticket (same length, within a hundredth of it): a
//   ticket system numbers its tickets in a series, and a person who names one in the subject lists others bare.
// Numbers: 5 to 16 digits after a word (3 or more after `#` or inside a subject tag; 4 in a labelled field),
// never part of a date, an amount or a version number; or, after a word or in a labelled field, letters and
// digits as other ticket systems write them ("INC-2026-AB12", "#A1B2C3", "Vorgang 12-XY-345"), reported in upper
// case. Invoice, order and customer numbers are not tickets, nor our own case references (reading.ts).

import { REFERENCE_NUMBER } from '../case/reference.ts';
import { fold } from './fold.ts';
import { linesOf } from './text-lines.ts';

/**
 * A ticket number of letters and digits (folded: lower case), as ticket systems other than a bare counter write
 * them: "INC-2026-AB12", "A1B2C3", "12-XY-345". At least one letter and one digit, in groups of letters and
 * digits joined by hyphens, not followed by another letter or digit; `isTicketToken` then asks for three digits,
 * and that it is not a number with a unit or an ordinal ("1000euros", "3rd").
 */
const MIXED = String.raw`((?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9]{1,20}(?:-[a-z0-9]{1,20}){0,5})(?![\p{L}\p{N}])(?!-[\p{L}\p{N}])`;

/** Is a token read by MIXED a ticket: three digits or more, not a number followed by letters only? */
function isTicketToken(token: string): boolean {
  let digits = 0;
  for (let i = 0; i < token.length; i++) {
    const c = token.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) digits++;
  }
  // (Nor a time of day, "10h30".)
  return digits >= 3 && !/^\d+[a-z]+$/.test(token) && !/^\d{1,2}h\d{2}$/.test(token) && token.length <= 40;
}

/** A ticket number as it is reported: digits as written, letters in upper case (ticket systems ignore case). */
function reported(token: string): string {
  return /[a-z]/.test(token) ? token.toUpperCase() : token;
}

/**
 * A number after a cue: `#` and 3 digits or more, or a MIXED token, or 5 to 16 digits; not followed by more digits, nor by `.5`
 * (a date, a version), nor by a currency or a unit ("je demande 50000 €", "j’ai demandé 10000 fois", "50000 Mo").
 */
const NUMBER = String.raw`\s*(?:#\s*(\d{3,16}(?![\p{L}-])|${MIXED})|(\d{5,16})|${MIXED})(?![\d])(?![.,/]\d)(?!\s*(?:€|\$|£|%|(?:eur|euros?|usd|chf|gbp|dollars?|fois|times|mal|mo|go|gb|mb|ko|kb|tb|km)\b))`;
/** What may stand between a cue and its number. */
const FILLER = String.raw`(?:\s*(?:n°|nº|no\.?|nr\.?|num(?:ero|ber)?\.?|nummer|id|ref\.?|reference|is|est|lautet|lauten|:|\(|\)|-|,|for (?:your )?reference|pour (?:votre )?reference|pour memoire|zur (?:referenz|information)|zur kenntnis)\s*)*`;
/** How numbers of a list are joined. */
const LIST_JOIN = String.raw`\s*(?:,|;|/|\+|&|-|\*|•|et|and|und|ou|or|oder|sowie|as well as|ainsi que)\s*(?:(?:n°|nº|no\.?|nr\.?|ticket|#)\s*)?`;

/** Words that name a ticket (folded), one or several. */
const CUE = String.raw`(?:(?:support[- ]?)?tickets?(?:-?(?:nummer|nr\.?|no\.?|number|id))?|ticketnummer|demandes?|dossiers?|requetes?|ref\.|ref\b|references?|referenz|vorgang|vorgange|vorgangs-?(?:nummer|nr\.?)|aktenzeichen|az\.|ihr zeichen|anfrage-?(?:nummer|nr\.?)|(?:case|request|incident|reference)\s*(?:number|no\.?|n°|nº|nr\.?|#|id))`;

// The three patterns below are sticky: they are tried only where a word that may start one of them begins
// (WORD_START), which is much cheaper than trying them at every position of a long text.

/** A cue followed by one or more numbers. */
const AFTER_CUE = new RegExp(
  String.raw`${CUE}(?![\p{L}])${FILLER}${NUMBER}((?:${LIST_JOIN}${NUMBER})*)`,
  'uy',
);
/** "n° de ticket 123456", "numéro du dossier : 123456", "number of my ticket 123456". */
const BEFORE_CUE = new RegExp(
  String.raw`(?:n°|nº|no|numero|number|nummer|reference)\s+(?:de|du|of|des)?\s*(?:mon|ma|notre|votre|the|my|our|your)?\s*(?:support[- ]?)?(?:ticket|demande|dossier)(?![\p{L}])${FILLER}${NUMBER}((?:${LIST_JOIN}${NUMBER})*)`,
  'uy',
);
/**
 * A plural cue, then a few words (no sentence end, no digit), then at least two numbers: "two tickets about this,
 * 123456 and 123457", "Zu den Vorgängen 550011 und 550012", "les autres numéros : - 482977 - 483001".
 */
const PLURAL_THEN_LIST = new RegExp(
  String.raw`(?:tickets|demandes|dossiers|vorgange[n]?|numeros|nummern|numbers|references|referenzen)(?![\p{L}])[^\d.!?]{0,60}?${NUMBER}((?:${LIST_JOIN}${NUMBER})+)`,
  'uy',
);
/** Where one of the patterns above may start: the start of a word that begins like one of their first words. */
const WORD_START =
  /(?:support|ticket|demande|dossier|requete|ref|vorgang|aktenzeichen|az\.|ihr |anfrage|case|request|incident|n°|nº|no(?=[.\s:#])|numero|number|nummer)/g;
const LISTED = new RegExp(NUMBER, 'gu');
/**
 * Words around a plural that make its numbers something else than tickets ("order numbers", "les numéros de
 * commande", "Rechnungsnummern"), looked for just before the plural and between it and the first number.
 */
const OTHER_NUMBERS =
  /(?:order|invoice|customer|account|phone|commande|facture|client|telephone|bestell|rechnung|kunden|telefon)/;

/**
 * A ticket system's tag in a subject: a bracket, an optional label, a `#`, `:` or space, the number, the
 * closing bracket. Taken when the label names a ticket or a helpdesk, or when a `#` marks the number.
 */
const SUBJECT_TAG =
  /[[(]\s*([\p{L}][\p{L}\s.'-]{0,40}?)?\s*(?:n°|nº|no\.?|nr\.?|id)?\s*(#{1,2}|:)?\s*(?:n°|nº)?\s*(\d{3,20})\s*#{0,2}\s*[\])]/gu;
const TAG_LABEL =
  /(?<![\p{L}])(?:tickets?|ticket-?id|support|helpdesk|service ?desk|hotline|demande|dossier|requete|ref|reference|vorgang|anfrage|case|request|incident|otrs|zammad|znuny|rt)(?![\p{L}])/u;
/**
 * A subject tag whose number has letters ("[INC-2026-AB12]", "[#AB-1234]", "[Ticket INC0012345]"): an optional
 * label, then `#`, `:` or nothing, then one MIXED token alone up to the closing bracket. Tried where SUBJECT_TAG
 * (digits only) took no ticket ("[SR-123456]" reads there as an unknown label "sr-" before digits);
 * `mixedTagTicket` decides whether the token is a ticket.
 */
const SUBJECT_TAG_MIXED =
  /[[(]\s*([\p{L}][\p{L}\s.'-]{0,40}?)?\s*(?:(?:n°|nº|no\.?|nr\.?|id)\s*)?(#{1,2}|:)?\s*(?<![\p{L}\p{N}-])((?=[a-z0-9-]*\d)(?=[a-z0-9-]*[a-z])[a-z0-9]{1,20}(?:-[a-z0-9]{1,20}){0,5})\s*[\])]/gu;
/**
 * The bare key of a ticket system, without a label or `#`: a prefix of two to eight letters, then digits or
 * hyphen-joined groups ("INC-2026-AB12", "SR-123456", "INC0012345", "REQ-4521").
 */
const TICKET_KEY = /^[a-z]{2,8}(?:-[a-z0-9]{1,20}){1,5}$|^[a-z]{2,5}\d{4,16}$/;
/** A case reference of ours, in the lower case tokens are read in: never a ticket. */
const OUR_REFERENCE = new RegExp(String.raw`^[a-z]{1,10}-\d{4}-${REFERENCE_NUMBER}$`);
/**
 * Prefixes of keys that number something else (invoices, orders, customers, contracts: "[INV-2026-0042]",
 * "[RE-2026-00123]" a German Rechnung, "[CMD-2026-AB12]" a commande), or an amount ("[EUR-1500]").
 */
const OTHER_KEY_PREFIX =
  /^(?:inv|invoice|re|rg|rech|rechnung|fa|fac|fact|facture|cmd|commande|order|ord|po|so|bestell|best|ab|kd|kdnr|kunde|cust|customer|client|cli|contrat|contract|vertrag|ctr|iban|tel|fax|iso|din|rfc|eur|usd|chf|gbp)-?(?=\d|-)/;
/** Words just before a tag that make its number something else ("Commande [CMD-2026-AB12]", "Rechnung (RE-…)"). */
const OTHER_BEFORE_TAG =
  /(?<![\p{L}])(?:client|customer|kunde|kunden|kundennummer|facture|invoice|rechnung|commande|order|bestellung|contrat|contract|vertrag)\s*(?:n°|nº|no\.?|nr\.?|:|#)?\s*$/u;

/** Is the letters-and-digits token of a subject tag a ticket (see SUBJECT_TAG_MIXED)? */
function mixedTagTicket(label: string, mark: string, token: string, before: string): boolean {
  if (!isTicketToken(token) || NOT_A_TICKET.test(label)) return false;
  if (TAG_LABEL.test(label)) return true;
  if (OTHER_BEFORE_TAG.test(before)) return false;
  if (mark.includes('#')) return !label;
  // A bare key: no label, a ticket system's shape, not a month or quarter with its year ("[Q4-2026]",
  // "[DEC-2026]"), not in the shape of a case reference of ours ("[RC-2026-000123]": the configured prefixes are
  // not known here, and a reply quoting our reference names its case, not a ticket), not the number of an
  // invoice, an order or a customer.
  return (
    !label &&
    !mark &&
    TICKET_KEY.test(token) &&
    !/^[a-z0-9]{1,9}-(?:19|20)\d\d$/.test(token) &&
    !OUR_REFERENCE.test(token) &&
    !OTHER_KEY_PREFIX.test(token)
  );
}

/** Labels of other numbers: an invoice, an order, a customer. */
const NOT_A_TICKET =
  /(?<![\p{L}])(?:client|customer|kunde|kunden|kundennummer|facture|invoice|rechnung|commande|order|bestellung|contrat|contract|vertrag|piece|pieces|anhang|anhange|attachment|attachments)(?![\p{L}])/u;

/** Words before a number that make it something else than a ticket (checked on the folded text before it). */
const OTHER_NUMBER_BEFORE =
  /(?:tel|tel\.|telephone|phone|fax|mobile|portable|handy|telefon|iban|bic|siret|siren|tva|ust|code postal|postleitzahl|plz|zip|client|customer|kunden-?(?:nummer|nr\.?)?|facture|invoice|rechnung|commande|order|bestellung|montant|amount|betrag)\s*(?:n°|no\.?|nr\.?|:|#)?\s*$/;

interface Found {
  at: number;
  value: string;
}

/** The number NUMBER matched (its groups start at `first`), reported, or null when it is no ticket. */
function numberOf(m: RegExpMatchArray, first: number): string | null {
  const value = m[first] ?? m[first + 1] ?? m[first + 2] ?? m[first + 3];
  if (!value) return null;
  return /[a-z]/.test(value) ? (isTicketToken(value) ? reported(value) : null) : value;
}

function push(found: Found[], at: number, m: RegExpMatchArray, first: number, rest: number): void {
  const value = numberOf(m, first);
  if (value) found.push({ at, value });
  let offset = 1;
  for (const more of (m[rest] ?? '').matchAll(LISTED)) {
    const v = numberOf(more, 1);
    if (v) found.push({ at: at + offset++, value: v });
  }
}

const LETTER = /\p{L}/u;
/** The words before a reference that make it the writer's own ("our ref.", "notre réf.", "unsere Referenz"). */
const OWN_REFERENCE = /(?:^|[^\p{L}])(?:our|notre|nos|unsere?)\s$/u;
/** Three digits, together or apart ("A1B2C3"): every ticket has them. */
const THREE_DIGITS = /\d\D*\d\D*\d/;

const PATTERNS = [AFTER_CUE, BEFORE_CUE, PLURAL_THEN_LIST] as const;

/** The ticket numbers of a folded text, with their positions. */
function foundIn(folded: string): Found[] {
  const found: Found[] = [];
  // Where the last match of each pattern that was taken ends. A list may name its cue again before each number
  // ("Ticket #1, Ticket #2, …", LIST_JOIN): a match at such a cue, inside the list already read, would read the
  // same numbers to the same end, so it is not tried. Trying it cost a pass over the rest of the list for each
  // of its numbers: time growing with the square of the list's length.
  const readUntil = [0, 0, 0];
  WORD_START.lastIndex = 0;
  for (let w = WORD_START.exec(folded); w; w = WORD_START.exec(folded)) {
    const at = w.index;
    if (at > 0 && LETTER.test(folded[at - 1] ?? '')) continue;
    for (let p = 0; p < PATTERNS.length; p++) {
      const pattern = PATTERNS[p]!;
      if (at < readUntil[p]!) continue;
      pattern.lastIndex = at;
      const m = pattern.exec(folded);
      // "order numbers 12345 and 12346", "Rechnungsnummern …": other numbers.
      if (
        m &&
        pattern === PLURAL_THEN_LIST &&
        OTHER_NUMBERS.test(folded.slice(Math.max(0, at - 25), at) + m[0].slice(0, m[0].search(/\d/)))
      )
        continue;
      // "Our ref. 1234567", "notre référence …": the writer's own file number, not a ticket of ours.
      if (m && OWN_REFERENCE.test(folded.slice(Math.max(0, at - 8), at)) && /^ref/.test(m[0])) continue;
      if (m) {
        push(found, at, m, 1, 5);
        readUntil[p] = at + m[0].length;
      }
    }
  }
  return found;
}

/** The ticket numbers in a text, in order of appearance, each once. */
export function findTicketRefs(text: string): string[] {
  const found = foundIn(fold(text.slice(0, 200_000)));
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.value))];
}

/** The ticket numbers of a subject's ticket-system tags ("[Ticket#123456]", "[#12345]", "(Ticket 123)"). */
export function subjectTags(subject: string): string[] {
  const folded = fold(subject.slice(0, 2000));
  const out: { at: number; value: string }[] = [];
  const tagged = new Set<number>();
  for (const m of folded.matchAll(SUBJECT_TAG)) {
    const label = m[1] ?? '';
    if (NOT_A_TICKET.test(label)) continue;
    if (!m[2]?.includes('#') && !TAG_LABEL.test(label)) continue;
    // Digits that a letter runs into ("[Ticket INC0012345]") are the end of a key of letters and digits,
    // read whole below; not after "Nr", "No" or "ID" ("[Ticket Nr123]").
    const digitsAt = m[0].search(/\d/);
    const head = m[0].slice(0, digitsAt);
    if (/\p{L}$/u.test(head) && !/(?:^|[^\p{L}])(?:nr|no|id)$/u.test(head)) continue;
    if (m[3]) out.push({ at: m.index, value: m[3] });
    tagged.add(m.index);
  }
  if (/[a-z]\W*\d|\d\W*[a-z]/.test(folded))
    for (const m of folded.matchAll(SUBJECT_TAG_MIXED)) {
      if (tagged.has(m.index)) continue;
      const label = (m[1] ?? '').trim();
      const token = m[3] ?? '';
      const before = folded.slice(Math.max(0, m.index - 30), m.index);
      if (mixedTagTicket(label, m[2] ?? '', token, before)) out.push({ at: m.index, value: reported(token) });
    }
  out.sort((a, b) => a.at - b.at);
  return out.map((t) => t.value);
}

const ALL_DIGITS = /^\d+$/;

/**
 * Are two numbers of one ticket system's series: the same number of digits, and close enough that they differ
 * only in their last digits (less than a hundredth of the size of the numbers apart: 482913 and 483001,
 * 2026120410000123 and 2026120410000456)?
 */
function sameSeries(ticket: string, other: string): boolean {
  if (ticket.length !== other.length || ticket === other || ticket.startsWith('0') !== other.startsWith('0'))
    return false;
  // Only numbers are compared: a ticket with letters ("INC-2026-AB12", or a digit mistyped as a letter) has no
  // series to be close to.
  if (!ALL_DIGITS.test(ticket) || !ALL_DIGITS.test(other)) return false;
  const distance = BigInt(ticket) - BigInt(other);
  return (distance < 0n ? -distance : distance) < 10n ** BigInt(ticket.length - 2);
}

/**
 * Numbers in the body of the series of a ticket named in the subject (6 digits or more, see sameSeries),
 * standing alone (not in a date, a phone number or an amount).
 */
function sameShape(body: string, subjectTickets: readonly string[]): Found[] {
  const shapes = subjectTickets.filter((t) => t.length >= 6);
  if (shapes.length === 0) return [];
  const found: Found[] = [];
  for (const m of body.matchAll(
    /(?<![\d.,/+-])\d{6,20}(?![\d])(?![.,/-]\d)(?!\s*(?:€|\$|£|%|eur\b|euros?\b))/g,
  )) {
    const n = m[0];
    if (!shapes.some((t) => sameSeries(t, n))) continue;
    if (OTHER_NUMBER_BEFORE.test(body.slice(Math.max(0, m.index - 30), m.index))) continue;
    found.push({ at: m.index, value: n });
  }
  return found;
}

/**
 * The ticket numbers of a message: its subject (phrasings and ticket-system tags), then its text, then the
 * values of labelled ticket fields, each once.
 */
export function readTicketRefs(subject: string, text: string, labelledValues: readonly string[]): string[] {
  const inSubject = THREE_DIGITS.test(subject) ? [...subjectTags(subject), ...findTicketRefs(subject)] : [];
  // Every ticket has three digits or more: a text without them is settled without folding it.
  const source = text.slice(0, 200_000);
  // (The folding of the text's shared lines, text-lines.ts: the rules before have folded most of them.)
  const folded = THREE_DIGITS.test(source) ? linesOf(source).foldedText() : '';
  const inText = foundIn(folded);
  inText.push(...sameShape(folded, inSubject));
  inText.sort((a, b) => a.at - b.at);
  return [
    ...new Set([...inSubject, ...inText.map((f) => f.value), ...labelledValues.flatMap(ticketsInValue)]),
  ];
}

/**
 * The ticket numbers in a labelled ticket value ("123456", "#123456, #123457", "Nr. 123456 und 123457"): those of
 * its first sentence, not the invoice or customer numbers a longer value goes on to name.
 */
export function ticketsInValue(value: string): string[] {
  const firstSentence = value.split(/[.!?](?=\s+\p{L})/u)[0] ?? '';
  // Numbers of letters and digits ("7QK-55012"): their digits are not a number of their own.
  const mixed: { at: number; value: string }[] = [];
  const folded = fold(firstSentence);
  if (/[a-z]/.test(folded) && /\d/.test(folded))
    for (const m of folded.matchAll(MIXED_ALONE)) {
      const token = m[1] ?? '';
      if (/[a-z]/.test(token) && isTicketToken(token)) mixed.push({ at: m.index, value: reported(token) });
    }
  const found: { at: number; value: string }[] = [];
  for (const m of firstSentence.matchAll(/(?<!\d)(\d{4,16})(?!\d)(?![.,/]\d)/g)) {
    const before = fold(firstSentence.slice(Math.max(0, m.index - 30), m.index));
    if (mixed.length && partOfMixed(firstSentence, m.index, m[1] ?? '', mixed)) continue;
    if (m[1] && !OTHER_NUMBER_BEFORE.test(before)) found.push({ at: m.index, value: m[1] });
  }
  found.push(...mixed);
  found.sort((a, b) => a.at - b.at);
  return [...new Set(found.map((f) => f.value))];
}

/** Are the digits at `at` part of one of the numbers of letters and digits (a letter or a hyphen joins them)? */
function partOfMixed(text: string, at: number, digits: string, mixed: readonly { value: string }[]): boolean {
  const before = text[at - 1] ?? '';
  const after = text[at + digits.length] ?? '';
  const joined = /[\p{L}-]/u.test(before) || /[\p{L}-]/u.test(after);
  return joined && mixed.some((t) => t.value.includes(digits));
}

/** A MIXED token standing alone in a labelled value. */
const MIXED_ALONE = new RegExp(String.raw`(?<![\p{L}\p{N}-])${MIXED}`, 'gu');

const TYPED_MIXED = new RegExp(`^${MIXED}$`, 'u');

/**
 * A ticket number typed in a field of its own (the public form, the API, a letter registered by staff), in the form
 * the mail reading reports it, or null when it is none: the doors take what a complainant could have written in an
 * e-mail, so a number refused on the form ("[Ticket#2026120412345678]" of an OTRS system, "INC-2026-AB12") is
 * never one the mail door keeps. A leading `#` is how people write it; our own case references are not tickets.
 */
export function typedTicketNumber(typed: string): string | null {
  const token = typed.trim().replace(/^#\s*/, '').toLowerCase();
  if (/^\d{3,16}$/.test(token)) return token;
  if (!TYPED_MIXED.test(token) || !isTicketToken(token) || OUR_REFERENCE.test(token)) return null;
  return reported(token);
}
