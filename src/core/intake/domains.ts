// Domain names (P2.3) as written in a message: subdomains kept, Unicode, lower case, each checked against the
// ICANN section of the public suffix list (tldts). What is not a domain:
// - the domain part of an e-mail address (`jean@example.fr`) and a token glued to `@`;
// - a file name or a path (`facture.pdf`, `/var/www/index.php`, `docs/readme.md`): a token directly after
//   `/` or `\` that is not the host of a URL;
// - a version or a date (`version 2.4.1`, `12.03.2026`): the last label must be letters (or `xn--`);
// - a name whose suffix is also a common file extension (`.zip`, `.mov`, `.py`, `.sh`, `.md`, `.pl`, `.rs`, …),
//   unless it is written as a URL (`https://…`), starts with `www.`, has three labels or more, stands in a
//   labelled domain field, or follows a word that announces a domain ("domaine", "Domain", "site", "website");
// - the organisation's own domains (its mailbox addresses).
import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import { isSpace } from './characters.ts';

const FILE_EXTENSION_SUFFIXES = new Set([
  'zip',
  'mov',
  'py',
  'sh',
  'md',
  'pl',
  'rs',
  'ps',
  'ai',
  'cc',
  'pm',
  'ms',
  'so',
  'pub',
  'cs',
  'rb',
  'js',
  'ts',
  'doc',
  'csv',
  'mp',
  'tv',
  'gz',
  'bz',
]);

const CANDIDATE =
  /(?<scheme>\b(?:https?|ftp):\/\/(?:[^\s/@]+@)?)?(?<host>(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.)+(?:\p{L}[\p{L}-]{0,61}\p{L}|xn--[a-z0-9-]{1,59}))\.?(?![\p{L}\p{N}@-]|\.[\p{L}\p{N}])/giu;

const DOMAIN_CUE =
  /(?:domaine|domaines|domain|domains|domainname|site|website|webseite|homepage|internetseite|url|adresse)\s*(?:[:=]|est|is|ist|lautet|\(|")?\s*$/i;

export interface DomainOptions {
  /** Domains never reported (the organisation's own), lower case, Unicode. */
  excluded?: readonly string[];
  /** The text is the value of a labelled domain field: file-extension suffixes are accepted. */
  labelled?: boolean;
}

/** The domain written as `host`, in Unicode lower case, or null when it is not a registrable name. */
export function normaliseDomain(host: string): string | null {
  const ascii = host.toLowerCase().replace(/\.$/, '');
  const unicode = ascii.includes('xn--') ? domainToUnicode(ascii) : ascii;
  if (!unicode) return null;
  const info = parse(unicode, { allowPrivateDomains: false, extractHostname: false });
  if (!info.isIcann || info.isIp || !info.domain || !info.publicSuffix) return null;
  return unicode.normalize('NFC');
}

/**
 * The candidates of `source`, as CANDIDATE finds them over the whole text, with their index in `source`.
 * A candidate contains no white space and at least one dot followed by a letter (the top-level label's
 * first), and what CANDIDATE looks at around it (`\b` before the scheme, the lookahead after the host) reads
 * white space as it reads the text's start or end. So the pattern runs only over the words (runs without
 * white space) that have such a dot, which is much cheaper than trying it at every position of the text.
 */
function candidates(source: string): { index: number; host: string; scheme: string }[] {
  const found: { index: number; host: string; scheme: string }[] = [];
  let dot = source.indexOf('.');
  while (dot >= 0) {
    let start = dot;
    while (start > 0 && !isSpace(source.charCodeAt(start - 1))) start--;
    let end = dot + 1;
    while (end < source.length && !isSpace(source.charCodeAt(end))) end++;
    if (dotBeforeLetter(source, dot, end)) {
      const word = source.slice(start, end);
      WORD_CANDIDATE.lastIndex = 0;
      for (let m = WORD_CANDIDATE.exec(word); m; m = WORD_CANDIDATE.exec(word))
        found.push({ index: start + m.index, host: m.groups?.host ?? '', scheme: m.groups?.scheme ?? '' });
    }
    dot = source.indexOf('.', end);
  }
  return found;
}

/** CANDIDATE for one word at a time (its own lastIndex). */
const WORD_CANDIDATE = new RegExp(CANDIDATE.source, CANDIDATE.flags);

/** Is a dot at or after `from`, before `end`, followed by what may be a letter (any non-ASCII counts)? */
function dotBeforeLetter(source: string, from: number, end: number): boolean {
  for (let at = source.indexOf('.', from); at >= 0 && at < end - 1; at = source.indexOf('.', at + 1)) {
    const c = source.charCodeAt(at + 1);
    if (c >= 0x80 || ((c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a)) return true;
  }
  return false;
}

/** The domains of a text, in order of appearance, each once. */
export function findDomains(text: string, options: DomainOptions = {}): string[] {
  const excluded = new Set((options.excluded ?? []).map((d) => d.toLowerCase()));
  const found: string[] = [];
  const source = text.slice(0, 200_000);
  for (const m of candidates(source)) {
    const { host, scheme } = m;
    const before = source.slice(Math.max(0, m.index - 1), m.index);
    if (!scheme && /[/\\@.\p{L}\p{N}_-]/u.test(before)) continue;
    const domain = normaliseDomain(host);
    if (!domain) continue;
    const labels = domain.split('.');
    const suffix = labels.at(-1) ?? '';
    if (FILE_EXTENSION_SUFFIXES.has(suffix) && !options.labelled && !scheme) {
      const announced = DOMAIN_CUE.test(source.slice(Math.max(0, m.index - 30), m.index));
      if (!announced && !domain.startsWith('www.') && labels.length < 3) continue;
    }
    const bare = domain.replace(/^www\./, '');
    if (excluded.has(domain) || excluded.has(bare)) continue;
    if (!found.includes(domain)) found.push(domain);
  }
  return found;
}
