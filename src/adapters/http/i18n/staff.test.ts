import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { assertSameTexts } from '../../../../test/support/same-texts.ts';
import { translatorFor } from './index.ts';
import { staffDe } from './staff.de.ts';
import { staffEn } from './staff.en.ts';
import { staffFr } from './staff.fr.ts';

describe('staff application texts', () => {
  it('have the same keys in English, French and German, none empty, placeholders kept', () => {
    assertSameTexts(staffEn, { fr: staffFr, de: staffDe });
  });

  it('are merged into every language beside the shell texts (navigation and flash messages too)', () => {
    for (const lang of ['en', 'fr', 'de'] as const) {
      const t = translatorFor(lang);
      for (const key of [
        'nav.queues',
        'nav.inbox',
        'flash.staffAnswered',
        'flash.inboxFiled',
        'staff.queues.names.step1',
      ])
        assert.notEqual(t(key), key, `${lang} ${key}`);
    }
    assert.equal(translatorFor('de')('staff.clock.left', { days: '3' }), 'noch 3 Arbeitstage');
  });

  it('name every flash key as a single word (the flash cookie accepts no other)', () => {
    for (const key of Object.keys(staffEn.flash)) assert.match(key, /^[a-zA-Z]+$/);
  });
});
