import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { translatorFor } from './index.ts';
import { reportsDe } from './reports.de.ts';
import { reportsEn } from './reports.en.ts';
import { reportsFr } from './reports.fr.ts';

function entries(o: object, prefix = ''): Array<[string, string]> {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'string'
      ? [[`${prefix}${k}`, v] as [string, string]]
      : entries(v as object, `${prefix}${k}.`),
  );
}

describe('reports page texts', () => {
  it('have the same keys in English, French and German, none empty, placeholders kept', () => {
    const en = new Map(entries(reportsEn));
    for (const [name, messages] of Object.entries({ fr: reportsFr, de: reportsDe })) {
      const other = new Map(entries(messages));
      assert.deepEqual([...other.keys()].sort(), [...en.keys()].sort(), name);
      const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
      for (const [key, text] of other) {
        assert.ok(text.trim(), `${name}: ${key} is empty`);
        assert.deepEqual(holes(text), holes(en.get(key)!), `${name}: ${key} placeholders`);
      }
    }
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
