// The preview of an answer or a free reply reads the files sent with it as sending the form does: when they are
// refused (a type not allowed, too many, one too large, the whole form over its budget, or let go because many
// documents were arriving at once), the preview says so at the attachments with the very sentence and status that
// sending shows, in the reader's language, and keeps what was typed. Otherwise the person would send the form
// believing the files attached. The answer's preview asked by htmx (only the preview swapped) then shows the whole
// form again, so that the sentence stands at the attachments.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_FILES,
  multipartBudget,
  uploadBudget,
} from '../../src/adapters/http/uploads.ts';
import type { Language } from '../../src/core/case/model.ts';
import {
  createTestApp,
  createUser,
  sessionFor,
  type TestApp,
  type TestSession,
  whileUploadBudgetTaken,
} from '../support/http.ts';
import { type FilePart, openComplaint, PDF, postMultipart } from '../support/staff.ts';

const MB = 1024 * 1024;

const pdf = (filename: string, content: Buffer = PDF): FilePart => ({
  field: 'attachments',
  filename,
  type: 'application/pdf',
  content,
});

/** The sentence shown at a form's attachments (answer or reply), or null when there is none. */
const attachmentsError = (body: string, form: 'answer' | 'reply') =>
  new RegExp(`id="${form}-attachments-error">([^<]*)<`).exec(body)?.[1] ?? null;

