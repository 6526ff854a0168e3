// The category suggested at intake: examples in French, English and German, and the properties an agent relies
// on (a retired category is never suggested, the words named are in the text, more words never take a
// suggestion away, case and accents do not matter).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  type Category,
  catalogueFromKeys,
  catalogueProblems,
  DEFAULT_CATEGORIES,
  foldKeyword,
  STARTING_CATALOGUE,
} from './categories.ts';
import { suggestCategory } from './category-suggestion.ts';

describe('suggestCategory: examples', () => {
  const cases: Array<[string, string, string | null]> = [
    ['fr', 'Mon domaine a expiré sans renouvellement automatique, merci de le restaurer.', 'renewal_expiry'],
    ['fr', 'Le transfert sortant est bloqué : je n’ai jamais reçu le code d’autorisation.', 'transfer'],
    ['fr', 'Votre FACTURE du mois dernier compte deux fois le même paiement.', 'billing'],
    ['en', 'I was charged twice on my last invoice and want a refund.', 'billing'],
    ['en', 'The nameserver change broke DNS for my domain since yesterday.', 'dns_technical'],
    ['en', 'My personal data is visible in WHOIS although I paid for privacy.', 'whois_privacy'],
    ['de', 'Die Rechnung enthält eine doppelte Abbuchung per Lastschrift.', 'billing'],
    ['de', 'Der Inhaberwechsel meiner Domain wurde ohne meine Zustimmung durchgeführt.', 'registrant_change'],
    ['de', 'Das SSL-Zertifikat wurde nicht verlängert, die Seite zeigt eine Warnung.', 'ssl'],
    ['en', 'Hello, I would like to talk to you.', null],
  ];
  for (const [lang, text, expected] of cases)
    it(`${lang}: ${text.slice(0, 50)}… → ${expected ?? 'none'}`, () => {
      assert.equal(suggestCategory(DEFAULT_CATEGORIES, text)?.category ?? null, expected);
    });

  it('names the words that matched', () => {
    const s = suggestCategory(DEFAULT_CATEGORIES, 'Refund please: the invoice is wrong.');
    assert.deepEqual(s, { category: 'billing', words: ['invoice', 'refund'] });
  });

  it('a keyword that begins another one found does not count the same word twice', () => {
    const s = suggestCategory(DEFAULT_CATEGORIES, 'Le transfert est bloqué.');
    assert.deepEqual(s, { category: 'transfer', words: ['transfert'] });
  });

  it('a keyword matches the start of a word only', () => {
    // "bill" starts "billing" but is inside "rebill" only as the end of a word.
    assert.equal(suggestCategory(DEFAULT_CATEGORIES, 'rebill'), null);
    assert.equal(suggestCategory(DEFAULT_CATEGORIES, 'billing')?.category, 'billing');
  });
});

const word = fc.stringMatching(/^[a-zé]{2,8}$/);
// Keywords of one word mostly, some of two ("auth code"), which may overlap another keyword in a text.
const keyword = fc.oneof(
  { arbitrary: word, weight: 3 },
  { arbitrary: fc.tuple(word, word).map(([a, b]) => `${a} ${b}`), weight: 1 },
);
const catalogue: fc.Arbitrary<Category[]> = fc
  .uniqueArray(
    fc.record({
      key: fc.stringMatching(/^[a-z]{1,6}$/),
      fr: fc.array(keyword, { maxLength: 4 }),
      en: fc.array(keyword, { maxLength: 4 }),
      de: fc.array(keyword, { maxLength: 4 }),
      retired: fc.boolean(),
    }),
    { selector: (c) => c.key, minLength: 1, maxLength: 8 },
  )
  .map((cs) =>
    cs.map((c) => ({
      key: c.key,
      labels: { fr: c.key, en: c.key, de: c.key },
      keywords: { fr: c.fr, en: c.en, de: c.de },
      retired: c.retired,
    })),
  );
/** Text made of catalogue keywords, other words, punctuation and case changes. */
const textFor = (cat: Category[]) => {
  const words = cat.flatMap((c) => [...c.keywords.fr, ...c.keywords.en, ...c.keywords.de]);
  const word = words.length ? fc.oneof(fc.constantFrom(...words), keyword) : keyword;
  return fc
    .array(fc.tuple(word, fc.constantFrom(' ', ', ', '. ', '\n', '-'), fc.boolean()), { maxLength: 12 })
    .map((parts) => parts.map(([w, sep, up]) => (up ? w.toUpperCase() : w) + sep).join(''));
};

