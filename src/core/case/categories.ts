// Complaint categories (P7.1): what a complaint is about, for the queues, the suggestion at intake and the
// figures. A category has a stable key (stored on cases and in exports, so it never changes once used), a label
// in each language, keywords per language that suggest it at intake, and may be retired: a retired category is
// no longer offered for new cases but stays valid on the cases that have it and in every figure. Pure.
import { LANGUAGES, type Language } from './model.ts';

export interface Category {
  key: string;
  labels: Record<Language, string>;
  keywords: Record<Language, string[]>;
  retired: boolean;
}

/** Keys are written into exports and URLs: short, lower case, no spaces. */
export const CATEGORY_KEY = /^[a-z0-9][a-z0-9_-]{0,59}$/;

/** Budgets, so that a catalogue stays small enough to show on one page and to match on every intake quickly. */
export const CATEGORY_LIMITS = {
  categories: 100,
  labelLength: 80,
  keywordsPerLanguage: 60,
  keywordLength: 60,
} as const;

const k = (fr: string[], en: string[], de: string[]) => ({ fr, en, de });

/**
 * The categories a domain-and-hosting provider starts with. The keywords are beginnings of words (a keyword
 * matches a word that starts with it, so "renouvel" finds "renouvellement"), folded for case and accents.
 */
export const DEFAULT_CATEGORIES: readonly Category[] = [
  {
    key: 'billing',
    labels: { fr: 'Facturation et paiements', en: 'Billing and payments', de: 'Rechnung und Zahlung' },
    keywords: k(
      ['facture', 'factura', 'paiement', 'prelevement', 'rembourse', 'tarif', 'avoir', 'debit'],
      ['invoice', 'bill', 'payment', 'refund', 'charged', 'price', 'direct debit', 'credit note'],
      ['rechnung', 'zahlung', 'lastschrift', 'erstattung', 'gutschrift', 'abbuchung', 'preis', 'mahnung'],
    ),
    retired: false,
  },
  {
    key: 'renewal_expiry',
    labels: {
      fr: 'Renouvellement, expiration, suppression et restauration',
      en: 'Renewal, expiry, deletion and restore',
      de: 'Verlängerung, Ablauf, Löschung und Wiederherstellung',
    },
    keywords: k(
      ['renouvel', 'expir', 'echeance', 'suppression', 'supprime', 'restaur', 'redemption'],
      ['renew', 'expir', 'deleted', 'deletion', 'restore', 'redemption', 'lapsed'],
      ['verlanger', 'ablauf', 'abgelaufen', 'geloscht', 'loschung', 'wiederherstell', 'redemption'],
    ),
    retired: false,
  },
  {
    key: 'transfer',
    labels: {
      fr: 'Transferts et codes d’autorisation',
      en: 'Transfers and auth codes',
      de: 'Transfers und Auth-Codes',
    },
    keywords: k(
      [
        'transfert',
        'code d autorisation',
        'authcode',
        'auth-code',
        'auth code',
        'code epp',
        'changement de registrar',
      ],
      ['transfer', 'auth code', 'authcode', 'auth-code', 'epp code', 'authinfo', 'change of registrar'],
      ['transfer', 'providerwechsel', 'authcode', 'auth-code', 'auth code', 'authinfo', 'umzug'],
    ),
    retired: false,
  },
  {
    key: 'registrant_change',
    labels: {
      fr: 'Changement de titulaire',
      en: 'Registrant changes',
      de: 'Inhaberwechsel',
    },
    keywords: k(
      ['titulaire', 'changement de proprietaire', 'cession', 'detenteur'],
      ['registrant', 'change of owner', 'ownership', 'holder change', 'trade'],
      ['inhaberwechsel', 'inhaber', 'halterwechsel', 'besitzerwechsel', 'owner-change'],
    ),
    retired: false,
  },
  {
    key: 'dns_technical',
    labels: { fr: 'DNS et technique', en: 'DNS and technical', de: 'DNS und Technik' },
    keywords: k(
      [
        'dns',
        'serveur de noms',
        'panne',
        'indisponible',
        'hebergement',
        'messagerie',
        'nameserver',
        'enregistrement mx',
      ],
      ['dns', 'nameserver', 'outage', 'downtime', 'unreachable', 'hosting', 'mailbox', 'server', 'mx record'],
      ['dns', 'nameserver', 'ausfall', 'storung', 'nicht erreichbar', 'hosting', 'postfach', 'server'],
    ),
    retired: false,
  },
  {
    key: 'whois_privacy',
    labels: {
      fr: 'Données WHOIS et vie privée',
      en: 'WHOIS data and privacy',
      de: 'WHOIS-Daten und Datenschutz',
    },
    keywords: k(
      ['whois', 'rdap', 'donnees personnelles', 'vie privee', 'rgpd', 'confidentialite'],
      ['whois', 'rdap', 'personal data', 'privacy', 'gdpr', 'data protection'],
      ['whois', 'rdap', 'personenbezogen', 'datenschutz', 'dsgvo', 'privatsphare'],
    ),
    retired: false,
  },
  {
    key: 'abuse',
    labels: {
      fr: 'Traitement des abus',
      en: 'Abuse handling',
      de: 'Bearbeitung von Missbrauch',
    },
    keywords: k(
      ['abus', 'phishing', 'hameconnage', 'spam', 'logiciel malveillant', 'contrefacon', 'signalement'],
      ['abuse', 'phishing', 'spam', 'malware', 'fraud', 'counterfeit', 'takedown'],
      ['missbrauch', 'phishing', 'spam', 'schadsoftware', 'malware', 'betrug', 'sperrung'],
    ),
    retired: false,
  },
  {
    key: 'ssl',
    labels: { fr: 'Certificats SSL', en: 'SSL certificates', de: 'SSL-Zertifikate' },
    keywords: k(
      ['ssl', 'tls', 'certificat', 'https'],
      ['ssl', 'tls', 'certificate', 'https'],
      ['ssl', 'tls', 'zertifikat', 'https'],
    ),
    retired: false,
  },
  {
    key: 'reseller',
    labels: { fr: 'Revendeurs', en: 'Reseller matters', de: 'Wiederverkäufer' },
    keywords: k(
      ['revendeur', 'revente', 'compte partenaire'],
      ['reseller', 'resale', 'partner account', 'white label'],
      ['reseller', 'wiederverkauf', 'wiederverkaufer', 'partnerkonto'],
    ),
    retired: false,
  },
  {
    key: 'service',
    labels: { fr: 'Service et comportement', en: 'Service and conduct', de: 'Service und Verhalten' },
    keywords: k(
      ['impoli', 'service client', 'conseiller', 'attente', 'injoignable', 'comportement'],
      ['rude', 'customer service', 'support agent', 'no reply', 'waiting', 'unhelpful', 'conduct'],
      ['unfreundlich', 'kundenservice', 'kundendienst', 'warte', 'keine antwort', 'verhalten'],
    ),
    retired: false,
  },
  {
    key: 'complaints_process',
    labels: {
      fr: 'Procédure de réclamation',
      en: 'The complaints process',
      de: 'Beschwerdeverfahren',
    },
    keywords: k(
      ['accuse de reception', 'procedure de reclamation', 'delai de reponse', 'etape 2'],
      ['acknowledgement', 'complaints procedure', 'complaint process', 'response time', 'step 2'],
      ['eingangsbestatigung', 'beschwerdeverfahren', 'bearbeitungszeit', 'stufe 2'],
    ),
    retired: false,
  },
  {
    key: 'other',
    labels: { fr: 'Autre', en: 'Other', de: 'Sonstiges' },
    keywords: k([], [], []),
    retired: false,
  },
];

