// E-mail addresses as Redress may keep and use them (DESIGN.md "Outbound mail"). A complainant has exactly one
// address, and every outbound item exactly one recipient: whatever a header, a form or an old row says, an
// address is used only when it is one plain `local@domain` (an addr-spec), so that no list, group, comment or
// stray separator can turn one acknowledgement into mail to many people.
//
// Also the key a complainant is matched by (addressKey: one person however the domain is written), and the
// normalised form that limits on automatic mail count by: `Victim@Example.org`, `victim+1@example.org`
// and `victim+2@EXAMPLE.ORG` reach the same mailbox, so they share one count.
import { domainToASCII, domainToUnicode } from 'node:url';

/** RFC 5321: a path is at most 256 octets with its angle brackets, so an address at most 254. */
export const MAX_ADDRESS_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;

/** RFC 5322 `atext`, and letters, marks and digits of any script (RFC 6532, internationalised addresses). */
const ATEXT = "A-Za-z0-9!#$%&'*+/=?^_`{|}~\\p{L}\\p{M}\\p{N}\\-";
/**
 * A local part as mail systems deliver it: `atext` and dots, starting with `atext`. RFC 5322's dot-atom allows no
 * two dots in a row and no dot before the `@`, but real mailboxes have them (`taro..yamada@`, `alerts.@`: Japanese
 * mobile carriers handed such addresses out for years) and real servers deliver to them; RFC 5321 writes such a
 * local part quoted on the wire (`"taro..yamada"@`), as nodemailer and Postfix do, and it is the same mailbox.
 */
