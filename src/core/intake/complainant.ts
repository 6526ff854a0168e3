// Who complains (P2.1): name and e-mail address. From the headers for ordinary mail; from Reply-To and the
// form's labelled lines when the sender is a relay (a web form, a no-reply robot); from the forwarded
// header block when a colleague of the organisation forwards a customer's mail.
import { looksLikeName } from './letter.ts';
import type { MailAddress, ParsedMessage } from './parsed-message.ts';

export interface Complainant {
  name: string | null;
  email: string | null;
}

/** Does an address match a glob like `no-reply@*` or `*@forms.example.org` (case-insensitive)? */
export function matchesGlob(address: string, pattern: string): boolean {
  return globPattern(pattern).test(address.toLowerCase());
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

/** The first e-mail address in a text, lower case, or null. */
export function emailIn(text: string | null | undefined): string | null {
  const m = text ? EMAIL.exec(text) : null;
  return m ? m[0].toLowerCase().replace(/\.$/, '') : null;
}

/** A display name worth keeping: not empty, not an address, quotes and stray spaces removed. */
export function cleanName(name: string | null | undefined): string | null {
  if (!name) return null;
  const text = name
    .replace(/^["'\s]+|["'\s]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!text || text.includes('@') || !/\p{L}/u.test(text)) return null;
  return text;
}

/** Reads `Jean Dupont <jean@example.fr>`, `"Dupont, Jean" [mailto:jean@example.fr]` or a bare address. */
export function addressOf(written: string): MailAddress | null {
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
  /** The forwarded header block's `From:` value, when a colleague forwarded the message. */
  forwardedFrom: string | null;
  labelled: { name: string | null; firstName: string | null; lastName: string | null; email: string | null };
  /** A name signed under the closing or in the signature. */
  signedName: string | null;
}

function labelledName(labelled: ComplainantSources['labelled']): string | null {
  const full = cleanName(labelled.name);
  const first = cleanName(labelled.firstName);
  const last = cleanName(labelled.lastName);
  if (first && (last || full)) return `${first} ${last ?? full}`;
  return full ?? last ?? first;
}

/** Is the sender a relay (a form, a robot) that writes for someone else? */
export function isRelay(from: MailAddress | null, relaySenders: readonly string[]): boolean {
  return from !== null && relaySenders.some((p) => matchesGlob(from.address, p));
}

/** Is the sender one of the organisation's own addresses (a colleague)? */
export function isColleague(from: MailAddress | null, ownDomains: readonly string[]): boolean {
  const domain = from?.address.split('@')[1]?.toLowerCase();
  return domain !== undefined && ownDomains.includes(domain);
}

export function readComplainant(sources: ComplainantSources): Complainant {
  const { message, labelled } = sources;
  const fromLabels = labelledName(labelled);
  const labelledEmail = emailIn(labelled.email);
  const signed = sources.signedName && looksLikeName(sources.signedName) ? sources.signedName : null;
  if (sources.forwardedFrom && isColleague(message.from, sources.ownDomains)) {
    const original = addressOf(sources.forwardedFrom);
    if (original)
      return {
        name: fromLabels ?? original.name ?? signed,
        email: labelledEmail ?? original.address.toLowerCase(),
      };
  }
  if (message.from === null || isRelay(message.from, sources.relaySenders)) {
    const replyTo = message.replyTo.find((a) => !isRelay(a, sources.relaySenders)) ?? null;
    return {
      name: cleanName(replyTo?.name) ?? fromLabels ?? signed,
      email: replyTo?.address.toLowerCase() ?? labelledEmail,
    };
  }
  return {
    name: fromLabels ?? cleanName(message.from.name) ?? signed,
    email: message.from.address.toLowerCase() || labelledEmail,
  };
}