describe('the preview of an answer or a reply says what sending would say about its files', () => {
  let t: TestApp;
  const sessions = {} as Record<Language, TestSession>;

  before(async () => {
    t = await createTestApp();
    for (const language of ['fr', 'en', 'de'] as const)
      sessions[language] = await sessionFor(
        t.ctx,
        await createUser(t.ctx, 'agent', { email: `${language}@example.org`, language }),
      );
  });
  after(async () => {
    await t?.close();
  });

  const countSent = async () =>
    (await t.ctx.database.db.selectFrom('correspondence').select('id').execute()).length;

  /**
   * Posts the same form to the preview and to the sending route of a fresh case; the preview must show the
   * attachments' sentence that sending shows, with the same status, and keep the text. Returns the preview.
   */
  const sameAsSending = async (o: {
    form: 'answer' | 'reply';
    language: Language;
    fields: Record<string, string>;
    files: FilePart[];
    expected: RegExp;
    busy?: boolean;
  }) => {
    const c = await openComplaint(t.ctx, { daysAgo: 2 });
    const s = sessions[o.language];
    const post = (path: string) => {
      const go = () => postMultipart(t.app, s, `/cases/${c.caseId}/${path}`, o.fields, o.files);
      return o.busy ? whileUploadBudgetTaken(go) : go();
    };
    const before = await countSent();
    const sent = await post(o.form);
    const preview = await post(`${o.form}/preview`);
    assert.equal(await countSent(), before, 'nothing was sent');
    const said = attachmentsError(sent.body, o.form);
    assert.match(said ?? '', o.expected, `sending says it (${sent.statusCode})`);
    assert.equal(
      attachmentsError(preview.body, o.form),
      said,
      'the preview says the same at the attachments',
    );
    assert.equal(preview.statusCode, sent.statusCode, 'with the same status');
    assert.ok(preview.body.includes(`>${o.fields.text}</textarea>`), 'what was typed is kept');
    return { sent, preview };
  };

  it('an answer with a file of a type not allowed: 422, in English', async () => {
    const { preview } = await sameAsSending({
      form: 'answer',
      language: 'en',
      fields: { outcome: 'upheld', text: 'We checked your server.' },
      files: [
        { field: 'attachments', filename: 'notes.txt', type: 'text/plain', content: Buffer.from('hi') },
      ],
      expected: /^&quot;notes.txt&quot; is not a PDF, PNG or JPEG file\.$/,
    });
    assert.equal(preview.statusCode, 422);
  });

  it('an answer with one file too many: 422, in German', async () => {
    const { preview } = await sameAsSending({
      form: 'answer',
      language: 'de',
      fields: { outcome: 'not_upheld', text: 'Wir haben die Protokolle geprüft.' },
      files: Array.from({ length: MAX_FILES + 1 }, (_, i) => pdf(`anlage-${i}.pdf`)),
      expected: /^Hängen Sie höchstens 5 Dateien an\.$/,
    });
    assert.equal(preview.statusCode, 422);
  });

  it('a reply with one file too large: 422, in French', async () => {
    await sameAsSending({
      form: 'reply',
      language: 'fr',
      fields: { kind: 'reply', text: 'Voici le justificatif demandé.' },
      files: [pdf('gros.pdf', Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES, 0x61)]))],
      expected: /^Un fichier dépasse 10 Mo\.$/,
    });
  });

  it('a reply over the whole form’s budget: 413, in French', async () => {
    const { preview } = await sameAsSending({
      form: 'reply',
      language: 'fr',
      fields: { kind: 'reply', text: 'Votre remboursement est en route.' },
      files: [
        pdf(
          'video.pdf',
          Buffer.concat([PDF, Buffer.alloc(multipartBudget(MAX_ATTACHMENT_BYTES, MAX_FILES) + MB, 0x61)]),
        ),
      ],
      expected: /^L’envoi était trop volumineux pour être reçu[^<]*au plus 5 fichiers de 10 Mo chacun/,
    });
    assert.equal(preview.statusCode, 413);
  });

  it('an answer whose files were let go while uploads were busy: 422, in English', async () => {
    await sameAsSending({
      form: 'answer',
      language: 'en',
      fields: { outcome: 'upheld', text: 'The report is attached.' },
      files: [pdf('report.pdf')],
      expected: /^Many documents are arriving at Redress right now/,
      busy: true,
    });
    assert.equal(uploadBudget.used, 0, 'nothing held afterwards');
  });

  it('a snippet inserted with a refused file: the snippet in place and the files’ sentence', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 2 });
    const res = await postMultipart(
      t.app,
      sessions.en,
      `/cases/${c.caseId}/reply/preview`,
      { kind: 'reply', text: 'Thank you.', snippet: 'no-such-snippet', insert: '1' },
      [{ field: 'attachments', filename: 'notes.txt', type: 'text/plain', content: Buffer.from('hi') }],
    );
    assert.equal(res.statusCode, 422);
    assert.equal(
      attachmentsError(res.body, 'reply'),
      '&quot;notes.txt&quot; is not a PDF, PNG or JPEG file.',
    );
    assert.match(res.body, /Choose one of the snippets offered\./, 'the snippet’s own sentence stays');
  });

  it('the answer’s preview asked by htmx shows the whole form again, the sentence at the attachments', async () => {
    const c = await openComplaint(t.ctx, { daysAgo: 2 });
    const htmx = { 'hx-request': 'true', 'hx-target': 'answer-preview' };
    const refused = await postMultipart(
      t.app,
      sessions.fr,
      `/cases/${c.caseId}/answer/preview`,
      { outcome: 'upheld', text: 'Nous avons rétabli votre domaine.' },
      [{ field: 'attachments', filename: 'notes.txt', type: 'text/plain', content: Buffer.from('hi') }],
      htmx,
    );
    assert.equal(refused.statusCode, 422);
    assert.equal(refused.headers['hx-retarget'], 'body', 'the whole page is swapped, not the preview alone');
    assert.equal(refused.headers['hx-reswap'], 'innerHTML');
    assert.equal(
      attachmentsError(refused.body, 'answer'),
      '« notes.txt » n’est pas un fichier PDF, PNG ou JPEG.',
    );
    assert.match(refused.body, />Nous avons rétabli votre domaine\.<\/textarea>/);
    assert.match(
      refused.body,
      /id="answer-preview"[\s\S]*Nous avons rétabli votre domaine\./,
      'and the preview',
    );
    // Files that pass leave the preview alone, as before.
    const fine = await postMultipart(
      t.app,
      sessions.fr,
      `/cases/${c.caseId}/answer/preview`,
      { outcome: 'upheld', text: 'Nous avons rétabli votre domaine.' },
      [pdf('rapport.pdf')],
      htmx,
    );
    assert.equal(fine.statusCode, 200);
    assert.equal(fine.headers['hx-retarget'], undefined);
    assert.match(fine.body, /^<section id="answer-preview"/);
  });
});
