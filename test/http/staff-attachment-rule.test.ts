// The files of a staff answer or free reply are held to one rule (src/core/files/attachment-limits.ts): at most 5
// files, each of at most 10 MB, together no more than one e-mail to the complainant carries, each a PDF, PNG or
// JPEG. The doors explain it early in the reader's language; the use cases refuse it too, so that no other caller
// (a script, the command line, a door added later) can have an answer recorded as sent that the mail relay then
// refuses. Through a listening server (the API with its body limit raised, as an operator sending files through it
// would) and through the use cases themselves, on both engines: what is refused leaves nothing behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { problemOf } from '../../src/adapters/http/errors.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import { bytes } from '../../src/adapters/http/pages/components.ts';
import { MAX_ATTACHMENT_BYTES, MAX_FILES } from '../../src/adapters/http/uploads.ts';
import { documentsLimit } from '../../src/app/complainant-link.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { ENGINES } from '../support/databases.ts';
import { apiPost, apiSecret, type ListeningTestApp, listeningTestApp } from '../support/http.ts';
import { rowCounts } from '../support/row-counts.ts';
import { answerWithFiles, base64Files, openComplaint, pdfs, replyWithFiles } from '../support/staff.ts';

const MiB = 1024 * 1024;

for (const engine of ENGINES) {
  describe(`one rule for the files of a staff answer or reply, at every door and in the use cases, on ${engine}`, () => {
    let t: ListeningTestApp;
    let base = '';
    let token = '';
    let limit = 0;

    before(async () => {
      t = await listeningTestApp({ engine, env: { REDRESS_HTTP_BODY_LIMIT: String(32 * MiB) } });
      base = `http://127.0.0.1:${t.port}`;
      token = await apiSecret(t.ctx, 'agent', 'api-attachment-rule');
      limit = documentsLimit(t.ctx.config.smtp.maxMessageBytes);
    });
    after(async () => {
      await t?.close();
    });

    /** What a refused answer or reply must leave untouched: nothing recorded, queued or stored. */
    const written = () =>
      rowCounts(t.ctx.database.db, {
        events: 'events',
        correspondence: 'correspondence',
        outbound: 'outbound_items',
        originals: 'originals',
      });

    const api = (path: string, body: unknown, language: string) => apiPost(base, token, path, body, language);

    it('one 15 MB file fits the e-mail but not the per-file limit: the API refuses it (413), nothing sent', async () => {
      const big = pdfs(15 * MiB);
      assert.ok(big[0]!.content.byteLength < limit, 'within what the files may weigh together');
      assert.ok(big[0]!.content.byteLength > MAX_ATTACHMENT_BYTES, 'over what one file may weigh');
      const before = await written();
      const a = await openComplaint(t.ctx, { daysAgo: 2 });
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const afterOpening = await written();
      assert.ok(afterOpening.events > before.events);
      const answered = await api(
        `/api/v1/cases/${a.caseId}/answer`,
        { outcome: 'upheld', text: 'We restored your domain.', attachments: base64Files(big) },
        'en',
      );
      const aj = (await answered.json()) as { error: { code: string; message: string } };
      assert.equal(answered.status, 413, JSON.stringify(aj));
      assert.equal(aj.error.code, 'payload_too_large');
      assert.ok(
        aj.error.message.includes(`each of at most ${bytes('en', MAX_ATTACHMENT_BYTES)}`),
        aj.error.message,
      );
      const replied = await api(
        `/api/v1/cases/${c.caseId}/reply`,
        { kind: 'reply', text: 'Ihre Erstattung ist unterwegs.', attachments: base64Files(big) },
        'de',
      );
      const rj = (await replied.json()) as { error: { code: string; message: string } };
      assert.equal(replied.status, 413, JSON.stringify(rj));
      assert.equal(rj.error.code, 'payload_too_large');
      assert.ok(rj.error.message.includes(bytes('de', MAX_ATTACHMENT_BYTES)), rj.error.message);
      assert.deepEqual(await written(), afterOpening, 'nothing recorded, queued or stored');
      // A file at the per-file limit goes.
      const fine = await api(
        `/api/v1/cases/${c.caseId}/reply`,
        {
          kind: 'reply',
          text: 'Ihre Erstattung ist unterwegs.',
          attachments: base64Files(pdfs(MAX_ATTACHMENT_BYTES)),
        },
        'de',
      );
      assert.equal(fine.status, 200, await fine.text());
    });

    /**
     * The refusal of files over the limits by a use case: an input refusal at the attachments, with the limits, said
     * by a door that gets it in the reader's language (as every input refusal of the use cases, at its field).
     */
    const overTheLimits = (e: unknown) => {
      assert.ok(e instanceof DomainError, String(e));
      assert.equal(e.code, 'invalid_command');
      assert.deepEqual(e.details, {
        context: 'attachments_limits',
        count: MAX_FILES,
        megabytes: MAX_ATTACHMENT_BYTES / MiB,
        bytes: limit,
      });
      assert.match(e.message, /^attachments: /);
      const fr = problemOf(e, translatorFor('fr'));
      assert.equal(fr.code, 'invalid_command');
      assert.equal(fr.field, 'attachments');
      assert.equal(
        fr.message,
        `Joignez au plus 5 fichiers, de 10 Mo chacun au plus et de ${limit} octets au plus ensemble, ce qu’un seul e-mail au réclamant peut porter. Rien n’a été envoyé.`,
      );
      assert.match(problemOf(e, translatorFor('de')).message, /^Hängen Sie höchstens 5 Dateien an/);
      return true;
    };

    it('answerCase itself refuses files over the limits, recording nothing', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const before = await written();
      const answer = answerWithFiles(t.ctx, c.caseId);
      // One file over its own limit, six files, and two files together over what one e-mail carries.
      await assert.rejects(answer(pdfs(MAX_ATTACHMENT_BYTES + 1)), overTheLimits);
      await assert.rejects(answer(pdfs(...Array<number>(MAX_FILES + 1).fill(1024))), overTheLimits);
      await assert.rejects(answer(pdfs(Math.ceil(limit / 2), Math.ceil(limit / 2) + 1)), overTheLimits);
      // A type that is not allowed, whatever the file's name.
      await assert.rejects(
        answer([
          { filename: 'credit-note.pdf', contentType: 'text/html', content: Buffer.from('<p>credit</p>') },
        ]),
        (e: unknown) => {
          assert.ok(e instanceof DomainError);
          assert.equal(e.code, 'invalid_command');
          assert.deepEqual(e.details, { context: 'attachment_type', name: 'credit-note.pdf' });
          return true;
        },
      );
      assert.deepEqual(await written(), before, 'nothing recorded, queued or stored');
      const s = await t.ctx.database.db
        .selectFrom('cases')
        .select(['status', 'answered_at'])
        .where('id', '=', c.caseId)
        .executeTakeFirstOrThrow();
      assert.equal(s.answered_at, null, 'the case is not answered');
      // Files within every limit go with the answer.
      const half = Math.floor(limit / 2);
      const w = await answer(pdfs(half, limit - half));
      assert.equal(w.channel, 'email');
    });

    it('sendReply itself refuses files over the limits, recording nothing', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const before = await written();
      const reply = replyWithFiles(t.ctx, c.caseId);
      await assert.rejects(reply(pdfs(15 * MiB)), overTheLimits);
      await assert.rejects(reply(pdfs(...Array<number>(MAX_FILES + 1).fill(1024))), overTheLimits);
      await assert.rejects(reply(pdfs(9.5 * MiB, 9.5 * MiB)), overTheLimits);
      await assert.rejects(
        reply([{ filename: 'notes.txt', contentType: 'text/plain', content: Buffer.from('notes') }]),
        (e: unknown) =>
          e instanceof DomainError && (e.details as { context: string }).context === 'attachment_type',
      );
      assert.deepEqual(await written(), before, 'nothing recorded, queued or stored');
      const w = await reply(pdfs(...Array<number>(MAX_FILES).fill(1024)));
      assert.equal(w.channel, 'email');
    });
  });
}
