// The API's JSON door for letters, tried as an attacker would: every field of a letter has the limit the same field
// has at the API's complaint door (a case reference of megabytes was looked up and sent back whole in the refusal, a
// name, an address line or a domain of megabytes was taken, and lists of any length), refused at the field with its
// limit, without sending the value back, and nothing recorded. The staff form, which registers by the same rule, shows
// such a refusal at its field, and counts an address's lines, not the empty ones between them. On both engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { apiSecret, createTestApp, createUser, postForm, sessionFor, type TestApp } from '../support/http.ts';

const HUGE = 'A'.repeat(2_000_000);

for (const engine of ENGINES) {
  describe(`the limits of a letter's fields, on ${engine}`, () => {
    let t: TestApp;
    let agent = '';
    before(async () => {
      t = await createTestApp({ engine });
      agent = await apiSecret(t.ctx, 'lead');
    });
    after(async () => {
      await t?.close();
    });
    const call = (url: string, payload: object) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${agent}`, 'accept-language': 'en' },
        payload,
      });
    const events = async () =>
      Number(
        (
          await t.tdb.database.db
            .selectFrom('events')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const letter = { arrived: '2026-11-20', title: 'Facture', complainant: { name: 'Jean Dupont' } };

    it('refuses each oversized field of a JSON letter at its field, with its limit, without sending it back', async () => {
      const before = await events();
      for (const [what, changed, field, message] of [
        ['a case reference', { caseReference: HUGE }, 'letter.caseReference', 'Write at most 40 characters.'],
        [
          'a name',
          { complainant: { name: HUGE } },
          'letter.complainant.name',
          'Write at most 200 characters.',
        ],
        [
          'an e-mail address',
          { complainant: { email: `${HUGE}@example.org` } },
          'letter.complainant.email',
          'Write at most 254 characters.',
        ],
        [
          'a postal address line',
          { complainant: { postalAddress: [HUGE] } },
          'letter.complainant.postalAddress.0',
          'Write at most 200 characters.',
        ],
        ['a domain', { domains: [HUGE] }, 'letter.domains.0', 'Write at most 253 characters.'],
      ] as const) {
        const res = await call('/api/v1/letters', { letter: { ...letter, ...changed } });
        assert.equal(res.statusCode, 422, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        assert.ok(res.body.length < 2000, `${what}: an answer of ${res.body.length} characters`);
        assert.deepEqual(res.json().error.fields, [{ field, message }], what);
      }
      for (const [what, changed, field] of [
        ['60 domains', { domains: Array.from({ length: 60 }, (_, i) => `d${i}.example`) }, 'letter.domains'],
        [
          '30 ticket numbers',
          { ticketRefs: Array.from({ length: 30 }, (_, i) => `${100000 + i}`) },
          'letter.ticketRefs',
        ],
        [
          '30 address lines',
          { complainant: { postalAddress: Array.from({ length: 30 }, (_, i) => `Line ${i}`) } },
          'letter.complainant.postalAddress',
        ],
      ] as const) {
        const res = await call('/api/v1/letters', { letter: { ...letter, ...changed } });
        assert.equal(res.statusCode, 422, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        assert.deepEqual(
          res.json().error.fields.map((f: { field: string }) => f.field),
          [field],
          what,
        );
        assert.match(res.json().error.fields[0].message, /^Give at most \d+ of them/, what);
      }
      assert.equal(await events(), before, 'nothing was recorded');
    });

    it('on the staff form, says a limit at its field, and takes an address with empty lines between its lines', async () => {
      const s = await sessionFor(t.ctx, await createUser(t.ctx, 'lead'));
      const typed = {
        arrived: t.ctx.calendar.localDate(t.ctx.clock.now()).toString(),
        kind: 'complaint',
        name: 'Jean Dupont',
        title: 'Facture',
        description: 'La facture compte deux fois le même service.',
      };
      const before = await events();
      const long = await postForm(t.app, s, '/letters/new', {
        ...typed,
        postalAddress: `Rue ${'x'.repeat(300)}\n67000 Strasbourg`,
      });
      assert.equal(long.statusCode, 409, long.body.slice(0, 300));
      assert.match(long.body, /id="letter-postalAddress-error">[^<]*Write at most 200 characters\./);
      const many = await postForm(t.app, s, '/letters/new', {
        ...typed,
        domains: Array.from({ length: 60 }, (_, i) => `d${i}.example`).join(', '),
      });
      assert.equal(many.statusCode, 409, many.body.slice(0, 300));
      assert.match(many.body, /id="letter-domains-error">[^<]*Give at most 50 of them/);
      assert.equal(await events(), before, 'nothing was recorded');
      const spaced = await postForm(t.app, s, '/letters/new', {
        ...typed,
        postalAddress: Array.from({ length: 12 }, (_, i) => `Line ${i}`).join('\n\n\n'),
      });
      assert.equal(spaced.statusCode, 303, spaced.body.slice(0, 300));
    });
  });
}
