// An access refusal (who may do what: a role kept from a page or a case, a step, a session, an account) is said in the
// reader's language by its own sentence, as the procedure's refusals are: every refusal is one of ACCESS_CONTEXTS
// (an AccessError takes nothing else), each has its sentence in English, French and German (typed, and checked here
// to name every value it carries), and the pages say it. On both engines, through the real pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { problemOf } from '../../src/adapters/http/errors.ts';
import { accessRefusalsDe } from '../../src/adapters/http/i18n/access-refusals.de.ts';
import { accessRefusalsEn } from '../../src/adapters/http/i18n/access-refusals.en.ts';
import { accessRefusalsFr } from '../../src/adapters/http/i18n/access-refusals.fr.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import {
  ACCESS_CODES,
  ACCESS_CONTEXTS,
  type AccessCode,
  type AccessDetails,
  AccessError,
  type AccessRefusalKey,
} from '../../src/core/access/access-error.ts';
import { LANGUAGES, type Language } from '../../src/core/case/model.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  postForm,
  refusalsOnPage,
  sessionFor,
  type TestApp,
} from '../support/http.ts';

const OWN: Record<Language, Record<AccessRefusalKey, string>> = {
  en: accessRefusalsEn.errors,
  fr: accessRefusalsFr.errors,
  de: accessRefusalsDe.errors,
};
const LABELS: Record<string, [string, string]> = {
  role: ['roles', 'auditor'],
  status: ['userStatuses', 'disabled'],
};

/** A value of the name, and how the reader must find it in the sentence. */
function sample(name: string, lang: Language): { value: unknown; shown: string } {
  const label = LABELS[name];
  if (label) return { value: label[1], shown: translatorFor(lang)(`${label[0]}.${label[1]}`) };
  if (name === 'minutes' || name === 'min' || name === 'max') return { value: 37, shown: '37' };
  return { value: `‹${name}›`, shown: `‹${name}›` };
}

describe('every access refusal', () => {
  const all = ACCESS_CODES.flatMap((code) =>
    Object.entries(ACCESS_CONTEXTS[code]).map(([context, values]) => ({
      code,
      context,
      values: values as readonly string[],
    })),
  );

  it('is listed, with at least one refusal for each code', () => {
    for (const code of ACCESS_CODES) assert.ok(Object.keys(ACCESS_CONTEXTS[code]).length > 0, code);
    assert.ok(all.length > 30, `${all.length}`);
  });

  it('has its own sentence in English, French and German, naming every value it carries', () => {
    for (const { code, context, values } of all)
      for (const lang of LANGUAGES) {
        const key = `${code}_${context}` as AccessRefusalKey;
        const own = OWN[lang][key];
        assert.ok(own?.trim(), `${lang} ${key}`);
        for (const v of values)
          assert.ok(own.includes(`{{${v}}}`), `${lang} ${key} does not name ${v}: ${own}`);
      }
  });

  it('reaches the reader of each language with its specifics, on a page and in the API', () => {
    for (const { code, context, values } of all) {
      const said: Partial<Record<Language, string>> = {};
      for (const lang of LANGUAGES) {
        const t = translatorFor(lang);
        const samples = Object.fromEntries(values.map((v) => [v, sample(v, lang)]));
        const details = {
          context,
          ...Object.fromEntries(values.map((v) => [v, samples[v]!.value])),
        } as AccessDetails<AccessCode>;
        const error = new AccessError(code, 'The English sentence of the code.', { details });
        for (const page of [true, false]) {
          const p = problemOf(error, t, null, { lang, timeZone: 'Europe/Berlin', page });
          const where = `${lang} ${code}_${context}${page ? '' : ' (API)'}: ${p.message}`;
          assert.equal(p.code, code, where);
          assert.equal(p.message, t(`errors.${code}_${context}`, details), where);
          assert.doesNotMatch(p.message, /\{\{|\$t\(|errors\.|English sentence|‹context›/, where);
          for (const v of values) assert.ok(p.message.includes(samples[v]!.shown), `${where}: ${v}`);
          said[lang] = p.message;
        }
      }
      assert.notEqual(said.fr, said.en, `${code}_${context}: French is English`);
      assert.notEqual(said.de, said.en, `${code}_${context}: German is English`);
    }
  });
});

for (const engine of ENGINES)
  describe(`access refusals in the reader’s language (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(async () => {
      await t?.close();
    });

    it('names the role kept from a page, in French and in German', async () => {
      const said = {
        fr: 'Votre rôle (Agent) ne donne pas accès à cette page ou à cette action.',
        de: 'Ihre Rolle (Sachbearbeitung) erlaubt diese Seite oder Aktion nicht.',
      };
      for (const lang of ['fr', 'de'] as const) {
        const agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent', { language: lang }));
        const res = await getPage(t.app, agent, '/admin/organisation');
        assert.equal(res.statusCode, 403, lang);
        assert.ok(refusalsOnPage(res.body).includes(said[lang]), `${lang}: ${refusalsOnPage(res.body)}`);
      }
    });

    it('names the address that already has an account, in French and in German', async () => {
      await createUser(t.ctx, 'agent', { email: 'ana@example.org' });
      const said = {
        fr: 'Un compte existe déjà pour ana@example.org : ouvrez-le plutôt depuis la liste.',
        de: 'Für ana@example.org gibt es bereits ein Konto: Öffnen Sie es stattdessen aus der Liste.',
      };
      for (const lang of ['fr', 'de'] as const) {
        const admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language: lang }));
        const res = await postForm(t.app, admin, '/admin/users', {
          email: 'ana@example.org',
          name: 'Ana',
          role: 'agent',
          departments: '',
          language: lang,
        });
        assert.equal(res.statusCode, 409, lang);
        assert.ok(refusalsOnPage(res.body).includes(said[lang]), `${lang}: ${refusalsOnPage(res.body)}`);
      }
    });
  });
