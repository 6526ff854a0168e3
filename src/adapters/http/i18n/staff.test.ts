import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translatorFor } from './index.ts';
import { staffDe } from './staff.de.ts';
import { staffEn } from './staff.en.ts';
import { staffFr } from './staff.fr.ts';

function entries(o: object, prefix = ''): Array<[string, string]> {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'string'
      ? [[`${prefix}${k}`, v] as [string, string]]
      : entries(v as object, `${prefix}${k}.`),
  );
}

describe('staff application texts', () => {
  it('have the same keys in English, French and German, none empty, placeholders kept', () => {
    const en = new Map(entries(staffEn));
    for (const [name, messages] of Object.entries({ fr: staffFr, de: staffDe })) {
      const other = new Map(entries(messages));
      assert.deepEqual([...other.keys()].sort(), [...en.keys()].sort(), name);
      const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const [key, text] of other) {
        assert.ok(text.trim(), `${name}: ${key} is empty`);
        assert.deepEqual(holes(text), holes(en.get(key)!), `${name}: ${key} placeholders`);
      }
    }
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