describe('suggestCategory: properties', () => {
  it('never suggests a retired category, and every word named is a keyword of it found in the text', () => {
    fc.assert(
      fc.property(
        catalogue.chain((cat) => fc.tuple(fc.constant(cat), textFor(cat))),
        ([cat, text]) => {
          const s = suggestCategory(cat, text);
          if (!s) return;
          const c = cat.find((x) => x.key === s.category)!;
          assert.equal(c.retired, false);
          assert.ok(s.words.length > 0);
          const folded = ` ${foldKeyword(text)}`;
          for (const w of s.words) {
            assert.ok([...c.keywords.fr, ...c.keywords.en, ...c.keywords.de].includes(w));
            assert.ok(folded.includes(` ${foldKeyword(w)}`), `${w} in ${text}`);
          }
        },
      ),
    );
  });

  it('adding words to a text never takes the suggestion away nor lowers its number of matches', () => {
    fc.assert(
      fc.property(
        catalogue.chain((cat) => fc.tuple(fc.constant(cat), textFor(cat), textFor(cat))),
        ([cat, text, more]) => {
          const before = suggestCategory(cat, text);
          const after = suggestCategory(cat, `${text} ${more}`);
          if (!before) return;
          assert.ok(after, 'a suggestion stays');
          assert.ok(after.words.length >= before.words.length);
        },
      ),
    );
  });

  it('gives what a plain search of each keyword at the start of a word gives', () => {
    // The obvious reading of the rule, one search per keyword, against which the one-pass search is checked.
    const reference = (cat: readonly Category[], text: string) => {
      const folded = ` ${foldKeyword(text)}`;
      let best: { category: string; words: string[] } | null = null;
      for (const c of cat) {
        if (c.retired) continue;
        const found: Array<{ word: string; folded: string }> = [];
        const seen = new Set<string>();
        for (const lang of ['fr', 'en', 'de'] as const)
          for (const w of c.keywords[lang] ?? []) {
            const f = foldKeyword(w);
            if (f.length < 2 || seen.has(f)) continue;
            seen.add(f);
            if (folded.includes(` ${f}`)) found.push({ word: w, folded: f });
          }
        const words = found
          .filter((k) => !found.some((o) => o.folded !== k.folded && o.folded.startsWith(k.folded)))
          .map((k) => k.word);
        if (words.length > 0 && (!best || words.length > best.words.length))
          best = { category: c.key, words };
      }
      return best;
    };
    fc.assert(
      fc.property(
        catalogue.chain((cat) => fc.tuple(fc.constant(cat), textFor(cat))),
        ([cat, text]) => {
          assert.deepEqual(suggestCategory(cat, text), reference(cat, text));
        },
      ),
      { numRuns: 500 },
    );
    for (const text of ['transfert du code auth code', 'Rechnung Rechnungen', 'dns dnssec nameserver'])
      assert.deepEqual(suggestCategory(DEFAULT_CATEGORIES, text), reference(DEFAULT_CATEGORIES, text));
  });

  it('case and accents do not change the suggestion', () => {
    fc.assert(
      fc.property(
        catalogue.chain((cat) => fc.tuple(fc.constant(cat), textFor(cat))),
        ([cat, text]) => {
          const plain = text.normalize('NFD').replace(/\p{M}/gu, '');
          assert.deepEqual(
            suggestCategory(cat, text.toUpperCase())?.category,
            suggestCategory(cat, plain.toLowerCase())?.category,
          );
        },
      ),
    );
  });
});

describe('the catalogue', () => {
  it('the starting catalogue passes its own checks, with a label in every language', () => {
    assert.deepEqual(catalogueProblems([], STARTING_CATALOGUE), []);
  });

  it('a key once in the catalogue cannot be removed, only retired', () => {
    const next = STARTING_CATALOGUE.filter((c) => c.key !== 'ssl');
    assert.deepEqual(catalogueProblems(STARTING_CATALOGUE, next), [{ code: 'key_removed', key: 'ssl' }]);
    const retired = STARTING_CATALOGUE.map((c) => (c.key === 'ssl' ? { ...c, retired: true } : c));
    assert.deepEqual(catalogueProblems(STARTING_CATALOGUE, retired), []);
  });

  it('a list of keys from an earlier configuration: exactly those offered, unknown keys labelled with their key', () => {
    const cat = catalogueFromKeys(['billing', 'domains', 'vip_clients']);
    assert.deepEqual(
      cat.filter((c) => !c.retired).map((c) => c.key),
      ['billing', 'domains', 'vip_clients'],
    );
    assert.equal(cat.find((c) => c.key === 'ssl')?.retired, true);
    assert.equal(cat.find((c) => c.key === 'domains')?.labels.de, 'Domains');
    assert.deepEqual(cat.find((c) => c.key === 'vip_clients')?.labels, {
      fr: 'vip_clients',
      en: 'vip_clients',
      de: 'vip_clients',
    });
    const defaults = catalogueFromKeys(DEFAULT_CATEGORIES.map((c) => c.key));
    assert.deepEqual(
      defaults.filter((c) => c.retired).map((c) => c.key),
      ['domains', 'hosting', 'email', 'contract', 'data_protection'],
    );
    assert.deepEqual(catalogueProblems([], cat), []);
  });
});
