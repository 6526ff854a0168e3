// Who complains (P2.1): name and e-mail address. From the headers for ordinary mail; from Reply-To and the
// form's labelled lines when the sender is a relay (a web form, a no-reply robot); from the forwarded
// header block when a colleague of the organisation forwards a customer's mail.
import { sameAddress, storedAddress } from './addresses.ts';
import { cleanDisplayName } from './display-text.ts';
import { isRobotAddress } from './form-relay.ts';
import { looksLikeName } from './letter.ts';
import type { MailAddress, ParsedMessage } from './parsed-message.ts';
import { nameAsSigned } from './person-name.ts';
import { reachesMailbox } from './recipients.ts';

export interface Complainant {
  name: string | null;
  email: string | null;
}

/** Does an address match a glob like `no-reply@*` or `*@forms.example.org` (case-insensitive)? */
export function matchesGlob(address: string, pattern: string): boolean {
  const lower = address.toLowerCase();
  // A glob is literal parts with `*` between them: matched part by part (the first at the start, the last at
  // the end, the others in order between), which costs less than a pattern for the few globs asked of every
  // message. `*` never spans a line break, as the pattern says; an address with one is left to the pattern.
  if (LINE_BREAK.test(lower)) return globPattern(pattern).test(lower);
  const parts = globParts(pattern);
  const first = parts[0]!;
  if (parts.length === 1) return lower === first;
  const last = parts[parts.length - 1]!;
  if (lower.length < first.length + last.length || !lower.startsWith(first) || !lower.endsWith(last))
    return false;
  let at = first.length;
  const end = lower.length - last.length;
  for (let i = 1; i < parts.length - 1; i++) {
    const found = lower.indexOf(parts[i]!, at);
    if (found < 0 || found + parts[i]!.length > end) return false;
    at = found + parts[i]!.length;
  }
  return true;
}

const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** The literal parts of globs between their `*`s, in lower case, kept like the patterns below. */
const GLOB_PARTS = new Map<string, readonly string[]>();
function globParts(glob: string): readonly string[] {
  let parts = GLOB_PARTS.get(glob);
  if (!parts) {
    parts = glob.toLowerCase().split('*');
    if (GLOB_PARTS.size >= 1000) GLOB_PARTS.clear();
    GLOB_PARTS.set(glob, parts);
  }
  return parts;
}

/** Compiled globs: the relay senders are few and come back with every message. */
const GLOBS = new Map<string, RegExp>();
function globPattern(glob: string): RegExp {
  let pattern = GLOBS.get(glob);
  if (!pattern) {
    const source = glob
      .toLowerCase()
      .split('*')
      .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    pattern = new RegExp(`^${source}$`);
    if (GLOBS.size >= 1000) GLOBS.clear();
    GLOBS.set(glob, pattern);
  }
  return pattern;
}

