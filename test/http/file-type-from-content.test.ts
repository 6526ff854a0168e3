// The use cases that take files decide on what each file IS, read from its content, not on the type its caller
// states: a web page or a program sent as "application/pdf" under a ".pdf" name is refused by the use case itself,
// before anything is recorded, whoever calls it (the JSON API, the command line, a script, a door added later).
// Only the HTTP doors read the content before; a caller that went straight to a use case could have such a file
// kept and sent to a complainant. Called directly on both engines, and once through the JSON API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { problemOf } from '../../src/adapters/http/errors.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import { registerLetter } from '../../src/app/register-letter.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { documentsAdder, linkTokenOf, submitWithDocuments } from '../support/complainant-documents.ts';
import { ENGINES } from '../support/databases.ts';
import { apiPost, apiSecret, type ListeningTestApp, listeningTestApp } from '../support/http.ts';
import { CASE_TABLES, rowCounts } from '../support/row-counts.ts';
import {
  answerWithFiles,
  base64Files,
  openComplaint,
  replyWithFiles,
  type StaffFile,
} from '../support/staff.ts';

/** A web page, stated to be a PDF and named like one. */
const pageAsPdf = (): StaffFile => ({
  filename: 'avoir.pdf',
  contentType: 'application/pdf',
  content: Buffer.from('<!doctype html><html><body><script>alert(1)</script></body></html>'),
});
/** A Windows program (its "MZ" header and the offset of its PE header), stated to be a PDF and named like one. */
const programAsPdf = (): StaffFile => {
  const content = Buffer.alloc(512);
  content.write('MZ', 0, 'latin1');
  content.writeUInt32LE(0x80, 0x3c);
  content.write('PE\0\0', 0x80, 'latin1');
  return { filename: 'facture.pdf', contentType: 'application/pdf', content };
};
/** A PNG image (its signature and header chunk), stated to be a PDF and named like one. */
const pngAsPdf = (): StaffFile => {
  const content = Buffer.alloc(256);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).copy(content, 0);
  content.write('IHDR', 12, 'latin1');
  return { filename: 'photo.pdf', contentType: 'application/pdf', content };
};

/** The use case's refusal of a type not allowed, at the attachments, named in every language. */
const typeRefused = (name: string) => (e: unknown) => {
  assert.ok(e instanceof DomainError, String(e));
  assert.equal(e.code, 'invalid_command');
  assert.deepEqual(e.details, { context: 'attachment_type', name });
  for (const [lang, words] of [
    ['fr', 'n’est pas un fichier PDF, PNG ou JPEG'],
    ['en', 'is not a PDF, PNG or JPEG file'],
    ['de', 'ist keine PDF-, PNG- oder JPEG-Datei'],
  ] as const) {
    const said = problemOf(e, translatorFor(lang));
    assert.equal(said.field, 'attachments');
    assert.ok(said.message.includes(name) && said.message.includes(words), said.message);
  }
  return true;
};

