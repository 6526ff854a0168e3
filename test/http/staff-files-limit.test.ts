// The files of one staff answer or free reply go to the complainant in one e-mail, so together they may weigh what
// one e-mail may carry once encoded: the same limit as the complainant's documents (documentsLimit, from
// `smtp.maxMessageBytes`, 25 MB by default: about 18 MB of files). Five files of 10 MB each would otherwise be
// accepted, recorded as sent, and refused later by the relay, with nobody told while it could still be fixed. The
// web form comes back with what was typed and a sentence naming the limit in the staff member's language, nothing
// sent; the API answers 413 in JSON naming the limit in bytes. Through real HTTP (a listening server), on both
// engines. And the limit holds its promise: an answer's text at its longest with files at the limit composes into
// a message no larger than `smtp.maxMessageBytes`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { LIMITS } from '../../src/adapters/http/case-actions.ts';
import { bytes } from '../../src/adapters/http/pages/components.ts';
import { MAX_ATTACHMENT_BYTES, MAX_FILES } from '../../src/adapters/http/uploads.ts';
import { composeMime } from '../../src/adapters/mail/compose-mime.ts';
import { documentsLimit } from '../../src/app/complainant-link.ts';
import type { Language } from '../../src/core/case/model.ts';
import { ENGINES } from '../support/databases.ts';
import {
  apiPost,
  apiSecret,
  createUser,
  type ListeningTestApp,
  listeningTestApp,
  sessionFor,
  type TestSession,
} from '../support/http.ts';
import { base64Files, openComplaint, pdfOf, pdfs } from '../support/staff.ts';

const MiB = 1024 * 1024;

/** Two files, each within its own limit, together over what one e-mail carries at the default size. */
const TWO_LARGE_SIZE = 9.5 * MiB;
const TWO_LARGE = [pdfOf(TWO_LARGE_SIZE), pdfOf(TWO_LARGE_SIZE)];

