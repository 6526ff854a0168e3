// A step-2 request from a writer who has a step-2 complaint already is filed on that complaint (step2-of-request.ts):
// what each door then says must be true. The API answers 200 with that complaint and `filing: filed_on_case` (no
// case was created), a retry under the same key too; the public form's thank-you page says the message was added to
// that complaint and gives its answer date, without promising an acknowledgement that is never sent; and the note
// naming other step-2 cases, where the case opened was flagged already, reads in the reader's language. Over HTTP,
// on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { openCase } from '../../src/app/open-case.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import {
  apiSecret,
  createTestApp,
  createUser,
  form,
  getPage,
  sessionFor,
  setCookies,
  type TestApp,
} from '../support/http.ts';

for (const engine of ENGINES) {
  describe(`a step-2 request filed on the writer's step-2 complaint, told as such (${engine})`, () => {
    let t: TestApp;
    let secret = '';
    const clock = fixedClock('2026-11-30T10:00:00.000Z');
    before(async () => {
      t = await createTestApp({ engine, clock, env: { REDRESS_PUBLIC_FORM_STEP2: 'accept' } });
      secret = await apiSecret(t.ctx, 'management');
    });
    after(async () => {
      await t?.close();
    });

    const post = (email: string, key: string, n: number) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/complaints',
        headers: {
          authorization: `Bearer ${secret}`,
          'content-type': 'application/json',
          'idempotency-key': key,
        },
        payload: {
          step: 2,
          complainant: { name: 'Jean Dupont', email },
          language: 'fr',
          description: `La réponse ne me satisfait pas (${n}).`,
          expectations: 'Un remboursement.',
        },
      });
    const outbound = async () =>
      (await t.tdb.database.db.selectFrom('outbound_items').select('correspondence_id').execute()).length;

    it('the API answers 200 with the complaint it was filed on, saying so, and a retry gives the same', async () => {
      const first = await post('api-joined@example.net', 'first-request-1', 1);
      assert.equal(first.statusCode, 201, first.body);
      const a = first.json();
      assert.equal(a.filing, 'step2_case_opened');
      clock.advance(3_600_000);
      const sent = await outbound();
      const second = await post('api-joined@example.net', 'second-request-2', 2);
      assert.equal(second.statusCode, 200, 'no case was created');
      const b = second.json();
      assert.equal(b.caseId, a.caseId);
      assert.equal(b.reference, a.reference);
      assert.equal(b.filing, 'filed_on_case');
      assert.equal(b.duplicate, false);
      assert.equal(b.deadline.answerByDate, a.deadline.answerByDate, 'that complaint’s answer date');
      assert.equal(await outbound(), sent, 'no second acknowledgement');
      const retry = await post('api-joined@example.net', 'second-request-2', 2);
      assert.equal(retry.statusCode, 200);
      assert.deepEqual({ ...(retry.json() as object), duplicate: false }, b, 'the retry is told the same');
      assert.equal(retry.json().duplicate, true);

      const doc = await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
      const op = doc.json().paths['/api/v1/complaints'].post;
      for (const code of ['200', '201']) {
        const schema = JSON.stringify(op.responses[code]);
        assert.match(schema, /filed_on_case/, `the ${code} answer documents the filing`);
      }
    });

    for (const [lang, joined, date, promise, done] of [
      [
        'fr',
        /nous avons donc joint votre message à cette réclamation/,
        /au plus tard le/,
        /Un accusé de réception part/,
        /Nous avons déjà répondu à cette réclamation/,
      ],
      [
        'en',
        /we have added your message to that complaint/,
        /remains due by/,
        /An acknowledgement is on its way/,
        /We have already answered that complaint/,
      ],
      [
        'de',
        /Wir haben Ihre Nachricht daher zu dieser Beschwerde gelegt/,
        /weiterhin spätestens am/,
        /Eine Eingangsbestätigung ist unterwegs/,
        /Wir haben diese Beschwerde bereits beantwortet/,
      ],
    ] as const)
      for (const answered of [false, true])
        it(`the public form's thank-you page says where the message went and ${answered ? 'that it was answered' : 'when it is answered'} (${lang})`, async () => {
          const email = `form-joined-${lang}-${answered}@example.net`;
          const first = await submitComplaint(
            t.ctx,
            {
              complainant: { name: 'Jean Dupont', email },
              language: lang,
              step: 2,
              description: 'La réponse ne me satisfait pas.',
              expectations: 'Un remboursement.',
            },
            { channel: 'api', actor: 'api:test' },
          );
          if (answered)
            await actOnCase(
              t.ctx,
              first.caseId,
              {
                type: 'answer',
                outcome: 'upheld',
                text: 'Notre réponse.',
                remedy: null,
                correspondenceId: null,
              },
              'system',
            );
          clock.advance(3_600_000);
          const page = await t.app.inject({
            method: 'GET',
            url: '/complain',
            headers: { 'accept-language': lang },
          });
          const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
          const token = /name="formToken" value="([^"]+)"/.exec(page.body)![1]!;
          const c = setCookies(page).get('redress_csrf')!;
          clock.advance(20_000);
          const sent = await t.app.inject({
            method: 'POST',
            url: '/complain',
            headers: {
              cookie: c.slice(0, c.indexOf(';')),
              'content-type': 'application/x-www-form-urlencoded',
              'accept-language': lang,
            },
            payload: form({
              _csrf: csrf,
              formToken: token,
              homepage: '',
              step: '2',
              name: 'Jean Dupont',
              email,
              description: 'Je maintiens ma demande.',
              expectations: 'Un remboursement.',
              consent: 'yes',
            }),
          });
          assert.equal(sent.statusCode, 303, sent.body);
          const thanksCookie = setCookies(sent).get('redress_complaint')!;
          const thanks = await t.app.inject({
            method: 'GET',
            url: '/complain/thanks',
            headers: { cookie: thanksCookie.slice(0, thanksCookie.indexOf(';')), 'accept-language': lang },
          });
          assert.match(
            thanks.body,
            new RegExp(`<strong id="complaint-reference">${first.reference}</strong>`),
          );
          assert.match(thanks.body, joined);
          // Its answer date while it waits ahead; once answered, no date is promised.
          if (answered) {
            assert.match(thanks.body, done);
            assert.doesNotMatch(thanks.body, date);
          } else assert.match(thanks.body, date);
          assert.doesNotMatch(thanks.body, promise, 'no acknowledgement is promised: none is sent');
        });

    it('the note naming other step-2 cases reads in the reader’s language', async () => {
      const email = 'several@example.net';
      const references: string[] = [];
      for (let i = 0; i < 2; i++)
        references.push(
          (
            await openCase(t.ctx, {
              kind: 'complaint',
              step: 2,
              channel: 'letter',
              receivedAt: clock.now(),
              language: 'fr',
              subject: `Step 2, matter ${i}`,
              complainant: { name: 'Writer', email },
              fields: { ticketRefs: [], domains: [], description: `Matter ${i}`, expectations: null },
              missing: [],
              correspondenceId: null,
              actor: 'u',
            })
          ).reference,
        );
      clock.advance(3_600_000);
      // No step-1 case behind it: P5.3's warning flags the case, so the other cases are named in a note.
      const third = await post(email, 'several-request-3', 3);
      assert.equal(third.statusCode, 201, third.body);
      const { caseId } = third.json();
      const notes = await t.tdb.database.db
        .selectFrom('events')
        .select('type')
        .where('stream', '=', `case:${caseId}`)
        .where('type', '=', 'note_added')
        .execute();
      assert.equal(notes.length, 1, 'named in a note');
      for (const [language, words] of [
        ['fr', /Le réclamant a déjà d’autres dossiers d’étape 2/],
        ['de', /Die beschwerdeführende Person hat bereits andere Vorgänge der Stufe 2/],
        ['en', /other step-2 cases/],
      ] as const) {
        const reader = await sessionFor(t.ctx, await createUser(t.ctx, 'management', { language }));
        const res = await getPage(t.app, reader, `/cases/${caseId}?history=notes`);
        assert.equal(res.statusCode, 200);
        assert.match(res.body, words, language);
        for (const r of references) assert.match(res.body, new RegExp(r), `${language}: naming ${r}`);
        if (language !== 'en') assert.doesNotMatch(res.body, /The complainant has other step-2 cases/);
      }
    });
  });
}
