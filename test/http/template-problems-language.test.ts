// What is wrong with an administrator's version of a text (an unknown variable, a section never closed, a subject
// without the case's reference) is said in the reader's language beside its field, and a refusal to save it names
// each field with its problem; never the core's English. On both engines, through the real pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { problemOf } from '../../src/adapters/http/errors.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import { saveTemplateVersion } from '../../src/app/manage-templates.ts';
import { LANGUAGES } from '../../src/core/case/model.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, postForm, sessionFor, type TestApp } from '../support/http.ts';

/** The core's English sentences, which a French or German reader must not get. */
const ENGLISH = /is not a variable|is never closed|must carry the case reference|closes a section/;

const unescapeHtml = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

for (const engine of ENGINES)
  describe(`a text's problems in the reader’s language (${engine})`, () => {
    let t: TestApp;
    before(async () => {
      t = await createTestApp({ engine });
    });
    after(async () => {
      await t?.close();
    });

    const draft = { subject: 'Accusé {{foo}}', body: '{{greeting}}\n\n{{#answerByDate}}Merci.\n\n{{team}}' };

    it('says each field’s problems beside it, in French and in German', async () => {
      const said = {
        fr: {
          subject: [
            '{{foo}} n’est pas une variable de ce texte',
            'Il doit porter la référence du dossier, {{reference}}.',
          ],
          body: ['La section {{#answerByDate}} n’est jamais fermée : ajoutez {{/answerByDate}}.'],
        },
        de: {
          subject: [
            '{{foo}} ist keine Variable dieses Textes',
            'Er muss das Aktenzeichen des Falls tragen, {{reference}}.',
          ],
          body: ['Der Abschnitt {{#answerByDate}} wird nie geschlossen: Fügen Sie {{/answerByDate}} hinzu.'],
        },
      };
      for (const lang of ['fr', 'de'] as const) {
        const admin = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language: lang }));
        const res = await postForm(t.app, admin, '/admin/templates/acknowledgement/fr', draft);
        assert.equal(res.statusCode, 422, lang);
        for (const field of ['subject', 'body'] as const) {
          const at = unescapeHtml(
            new RegExp(`id="[\\w-]*${field}-error">([^<]*)<`).exec(res.body)?.[1] ?? '',
          );
          for (const words of said[lang][field]) assert.ok(at.includes(words), `${lang} ${field}: ${at}`);
          assert.doesNotMatch(at, ENGLISH, `${lang} ${field}`);
        }
      }
    });

    it('names each field with its problem when saving is refused, in each language', async () => {
      const error = await saveTemplateVersion(t.ctx, {
        kind: 'acknowledgement',
        language: 'fr',
        template: draft,
        note: null,
        acting: { actor: 'cli', label: null, address: null },
      }).then(
        () => assert.fail('saved'),
        (e: unknown) => e,
      );
      for (const lang of LANGUAGES) {
        const tr = translatorFor(lang);
        const p = problemOf(error, tr, null, { lang, timeZone: 'Europe/Berlin', page: false });
        assert.equal(p.code, 'invalid_command');
        assert.deepEqual(
          p.fields.map((f) => f.field),
          ['subject', 'body'],
          lang,
        );
        assert.match(p.message, /\{\{foo\}\}/, lang);
        assert.match(p.message, /\{\{\/answerByDate\}\}/, lang);
        if (lang !== 'en') assert.doesNotMatch(p.message, ENGLISH, lang);
        assert.doesNotMatch(p.message, /templates\.|validation\./, lang);
      }
    });
  });
