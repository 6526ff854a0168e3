// The API's multipart door for letters, tried as an attacker and a careless client would: the letter's JSON sent in
// the field "letter" is read under the rules of a JSON body (no more values or levels than any body may carry, no key
// given twice), where lists in lists ran the checks out of stack (a 500) and a key given twice was taken. A field cut
// at its limit is said as too large, not as no JSON; with its own Content-Type it is read; sent as a file it is
// refused with how to send it. Each refusal names the field and the fix, never a 500, and records nothing. On both
// engines.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ENGINES } from '../support/databases.ts';
import { apiSecret, createTestApp, type TestApp } from '../support/http.ts';

const BOUNDARY = '----letter-door';

for (const engine of ENGINES) {
  describe(`the letter field's budget, on ${engine}`, () => {
    let t: TestApp;
    let agent = '';
    before(async () => {
      t = await createTestApp({ engine });
      agent = await apiSecret(t.ctx, 'lead');
    });
    after(async () => {
      await t?.close();
    });
    const call = (url: string, payload: string | object, headers: Record<string, string> = {}) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { authorization: `Bearer ${agent}`, 'accept-language': 'en', ...headers },
        payload: payload as string,
      });
    /** A multipart letter whose one part is written as given (its headers, a blank line, its content). */
    const upload = (part: string) =>
      call('/api/v1/letters/upload', `--${BOUNDARY}\r\n${part}\r\n--${BOUNDARY}--\r\n`, {
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      });
    const letterField = (value: string) =>
      upload(`Content-Disposition: form-data; name="letter"\r\n\r\n${value}`);
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

    it('refuses a letter field nested deeper than any body may be, as too many fields, never a 500', async () => {
      const before = await events();
      for (const [what, value] of [
        ['lists in lists', `${'['.repeat(90_000)}${']'.repeat(90_000)}`],
        ['objects in objects', `${'{"a":'.repeat(30_000)}1${'}'.repeat(30_000)}`],
        ['many values', JSON.stringify({ ...letter, domains: Array.from({ length: 5000 }, () => 'a.de') })],
      ] as const) {
        const res = await letterField(value);
        assert.equal(res.statusCode, 413, `${what}: ${res.statusCode} ${res.body.slice(0, 300)}`);
        assert.equal(res.json().error.code, 'payload_too_large', what);
        assert.match(res.json().error.message, /field “letter” holds more than 2000 values/, what);
      }
      assert.equal(await events(), before, 'nothing was recorded');
    });

    it('refuses a letter field that gives a key twice, naming it, as the JSON door does', async () => {
      const before = await events();
      const res = await letterField(
        JSON.stringify(letter).replace('"title":"Facture"', '"title":"Facture","title":"Autre"'),
      );
      assert.equal(res.statusCode, 422, res.body);
      assert.deepEqual(
        res.json().error.fields.map((f: { field: string }) => f.field),
        ['letter.title'],
      );
      assert.equal(await events(), before, 'nothing was recorded');
    });

    it('says that a letter field was too large to be read, with its limit, rather than that it is no JSON object', async () => {
      const res = await letterField(JSON.stringify({ ...letter, description: 'x'.repeat(300_000) }));
      assert.equal(res.statusCode, 413, res.body);
      assert.match(res.json().error.message, /field “letter” holds more than 200000 bytes/);
    });

    it('reads the letter given as a JSON field, and says how to send one sent as a file (curl -F letter=@…)', async () => {
      const res = await upload(
        `Content-Disposition: form-data; name="letter"\r\nContent-Type: application/json\r\n\r\n${JSON.stringify({ ...letter, complainant: { name: 'Claire Champ' } })}`,
      );
      assert.equal(res.statusCode, 201, res.body.slice(0, 300));
      const before = await events();
      for (const type of ['application/octet-stream', 'application/json']) {
        const file = await upload(
          `Content-Disposition: form-data; name="letter"; filename="letter.json"\r\nContent-Type: ${type}\r\n\r\n${JSON.stringify(letter)}`,
        );
        assert.equal(file.statusCode, 409, `${type}: ${file.body.slice(0, 300)}`);
        assert.equal(file.json().error.field, 'letter', type);
        assert.match(file.json().error.message, /not as a file.*-F 'letter=<letter\.json'/, type);
      }
      assert.equal(await events(), before, 'nothing was recorded');
    });
  });
}
