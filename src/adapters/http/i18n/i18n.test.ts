import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertSameTexts } from '../../../../test/support/same-texts.ts';
import { ERROR_STATUS } from '../errors.ts';
import { de, en, fr, languageFromHeader, translatorFor } from './index.ts';

describe('translations', () => {
  it('have the same keys in English, French and German, none empty, placeholders kept', () => {
    assertSameTexts(en, { fr, de });
  });

  it('give every error code a sentence in each language', () => {
    for (const lang of ['en', 'fr', 'de'] as const) {
      const t = translatorFor(lang);
      for (const code of Object.keys(ERROR_STATUS))
        assert.notEqual(t(`errors.${code}`), `errors.${code}`, `${lang} ${code}`);
    }
  });

  it('translate per request without switching a shared language', () => {
    const [a, b] = [translatorFor('fr'), translatorFor('de')];
    assert.equal(a('nav.inbox'), 'Boîte de tri');
    assert.equal(b('nav.inbox'), 'Eingangskorb');
    assert.equal(
      a('flash.inboxFiled', { reference: 'RC-2026-000001' }),
      'L’élément est classé dans RC-2026-000001.',
    );
    assert.equal(
      translatorFor('en')('flash.signedIn', { name: '<b>' }),
      'Welcome, <b>.',
      'templates escape, not i18next',
    );
  });

  it('pick the language from Accept-Language by weight, or none', () => {
    assert.equal(languageFromHeader('de-CH,de;q=0.9,en;q=0.5'), 'de');
    assert.equal(languageFromHeader('es-ES,fr;q=0.3,en;q=0.7'), 'en');
    assert.equal(languageFromHeader('it, es'), null);
    assert.equal(languageFromHeader('en;q=0, fr'), 'fr');
    assert.equal(languageFromHeader(undefined), null);
  });
});
