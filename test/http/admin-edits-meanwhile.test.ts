// Two administrators edit the same reply snippet or the same outbound text at once: the one who saves second,
// from a page opened before the other's save, is told so and their save is refused, rather than silently
// replacing the colleague's change. The page shown with the refusal carries the current state, so a second save,
// made knowingly, goes through. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { User } from '../../src/adapters/db/accounts.repo.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, getPage, postForm, sessionFor, type TestApp } from '../support/http.ts';

/** The hidden fields of the page's first form that posts to `action`, as a browser would send them (but the CSRF). */
function hiddenFields(body: string, action: string): Record<string, string> {
  const start = body.indexOf(`action="${action}"`);
  assert.ok(start >= 0, `a form posts to ${action}`);
  const form = body.slice(start, body.indexOf('</form>', start));
  const out: Record<string, string> = {};
  for (const m of form.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(m[0])?.[1];
    const value = /value="([^"]*)"/.exec(m[0])?.[1] ?? '';
    if (name && name !== '_csrf') out[name] = value;
  }
  return out;
}

for (const engine of ENGINES) {
  describe(`edits made meanwhile by a colleague on ${engine}`, () => {
    let t: TestApp;
    let ada: User;
    let bea: User;

    before(async () => {
      t = await createTestApp({ engine });
      ada = await createUser(t.ctx, 'administrator', { email: 'ada@example.org', name: 'Ada Admin' });
      bea = await createUser(t.ctx, 'administrator', { email: 'bea@example.org', name: 'Bea Admin' });
    });
    after(async () => {
      await t?.close();
    });

    it('a snippet changed by a colleague since the form was opened is not overwritten', async () => {
      const a = await sessionFor(t.ctx, ada);
      const b = await sessionFor(t.ctx, bea);
      assert.equal(
        (
          await postForm(t.app, a, '/admin/snippets', {
            language: 'de',
            title: 'Erstattung',
            body: 'Die Erstattung wurde am Montag veranlasst.',
          })
        ).statusCode,
        303,
      );
      const { id } = await t.ctx.database.db
        .selectFrom('reply_snippets')
        .select('id')
        .executeTakeFirstOrThrow();
      const url = `/admin/snippets/${id}`;
      // Both open the form; Bea saves first, then Ada, from the page she opened before.
      const adaForm = hiddenFields((await getPage(t.app, a, url)).body, url);
      const beaForm = hiddenFields((await getPage(t.app, b, url)).body, url);
      const beaSaved = await postForm(t.app, b, url, {
        ...beaForm,
        language: 'de',
        title: 'Erstattung',
        body: 'Die Erstattung wurde am Montag veranlasst; sie erscheint binnen fünf Werktagen.',
      });
      assert.equal(beaSaved.statusCode, 303);
      const adaSaved = await postForm(t.app, a, url, {
        ...adaForm,
        language: 'de',
        title: 'Erstattung veranlasst',
        body: 'Die Erstattung wurde veranlasst.',
      });
      assert.equal(adaSaved.statusCode, 409, 'the later save from an older page is refused');
      assert.match(adaSaved.body, /role="alert"|class="error-summary/);
      assert.match(adaSaved.body, /meanwhile/i);
      assert.match(adaSaved.body, /Die Erstattung wurde veranlasst\./, 'her text is kept in the form');
      const row = await t.ctx.database.db
        .selectFrom('reply_snippets')
        .select(['title', 'body'])
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(row.title, 'Erstattung', "Bea's change stands");
      assert.match(row.body, /fünf Werktagen/);
      // Saved again from the page that told her, knowing what changed, it goes through.
      const again = await postForm(t.app, a, url, {
        ...hiddenFields(adaSaved.body, url),
        language: 'de',
        title: 'Erstattung veranlasst',
        body: 'Die Erstattung wurde veranlasst.',
      });
      assert.equal(again.statusCode, 303);
    });

    it('a snippet that names a template variable is refused: it would reach the complainant as typed', async () => {
      const a = await sessionFor(t.ctx, ada);
      const res = await postForm(t.app, a, '/admin/snippets', {
        language: 'fr',
        title: 'Référence',
        body: 'Votre dossier {{reference}} est en cours.',
      });
      assert.equal(res.statusCode, 409);
      assert.match(res.body, /\{\{reference\}\}/);
      const n = await t.ctx.database.db
        .selectFrom('reply_snippets')
        .select('id')
        .where('title', '=', 'Référence')
        .execute();
      assert.equal(n.length, 0);
    });

    it('an outbound text saved by a colleague since the editor was opened is not replaced', async () => {
      const a = await sessionFor(t.ctx, ada);
      const b = await sessionFor(t.ctx, bea);
      const url = '/admin/templates/acknowledgement/fr';
      const adaForm = hiddenFields((await getPage(t.app, a, url)).body, url);
      const beaForm = hiddenFields((await getPage(t.app, b, url)).body, url);
      const draft = (line: string) => ({
        subject: '[{{reference}}] Réclamation reçue',
        body: `{{greeting}}\n\n${line} Réponse au plus tard le {{answerByDate}}.\n\n{{team}}`,
        note: '',
        caseReference: '',
      });
      const beaSaved = await postForm(t.app, b, url, { ...beaForm, ...draft('Merci de votre message.') });
      assert.equal(beaSaved.statusCode, 303);
      const adaSaved = await postForm(t.app, a, url, { ...adaForm, ...draft('Nous avons bien reçu.') });
      assert.equal(adaSaved.statusCode, 409, 'the later save from an older editor is refused');
      assert.match(adaSaved.body, /meanwhile/i);
      assert.match(adaSaved.body, /Nous avons bien reçu\./, 'her text is kept in the form');
      const versions = await t.ctx.database.db
        .selectFrom('template_versions')
        .select(['version', 'body'])
        .where('kind', '=', 'acknowledgement')
        .where('language', '=', 'fr')
        .execute();
      assert.equal(versions.length, 1, "only Bea's version was saved");
      assert.match(versions[0]!.body, /Merci de votre message/);
      const again = await postForm(t.app, a, url, {
        ...hiddenFields(adaSaved.body, url),
        ...draft('Nous avons bien reçu.'),
      });
      assert.equal(again.statusCode, 303);
    });
  });
}