/**
 * The categories of earlier versions that the defaults above no longer offer: kept, retired, so that cases that
 * carry them keep a label in every language and count in the figures.
 */
export const LEGACY_CATEGORIES: readonly Category[] = [
  { key: 'domains', labels: { fr: 'Domaines', en: 'Domains', de: 'Domains' } },
  { key: 'hosting', labels: { fr: 'Hébergement', en: 'Hosting', de: 'Hosting' } },
  { key: 'email', labels: { fr: 'E-mail', en: 'E-mail', de: 'E-Mail' } },
  { key: 'contract', labels: { fr: 'Contrat', en: 'Contract', de: 'Vertrag' } },
  {
    key: 'data_protection',
    labels: { fr: 'Protection des données', en: 'Data protection', de: 'Datenschutz' },
  },
].map((c) => ({ ...c, keywords: k([], [], []), retired: true }));

/** The catalogue a new installation starts with: the defaults, then the earlier defaults, retired. */
export const STARTING_CATALOGUE: readonly Category[] = [...DEFAULT_CATEGORIES, ...LEGACY_CATEGORIES];

/** A category made from a bare key (a list from an earlier configuration): labelled with its key. */
function fromKey(key: string): Category {
  return { key, labels: { fr: key, en: key, de: key }, keywords: k([], [], []), retired: false };
}

/**
 * The catalogue for an installation that only had a list of keys (an earlier configuration): exactly the listed
 * keys are offered, in the list's order (with their labels when they are known categories, their key as label
 * otherwise), and every other known category follows, retired, so that an administrator can offer it with one
 * change and old cases keep their labels.
 */
export function catalogueFromKeys(keys: readonly string[]): Category[] {
  const listed = [...new Set(keys)].filter((key) => CATEGORY_KEY.test(key));
  const known = new Map(STARTING_CATALOGUE.map((c) => [c.key, c]));
  return [
    ...listed.map((key) => ({ ...(known.get(key) ?? fromKey(key)), retired: false })),
    ...STARTING_CATALOGUE.filter((c) => !listed.includes(c.key)).map((c) => ({ ...c, retired: true })),
  ];
}

