// The courtesies around a letter's content: the greeting ("Bonjour,", "Sehr geehrte Damen und Herren,",
// "Dear Sir or Madam,"), the closing ("Cordialement", "Mit freundlichen Grüßen", "Kind regards") and the
// name signed under it. What is left is the content a clerk reads as the complaint.
import { fold } from './fold.ts';
import { linesOf } from './text-lines.ts';

const GREETING =
  /^(bonjour|bonsoir|madame|monsieur|mesdames|messieurs|cher|chere|chers|cheres|salut|a qui de droit|hello|hi|hey|dear|good (morning|afternoon|evening)|to whom it may concern|greetings|sehr geehrte|sehr geehrter|guten (tag|morgen|abend)|hallo|liebe|lieber|moin|servus|gruss gott|gruezi)\b/;

const CLOSING =
  /^(bien |tres |tres sincerement |sincerement )?(cordialement|salutations|sinceres salutations|meilleures salutations|salutations distinguees|mes salutations|bien a vous|a bientot|merci d'avance|merci par avance|merci beaucoup|merci bien|merci|en vous remerciant|bonne soiree|bonne fin de journee|belle journee|bonne semaine|all the best|thanks a lot|schone grusse|dans l'attente de votre (reponse|retour)|bonne journee|best regards|kind regards|warm regards|regards|best wishes|best|sincerely|yours sincerely|yours faithfully|yours truly|thanks|thank you|many thanks|cheers|mit freundlichen grussen|mit freundlichem gruss|freundliche grusse|freundlichen gruss|viele grusse|beste grusse|liebe grusse|herzliche grusse|gruss|grusse|mfg|vielen dank|danke|besten dank|hochachtungsvoll)(,? (pour votre|for your|fur ihre|fur ihr) (aide|retour|reponse|comprehension|attention|help|time|attention|understanding|hilfe|muhe|antwort|ruckmeldung|bemuhungen|verstandnis)|,? (im voraus|in advance|d'avance|par avance)|,? (et|and|und) .{1,25})?$/;

const FORMAL_CLOSING =
  /^(veuillez agreer|je vous prie d'agreer|je vous prie de croire|recevez,? (madame|monsieur)|nous vous prions d'agreer|dans l'attente de votre (reponse|retour)|in erwartung ihrer|i look forward to (hearing|your))/;

const COMPANY = /\b(gmbh|sarl|sas|sa|ag|kg|ug|ltd|llc|inc|eurl|e\.k\.|ohg|plc|co)\b\.?/i;
const NAME_WORD = /^(\p{Lu}[\p{L}'’.-]*|de|du|des|von|van|der|den|le|la|di|da|zu|dos|del|mc)$/u;

/** A line that looks like a person's name: two to four words, capitalised, no digits, not a company. */
export function looksLikeName(line: string): boolean {
  const text = line.trim().replace(/[,.]$/, '');
  if (!text || text.length > 60 || /\d|@|:/.test(text) || COMPANY.test(text)) return false;
  const words = text.split(/\s+/);
  if (words.length < 2 || words.length > 4) return false;
  if (!words.every((w) => NAME_WORD.test(w))) return false;
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w));
  return capitalised.length >= 2 && !isClosing(text) && !GREETING.test(fold(text));
}

function wordCount(s: string): number {
  return s.split(/\s+/).filter(Boolean).length;
}

/** Is this folded line a greeting alone ("Bonjour,", "Dear Sir or Madam,")? */
export function isFoldedGreeting(f: string): boolean {
  return GREETING.test(f) && f.length <= 70 && (wordCount(f) <= 6 || /[,!:]$/.test(f));
}

/**
 * The text after a greeting that opens the same line ("Bonjour, merci de rembourser …", "Hello team, please …",
 * "Guten Tag Herr Weber, bitte …"), its first letter in capitals; null when the line does not open so. The
 * greeting is the words before the first comma or exclamation mark, at most six of them; what follows has three
 * words or more.
 */
export function afterGreeting(line: string): string | null {
  let rest = line;
  // Two greetings may follow each other ("Madame, Monsieur, je vous écris …").
  for (let greetings = 0; greetings < 2; greetings++) {
    const cut = rest.search(/[,!]/);
    if (cut < 0 || cut > 60) break;
    const greeting = rest.slice(0, cut);
    if (wordCount(greeting) > 6 || !GREETING.test(fold(greeting))) break;
    rest = rest.slice(cut + 1).trim();
  }
  // Three words at least: "Bonjour, Madame" or "Hello, everyone!" are greetings whole.
  if (rest === line || wordCount(rest) < 3 || !/\p{L}/u.test(rest)) return null;
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}

/** Is this line a closing formula ("Cordialement", "Mit freundlichen Grüßen", "Kind regards")? */
export function isClosing(line: string): boolean {
  return isFoldedClosing(fold(line));
}

/** isClosing of a line already folded. */
export function isFoldedClosing(folded: string): boolean {
  const f = withoutTrailingPunctuation(folded);
  return FORMAL_CLOSING.test(f) || CLOSING.test(f);
}

/** The text without the white space, commas, full stops and exclamation marks that end it. */
export function withoutTrailingPunctuation(text: string): string {
  // By hand rather than a pattern anchored at the end, which is tried from every position of the text.
  let end = text.length;
  while (end > 0) {
    const c = text.charCodeAt(end - 1);
    const spaceOrMark =
      c === 0x20 ||
      c === 0x2c ||
      c === 0x2e ||
      c === 0x21 ||
      (c < 0x80 ? c >= 0x09 && c <= 0x0d : /\s/.test(text.charAt(end - 1)));
    if (!spaceOrMark) break;
    end--;
  }
  return end === text.length ? text : text.slice(0, end);
}

export interface Letter {
  /** The content, greeting and closing removed; null when nothing is left. */
  content: string;
  /** The name signed under the closing, when it looks like a name. */
  signedName: string | null;
}

/** Removes the greeting and the closing (with everything under it) and reads the signed name. */
export function readLetter(text: string): Letter {
  // The text's shared lines (text-lines.ts), copied: the greeting below may change or remove one.
  const model = linesOf(text);
  const lines = model.raw.slice();
  // Where the greeting changed a line (its index), or removed one (the lines from there moved up by one).
  let changed = -1;
  let removed = -1;
  // The greeting: one of the first three non-empty lines (a repeated subject may come first).
  let seen = 0;
  for (let i = 0; i < lines.length && seen < 3; i++) {
    if (model.blank(i)) continue;
    seen++;
    // A request written on the greeting line: the greeting goes, the request stays.
    const rest = afterGreeting(lines[i] ?? '');
    if (rest) {
      lines[i] = rest;
      changed = i;
      break;
    }
    if (isFoldedGreeting(model.folded(i))) {
      lines.splice(i, 1);
      removed = i;
      break;
    }
  }
  /** Line i of `lines`, folded: the shared folding, unless the greeting changed that line. */
  const foldedAt = (i: number): string =>
    i === changed ? fold(lines[i] ?? '') : model.folded(removed >= 0 && i >= removed ? i + 1 : i);
  let start = 0;
  while (start < lines.length && (lines[start] ?? '').trim() === '') start++;
  // nonEmptyAfter[i]: the non-empty lines after line i (counted once, from the end).
  const nonEmptyAfter = new Array<number>(lines.length).fill(0);
  for (let i = lines.length - 2; i >= 0; i--)
    nonEmptyAfter[i] = (nonEmptyAfter[i + 1] ?? 0) + ((lines[i + 1] ?? '').trim() ? 1 : 0);
  let end = lines.length;
  let signedName: string | null = null;
  for (let i = start; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.trim() || (nonEmptyAfter[i] ?? 0) > 8) continue;
    const sameLine = /^([^,]{2,40}),\s*(.+)$/.exec(line.trim());
    if (
      isFoldedClosing(foldedAt(i)) ||
      (sameLine && isClosing(sameLine[1] ?? '') && looksLikeName(sameLine[2] ?? ''))
    ) {
      end = i;
      if (sameLine && looksLikeName(sameLine[2] ?? '')) signedName = (sameLine[2] ?? '').trim();
      else {
        const next = lines.slice(i + 1).find((l) => l.trim());
        if (next && looksLikeName(next)) signedName = next.trim().replace(/[,.]$/, '');
      }
      break;
    }
  }
  if (end === lines.length) {
    const block = signOffBlock(lines, start);
    if (block) {
      end = block.at;
      signedName = block.name;
    }
  }
  return { content: lines.slice(start, end).join('\n').trim(), signedName };
}

/** A signature line of contact details: a phone number, an e-mail address, a web address, their labels. */
const CONTACT_DETAILS =
  /@|www\.|https?:\/\/|\+?\d[\d ()./-]{6,}\d|(?<![\p{L}])(tel|tél|fax|phone|mobile?|mobil|telefon|handy)(?![\p{L}])/iu;

/**
 * A name signed without a closing formula: the last paragraph, at most three short lines without sentence
 * punctuation, starting with a name ("Marie Martin", "Sophie Garnier / Crêperie Sophie") or a first name ("Anne");
 * or up to six such lines when they give contact details (name, company, phone, web address).
 */
export function signOffBlock(
  lines: readonly string[],
  start: number,
): { at: number; name: string | null } | null {
  let last = lines.length - 1;
  while (last >= start && !(lines[last] ?? '').trim()) last--;
  let first = last;
  while (first > start && (lines[first - 1] ?? '').trim()) first--;
  if (first <= start || last < first || last - first > 5) return null;
  const block = lines.slice(first, last + 1).map((l) => l.trim());
  if (block.some((l) => l.length > 50 || /[.!?:;]$/.test(l))) return null;
  const contact = block.length > 3 || block.some((l) => /@/.test(l));
  if (contact && !(block.length <= 6 && block.slice(1).some((l) => CONTACT_DETAILS.test(l)))) return null;
  const head = block[0] ?? '';
  if (looksLikeName(head)) return { at: first, name: head.replace(/[,.]$/, '') };
  if (/^\p{Lu}[\p{Ll}'’-]{1,19}$/u.test(head) && !isClosing(head)) return { at: first, name: null };
  return null;
}

const BULLET = /^\s*([-*•–]|\d+[.)])\s+/;
/** White space other than one plain space between two other characters. */
const OTHER_SPACING = /[^\S ]| \s/;

/** Prose for a person: hard-wrapped lines of a paragraph joined, paragraphs separated by a blank line. */
export function toProse(text: string): string {
  const paragraphs: string[] = [];
  let current: string[] = [];
  const flush = () => {
    if (current.length) paragraphs.push(current.join('\n'));
    current = [];
  };
  for (const raw of text.split('\n')) {
    // Runs of white space as one space: only lines that have another space than a single one need the pattern.
    const line = (OTHER_SPACING.test(raw) ? raw.replace(/\s+/g, ' ') : raw).trim();
    if (!line) {
      flush();
      continue;
    }
    if (current.length && !BULLET.test(line)) current[current.length - 1] += ` ${line}`;
    else current.push(line);
  }
  flush();
  return paragraphs.join('\n\n');
}
