// An input refused as a whole (a letter sent to the API with its scan, a complaint) names each field and what is
// wrong with it, in the reader's language: in the sentence, field by field, and in the API's `fields`. Never the
// schema's English hints. On both engines, through the real API.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { problemOf } from '../../src/adapters/http/errors.ts';
import { fieldProblemsDe } from '../../src/adapters/http/i18n/field-problems.de.ts';
import { fieldProblemsEn } from '../../src/adapters/http/i18n/field-problems.en.ts';
import { fieldProblemsFr } from '../../src/adapters/http/i18n/field-problems.fr.ts';
import { translatorFor } from '../../src/adapters/http/i18n/index.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { FIELD_FIXES } from '../../src/core/case/field-issue.ts';
import { LANGUAGES } from '../../src/core/case/model.ts';
import { ENGINES } from '../support/databases.ts';
import { apiSecret, createTestApp, type TestApp } from '../support/http.ts';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
/** The schema's English hints, which the reader must not get. */
const ENGLISH =
  /as YYYY-MM-DD, or an instant|a local time as HH:MM|ticket numbers as written on the ticket|Invalid|expected/;

describe('the fixes of the doors’ own rules', () => {
  it('have a sentence in English, French and German, each its own', () => {
    for (const fix of FIELD_FIXES) {
      const said = [fieldProblemsEn, fieldProblemsFr, fieldProblemsDe].map((texts) => texts.fieldFixes[fix]);
      for (const text of said) assert.ok(text?.trim(), fix);
      assert.equal(new Set(said).size, 3, `${fix}: the same sentence in two languages`);
    }
  });

  it('name each field of a refused complaint and what to write there, in each language', async () => {
    const t = await createTestApp();
    try {
      const error = await submitComplaint(
        t.ctx,
        { complainant: { email: 'not an address' }, ticketRefs: ['abc'], description: 'x'.repeat(20_001) },
        { channel: 'api', actor: 'test' },
      ).then(
        () => assert.fail('accepted'),
        (e: unknown) => e,
      );
      for (const lang of LANGUAGES) {
        const tr = translatorFor(lang);
        const p = problemOf(error, tr, null, { lang, timeZone: 'Europe/Berlin', page: false });
        assert.equal(p.code, 'invalid_command');
        assert.deepEqual(
          p.fields.map((f) => f.field),
          ['complainant.email', 'ticketRefs.0', 'description'],
          lang,
        );
        const fixes = [
          tr('fieldFixes.email'),
          tr('fieldFixes.ticket_ref'),
          tr('validation.tooLong', { max: 20000 }),
        ];
        assert.deepEqual(
          p.fields.map((f) => f.message),
          fixes,
          lang,
        );
        for (const f of p.fields) assert.ok(p.message.includes(f.field), `${lang}: ${p.message}`);
        assert.doesNotMatch(p.message, ENGLISH, lang);
        assert.doesNotMatch(p.message, /\{\{|fieldFixes\.|validation\./, lang);
      }
    } finally {
      await t.close();
    }
  });
});

for (const engine of ENGINES)
  describe(`a letter refused field by field, in the reader’s language (${engine})`, () => {
    let t: TestApp;
    let token = '';
    before(async () => {
      t = await createTestApp({ engine });
      token = await apiSecret(t.ctx, 'agent', 'scanner');
    });
    after(async () => {
      await t?.close();
    });

    const upload = (letter: unknown, lang: string) => {
      const boundary = '----redress-fields';
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="letter"\r\n\r\n${JSON.stringify(letter)}\r\n` +
            `--${boundary}\r\nContent-Disposition: form-data; name="scan"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
        ),
        PDF,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST',
        url: '/api/v1/letters/upload',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
          'accept-language': lang,
        },
        payload: body,
      });
    };

    it('names each field and its fix in French and in German', async () => {
      const said = {
        fr: 'Le courrier ne peut pas être enregistré. arrived : écrivez le jour d’arrivée du courrier sous la forme AAAA-MM-JJ, ou le moment avec son décalage, comme 2026-11-23T14:05:00+01:00. time : écrivez l’heure locale sous la forme HH:MM (sur 24 heures), par exemple 14:05. ticketRefs.0 : écrivez chaque numéro de ticket tel qu’il figure sur le ticket, par exemple 123456 ou INC-2026-AB12.',
        de: 'Der Brief kann nicht erfasst werden. arrived: Schreiben Sie den Eingangstag des Briefs als JJJJ-MM-TT oder den Zeitpunkt mit seinem Versatz, etwa 2026-11-23T14:05:00+01:00. time: Schreiben Sie die Ortszeit als HH:MM (24 Stunden), z. B. 14:05. ticketRefs.0: Schreiben Sie jede Ticketnummer so, wie sie auf dem Ticket steht, z. B. 123456 oder INC-2026-AB12.',
      };
      for (const lang of ['fr', 'de'] as const) {
        const res = await upload({ arrived: 'yesterday', time: '25:00', ticketRefs: ['abc'] }, lang);
        assert.equal(res.statusCode, 409, res.body);
        const error = res.json().error;
        assert.equal(error.code, 'invalid_command');
        assert.equal(error.message, said[lang], lang);
        assert.deepEqual(
          error.fields.map((f: { field: string }) => f.field),
          ['arrived', 'time', 'ticketRefs.0'],
          lang,
        );
        assert.doesNotMatch(res.body, ENGLISH, lang);
      }
    });
  });
