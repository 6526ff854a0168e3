// How a domain name is shown to staff. A name in Unicode can imitate another one: "аpple.com" with a Cyrillic
// "а" reads as apple.com. Browsers show such names in their punycode form (xn--…); Redress shows the Unicode
// form AND the punycode form, following the same rules as Chromium's IDN display policy, in short:
// - a label may use one script, or Latin with the Chinese, Japanese or Korean scripts, never other mixtures
//   (Latin with Cyrillic or Greek is how look-alikes are made);
// - a label written entirely in Cyrillic (or Greek) letters that all look like Latin letters ("аррӏе") is a
//   whole-script look-alike, unless the top-level domain is itself in that script (.рф, .бг, .ελ);
// - invisible characters and characters that look like "/", "." or ":" are never shown without the punycode.
// The conversion itself is the WHATWG URL standard's (Node's domainToASCII / domainToUnicode).
import { domainToASCII, domainToUnicode } from 'node:url';

export interface DomainDisplay {
  /** The name in Unicode, as people read it. */
  unicode: string;
  /** The name in ASCII (punycode for the labels that need it). */
  ascii: string;
  /** True when the Unicode form may imitate another name: show the punycode form with it. */
  suspicious: boolean;
  /** What to print: the Unicode form, followed by the punycode form in brackets when suspicious. */
  text: string;
}

/** The scripts Chromium accepts together in one label (ICU's "highly restrictive" level). */
const ALLOWED_MIXES: ReadonlyArray<ReadonlySet<string>> = [
  new Set(['Latin', 'Han', 'Hiragana', 'Katakana']),
  new Set(['Latin', 'Han', 'Bopomofo']),
  new Set(['Latin', 'Han', 'Hangul']),
];

const SCRIPTS: ReadonlyArray<readonly [string, RegExp]> = [
  ['Latin', /\p{Script=Latin}/u],
  ['Cyrillic', /\p{Script=Cyrillic}/u],
  ['Greek', /\p{Script=Greek}/u],
  ['Armenian', /\p{Script=Armenian}/u],
  ['Hebrew', /\p{Script=Hebrew}/u],
  ['Arabic', /\p{Script=Arabic}/u],
  ['Georgian', /\p{Script=Georgian}/u],
  ['Cherokee', /\p{Script=Cherokee}/u],
  ['Han', /\p{Script=Han}/u],
  ['Hiragana', /\p{Script=Hiragana}/u],
  ['Katakana', /\p{Script=Katakana}/u],
  ['Bopomofo', /\p{Script=Bopomofo}/u],
  ['Hangul', /\p{Script=Hangul}/u],
  ['Thai', /\p{Script=Thai}/u],
  ['Devanagari', /\p{Script=Devanagari}/u],
  ['Ethiopic', /\p{Script=Ethiopic}/u],
];

/** Letters of a script that look like Latin letters (from Chromium's whole-script confusable lists). */
const LATIN_LOOKALIKES: Readonly<Record<string, RegExp>> = {
  Cyrillic: /^[асԁеһіјӏорԗԛѕԝхуъьҽпгѵѡ]+$/u,
  Greek: /^[αικνορτυχεβγηωζ]+$/u,
};
/** Top-level domains in those scripts, under which such labels are ordinary words. */
const OWN_TLD: Readonly<Record<string, RegExp>> = {
  Cyrillic: /^(рф|бг|бел|укр|срб|мкд|мон|рус|қаз|сайт|онлайн|орг|ком|католик|дети|москва)$/u,
  Greek: /^(ελ|ευ)$/u,
};

/** Characters never shown without the punycode: look-alikes of "/", ".", ":", "-" and invisible ones. */
const DANGEROUS =
  /\u0338|[\p{Cf}\p{Zs}\u2044\u2215\u2236\u02D0\u0589\u05C3\u05F4\u2010-\u2015\u2212\u3002\uFF0E\uFF0F\u30FB\u01C3\u0131\u0237\u0251\u0261\u1D00-\u1D2B]/u;

function scriptsOf(label: string): Set<string> {
  const found = new Set<string>();
  for (const ch of label) {
    if (/[\p{Script=Common}\p{Script=Inherited}]/u.test(ch)) continue;
    const hit = SCRIPTS.find(([, re]) => re.test(ch));
    found.add(hit ? hit[0] : 'Other');
  }
  return found;
}

function labelIsSuspicious(label: string, tld: string): boolean {
  if (/^[\x20-\x7E]*$/.test(label)) return false;
  if (DANGEROUS.test(label)) return true;
  const scripts = scriptsOf(label);
  if (scripts.size > 1 && !ALLOWED_MIXES.some((mix) => [...scripts].every((s) => mix.has(s)))) return true;
  if (scripts.size === 1) {
    const [script] = [...scripts] as [string];
    const lookalike = LATIN_LOOKALIKES[script];
    const letters = label.replace(/[\p{Script=Common}\p{Script=Inherited}]/gu, '');
    if (lookalike?.test(letters) && !OWN_TLD[script]?.test(tld)) return true;
  }
  return false;
}

/** How to show a domain name: Unicode, with its punycode form too when the Unicode form could deceive. */
export function displayDomain(domain: string): DomainDisplay {
  const ascii = domainToASCII(domain.trim());
  if (!ascii) {
    // Not a valid name: shown as written, flagged, so nobody takes it for a real one.
    const text = domain.trim();
    return { unicode: text, ascii: text, suspicious: true, text };
  }
  const unicode = domainToUnicode(ascii);
  const labels = unicode.split('.');
  const tld = labels.at(-1) ?? '';
  const suspicious = labels.some((label) => labelIsSuspicious(label, tld));
  return { unicode, ascii, suspicious, text: suspicious ? `${unicode} (${ascii})` : unicode };
}
