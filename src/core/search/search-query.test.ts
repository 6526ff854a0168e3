import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { domainKey, foldText, parseSearch, words } from './search-query.ts';

describe('search query', () => {
  it('folds accents, case, ß and ligatures', () => {
    assert.equal(foldText('Étape Straße Œuvre ÄÖÜ'), 'etape strasse oeuvre aou');
    assert.deepEqual(words('Müller-Bau, «facture» n°12'), ['muller', 'bau', 'facture', 'n', '12']);
  });

  it('recognises references, e-mail addresses, ticket numbers and domains as exact keys', () => {
    assert.deepEqual(parseSearch('rc-2026-123 jean@exemple.FR #4711 XN--MLLER-BAU-Q9A.DE panne serveur'), {
      keys: [
        { kind: 'reference', value: 'RC-2026-000123' },
        { kind: 'email', value: 'jean@exemple.fr' },
        { kind: 'ticket', value: '4711' },
        { kind: 'domain', value: 'müller-bau.de' },
      ],
      words: ['panne', 'serveur'],
    });
  });

  it('keeps at most eight distinct words', () => {
    assert.equal(parseSearch('a b c d e f g h i j a b').words.length, 8);
  });

  it('turns punycode into Unicode, lower case', () => {
    assert.equal(domainKey('XN--MLLER-BAU-Q9A.DE'), 'müller-bau.de');
    assert.equal(domainKey('Example.COM'), 'example.com');
  });
});