/** The categories offered for new cases, in the catalogue's order. */
export function offeredCategories(catalogue: readonly Category[]): Category[] {
  return catalogue.filter((c) => !c.retired);
}

/** The label of a category in a language; a key the catalogue does not know is shown as it is. */
export function categoryLabel(catalogue: readonly Category[], key: string, lang: Language): string {
  return catalogue.find((c) => c.key === key)?.labels[lang] || key;
}

export type CatalogueProblem =
  | { code: 'too_many'; limit: number }
  | { code: 'bad_key'; key: string }
  | { code: 'duplicate_key'; key: string }
  | { code: 'key_removed'; key: string }
  | { code: 'label_missing'; key: string; lang: Language }
  | { code: 'label_too_long'; key: string; lang: Language }
  | { code: 'too_many_keywords'; key: string; lang: Language }
  | { code: 'bad_keyword'; key: string; lang: Language; keyword: string }
  | { code: 'none_offered' };

/**
 * Whether `next` may replace `current`: keys well formed and unique, no key removed (a key may be on cases and
 * in exports: it is retired instead), a label in every language, keywords within their budgets, and at least one
 * category offered. Returns every problem, so a form can show them all at once.
 */
export function catalogueProblems(
  current: readonly Category[],
  next: readonly Category[],
): CatalogueProblem[] {
  const problems: CatalogueProblem[] = [];
  if (next.length > CATEGORY_LIMITS.categories)
    problems.push({ code: 'too_many', limit: CATEGORY_LIMITS.categories });
  const seen = new Set<string>();
  for (const c of next) {
    if (!CATEGORY_KEY.test(c.key)) problems.push({ code: 'bad_key', key: c.key });
    if (seen.has(c.key)) problems.push({ code: 'duplicate_key', key: c.key });
    seen.add(c.key);
    for (const lang of LANGUAGES) {
      const label = c.labels[lang]?.trim() ?? '';
      if (!label) problems.push({ code: 'label_missing', key: c.key, lang });
      else if (label.length > CATEGORY_LIMITS.labelLength)
        problems.push({ code: 'label_too_long', key: c.key, lang });
      const words = c.keywords[lang] ?? [];
      if (words.length > CATEGORY_LIMITS.keywordsPerLanguage)
        problems.push({ code: 'too_many_keywords', key: c.key, lang });
      for (const w of words)
        if (foldKeyword(w).length < 2 || w.length > CATEGORY_LIMITS.keywordLength)
          problems.push({ code: 'bad_keyword', key: c.key, lang, keyword: w });
    }
  }
  for (const c of current) if (!seen.has(c.key)) problems.push({ code: 'key_removed', key: c.key });
  if (!next.some((c) => !c.retired)) problems.push({ code: 'none_offered' });
  return problems;
}

/** Folds case and accents and keeps letters and digits only, words separated by one space. */
export function foldKeyword(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Keywords as an administrator writes them (comma- or line-separated) into a clean list: folded, no repeats. */
export function parseKeywords(text: string): string[] {
  const out: string[] = [];
  for (const part of text.split(/[,\n;]/)) {
    const w = part.trim();
    if (w && !out.some((o) => foldKeyword(o) === foldKeyword(w))) out.push(w);
  }
  return out;
}

/** What an edit of the catalogue changed, by key: for the audit log, so a reader sees what was done. */
export interface CatalogueChanges {
  added: string[];
  retired: string[];
  offeredAgain: string[];
  relabelled: string[];
  keywordsChanged: string[];
}

export function catalogueChanges(before: readonly Category[], after: readonly Category[]): CatalogueChanges {
  const out: CatalogueChanges = {
    added: [],
    retired: [],
    offeredAgain: [],
    relabelled: [],
    keywordsChanged: [],
  };
  const old = new Map(before.map((c) => [c.key, c]));
  for (const c of after) {
    const was = old.get(c.key);
    if (!was) {
      out.added.push(c.key);
      continue;
    }
    if (c.retired && !was.retired) out.retired.push(c.key);
    if (!c.retired && was.retired) out.offeredAgain.push(c.key);
    if (JSON.stringify(c.labels) !== JSON.stringify(was.labels)) out.relabelled.push(c.key);
    if (JSON.stringify(c.keywords) !== JSON.stringify(was.keywords)) out.keywordsChanged.push(c.key);
  }
  return out;
}

/** Each category key's label in the organisation's language, for exports that write the label beside the key. */
export function categoryLabels(config: {
  categoryCatalogue?: readonly Category[] | undefined;
  defaultLanguage: Language;
}): Map<string, string> {
  return new Map((config.categoryCatalogue ?? []).map((c) => [c.key, c.labels[config.defaultLanguage]]));
}
