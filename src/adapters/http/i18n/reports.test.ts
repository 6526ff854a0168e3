import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertSameTexts } from '../../../../test/support/same-texts.ts';
import { translatorFor } from './index.ts';
import { reportsDe } from './reports.de.ts';
import { reportsEn } from './reports.en.ts';
import { reportsFr } from './reports.fr.ts';

describe('reports page texts', () => {
  it('have the same keys in English, French and German, none empty, placeholders kept', () => {
    assertSameTexts(reportsEn, { fr: reportsFr, de: reportsDe });
  });

  it('are merged into every language beside the shell texts', () => {
    for (const lang of ['en', 'fr', 'de'] as const) {
      const t = translatorFor(lang);
      for (const key of ['nav.reports', 'reports.title', 'reports.figures.answeredInTime', 'nav.queues'])
        assert.notEqual(t(key), key, `${lang} ${key}`);
    }
    assert.equal(translatorFor('de')('reports.stepName', { step: '2' }), 'Stufe 2');
  });
});
