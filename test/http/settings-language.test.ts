// What the settings' own check (the configuration schema, src/config.ts) refuses is said on the administration
// pages in the reader's language, naming the field and what to write there: never zod's English, nor the schema's
// own English hint. On both engines, through the real pages.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  postForm,
  refusalsOnPage,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';

/** Zod's own English, and the English hints the configuration schema writes for its file and environment. */
const ENGLISH =
  /Too (big|small)|expected|Invalid|a name other than|the reports’ "not forwarded"|e-mail addresses|lower-case letters|at least one|items/;

for (const engine of ENGINES)
  describe(`settings refused in the reader’s language (${engine})`, () => {
    let t: TestApp;
    let fr: TestSession;
    let de: TestSession;
    before(async () => {
      t = await createTestApp({ engine });
      fr = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language: 'fr' }));
      de = await sessionFor(t.ctx, await createUser(t.ctx, 'administrator', { language: 'de' }));
    });
    after(async () => {
      await t?.close();
    });

    const department = { 'name-0': '_none', 'email-0': 'billing@example.org', 'keywords-0': 'invoice' };

    it('names a department the reports reserve, in French and in German, at its field', async () => {
      // Beside the field, which the page labels: what to write there.
      const said = {
        fr: '« _none » désigne « non transmise » dans les rapports : choisissez un autre nom.',
        de: '„_none“ steht in den Berichten für „nicht weitergeleitet“: Wählen Sie einen anderen Namen.',
      };
      for (const [session, lang] of [
        [fr, 'fr'],
        [de, 'de'],
      ] as const) {
        const res = await postForm(t.app, session, '/admin/departments', department);
        assert.equal(res.statusCode, 422, lang);
        const text = refusalsOnPage(res.body);
        const field = /id="departments-name-0-error">([^<]*)</.exec(res.body)?.[1] ?? '';
        assert.equal(field.replace(/&quot;/g, '"'), said[lang], lang);
        assert.ok(text.includes(said[lang]), `${lang}: ${text}`);
        assert.doesNotMatch(text, ENGLISH, lang);
      }
      assert.equal(t.ctx.config.departments.length, 0, 'nothing saved');
    });

    it('names the most recipients of the monthly report, in French and in German', async () => {
      const recipients = Array.from({ length: 21 }, (_, i) => `person${i}@example.org`).join('\n');
      const said = {
        fr: 'Destinataires du rapport mensuel : au plus 20 entrées ; retirez-en.',
        de: 'Empfänger des Monatsberichts: Höchstens 20 Einträge; entfernen Sie einige.',
      };
      for (const [session, lang] of [
        [fr, 'fr'],
        [de, 'de'],
      ] as const) {
        const res = await postForm(t.app, session, '/admin/monthly-report', { enabled: 'yes', recipients });
        assert.equal(res.statusCode, 400, lang);
        const text = refusalsOnPage(res.body);
        assert.ok(text.includes(said[lang]), `${lang}: ${text}`);
        assert.doesNotMatch(text, ENGLISH, lang);
      }
      assert.equal(t.ctx.config.monthlyReport.recipients.length, 0, 'nothing saved');
    });

    it('still shows the pages in the reader’s language', async () => {
      const page = await getPage(t.app, fr, '/admin/departments');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<html lang="fr"/);
    });
  });
