// A value that is there but of the wrong kind (a number or a list where a text is expected, a text where a list or
// an object is) is said to be of the wrong kind, naming the kind expected, in the reader's language; "Fill this in"
// stays for a value that is missing or blank. Through the API's body check (which does not hand the value sent to
// the message, so the message reads it from the body, nested fields included) and through a check that reports
// the value itself (zod's reportInput, as the use cases and the settings parse).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { zodFieldProblems } from '../../src/adapters/http/errors.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import type { Language } from '../../src/core/case/model.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { apiSecret, createTestApp, type TestApp } from '../support/http.ts';

const WRONG_KIND: Record<Language, Record<'string' | 'array' | 'object', string>> = {
  en: {
    string: 'This value is of the wrong kind: a text is expected here.',
    array: 'This value is of the wrong kind: a list is expected here.',
    object: 'This value is of the wrong kind: an object (named values) is expected here.',
  },
  fr: {
    string: 'Cette valeur n’est pas du bon type : on attend ici un texte.',
    array: 'Cette valeur n’est pas du bon type : on attend ici une liste.',
    object: 'Cette valeur n’est pas du bon type : on attend ici un objet (des valeurs nommées).',
  },
  de: {
    string: 'Dieser Wert hat den falschen Typ: Hier wird ein Text erwartet.',
    array: 'Dieser Wert hat den falschen Typ: Hier wird eine Liste erwartet.',
    object: 'Dieser Wert hat den falschen Typ: Hier wird ein Objekt (benannte Werte) erwartet.',
  },
};
const REQUIRED: Record<Language, string> = {
  en: 'Fill this in.',
  fr: 'Ce champ est à remplir.',
  de: 'Bitte ausfüllen.',
};

const person = { name: 'A', email: 'a@example.org' };
const rest = { description: 'd', expectations: 'e' };

describe('a value of the wrong kind', () => {
  let t: TestApp;
  let secret = '';
  before(async () => {
    t = await createTestApp({ clock: fixedClock('2026-11-23T09:00:00.000Z') });
    secret = await apiSecret(t.ctx, 'agent', 'kinds');
  });
  after(async () => {
    await t?.close();
  });

  it('in an API body, is said to be of the wrong kind with the kind expected, nested or not', async () => {
    const cases: Array<[Record<string, unknown>, string, 'string' | 'array' | 'object']> = [
      [{ complainant: person, ...rest, description: 42 }, 'description', 'string'],
      [{ complainant: person, ...rest, description: ['x'] }, 'description', 'string'],
      [{ complainant: { ...person, name: 42 }, ...rest }, 'complainant.name', 'string'],
      [{ complainant: person, ...rest, domains: 'example.org' }, 'domains', 'array'],
      [{ complainant: person, ...rest, domains: [42] }, 'domains.0', 'string'],
      [{ complainant: 'Jean Dupont', ...rest }, 'complainant', 'object'],
    ];
    for (const language of ['en', 'fr', 'de'] as const)
      for (const [body, field, expected] of cases) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/api/v1/complaints',
          headers: { authorization: `Bearer ${secret}`, 'accept-language': language },
          payload: body,
        });
        assert.equal(res.statusCode, 422, JSON.stringify(body));
        assert.deepEqual(
          res.json().error.fields,
          [{ field, message: WRONG_KIND[language][expected] }],
          `${language} ${JSON.stringify(body)}`,
        );
      }
  });

  it('in an API body, is still "fill this in" when it is missing', async () => {
    for (const language of ['en', 'fr', 'de'] as const) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/complaints',
        headers: { authorization: `Bearer ${secret}`, 'accept-language': language },
        payload: { ...rest },
      });
      assert.equal(res.statusCode, 422);
      assert.deepEqual(res.json().error.fields, [{ field: 'complainant', message: REQUIRED[language] }]);
    }
  });

  it('checked with the value reported (the use cases, the settings), is said alike; a missing one is to fill in', () => {
    const schema = z.object({ name: z.string(), tags: z.array(z.string()) });
    for (const language of ['en', 'fr', 'de'] as const) {
      const t = translatorFor(language);
      const wrong = schema.safeParse({ name: 7, tags: 'a' }, { reportInput: true });
      assert.deepEqual(zodFieldProblems(wrong.error!.issues, t), [
        { field: 'name', message: WRONG_KIND[language].string },
        { field: 'tags', message: WRONG_KIND[language].array },
      ]);
      const missing = schema.safeParse({ tags: [] }, { reportInput: true });
      assert.deepEqual(zodFieldProblems(missing.error!.issues, t), [
        { field: 'name', message: REQUIRED[language] },
      ]);
    }
  });
});
