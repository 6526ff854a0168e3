// The administration's and the public form's texts: the same keys in English, French and German, none empty,
// placeholders kept; and merged into the application's texts (a plural picked by count).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { adminDe } from './admin.de.ts';
import { adminEn } from './admin.en.ts';
import { adminFr } from './admin.fr.ts';
import { translatorFor } from './index.ts';
import { publicDe } from './public.de.ts';
import { publicEn } from './public.en.ts';
import { publicFr } from './public.fr.ts';

function entries(o: object, prefix = ''): Array<[string, string]> {
  return Object.entries(o).flatMap(([k, v]) =>
    typeof v === 'string'
      ? [[`${prefix}${k}`, v] as [string, string]]
      : entries(v as object, `${prefix}${k}.`),
  );
}

const holes = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

describe('administration and public form texts', () => {
  for (const [name, en, others] of [
    ['admin', adminEn, { fr: adminFr, de: adminDe }],
    ['public', publicEn, { fr: publicFr, de: publicDe }],
  ] as const)
    it(`${name}: same keys in three languages, none empty, placeholders kept`, () => {
      const reference = new Map(entries(en));
      for (const [lang, messages] of Object.entries(others)) {
        const mine = new Map(entries(messages));
        assert.deepEqual([...mine.keys()].sort(), [...reference.keys()].sort(), lang);
        for (const [key, text] of mine) {
          assert.ok(text.trim(), `${lang} ${key} is empty`);
          assert.deepEqual(holes(text), holes(reference.get(key)!), `${lang} ${key} placeholders`);
        }
      }
    });

  it('are merged into the application’s texts, plurals by count', () => {
    assert.equal(translatorFor('en')('nav.admin'), 'Administration');
    assert.equal(translatorFor('de')('nav.admin'), 'Verwaltung');
    assert.equal(translatorFor('en')('nav.inbox'), 'Inbox', 'the base texts are kept');
    assert.equal(
      translatorFor('en')('admin.recompute.count', { count: 1 }),
      '1 open case would get a new deadline.',
    );
    assert.equal(
      translatorFor('de')('admin.recompute.count', { count: 3 }),
      '3 offene Vorgänge bekämen neue Fristen.',
    );
    assert.equal(
      translatorFor('fr')('errors.rate_limited', { retryAfterSeconds: 30 }).includes('30 secondes'),
      true,
    );
  });
});