for (const engine of ENGINES) {
  describe(`the files of a staff message together fit in one e-mail, on ${engine}`, () => {
    let t: ListeningTestApp;
    let base = '';
    let token = '';
    let limit = 0;
    const sessions = {} as Record<Language, TestSession>;

    before(async () => {
      // The default message size; the API's body limit raised as an operator who sends files through it would.
      t = await listeningTestApp({ engine, env: { REDRESS_HTTP_BODY_LIMIT: String(32 * MiB) } });
      base = `http://127.0.0.1:${t.port}`;
      token = await apiSecret(t.ctx, 'agent', 'api-files-limit');
      limit = documentsLimit(t.ctx.config.smtp.maxMessageBytes);
      for (const language of ['fr', 'en', 'de'] as const)
        sessions[language] = await sessionFor(
          t.ctx,
          await createUser(t.ctx, 'agent', { email: `limit-${language}@example.org`, language }),
        );
    });
    after(async () => {
      await t?.close();
    });

    it('the limit is the complainant documents’ one, below what the files may weigh at their own limits', () => {
      assert.equal(t.ctx.config.smtp.maxMessageBytes, 25 * MiB);
      assert.ok(limit < TWO_LARGE[0]!.byteLength + TWO_LARGE[1]!.byteLength);
      assert.ok(limit < MAX_FILES * MAX_ATTACHMENT_BYTES);
      assert.ok(TWO_LARGE.every((f) => f.byteLength <= MAX_ATTACHMENT_BYTES));
    });

    it('the page states the limit beside both file fields, in the reader’s words', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const page = await (
        await fetch(`${base}/cases/${c.caseId}`, { headers: { cookie: sessions.en.cookie } })
      ).text();
      for (const form of ['answer', 'reply'] as const)
        assert.match(
          new RegExp(`id="${form}-attachments-hint">([^<]*)<`).exec(page)?.[1] ?? '',
          new RegExp(
            `^PDF, PNG or JPEG files, up to 5 files of 10 MB each and ${bytes('en', limit)} together`,
          ),
          form,
        );
    });

    const countSent = async () =>
      (await t.ctx.database.db.selectFrom('correspondence').select('id').execute()).length;

    /** A multipart post as htmx sends it (the CSRF token in its header), over a real connection. */
    const postFiles = (
      session: TestSession,
      path: string,
      fields: Record<string, string>,
      files: Buffer[],
    ) => {
      const fd = new FormData();
      for (const [k, v] of Object.entries(fields)) fd.append(k, v);
      for (const [i, f] of files.entries())
        fd.append('attachments', new Blob([f], { type: 'application/pdf' }), `piece-${i + 1}.pdf`);
      return fetch(`${base}${path}`, {
        method: 'POST',
        body: fd,
        redirect: 'manual',
        headers: { cookie: session.cookie, 'x-csrf-token': session.csrf },
      });
    };

    const api = (path: string, body: unknown, language: Language) =>
      apiPost(base, token, path, body, language);

    /** The sentence at a form's attachments, or null. */
    const attachmentsError = (body: string, form: 'answer' | 'reply') =>
      new RegExp(`id="${form}-attachments-error">([^<]*)<`).exec(body)?.[1] ?? null;

    it('an answer on the web: 413, the text kept, the limit named in French, nothing sent', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const sent = await countSent();
      const res = await postFiles(
        sessions.fr,
        `/cases/${c.caseId}/answer`,
        { outcome: 'upheld', text: 'Nous avons rétabli votre domaine.' },
        TWO_LARGE,
      );
      const body = await res.text();
      assert.equal(res.status, 413, body.slice(0, 300));
      assert.match(body, />Nous avons rétabli votre domaine\.<\/textarea>/, 'what was typed comes back');
      assert.equal(
        attachmentsError(body, 'answer'),
        `Vos fichiers pèsent ensemble plus de ${bytes('fr', limit)} : tout ce que vous avez écrit est conservé ; joignez des fichiers moins nombreux ou plus légers, puis envoyez à nouveau.`,
      );
      assert.match(body, /value="upheld" checked/, 'the outcome chosen stays chosen');
      assert.equal(await countSent(), sent, 'nothing was sent');
    });

    it('a free reply on the web: the same, in German', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const sent = await countSent();
      const res = await postFiles(
        sessions.de,
        `/cases/${c.caseId}/reply`,
        { kind: 'reply', text: 'Ihre Erstattung ist unterwegs.' },
        TWO_LARGE,
      );
      const body = await res.text();
      assert.equal(res.status, 413, body.slice(0, 300));
      assert.match(body, />Ihre Erstattung ist unterwegs\.<\/textarea>/);
      assert.equal(
        attachmentsError(body, 'reply'),
        `Ihre Dateien sind zusammen größer als ${bytes('de', limit)}: Alles, was Sie geschrieben haben, bleibt erhalten; hängen Sie weniger oder kleinere Dateien an und senden Sie erneut.`,
      );
      assert.equal(await countSent(), sent, 'nothing was sent');
    });

    it('the reply’s preview says it too (413, English), before anyone presses send', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const res = await postFiles(
        sessions.en,
        `/cases/${c.caseId}/reply/preview`,
        { kind: 'reply', text: 'Your refund is on its way.' },
        TWO_LARGE,
      );
      const body = await res.text();
      assert.equal(res.status, 413);
      assert.match(attachmentsError(body, 'reply') ?? '', /^Your files together weigh more than /);
    });

    it('files exactly at the limit are sent with the answer', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const half = Math.floor(limit / 2);
      const res = await postFiles(
        sessions.en,
        `/cases/${c.caseId}/answer`,
        { outcome: 'upheld', text: 'We restored your domain.' },
        [pdfOf(half), pdfOf(limit - half)],
      );
      assert.equal(res.status, 303, (await res.text()).slice(0, 300));
    });

    it('the API: 413 in JSON naming the limit in bytes, for an answer and a reply, nothing sent', async () => {
      const sent = await countSent();
      const a = await openComplaint(t.ctx, { daysAgo: 2 });
      const answered = await api(
        `/api/v1/cases/${a.caseId}/answer`,
        {
          outcome: 'upheld',
          text: 'We restored your domain.',
          attachments: base64Files(pdfs(TWO_LARGE_SIZE, TWO_LARGE_SIZE)),
        },
        'en',
      );
      const aj = (await answered.json()) as { error: { code: string; message: string } };
      assert.equal(answered.status, 413, JSON.stringify(aj));
      assert.equal(aj.error.code, 'payload_too_large');
      assert.match(aj.error.message, new RegExp(`\\b${limit} bytes\\b`));
      const r = await openComplaint(t.ctx, { daysAgo: 2 });
      const replied = await api(
        `/api/v1/cases/${r.caseId}/reply`,
        {
          kind: 'reply',
          text: 'Votre remboursement est parti.',
          attachments: base64Files(pdfs(TWO_LARGE_SIZE, TWO_LARGE_SIZE)),
        },
        'fr',
      );
      const rj = (await replied.json()) as { error: { code: string; message: string } };
      assert.equal(replied.status, 413, JSON.stringify(rj));
      assert.equal(rj.error.code, 'payload_too_large');
      assert.match(rj.error.message, new RegExp(`\\b${limit} octets\\b`));
      assert.equal(await countSent(), sent, 'nothing was sent');
      // Within the limit, the same call goes through.
      const fine = await api(
        `/api/v1/cases/${r.caseId}/reply`,
        { kind: 'reply', text: 'Votre remboursement est parti.', attachments: base64Files(pdfs(MiB)) },
        'fr',
      );
      assert.equal(fine.status, 200, await fine.text());
    });
  });
}

describe('files at the limit and the longest text compose into one message the limit allows', () => {
  it('for any message size and any split of the files', async () => {
    // The longest answer (its text and remedy) and the template's words around it, in characters that take the
    // most room once encoded.
    const text = '漢'.repeat(LIMITS.answerText + LIMITS.remedy + 2000);
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 512 * 1024, max: 3 * MiB }),
        fc.array(fc.integer({ min: 1, max: 100 }), { minLength: 1, maxLength: MAX_FILES }),
        async (maxMessageBytes, weights) => {
          const limit = documentsLimit(maxMessageBytes);
          const sum = weights.reduce((a, b) => a + b, 0);
          const sizes = weights.map((w) => Math.floor((limit * w) / sum));
          sizes[0]! += limit - sizes.reduce((a, b) => a + b, 0);
          const mime = await composeMime({
            messageId: '<answer@redress.invalid>',
            fromAddress: 'complaints@example.org',
            fromName: 'Beschwerdestelle der Müller-Bau GmbH',
            toAddress: 'camille.martin@example.net',
            subject: `[RC-2026-000123] ${'Réponse définitive à votre réclamation '.repeat(5)}`,
            text,
            inReplyTo: '<question@example.net>',
            references: Array.from({ length: 20 }, (_, i) => `<message-${i}@example.net>`),
            autoSubmitted: null,
            at: '2026-12-07T10:00:00.000Z',
            attachments: sizes.map((size, i) => ({
              filename: `pièce jointe numéro ${i + 1} avec un nom assez long.pdf`,
              contentType: 'application/pdf',
              content: new Uint8Array(size).fill(0xa7),
            })),
          });
          assert.ok(mime.byteLength <= maxMessageBytes, `${mime.byteLength} > ${maxMessageBytes}`);
        },
      ),
      { numRuns: 25 },
    );
  });
});
