// Domain names (P2.3) as written in a message: subdomains kept, Unicode, lower case, each checked against the
// ICANN section of the public suffix list (tldts). What is not a domain:
// - the domain part of an e-mail address (`jean@example.fr`) and a token glued to `@`;
// - a file name or a path (`facture.pdf`, `/var/www/index.php`, `docs/readme.md`): a token directly after
//   `/` or `\` that is not the host of a URL;
// - a version or a date (`version 2.4.1`, `12.03.2026`): the last label must be letters (or `xn--`);
// - a name whose suffix is also a common file extension (`.zip`, `.mov`, `.py`, `.sh`, `.md`, `.pl`, `.rs`, …),
//   unless it is written as a URL (`https://…`), starts with `www.`, has three labels or more, stands in a
//   labelled domain field, or follows a word that announces a domain ("domaine", "Domain", "site", "website");
// - the organisation's own domains (its mailbox addresses);
// - outside a labelled domain field, hosts that are never the complainant's: mail providers (gmail.com, gmx.de,
//   web.de, orange.fr, t-online.de…, named in the text or in a webmail's footer), the tools people quote
//   (dnschecker.org, mxtoolbox.com…), the links of signatures (linkedin.com…), and name-server and mail-exchanger
//   hosts (`ns1.…`, `dns2.…`, `a.ns.…`, `mx00.…`, and the hosts listed after "Nameserver:" / "serveurs DNS").
// A leading `www.` is dropped (the person means the registered name); other sub-domains are kept as written.
// `readDomains` reads a message: the subject, the text where the complainant speaks (not the signature under a
// closing formula, a trailing contact block, or a legal disclaimer), and the labelled domain fields.
import { domainToUnicode } from 'node:url';
import { parse } from 'tldts';
import { isSpace } from './characters.ts';
import { fold } from './fold.ts';
import { isClosing, isFoldedClosing } from './letter.ts';
import { linesOf } from './text-lines.ts';

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

/**
 * A host, with the scheme of a URL when there is one. A name has at most 127 labels (RFC 1035): bounding the
 * repetition keeps the work at each position bounded, and a host starts only where a run of name characters
 * starts (one starting inside a run is never taken: findDomains sets it aside), so a long run of `a.a.a.…` costs
 * time in proportion to its length, not to its square.
 */