for (const engine of ENGINES) {
  describe(`the use cases read a file's type from its content, not from its caller, on ${engine}`, () => {
    let t: ListeningTestApp;

    before(async () => {
      t = await listeningTestApp({ engine });
    });
    after(async () => {
      await t?.close();
    });

    /** What a refused call must leave untouched. */
    const written = () => rowCounts(t.ctx.database.db, CASE_TABLES);

    /** The files an outbound message carries, as queued. */
    const queuedFiles = async (correspondenceId: string) => {
      const row = await t.ctx.database.db
        .selectFrom('outbound_items')
        .select('attachments')
        .where('correspondence_id', '=', correspondenceId)
        .executeTakeFirstOrThrow();
      const files = JSON.parse(row.attachments ?? '[]') as Array<{
        sha256: string;
        filename: string;
        contentType: string;
      }>;
      const kept = await t.ctx.database.db
        .selectFrom('originals')
        .select(['sha256', 'content_type'])
        .where(
          'sha256',
          'in',
          files.map((f) => f.sha256),
        )
        .execute();
      return files.map((f) => ({
        filename: f.filename,
        contentType: f.contentType,
        kept: kept.find((k) => k.sha256 === f.sha256)?.content_type,
      }));
    };

    it('answerCase refuses a web page or a program stated as a PDF, and sends an image as what it is', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const before = await written();
      const answer = answerWithFiles(t.ctx, c.caseId);
      await assert.rejects(answer([pageAsPdf()]), typeRefused('avoir.pdf'));
      await assert.rejects(answer([programAsPdf()]), typeRefused('facture.pdf'));
      assert.deepEqual(await written(), before, 'nothing recorded, queued or stored');
      const w = await answer([pngAsPdf()]);
      assert.deepEqual(await queuedFiles(w.correspondenceId), [
        { filename: 'photo.png', contentType: 'image/png', kept: 'image/png' },
      ]);
    });

    it('sendReply refuses a web page or a program stated as a PDF, and sends an image as what it is', async () => {
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const before = await written();
      const reply = replyWithFiles(t.ctx, c.caseId);
      await assert.rejects(reply([pageAsPdf()]), typeRefused('avoir.pdf'));
      await assert.rejects(reply([programAsPdf()]), typeRefused('facture.pdf'));
      assert.deepEqual(await written(), before, 'nothing recorded, queued or stored');
      const w = await reply([pngAsPdf()]);
      assert.deepEqual(await queuedFiles(w.correspondenceId), [
        { filename: 'photo.png', contentType: 'image/png', kept: 'image/png' },
      ]);
    });

    const submit = (name: string, files: StaffFile[] | null) => submitWithDocuments(t.ctx, name, files);

    it('submitComplaint refuses documents that are a web page or a program stated as a PDF', async () => {
      const before = await written();
      await assert.rejects(submit('Jeanne Martin', [pageAsPdf()]), typeRefused('avoir.pdf'));
      await assert.rejects(submit('Jeanne Martin', [programAsPdf()]), typeRefused('facture.pdf'));
      assert.deepEqual(await written(), before, 'no case, event, correspondence or original');
      const s = await submit('Jeanne Martin', [pngAsPdf()]);
      assert.equal(s.duplicate, false);
    });

    it('addInformation refuses documents that are a web page or a program stated as a PDF', async () => {
      const s = await submit('Erika Mustermann', null);
      const token = await linkTokenOf(t.ctx, s.caseId);
      const before = await written();
      const add = documentsAdder(t.ctx, token);
      await assert.rejects(add([pageAsPdf()]), typeRefused('avoir.pdf'));
      await assert.rejects(add([programAsPdf()]), typeRefused('facture.pdf'));
      assert.deepEqual(await written(), before, 'no event, correspondence or original');
      const added = await add([pngAsPdf()]);
      assert.equal(added.ok, true);
    });

    it('registerLetter refuses a scan that is a web page or a program stated as a PDF, or a sound stated as an image', async () => {
      const before = await written();
      // A WAVE sound starts "RIFF" as a WebP image does; only the "WEBP" after its size makes it an image.
      const sound = Buffer.alloc(64);
      sound.write('RIFF', 0, 'latin1');
      sound.writeUInt32LE(56, 4);
      sound.write('WAVEfmt ', 8, 'latin1');
      const soundAsImage = { filename: 'scan.webp', contentType: 'image/webp', content: sound };
      for (const f of [pageAsPdf(), programAsPdf(), soundAsImage])
        await assert.rejects(
          registerLetter(
            t.ctx,
            {
              arrived: '2026-12-01',
              title: 'Réclamation',
              complainant: { name: 'Jean Dupont', postalAddress: ['12 rue des Lilas', '67000 Strasbourg'] },
              language: 'fr',
              description: 'Ma facture compte deux fois le même service.',
            },
            { content: f.content, contentType: f.contentType, filename: f.filename },
            'user:clerk',
          ),
          (e: unknown) =>
            e instanceof DomainError && (e.details as { context: string }).context === 'scan_type',
        );
      assert.deepEqual(await written(), before, 'no case, event, correspondence or original');
    });

    it('the JSON API refuses an answer whose attachment is a web page stated as a PDF (409), nothing sent', async () => {
      const token = await apiSecret(t.ctx, 'agent', `api-type-${engine}`);
      const c = await openComplaint(t.ctx, { daysAgo: 2 });
      const before = await written();
      const res = await apiPost(
        `http://127.0.0.1:${t.port}`,
        token,
        `/api/v1/cases/${c.caseId}/answer`,
        {
          outcome: 'upheld',
          text: 'Wir haben Ihre Domain wiederhergestellt.',
          attachments: base64Files([pageAsPdf()]),
        },
        'de',
      );
      const body = (await res.json()) as { error: { code: string; field?: string; message: string } };
      assert.equal(res.status, 409, JSON.stringify(body));
      assert.equal(body.error.field, 'attachments');
      assert.equal(body.error.code, 'invalid_command');
      assert.ok(body.error.message.includes('ist keine PDF-, PNG- oder JPEG-Datei'), body.error.message);
      assert.deepEqual(await written(), before, 'nothing recorded, queued or stored');
    });
  });
}
