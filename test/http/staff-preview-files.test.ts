// A page cannot give back the files a person chose: a browser never fills in a file field for a page. So when the
// answer or the free reply comes back as a whole page after a preview (the page without scripts, or a snippet
// inserted) or after a refusal of what was typed, the files chosen are no longer attached, and pressing "send" would
// send the text without them. The page says so beside the file field, naming the files, in the reader's language,
// so that nobody sends the form believing the files attached. The answer's preview asked by htmx swaps the preview
// alone and leaves the chosen files in place: nothing to say there.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Language } from '../../src/core/case/model.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, createUser, sessionFor, type TestApp, type TestSession } from '../support/http.ts';
import { type FilePart, openComplaint, PDF, postMultipart } from '../support/staff.ts';

const files: FilePart[] = [
  { field: 'attachments', filename: 'rapport.pdf', type: 'application/pdf', content: PDF },
  { field: 'attachments', filename: 'annexe.pdf', type: 'application/pdf', content: PDF },
];

/** The sentence beside a form's file field saying the files must be chosen again, or null when there is none. */
const chooseAgain = (body: string, form: 'answer' | 'reply') =>
  new RegExp(`<p class="notice" id="${form}-attachments-again"[^>]*>([^<]*)<`).exec(body)?.[1] ?? null;

for (const engine of ENGINES) {
  describe(`a staff form shown again after a preview or a refusal names the files to choose again, on ${engine}`, () => {
    let t: TestApp;
    const sessions = {} as Record<Language, TestSession>;

    before(async () => {
      t = await createTestApp({ engine });
      for (const language of ['fr', 'en', 'de'] as const)
        sessions[language] = await sessionFor(
          t.ctx,
          await createUser(t.ctx, 'agent', { email: `again-${language}@example.org`, language }),
        );
    });
    after(async () => {
      await t?.close();
    });

    const countSent = async () =>
      (await t.ctx.database.db.selectFrom('correspondence').select('id').execute()).length;

    const expected: Record<Language, RegExp> = {
      fr: /rapport\.pdf, annexe\.pdf[^<]*choisissez-les à nouveau avant d’envoyer/,
      en: /rapport\.pdf, annexe\.pdf[^<]*choose them again before you send/,
      de: /rapport\.pdf, annexe\.pdf[^<]*wählen Sie sie vor dem Senden erneut aus/,
    };

    for (const language of ['fr', 'en', 'de'] as const)
      it(`the answer's preview without scripts names the files to choose again (${language})`, async () => {
        const c = await openComplaint(t.ctx, { daysAgo: 2 });
        const sent = await countSent();
        const res = await postMultipart(
          t.app,
          sessions[language],
          `/cases/${c.caseId}/answer/preview`,
          { outcome: 'upheld', text: 'We restored the domain.' },
          files,
        );
        assert.equal(res.statusCode, 200);
        assert.equal(await countSent(), sent, 'a preview sends nothing');
        assert.ok(res.body.includes('>We restored the domain.</textarea>'), 'what was typed is kept');
        assert.match(chooseAgain(res.body, 'answer') ?? '', expected[language]);
        assert.match(
          res.body,
          /<input type="file" id="answer-attachments"[^>]*aria-describedby="[^"]*answer-attachments-again/,
          'the file field is described by the sentence',
        );
      });

    it('the reply’s preview and a snippet inserted without scripts say it too', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const preview = await postMultipart(
        t.app,
        sessions.en,
        `/cases/${c.caseId}/reply/preview`,
        { kind: 'reply', text: 'The invoice is attached.' },
        files,
      );
      assert.equal(preview.statusCode, 200);
      assert.match(chooseAgain(preview.body, 'reply') ?? '', expected.en);
      assert.equal(chooseAgain(preview.body, 'answer'), null, 'only at the form that had them');
      const inserted = await postMultipart(
        t.app,
        sessions.de,
        `/cases/${c.caseId}/reply/preview`,
        { kind: 'reply', text: 'Die Rechnung liegt bei.', snippet: 'no-such-snippet', insert: '1' },
        files,
      );
      assert.match(chooseAgain(inserted.body, 'reply') ?? '', expected.de);
    });

    it('an answer refused for what was typed, sent with files, says the files must be chosen again', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const sent = await countSent();
      const res = await postMultipart(
        t.app,
        sessions.fr,
        `/cases/${c.caseId}/answer`,
        { outcome: 'upheld', text: '' },
        files,
      );
      assert.equal(res.statusCode, 422);
      assert.equal(await countSent(), sent, 'nothing was sent');
      assert.match(chooseAgain(res.body, 'answer') ?? '', expected.fr);
      const reply = await postMultipart(
        t.app,
        sessions.fr,
        `/cases/${c.caseId}/reply`,
        { kind: 'reply', text: '' },
        files,
      );
      assert.equal(reply.statusCode, 422);
      assert.match(chooseAgain(reply.body, 'reply') ?? '', expected.fr);
    });

    it('says nothing when no file was chosen, when the files were refused, or to the answer’s preview by htmx', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const none = await postMultipart(t.app, sessions.en, `/cases/${c.caseId}/answer/preview`, {
        outcome: 'upheld',
        text: 'We restored the domain.',
      });
      assert.equal(none.statusCode, 200);
      assert.equal(chooseAgain(none.body, 'answer'), null);
      // Refused files have their own sentence at the field, which already asks for them again.
      const refused = await postMultipart(
        t.app,
        sessions.en,
        `/cases/${c.caseId}/answer/preview`,
        { outcome: 'upheld', text: 'We restored the domain.' },
        [
          ...files,
          { field: 'attachments', filename: 'notes.txt', type: 'text/plain', content: Buffer.from('hi') },
        ],
      );
      assert.equal(refused.statusCode, 422);
      assert.equal(chooseAgain(refused.body, 'answer'), null);
      const htmx = await postMultipart(
        t.app,
        sessions.en,
        `/cases/${c.caseId}/answer/preview`,
        { outcome: 'upheld', text: 'We restored the domain.' },
        files,
        { 'hx-request': 'true', 'hx-target': 'answer-preview' },
      );
      assert.equal(htmx.statusCode, 200);
      assert.match(htmx.body, /^<section id="answer-preview"/, 'the preview alone, the files left in place');
      assert.doesNotMatch(htmx.body, /attachments-again/);
    });
  });
}
