// The attachments of a staff answer or free reply (formAttachments) are all sent, or none and a sentence at the
// field says why: a read that let files go (too many, one too large, the files together over what the form may
// carry, the whole form over its budget, or uploads busy) never reaches sending with the files it kept, or none,
// in silence. The files-together limit is named with the byte formatter of the public doors, in the reader's
// language.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import { bytes } from '../../src/adapters/http/pages/components.ts';
import {
  formAttachments,
  formStatus,
  MAX_ATTACHMENT_BYTES,
  MAX_FILES,
  type ReadForm,
} from '../../src/adapters/http/uploads.ts';
import { LANGUAGES, type Language } from '../../src/core/case/model.ts';
import { PDF } from '../support/staff.ts';

const pdf = (i: number) => ({
  field: 'attachments',
  filename: `piece-${i}.pdf`,
  contentType: 'application/pdf',
  content: PDF,
});

const readForm = (o: Partial<ReadForm> = {}): ReadForm => ({
  fields: {},
  files: [],
  tooLarge: null,
  tooMany: false,
  tooMuch: false,
  filesDropped: false,
  overBudget: false,
  ...o,
});

describe('the attachments of a staff form are all sent, or none with a sentence', () => {
  it('any read that let files go gives a sentence and no file; a whole read gives every file', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          files: fc.integer({ min: 0, max: MAX_FILES }),
          tooLarge: fc.option(fc.constant('attachments'), { nil: null }),
          tooMany: fc.boolean(),
          tooMuch: fc.boolean(),
          filesDropped: fc.boolean(),
          overBudget: fc.boolean(),
          language: fc.constantFrom(...LANGUAGES),
        }),
        async (o) => {
          const form = readForm({ ...o, files: Array.from({ length: o.files }, (_, i) => pdf(i)) });
          const errors: Record<string, string> = {};
          const sent = await formAttachments(form, translatorFor(o.language), errors, { lang: o.language });
          const lost = !!o.tooLarge || o.tooMany || o.tooMuch || o.filesDropped || o.overBudget;
          if (lost) {
            assert.ok(errors.attachments, 'a sentence at the attachments');
            assert.deepEqual(sent, [], 'and nothing sent');
          } else {
            assert.equal(errors.attachments, undefined);
            assert.deepEqual(
              sent.map((f) => f.filename),
              form.files.map((f) => f.filename),
            );
          }
        },
      ),
    );
  });

  const said: Record<Language, RegExp> = {
    fr: /^Vos fichiers pèsent ensemble plus de (.+) : tout ce que vous avez écrit est conservé ; joignez des fichiers moins nombreux ou plus légers, puis envoyez à nouveau\.$/,
    en: /^Your files together weigh more than (.+): everything you typed is kept; attach fewer or smaller files and send again\.$/,
    de: /^Ihre Dateien sind zusammen größer als (.+): Alles, was Sie geschrieben haben, bleibt erhalten; hängen Sie weniger oder kleinere Dateien an und senden Sie erneut\.$/,
  };

  for (const language of LANGUAGES)
    it(`files together over their limit: the limit named in the reader's words, 413 (${language})`, async () => {
      // What the read kept before the files passed their total is dropped too (readForm empties them).
      const form = readForm({ tooMuch: true });
      const errors: Record<string, string> = {};
      const limit = 3 * MAX_ATTACHMENT_BYTES;
      const sent = await formAttachments(form, translatorFor(language), errors, {
        lang: language,
        maxFilesBytes: limit,
      });
      assert.deepEqual(sent, []);
      assert.equal(said[language].exec(errors.attachments ?? '')?.[1], bytes(language, limit));
      assert.equal(formStatus(form), 413, 'as the complainant’s page says it: too large');
    });

  it('without a limit given, the one a staff form reads its files with: every file at its limit', async () => {
    const errors: Record<string, string> = {};
    await formAttachments(readForm({ tooMuch: true }), translatorFor('en'), errors, { lang: 'en' });
    assert.equal(said.en.exec(errors.attachments ?? '')?.[1], bytes('en', MAX_FILES * MAX_ATTACHMENT_BYTES));
  });
});