const LOCAL = new RegExp(`^[${ATEXT}][${ATEXT}.]*$`, 'u');
/** RFC 5322's own dot-atom: a local part that needs no quotes on the wire. */
const DOT_ATOM = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`, 'u');
/**
 * A quoted local part (`"j..doe"@`) is taken when what is inside the quotes is a local part of the same rule: the
 * quotes then change nothing (`"j..doe"@x` and `j..doe@x` are one mailbox), and the address is kept without them.
 * Anything else a quoted string may hold (a space, a comma, `<`, `@`, a backslash, a quote) is never needed by a
 * person, and each is a way to smuggle a separator past a mail library.
 */
const QUOTED = /^"([^"\\]*)"$/;

/**
 * A label of a domain in its ASCII (punycode) form: 1 to 63 of a–z, 0–9 and `-`, not at either end (as
 * `/^(?!-)[a-z0-9-]{1,63}(?<!-)$/` reads it; looked at by hand, as every address read asks it).
 */
function isLabel(label: string): boolean {
  const n = label.length;
  if (n < 1 || n > 63 || label.charCodeAt(0) === 0x2d || label.charCodeAt(n - 1) === 0x2d) return false;
  for (let i = 0; i < n; i++) {
    const c = label.charCodeAt(i);
    if (!((c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x2d)) return false;
  }
  return true;
}
/** A top-level domain: letters, or an internationalised one in punycode. */
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;

/** A domain that needs no conversion to ASCII (see asciiDomain). */
const PLAIN_DOMAIN = /^[A-Za-z0-9.-]+$/;
const PUNYCODE = /xn--/i;

/** The ASCII form of a domain, lower case, or null when it is not a host name with at least two labels. */
export function asciiDomain(domain: string): string | null {
  if (!domain || domain.length > 253 || domain.startsWith('[')) return null;
  // A domain of ASCII letters, digits, dots and hyphens with no punycode label is its own ASCII form in lower
  // case: the conversion (a call into the URL library, on every address read) is only needed for the others.
  const ascii =
    PLAIN_DOMAIN.test(domain) && !PUNYCODE.test(domain)
      ? domain.toLowerCase()
      : domainToASCII(domain.normalize('NFC')).toLowerCase();
  if (!ascii || ascii.length > 253) return null;
  const labels = ascii.split('.');
  if (labels.length < 2) return null;
  if (!labels.every(isLabel)) return null;
  return TLD.test(labels[labels.length - 1]!) ? ascii : null;
}

/** What a domain beyond ASCII may be written with: letters, marks and digits of any script, hyphens and dots. */
const DOMAIN_TEXT = /^[\p{L}\p{M}\p{N}.-]+$/u;
/** Printable ASCII only: no look-alike or invisible character can be in it (the common address). */
const PRINTABLE_ASCII = /^[\x21-\x7e]*$/;
/**
 * Characters that show nothing (zero-width space and joiners, soft hyphen, direction marks, variation selectors,
 * the byte-order mark: Unicode's default-ignorable code points), and other format and control characters.
 */
const INVISIBLE = /[\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}]/u;

/**
 * Is an address with characters beyond ASCII written as mail systems write it, so that what is kept is what is
 * shown and what limits count? Not when it holds a character that shows nothing (`x@client.example` with a
 * zero-width space is another string that looks the same), or a compatibility character that normalisation
 * (NFKC) turns into another one (a full-width `ｃ`, a ligature `ﬁ`), or a domain that is not the Unicode form of
 * its own ASCII form (IDNA maps an ideographic full stop to a dot, upper case and full-width letters to plain
 * ones, and drops what shows nothing: `x@ｃlient.example` reaches client.example). Such an address is no one's
 * address as written: it is refused, and no automatic mail goes to it (a person decides). Refusing rather than
 * mapping keeps one rule for every door and for what is stored, shown and counted.
 */
function writtenAsMailSystemsDo(local: string, domain: string): boolean {
  const whole = `${local}@${domain}`;
  if (INVISIBLE.test(whole)) return false;
  if (whole.normalize('NFKC') !== whole.normalize('NFC')) return false;
  if (PRINTABLE_ASCII.test(domain)) return true;
  // Internationalised domain names are letters, marks and digits (IDNA 2008); the URL library's conversion also
  // lets some symbols through (a turned digit `↊`, arrows), which no registry hands out.
  if (!DOMAIN_TEXT.test(domain)) return false;
  const ascii = asciiDomain(domain);
  return ascii !== null && domainToUnicode(ascii) === domain.normalize('NFC').toLowerCase();
}

/** The one address in `value` as its parts, the local part without needless quotes; null when it is not one. */
function oneAddress(value: unknown): { local: string; domain: string } | null {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ADDRESS_LENGTH) return null;
  const at = value.lastIndexOf('@');
  if (at <= 0) return null;
  const written = value.slice(0, at);
  const quoted = QUOTED.exec(written);
  const local = quoted ? quoted[1]! : written;
  if (!LOCAL.test(local)) return null;
  // As it goes on the wire (in quotes unless it is a dot-atom), within RFC 5321's limits.
  const wire = DOT_ATOM.test(local) ? local.length : local.length + 2;
  const domain = value.slice(at + 1);
  if (wire > MAX_LOCAL_LENGTH || wire + 1 + domain.length > MAX_ADDRESS_LENGTH) return null;
  // An encoded word (RFC 2047) is never part of an address: `=?utf-8?Q?a@x` came out of a display name.
  if (local.startsWith('=?')) return null;
  if (asciiDomain(domain) === null) return null;
  if (!PRINTABLE_ASCII.test(local) || !PRINTABLE_ASCII.test(domain))
    if (!writtenAsMailSystemsDo(local, domain)) return null;
  return { local, domain };
}

/**
 * Is this exactly one address Redress may keep and write to: `local@domain`, nothing else (no comma, semicolon,
 * white space, angle brackets, control characters, address literal like `[127.0.0.1]`, quotes but around a whole
 * local part that needs none of the characters above: LOCAL, QUOTED), at most 254 characters, with a domain that is
 * a host name, and no character that shows nothing or stands for another (writtenAsMailSystemsDo)? The one rule of
 * every door, of what is stored, of what limits count, and of the outbox, which sends to nothing else.
 */
export function isOneAddress(value: unknown): boolean {
  return oneAddress(value) !== null;
}

/**
 * The one address in `value` as it is kept and written to: as given, without the quotes around a local part that
 * needs none to be one address (`"j..doe"@x` → `j..doe@x`, the same mailbox); null when it is not one address.
 */
export function canonicalAddress(value: unknown): string | null {
  const one = oneAddress(value);
  return one ? `${one.local}@${one.domain}` : null;
}

/**
 * The address as Redress stores it: trimmed, lower case (mailboxes are case-insensitive in practice) and without
 * needless quotes (canonicalAddress), or null.
 */
export function storedAddress(value: string | null | undefined): string | null {
  // The reading of one message asks this of the same few addresses several times (the sender's, for the
  // complainant, the forwarder, the relay checks): the last ones asked are remembered.
  if (!value) return null;
  for (let i = 0; i < STORED_REMEMBERED; i++) if (storedAsked[i] === value) return storedAnswers[i] ?? null;
  const answer = canonicalAddress(value.trim().normalize('NFC').toLowerCase());
  storedAsked[storedNext] = value;
  storedAnswers[storedNext] = answer;
  storedNext = (storedNext + 1) % STORED_REMEMBERED;
  return answer;
}

/** The addresses storedAddress was asked of lately, and what it answered. */
const STORED_REMEMBERED = 4;
const storedAsked: (string | undefined)[] = new Array(STORED_REMEMBERED);
const storedAnswers: (string | null)[] = new Array(STORED_REMEMBERED);
let storedNext = 0;

/**
 * The key a complainant is matched by: the address as stored (storedAddress: trimmed, NFC, lower case, local part
 * included, as Redress has always compared addresses), with its domain in its ASCII form. A domain can be written
 * in Unicode (`münchen.de`) or in its ASCII form (`xn--mnchen-3ya.de`), in any case: both reach the same mailbox,
 * so both are one person, and writing the domain the other way must not make a second complainant with no
 * history, no restriction and fresh limits. Only the domain's form is folded: a sub-address (`x+tag@`) or the dots
 * of a Gmail local part may be a person's way to tell mail apart and stay theirs (the limits on automatic mail
 * still count them as one mailbox, normalisedAddress). What is shown and written to is the address as stored
 * (what the person wrote); this key is only compared.
 *
 * Text that is not one valid address today (an older record's, say) keeps the key it always had, its trimmed
 * lower case, so that it still finds its record; null only for nothing.
 */
export function addressKey(value: string | null | undefined): string | null {
  const stored = storedAddress(value);
  if (stored === null) return value?.trim().normalize('NFC').toLowerCase() || null;
  const at = stored.lastIndexOf('@');
  const domain = stored.slice(at + 1);
  // The common address is already its own key: only a domain beyond ASCII needs converting.
  if (PLAIN_DOMAIN.test(domain)) return stored;
  return `${stored.slice(0, at)}@${asciiDomain(domain)}`;
}

/** Do two addresses name the same complainant (addressKey)? False when either is missing. */
export function sameAddress(a: string | null | undefined, b: string | null | undefined): boolean {
  const key = addressKey(a);
  return key !== null && key === addressKey(b);
}

/**
 * Do two addresses reach the same mailbox (normalisedAddress: case, sub-address, Gmail's dots, the domain's form)?
 * False when either is not one address. Not identity (sameAddress): what a restriction on a mailbox holds for.
 */
export function sameMailbox(a: string | null | undefined, b: string | null | undefined): boolean {
  const mailbox = normalisedAddress(a);
  return mailbox !== null && mailbox === normalisedAddress(b);
}

/**
 * The forms one address may have been written down in, lower case: as given, its key (domain in ASCII) and with
 * its domain in Unicode. For looking up columns that keep addresses as they came and have no key of their own (the
 * sender of a message in the inbox), so that a message from `x@xn--mnchen-3ya.de` is found for `x@münchen.de`.
 */
export function addressForms(value: string | null | undefined): string[] {
  const key = addressKey(value);
  if (key === null) return [];
  const forms = new Set([value!.trim().normalize('NFC').toLowerCase(), key]);
  // The intake asks this of every sender (complainants.repo.ts addressLookup): a domain of plain ASCII with no
  // punycode label is its own Unicode form, and needs no call into the URL library.
  const keyDomain = key.slice(key.lastIndexOf('@') + 1);
  if (PLAIN_DOMAIN.test(keyDomain) && !PUNYCODE.test(keyDomain)) return [...forms];
  if (storedAddress(key) !== null) {
    const at = key.lastIndexOf('@');
    const unicode = domainToUnicode(key.slice(at + 1));
    if (unicode) forms.add(`${key.slice(0, at)}@${unicode}`);
  }
  return [...forms];
}

/** Domains where dots in the local part are ignored and the other name is an alias. */
const DOTLESS = new Map([
  ['gmail.com', 'gmail.com'],
  ['googlemail.com', 'gmail.com'],
]);

/**
 * The mailbox an address reaches, as limits count it: lower case, the sub-address tag removed from the local
 * part (`victim+tag` → `victim`), the domain in its ASCII form, and for Gmail the dots of the local part removed
 * (Gmail ignores them). Null when it is not one valid address.
 */
export function normalisedAddress(value: string | null | undefined): string | null {
  // The complainant's key, folded further: one mailbox, however the person tags it.
  if (storedAddress(value) === null) return null;
  const key = addressKey(value)!;
  const at = key.lastIndexOf('@');
  let local = key.slice(0, at);
  let domain = key.slice(at + 1);
  const plus = local.indexOf('+');
  // A local part that starts with "+" has no name before its tag: it stays as it is.
  if (plus > 0) local = local.slice(0, plus);
  const alias = DOTLESS.get(domain);
  if (alias) {
    domain = alias;
    local = local.replaceAll('.', '') || local;
  }
  return `${local}@${domain}`;
}