const CANDIDATE =
  /(?<scheme>\b(?:https?|ftp):\/\/(?:[^\s/@]+@)?)?(?<host>(?<![\p{L}\p{N}.-])(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?\.){1,126}(?:\p{L}[\p{L}-]{0,61}\p{L}|xn--[a-z0-9-]{1,59}))\.?(?![\p{L}\p{N}@-]|\.[\p{L}\p{N}])/giu;

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
  // No name holds white space or a control character (a NUL pasted into a form would otherwise pass as part of one).
  if (/[\s\p{Cc}]/u.test(host)) return null;
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
    let end = dot + 1;
    while (end < source.length && !isSpace(source.charCodeAt(end))) end++;
    // (Most dots end a sentence: the start of their word is looked for only when it may hold a candidate.)
    if (dotBeforeLetter(source, dot, end)) {
      let start = dot;
      while (start > 0 && !isSpace(source.charCodeAt(start - 1))) start--;
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

/**
 * Registrable domains that are never the domain a complainant complains about: mail providers (an address or a
 * webmail footer names them), the tools people quote to show a fault, link shorteners and the social networks
 * of signatures.
 */
const NOT_CONCERNED = new Set([
  // Mail providers and webmail (FR, DE, international).
  'gmail.com',
  'googlemail.com',
  'google.com',
  'yahoo.com',
  'yahoo.fr',
  'yahoo.de',
  'yahoo.co.uk',
  'ymail.com',
  'hotmail.com',
  'hotmail.fr',
  'hotmail.de',
  'hotmail.co.uk',
  'outlook.com',
  'outlook.fr',
  'outlook.de',
  'live.com',
  'live.fr',
  'live.de',
  'msn.com',
  'aol.com',
  'aol.de',
  'aol.fr',
  'icloud.com',
  'me.com',
  'mac.com',
  'proton.me',
  'protonmail.com',
  'protonmail.ch',
  'pm.me',
  'tutanota.com',
  'tutanota.de',
  'tuta.io',
  'tuta.com',
  'gmx.de',
  'gmx.net',
  'gmx.at',
  'gmx.ch',
  'gmx.fr',
  'gmx.com',
  'web.de',
  't-online.de',
  'freenet.de',
  'posteo.de',
  'mailbox.org',
  'arcor.de',
  'online.de',
  'email.de',
  'vodafone.de',
  'o2online.de',
  'orange.fr',
  'wanadoo.fr',
  'free.fr',
  'sfr.fr',
  'neuf.fr',
  'laposte.net',
  'bbox.fr',
  'numericable.fr',
  'aliceadsl.fr',
  'club-internet.fr',
  'bluewin.ch',
  'skynet.be',
  'telenet.be',
  'btinternet.com',
  'sky.com',
  'virginmedia.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'zoho.com',
  'fastmail.com',
  'hey.com',
  // Notices mail clients and virus scanners add.
  'avast.com',
  'avg.com',
  'aka.ms',
  'microsoft.com',
  'apple.com',
  // Platforms named in error messages and payment providers named in the text.
  'office365.com',
  'microsoftonline.com',
  'googleapis.com',
  'gstatic.com',
  'cloudflare.com',
  'paypal.com',
  'stripe.com',
  // Tools quoted to show a fault.
  'dnschecker.org',
  'mxtoolbox.com',
  'whatsmydns.net',
  'downforeveryoneorjustme.com',
  'isitdownrightnow.com',
  'ssllabs.com',
  'intodns.com',
  'zonemaster.net',
  'whois.com',
  'who.is',
  'archive.org',
  'wikipedia.org',
  'letsencrypt.org',
  'pagespeed.web.dev',
  // Link shorteners and the social networks of signatures.
  'bit.ly',
  'tinyurl.com',
  'linkedin.com',
  'xing.com',
  'facebook.com',
  'instagram.com',
  'twitter.com',
  'x.com',
  'youtube.com',
  'tiktok.com',
]);

/**
 * A label of a name-server or mail-exchanger host: `ns1`, `dns2`, `pdns1`, `sdns3`, `a.ns`, `ns-cloud-a1`,
 * `ns1-05`, `mx00`, `mx1` (the provider's infrastructure, not the complainant's domain).
 */
const NAME_SERVER_LABEL = /^(?:ns|dns|pdns|sdns|rdns|nameserver|mx)[\d-]*[a-z]?\d*$|^ns-/;
/** Words that announce a list of name servers, on the same line before the hosts. */
const NAME_SERVER_CUE =
  /(?<![a-z])(?:name ?servers?|nameserver(?:n|-eintrage?)?|serveurs? (?:de noms|dns)|dns[- ]server(?:s|n)?|ns[- ](?:records?|eintrage?|enregistrements?))\b/;

interface Name {
  /** As written, Unicode, lower case. */
  written: string;
  /** Without a leading `www.`. */
  domain: string;
  notConcerned: boolean;
  /** A host under a registrable name (`a.ns.provider.net`), not the name itself: a name server may be one. */
  host: boolean;
}

/**
 * What a host written in a text names, or null when it is not a registrable name. Kept for the hosts met last:
 * a message names the same few hosts many times, and the public-suffix look-ups are the costly part.
 */
const NAMES = new Map<string, Name | null>();
function nameOf(host: string): Name | null {
  let name = NAMES.get(host);
  if (name === undefined) {
    const written = normaliseDomain(host);
    const domain = written ? withoutWww(written) : null;
    const registrable = domain
      ? parse(domain, { allowPrivateDomains: false, extractHostname: false }).domain
      : null;
    name =
      written && domain
        ? { written, domain, notConcerned: notConcerned(domain), host: registrable !== domain }
        : null;
    if (NAMES.size >= 2000) NAMES.clear();
    NAMES.set(host, name);
  }
  return name;
}

/** Is this host one of the hosts a complainant names without meaning their domain? */
function notConcerned(domain: string): boolean {
  const info = parse(domain, { allowPrivateDomains: false, extractHostname: false });
  if (info.domain && NOT_CONCERNED.has(info.domain)) return true;
  if (NOT_CONCERNED.has(domain)) return true;
  return (info.subdomain ?? '').split('.').some((label) => NAME_SERVER_LABEL.test(label));
}

/** Is this name one of the organisation's own domains or a host under one (`status.example.org`)? */
function ownDomain(domain: string, own: ReadonlySet<string>): boolean {
  if (own.size === 0) return false;
  for (let rest = domain; ; ) {
    if (own.has(rest)) return true;
    const dot = rest.indexOf('.');
    if (dot < 0) return false;
    rest = rest.slice(dot + 1);
  }
}

/** The name written without a leading `www.`, when what is left is still a registrable name. */
function withoutWww(domain: string): string {
  if (!domain.startsWith('www.')) return domain;
  const bare = domain.slice(4);
  const info = parse(bare, { allowPrivateDomains: false, extractHostname: false });
  return info.domain && info.publicSuffix && info.domain !== info.publicSuffix ? bare : domain;
}

/** The domains of a text, in order of appearance, each once. */
export function findDomains(text: string, options: DomainOptions = {}): string[] {
  const source = text.slice(0, 200_000);
  return domainsOf(source, candidates(source), options);
}

type Candidate = ReturnType<typeof candidates>[number];

/** The domains among the candidates of `source`. */
function domainsOf(source: string, found: readonly Candidate[], options: DomainOptions): string[] {
  const excluded = new Set((options.excluded ?? []).map((d) => d.toLowerCase()));
  const domains: string[] = [];
  for (const m of found) {
    const { host, scheme } = m;
    const before = source.slice(Math.max(0, m.index - 1), m.index);
    if (!scheme && /[/\\@.\p{L}\p{N}_-]/u.test(before)) continue;
    const name = nameOf(host);
    if (!name) continue;
    const { written, domain } = name;
    const labels = written.split('.');
    const suffix = labels.at(-1) ?? '';
    if (FILE_EXTENSION_SUFFIXES.has(suffix) && !options.labelled && !scheme) {
      const announced = DOMAIN_CUE.test(source.slice(Math.max(0, m.index - 30), m.index));
      if (!announced && !written.startsWith('www.') && labels.length < 3) continue;
    }
    if (ownDomain(domain, excluded)) continue;
    if (!options.labelled && (name.notConcerned || (name.host && nameServerListed(source, m.index))))
      continue;
    if (!domains.includes(domain)) domains.push(domain);
  }
  return domains;
}

/**
 * Does the line holding position `at` announce name servers before it ("Nameserver: a.iana-servers.net")? Asked
 * only of hosts under a registrable name: the name whose servers are spoken of ("the name servers of x.io") stays.
 */
function nameServerListed(source: string, at: number): boolean {
  const lineStart = source.lastIndexOf('\n', at) + 1;
  const before = source.slice(Math.max(lineStart, at - 200), at);
  return /serv|ns|dns/i.test(before) && NAME_SERVER_CUE.test(fold(before));
}

export interface MessageDomains {
  subject: string;
  /** What the complainant wrote (their own text, quotes and the signature after `-- ` already set apart). */
  text: string;
  /** The values of labelled domain fields ("Domaine : …"). */
  labelled: readonly string[];
  /** The organisation's own domains. */
  ownDomains: readonly string[];
}

/** The domains of a message that the complainant speaks of, in order (subject, text, labelled fields), each once. */
export function readDomains(input: MessageDomains): string[] {
  const options = { excluded: input.ownDomains };
  return [
    ...new Set([
      ...findDomains(input.subject, options),
      ...spokenDomains(input.text, options),
      ...input.labelled.flatMap((v) => findDomains(v, { ...options, labelled: true })),
    ]),
  ];
}

/** Legal-footer words that name a disclaimer or a company's register entry on their own (folded). */
const DISCLAIMER_STRONG =
  /intended recipient|intended solely|if you (have )?received this|registered office|registered in (england|scotland|ireland)|company (number|registration|reg\. no)|si vous (avez recu ce|n'etes pas (le|la|les) destinataire)|strictement interdite?|au capital (social )?de|capital social|\bsiret\b|\bsiren\b|\brcs\b|sitz der gesellschaft|amtsgericht|registergericht|handelsregister|\bhrb\b|geschaftsfuhr(er|erin|ung)|ust-?id|steuernummer|irrtumlich erhalten|nicht der (richtige|vorgesehene) empfanger|vertrauliche informationen/;
/** Words that, two together, make a paragraph a disclaimer. */
const DISCLAIMER_WEAK =
  /confidenti|vertraulich|destinataire|empfanger|recipient|privacy|datenschutz|environnement|environment|umwelt|imprimer|printing|diffusion|weitergabe|unauthori[sz]ed|interdit|untersagt|delete|supprimer|loschen|notify|informieren sie|disclaimer|virus/g;

/**
 * Words of a person speaking of themselves or of their own sites (folded): a paragraph that has them is the
 * complainant's, whatever legal words it also holds ("I will take this to the Amtsgericht, my shop x.de…").
 * Disclaimers and company footers speak impersonally ("This e-mail…", "Ce message…", "Sitz der Gesellschaft…").
 */
const PERSONAL =
  /(?<![\p{L}'])(je|j'|mon|ma|mes|moi|i|i'm|i've|my|me|ich|mein|meine|meinen|meiner|mir|mich)(?![\p{L}'])|(?<![\p{L}])(notre|nos|our|unsere?|unseren?)\s+(domaines?|domains?|sites?|website|webseite|seite|shop|boutique|onlineshop|homepage)(?![\p{L}])/u;

function isDisclaimer(paragraph: string): boolean {
  const f = fold(paragraph);
  // The personal words first: a paragraph that holds a domain is mostly the complainant's own, and they say so
  // in its first words, while the legal words would be looked for through all of it.
  if (PERSONAL.test(f)) return false;
  return DISCLAIMER_STRONG.test(f) || new Set(f.match(DISCLAIMER_WEAK) ?? []).size >= 3;
}

/** A line of contact details: a phone or fax number, an e-mail address, or their labels. */
const CONTACT_LINE =
  /@|\+?\d[\d ()./-]{6,}\d|(?<![\p{L}])(tel|tél|fon|fax|mobile?|mobil|handy|phone|telefon|portable|gsm)(?![\p{L}])/iu;

/** A paragraph after which the rest of a letter may be signature: "PS", "P.S.", "N.B." keep theirs. */
const POSTSCRIPT = /^\s*(p\.?\s?s\.?|n\.?\s?b\.?)(?![a-z])/i;

/**
 * The text where the complainant speaks: without legal disclaimers, without what follows a closing formula
 * ("Cordialement," and the signature under it; a postscript is kept), and without a trailing block of contact
 * details (name, company, phone, web address) when there is no closing formula. Removed lines become empty.
 * Only the paragraphs that hold a possible domain are looked at: most of a text needs no judging.
 */
export function spokenText(text: string): string {
  const source = text.slice(0, 200_000);
  return spoken(source, candidates(source));
}

/** The domains of the text where the complainant speaks (see spokenText). */
function spokenDomains(text: string, options: DomainOptions): string[] {
  const source = text.slice(0, 200_000);
  const found = candidates(source);
  if (found.length === 0) return [];
  const kept = spoken(source, found);
  return kept === source ? domainsOf(source, found, options) : findDomains(kept, options);
}

/** spokenText of `source`, whose candidates are `found`. */
function spoken(source: string, found: readonly Candidate[]): string {
  const text = source;
  if (found.length === 0) return text;
  const model = linesOf(source);
  const lines = model.raw;
  const blank = (i: number) => model.blank(i);
  // The line of each candidate.
  const candidateLines: number[] = [];
  let line = 0;
  let lineEnd = source.indexOf('\n');
  for (const m of found) {
    while (lineEnd >= 0 && m.index > lineEnd) {
      line++;
      lineEnd = source.indexOf('\n', lineEnd + 1);
    }
    if (candidateLines.at(-1) !== line) candidateLines.push(line);
  }
  const firstCandidate = candidateLines[0] ?? 0;
  const lastCandidate = candidateLines.at(-1) ?? 0;
  let firstContent = 0;
  while (firstContent < lines.length && blank(firstContent)) firstContent++;
  const keep = lines.map(() => true);
  const drop = (from: number, to: number) => {
    for (let i = from; i < to; i++) keep[i] = false;
  };
  /** The paragraph (lines between blank lines) that holds line i: [first, end). */
  const paragraphOf = (i: number): [number, number] => {
    let first = i;
    while (first > 0 && !blank(first - 1)) first--;
    let end = i + 1;
    while (end < lines.length && !blank(end)) end++;
    return [first, end];
  };

  let judgedUpTo = -1;
  for (const at of candidateLines) {
    if (at < judgedUpTo) continue;
    const [first, end] = paragraphOf(at);
    judgedUpTo = end;
    if (isDisclaimer(lines.slice(first, end).join(' '))) drop(first, end);
  }

  // The last closing formula of the letter, when a candidate lies under it (a closing is a short line without
  // digits, after some content).
  let closing = -1;
  for (let i = lines.length - 1; i > firstContent && i >= firstCandidate && i >= lines.length - 80; i--) {
    const text = lines[i] ?? '';
    if (text.length > 60 || !keep[i] || blank(i) || DIGIT.test(text)) continue;
    // (The pattern only on a line with a comma, which it needs.)
    const sameLine = text.includes(',') ? /^\s*([^,]{2,40}),\s*\S/.exec(text) : null;
    if (isFoldedClosing(model.folded(i)) || (sameLine && isClosing(sameLine[1] ?? ''))) {
      closing = i;
      break;
    }
  }
  if (closing >= 0 && closing < lastCandidate) {
    let postscript = false;
    for (let i = closing; i < lines.length; i++) {
      if (blank(i)) postscript = false;
      else if (POSTSCRIPT.test(lines[i] ?? '') && blank(i - 1)) postscript = true;
      if (!postscript) keep[i] = false;
    }
  } else if (closing < 0) {
    const [first, end] = paragraphOf(lastCandidate);
    let after = end;
    while (after < lines.length && blank(after)) after++;
    if (after === lines.length && first > firstContent && isContactBlock(lines.slice(first, end)))
      drop(first, end);
  }
  return keep.every(Boolean) ? text : lines.map((l, i) => (keep[i] ? l : '')).join('\n');
}

const DIGIT = /\d/;

/** Short lines without sentences, one of which gives contact details (a phone, an address, their labels). */
function isContactBlock(block: readonly string[]): boolean {
  if (block.length < 2 || block.length > 12) return false;
  if (block.some((l) => l.length > 90 || l.trim().split(/\s+/).length > 10 || /[!?]$/.test(l.trim())))
    return false;
  return block.some((l) => CONTACT_LINE.test(l)) && !PERSONAL.test(fold(block.join(' ')));
}
