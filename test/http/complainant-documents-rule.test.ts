// A complainant's documents (sent with the public form, or added on their own page behind the private link) are
// held to the rule of one message's files (src/core/files/attachment-limits.ts): at most 5 files, each of at most
// 10 MB, together no more than one e-mail carries, each a PDF, PNG or JPEG. The pages explain it first in the
// visitor's language (public-form-documents, complainant-link); the use cases refuse it too, before anything is
// written, so that a caller with no page (a script, a door added later) cannot keep documents the pages would
// refuse. Called directly, on both engines: what is refused leaves nothing behind.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { problemOf } from '../../src/adapters/http/errors.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import { documentsLimit } from '../../src/app/complainant-link.ts';
import { DomainError } from '../../src/core/case/refusal.ts';
import { MAX_FILE_BYTES, MAX_FILES } from '../../src/core/files/attachment-limits.ts';
import { documentsAdder, linkTokenOf, submitWithDocuments } from '../support/complainant-documents.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, type TestApp } from '../support/http.ts';
import { CASE_TABLES, rowCounts } from '../support/row-counts.ts';
import { pdfs, type StaffFile } from '../support/staff.ts';

const MiB = 1024 * 1024;

for (const engine of ENGINES) {
  describe(`the use cases hold a complainant's documents to the rule of one message's files, on ${engine}`, () => {
    let t: TestApp;
    let limit = 0;

    before(async () => {
      t = await createTestApp({ engine });
      limit = documentsLimit(t.ctx.config.smtp.maxMessageBytes);
    });
    after(async () => {
      await t?.close();
    });

    /** What a refused submission or addition must leave untouched. */
    const written = () => rowCounts(t.ctx.database.db, CASE_TABLES);

    const overTheLimits = (e: unknown) => {
      assert.ok(e instanceof DomainError, String(e));
      assert.equal(e.code, 'invalid_command');
      assert.deepEqual(e.details, {
        context: 'documents_limits',
        count: MAX_FILES,
        megabytes: MAX_FILE_BYTES / MiB,
        bytes: limit,
      });
      assert.match(e.message, /^attachments: /);
      const fr = problemOf(e, translatorFor('fr'));
      assert.equal(fr.code, 'invalid_command');
      assert.equal(fr.field, 'attachments');
      assert.equal(
        fr.message,
        `Envoyez au plus 5 documents, de 10 Mo chacun au plus et de ${limit} octets au plus ensemble, ce qu’un seul message peut porter. Rien n’a été enregistré : merci de les envoyer à nouveau dans ces limites.`,
      );
      assert.match(
        problemOf(e, translatorFor('en')).message,
        /^Send at most 5 documents, each of at most 10 MB/,
      );
      assert.match(problemOf(e, translatorFor('de')).message, /^Senden Sie höchstens 5 Dateien/);
      return true;
    };
    const notAType = (name: string) => (e: unknown) => {
      assert.ok(e instanceof DomainError, String(e));
      assert.equal(e.code, 'invalid_command');
      assert.deepEqual(e.details, { context: 'attachment_type', name });
      return true;
    };

    /** Files the pages would refuse, each set with what the use case must say. */
    const refused = (): Array<[string, StaffFile[], (e: unknown) => boolean]> => [
      ['one file over 10 MB', pdfs(MAX_FILE_BYTES + 1), overTheLimits],
      ['six files', pdfs(...Array<number>(MAX_FILES + 1).fill(1024)), overTheLimits],
      ['two files over the total', pdfs(Math.ceil(limit / 2), Math.ceil(limit / 2) + 1), overTheLimits],
      [
        'a web page',
        [{ filename: 'page.html', contentType: 'text/html', content: Buffer.from('<p>hello</p>') }],
        notAType('page.html'),
      ],
    ];

    const submit = (name: string, files: StaffFile[] | null) => submitWithDocuments(t.ctx, name, files);

    it('submitComplaint itself refuses documents out of bounds, recording nothing', async () => {
      const before = await written();
      for (const [what, files, why] of refused())
        await assert.rejects(submit('Jeanne Martin', files), why, what);
      assert.deepEqual(await written(), before, 'no case, event, correspondence, outbound item or original');
      // Documents within every limit come with the complaint.
      const half = Math.floor(limit / 2);
      const s = await submit('Jeanne Martin', pdfs(half, limit - half));
      assert.equal(s.duplicate, false);
      const kept = await t.ctx.database.db
        .selectFrom('correspondence')
        .select('id')
        .where('case_id', '=', s.caseId)
        .where('subject', '=', `Documents ${s.reference}`)
        .execute();
      assert.equal(kept.length, 1, 'the documents are kept as one message');
    });

    it('addInformation itself refuses documents out of bounds, recording nothing', async () => {
      const s = await submit('Erika Mustermann', null);
      const token = await linkTokenOf(t.ctx, s.caseId);
      const before = await written();
      const add = documentsAdder(t.ctx, token);
      for (const [what, files, why] of refused()) await assert.rejects(add(files), why, what);
      assert.deepEqual(await written(), before, 'no event, correspondence or original');
      const added = await add(pdfs(...Array<number>(MAX_FILES).fill(1024)));
      assert.equal(added.ok, true);
    });
  });
}