const EMAIL = /[\p{L}\p{N}._%+'-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/u;

/** An address at the start of a piece of text (see emailIn). */
const EMAIL_AT_START = new RegExp(`^${EMAIL.source}`, 'u');
const LOCAL_CHARACTER = /[\p{L}\p{N}._%+'-]/u;

/**
 * What reads as e-mail addresses in a text, each once, in order, as written, at most `most` of them (valid or
 * not: see storedAddress). Each `@` is looked at from the start of the run of address characters before it: the
 * pattern run unanchored over a long run of letters without an address would cost time growing with the square
 * of its length.
 */
function emailsIn(text: string, most: number): string[] {
  const found: string[] = [];
  const head = text.slice(0, 10_000);
  for (let at = head.indexOf('@'); at > 0 && found.length < most; at = head.indexOf('@', at + 1)) {
    let start = at;
    while (start > 0 && LOCAL_CHARACTER.test(head[start - 1] ?? '')) start--;
    if (start === at) continue;
    const m = EMAIL_AT_START.exec(head.slice(start, at + 400));
    const address = m?.[0].replace(/\.$/, '');
    if (address && !found.some((f) => f.toLowerCase() === address.toLowerCase())) found.push(address);
  }
  return found;
}

/** The first e-mail address in a text, lower case, or null (also when it is not one valid address). */
export function emailIn(text: string | null | undefined): string | null {
  return text ? storedAddress(emailsIn(text, 1)[0]) : null;
}

/**
 * Why a sender line written in a text (a forwarded header block's `From:`, a form's sender line) names no one
 * sender: it holds several addresses (`a@x.example, Victim <v@y.example>`), as a list in a real From: field
 * would. Null when it names at most one (the same address twice, as Outlook writes `a@x <a@x>`, is one).
 */
export function senderLineProblem(written: string): string | null {
  const n = emailsIn(written, 3).length;
  return n > 1 ? `the sender line holds ${n > 2 ? 'more than 2' : n} addresses, not one` : null;
}

/**
 * A display name worth keeping: not empty, not an address, quotes and stray spaces removed, no control or
 * direction characters, not longer than a name (display-text.ts).
 */
export function cleanName(name: string | null | undefined): string | null {
  const text = cleanDisplayName(name)
    ?.replace(/^["'\s]+|["'\s]+$/g, '')
    .trim();
  if (!text || text.includes('@') || !/\p{L}/u.test(text)) return null;
  return text;
}

/**
 * Reads `Jean Dupont <jean@example.fr>`, `"Dupont, Jean" [mailto:jean@example.fr]` or a bare address. Null when
 * the line names no address, or several (a list names no one sender: see senderLineProblem).
 */
export function addressOf(written: string): MailAddress | null {
  if (senderLineProblem(written)) return null;
  const address = emailIn(written);
  if (!address) return null;
  const name = cleanName(
    written
      .replace(/<[^>]*>|\[mailto:[^\]]*\]|\([^)]*@[^)]*\)/gi, '')
      .replace(EMAIL, '')
      .replace(/mailto:/gi, ''),
  );
  return { name, address };
}

export interface ComplainantSources {
  message: ParsedMessage;
  relaySenders: readonly string[];
  /** Domains of the organisation (a colleague forwarding a customer's mail writes from one of them). */
  ownDomains: readonly string[];
  /**
   * The forwarded header block's `From:` value, when the reading takes the original sender of an inline
   * forward for the complainant (reading.ts decides when).
   */
  forwardedFrom: string | null;
  labelled: {
    name: string | null;
    firstName: string | null;
    lastName: string | null;
    email: string | null;
    /** A form's sender line (`From: Jean Dupont <jean@example.fr>`). */
    sender?: string | null;
  };
  /** A name signed under the closing or in the signature. */
  signedName: string | null;
  /** The message is a web form's relay recognised by its shape (form-relay.ts), even if no glob names it. */
  formRelay?: boolean;
}

function labelledName(labelled: ComplainantSources['labelled']): string | null {
  const full = cleanName(labelled.name);
  const first = cleanName(labelled.firstName);
  const last = cleanName(labelled.lastName);
  if (first && (last || full)) return `${first} ${last ?? full}`;
  return full ?? last ?? first;
}

/** Is the sender a relay (a form, a robot) that writes for someone else? (How the message is read.) */
export function isRelay(from: MailAddress | null, relaySenders: readonly string[]): boolean {
  return from !== null && relaySenders.some((p) => matchesGlob(from.address, p));
}

/**
 * Is the sender a relay whose `Reply-To:` may be taken for the person it writes for (automatic mail goes there,
 * and the message counts as theirs)? A pattern that names a domain (`no-reply@forms.example.com`) trusts that
 * robot, as the operator chose. A pattern whose domain is `*` (the defaults: `noreply@*`, `formular@*`, …) trusts
 * only robots of the organisation's own domains: anyone can run a `noreply@` of their own and put a stranger's
 * address in `Reply-To:`, whereas mail forged from the organisation's domains is the mail server's to reject
 * (docs/deploy.md). Reading may still take such a robot's `Reply-To:` for the complainant it names (`isRelay`).
 */
export function isTrustedRelay(
  from: MailAddress | null,
  relaySenders: readonly string[],
  ownDomains: readonly string[],
): boolean {
  if (from === null) return false;
  const domain = from.address.slice(from.address.lastIndexOf('@') + 1).toLowerCase();
  return relaySenders.some(
    (p) => matchesGlob(from.address, p) && (!p.endsWith('@*') || ownDomains.includes(domain)),
  );
}

/** The From: address when it is exactly one valid address (no red flag on the field), lower case; else null. */
export function fromAddress(message: ParsedMessage): string | null {
  if (message.addressProblems.some((p) => p.field === 'from')) return null;
  return storedAddress(message.from?.address);
}

/** Is the sender one of the organisation's own addresses (a colleague)? */
export function isColleague(from: MailAddress | null, ownDomains: readonly string[]): boolean {
  const domain = from?.address.split('@')[1]?.toLowerCase();
  return domain !== undefined && ownDomains.includes(domain);
}

export function readComplainant(sources: ComplainantSources): Complainant {
  const { message, labelled } = sources;
  const signed = sources.signedName && looksLikeName(sources.signedName) ? sources.signedName : null;
  // Names as the person signs them ("Dupont, Jean" from a directory is "Jean Dupont").
  const asSigned = (name: string | null) => (name ? nameAsSigned(name, signed) : null);
  const fromLabels = asSigned(labelledName(labelled));
  const labelledEmail = emailIn(labelled.email);
  const senderLine = labelled.sender ? addressOf(labelled.sender) : null;
  if (sources.forwardedFrom) {
    const original = addressOf(sources.forwardedFrom);
    if (original)
      return {
        name: fromLabels ?? asSigned(original.name) ?? signed,
        email: labelledEmail ?? storedAddress(original.address),
      };
  }
  const from = fromAddress(message);
  if (from === null || sources.formRelay || isRelay(message.from, sources.relaySenders)) {
    const replyTo =
      message.replyTo.find((a) => !isRelay(a, sources.relaySenders) && !isRobotAddress(a)) ?? null;
    return {
      name: asSigned(cleanName(replyTo?.name)) ?? fromLabels ?? asSigned(senderLine?.name ?? null) ?? signed,
      email: storedAddress(replyTo?.address) ?? labelledEmail ?? storedAddress(senderLine?.address),
    };
  }
  return {
    name: fromLabels ?? asSigned(cleanName(message.from?.name)) ?? signed,
    email: from,
  };
}

/** Where automatic mail about a message may go, or why it may go nowhere. */
export type AutoReplyAddress =
  | { address: string; reason: null }
  | {
      address: null;
      /** `suspicious_address`: a sender field is a list, a group or not an address (a red flag). */
      reason: 'suspicious_address' | 'no_address';
    };

/** Who a message is from, as far as mail shows it, and whether automatic mail may go to them. */
export interface MessageSender {
  /**
   * The address the message verifiably comes from, as its complainant's, lower case; null when there is none.
   * The one address filing asks (a message joins a case as its complainant's words only when this is the case's
   * complainant's), a new case's complainant is found or registered by, and automatic mail may go to.
   */
  address: string | null;
  /** Where automatic mail may go: `address`, unless a sender field is a red flag; or nowhere, and why. */
  answer: AutoReplyAddress;
  /** From: is one address of the organisation's own domains (a colleague). */
  colleague: boolean;
}

/**
 * Who a message is from (DESIGN.md "Outbound mail"), the one answer filing, registration and automatic mail
 * share, so that a message is never filed by one reading of its sender and registered or answered by another.
 * The reading names a complainant (`complainantEmail`); the message verifiably comes from them only when:
 * - From: is one readable address (no red flag on the field) and the complainant's address is that From:; or
 * - From: is a trusted relay (`isTrustedRelay`: a web form writing for someone) whose one Reply-To is the
 *   complainant's address; or
 * - From: is a colleague of the organisation's own domains, who forwards a customer's message (reading.ts takes
 *   the original's sender only when its From: line names one address) or writes their own.
 * Any other address the reading found (a Reply-To of an ordinary sender or of a relay nobody trusts, a line of
 * the body, an address read when From: itself could not be) could be anyone's: the message is then nobody's own
 * words and nobody is written to. A Sender: field and the envelope sender name the sending system, not the
 * person, and choose nothing. A red flag on any sender field (a list, a group, a look-alike, not an address)
 * does not change who sent it, but nothing is written to them automatically: a person looks first.
 *
 * An address of Redress itself (`ownAddresses`: a mailbox it receives at, the address it sends from) is nobody's:
 * mail from there is the organisation's own (its mail coming back, a colleague writing from the shared mailbox),
 * and answering it would be Redress writing to itself, with every later text of the case going there too.
 */
export function messageSender(
  message: ParsedMessage,
  complainantEmail: string | null,
  context: {
    relaySenders: readonly string[];
    ownDomains: readonly string[];
    /** Redress's own addresses (ownAddressesOf in config-values.ts), in any case, with any sub-address. */
    ownAddresses?: readonly string[];
  },
): MessageSender {
  const from = fromAddress(message);
  const email = storedAddress(complainantEmail);
  const colleague = from !== null && isColleague(message.from, context.ownDomains);
  let address: string | null = null;
  if (from !== null && email !== null) {
    if (colleague) address = email;
    else if (isTrustedRelay(message.from, context.relaySenders, context.ownDomains)) {
      const replyTo = message.replyTo.length === 1 ? message.replyTo[0]! : null;
      if (replyTo && !isRelay(replyTo, context.relaySenders) && storedAddress(replyTo.address) === email)
        address = email;
    } else if (email === from) address = email;
  }
  const found = address;
  if (found !== null && context.ownAddresses?.some((a) => reachesMailbox(found, a))) address = null;
  const answer: AutoReplyAddress =
    message.addressProblems.length > 0
      ? { address: null, reason: 'suspicious_address' }
      : address !== null
        ? { address, reason: null }
        : { address: null, reason: 'no_address' };
  return { address, answer, colleague };
}

/**
 * May automatic mail about a message go to the complainant record it is filed for? Such mail goes to the record's
 * address on file, so only when that is the very address the message may be answered at (the same one however its
 * domain is written: `x@münchen.de` on file is `x@xn--mnchen-3ya.de`'s mailbox): a record kept in a merge
 * holds the person's other address, and the message came from the one merged into it (or the message is a
 * colleague's on someone's case). Then a person answers.
 */
export function answersOnFile(sender: MessageSender, onFile: string | null | undefined): boolean {
  return sender.answer.address !== null && sameAddress(onFile, sender.answer.address);
}
