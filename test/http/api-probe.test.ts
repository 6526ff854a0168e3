// The API tried as an attacker and a careless client would: what it is sent that no person writes (a NUL or another
// control character in a value, a key or the address), a body whose Content-Type says otherwise, a page number out
// of range. Each gets a 4xx that names the field or the header and the fix, on both engines: never a 500 (PostgreSQL
// keeps no NUL in a text), never the value kept as it was sent.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { repeatedKeyAt } from '../../src/adapters/http/api.routes.ts';
import { ENGINES } from '../support/databases.ts';
import { apiSecret, createTestApp, departmentsEnv, type TestApp } from '../support/http.ts';
import { openComplaint } from '../support/staff.ts';

for (const engine of ENGINES) {
  describe(`the API under hostile input, on ${engine}`, () => {
    let t: TestApp;
    let agent = '';
    let reference = '';
    const complaint = {
      complainant: { name: 'Erika Mustermann', email: 'erika@example.org' },
      description: 'My domain is down.',
      expectations: 'Bring it back.',
    };
    const call = (
      method: 'GET' | 'POST',
      url: string,
      payload?: unknown,
      headers: Record<string, string> = {},
    ) =>
      t.app.inject({
        method,
        url,
        headers: { authorization: `Bearer ${agent}`, 'accept-language': 'en', ...headers },
        ...(payload !== undefined ? { payload: payload as string } : {}),
      });
    const countOf = async (table: 'cases' | 'events') =>
      Number(
        (
          await t.tdb.database.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    before(async () => {
      t = await createTestApp({ engine, env: departmentsEnv('Billing', 'Sales') });
      agent = await apiSecret(t.ctx, 'agent');
      const res = await call('POST', '/api/v1/complaints', complaint);
      assert.equal(res.statusCode, 201, res.body);
      reference = res.json().reference;
    });
    after(async () => {
      await t?.close();
    });

    it('refuses a control character in a value, a key, a query or the address, naming where it is', async () => {
      const cases = await countOf('cases');
      const events = await countOf('events');
      const refusals: Array<
        [string, Promise<{ statusCode: number; json(): unknown; body: string }>, string]
      > = [
        [
          'NUL in a description',
          call('POST', '/api/v1/complaints', { ...complaint, description: 'My domain\u0000 is down.' }),
          'description',
        ],
        [
          'ESC in a postal address line',
          call('POST', '/api/v1/complaints', {
            ...complaint,
            complainant: {
              ...complaint.complainant,
              postalAddress: ['Hauptstraße 5', '\u001b[2J10115 Berlin'],
            },
          }),
          'complainant.postalAddress.1',
        ],
        [
          'NUL in a note',
          call('POST', `/api/v1/cases/${reference}/notes`, { text: 'Called\u0000 the registrar.' }),
          'text',
        ],
        [
          'NUL in a key',
          call('POST', `/api/v1/cases/${reference}/notes`, { text: 'Called.', 'x\u0000': 1 }),
          'x\u0000',
        ],
        ['NUL in a query', call('GET', '/api/v1/cases?category=%00'), 'category'],
        ['NUL in a search', call('GET', '/api/v1/search?q=a%00b'), 'q'],
        ['NUL in the address', call('GET', '/api/v1/cases/%00'), 'id'],
        ['NUL in an inbox item id', call('GET', '/api/v1/inbox/%00'), 'id'],
        [
          'NUL in a letter',
          call('POST', '/api/v1/letters', {
            letter: {
              arrived: '2026-11-20',
              title: 'Complaint',
              complainant: { name: 'Jean Dupont', postalAddress: ['12 rue des Lilas'] },
              description: 'Facture\u0000 en double.',
            },
          }),
          'letter.description',
        ],
      ];
      for (const [what, sent, field] of refusals) {
        const res = await sent;
        assert.equal(res.statusCode, 422, `${what}: ${res.body}`);
        assert.deepEqual(
          res.json(),
          {
            error: {
              code: 'validation_failed',
              message: 'Some values are not accepted; see the fields.',
              fields: [
                {
                  field,
                  message:
                    'Remove the control characters (such as NUL or ESC) from this text: tabs and line breaks are the only ones accepted.',
                },
              ],
            },
          },
          what,
        );
      }
      // The same in a letter sent as a file with its JSON in a field.
      const boundary = '----probe';
      const upload = await call(
        'POST',
        '/api/v1/letters/upload',
        `--${boundary}\r\nContent-Disposition: form-data; name="letter"\r\n\r\n` +
          `${JSON.stringify({ arrived: '2026-11-20', title: 'T', complainant: { name: 'J\u0007D' } })}\r\n--${boundary}--\r\n`,
        { 'content-type': `multipart/form-data; boundary=${boundary}` },
      );
      assert.equal(upload.statusCode, 422, upload.body);
      assert.equal(
        (upload.json() as { error: { fields: Array<{ field: string }> } }).error.fields[0]!.field,
        'letter.complainant.name',
      );
      assert.equal(await countOf('cases'), cases, 'nothing was opened');
      assert.equal(await countOf('events'), events, 'nothing was recorded');

      // In French too, and tabs and line breaks are what people write.
      const fr = await call(
        'POST',
        `/api/v1/cases/${reference}/notes`,
        { text: 'a\u0000b' },
        { 'accept-language': 'fr' },
      );
      assert.match(
        (fr.json() as { error: { fields: Array<{ message: string }> } }).error.fields[0]!.message,
        /^Retirez les caractères de contrôle/,
      );
      const written = await call('POST', `/api/v1/cases/${reference}/notes`, {
        text: 'Called the registrar.\r\n\tThey will call back.',
      });
      assert.equal(written.statusCode, 200, written.body);
    });
    it('refuses a body that is not JSON, saying to send JSON, and records nothing', async () => {
      const events = await countOf('events');
      const json = 'Send the body as JSON, with the header Content-Type: application/json.';
      for (const [what, sent] of [
        [
          'JSON sent as text/plain',
          call('POST', '/api/v1/complaints', JSON.stringify(complaint), { 'content-type': 'text/plain' }),
        ],
        [
          'a form sent to the API',
          call('POST', `/api/v1/cases/${reference}/notes`, 'text=Called+the+registrar.', {
            'content-type': 'application/x-www-form-urlencoded',
          }),
        ],
        [
          'JSON with no Content-Type',
          call('POST', `/api/v1/cases/${reference}/notes`, JSON.stringify({ text: 'Called.' }), {
            'content-type': '',
          }),
        ],
        [
          'JSON under a type of its own',
          call('POST', `/api/v1/cases/${reference}/notes`, JSON.stringify({ text: 'Called.' }), {
            'content-type': 'application/vnd.api+json',
          }),
        ],
      ] as const) {
        const res = await sent;
        assert.equal(res.statusCode, 415, `${what}: ${res.body}`);
        assert.deepEqual(res.json(), { error: { code: 'unsupported_media_type', message: json } }, what);
      }
      const upload = await call('POST', '/api/v1/letters/upload', { letter: {} });
      assert.equal(upload.statusCode, 415, upload.body);
      assert.equal(
        upload.json().error.message,
        'Send the letter as multipart/form-data, with the field "letter" (JSON) and the file "scan".',
      );
      assert.equal(await countOf('events'), events, 'nothing was recorded');
      const withCharset = await call(
        'POST',
        `/api/v1/cases/${reference}/notes`,
        JSON.stringify({ text: 'Called.' }),
        {
          'content-type': 'application/json; charset=utf-8',
        },
      );
      assert.equal(withCharset.statusCode, 200, withCharset.body);
    });

    it('names the range of a page number out of it, in the inbox and the audit log', async () => {
      const auditor = await apiSecret(t.ctx, 'auditor');
      for (const [url, field, message] of [
        ['/api/v1/inbox?page=0', 'page', 'Write a whole number from 1 to 100000.'],
        ['/api/v1/inbox?page=abc', 'page', 'Write a whole number from 1 to 100000.'],
        ['/api/v1/inbox?page=1.5', 'page', 'Write a whole number from 1 to 100000.'],
        ['/api/v1/inbox?pageSize=1000', 'pageSize', 'Write a whole number from 1 to 100.'],
        ['/api/v1/audit?page=-1', 'page', 'Write a whole number from 1 to 100000.'],
        ['/api/v1/audit?pageSize=0', 'pageSize', 'Write a whole number from 1 to 100.'],
      ] as const) {
        const res = await t.app.inject({
          method: 'GET',
          url,
          headers: { authorization: `Bearer ${auditor}`, 'accept-language': 'en' },
        });
        assert.equal(res.statusCode, 422, `${url}: ${res.body}`);
        assert.deepEqual(res.json().error.fields, [{ field, message }], url);
      }
    });
    it('forwards a suggestion only to a department there is, naming the ones there are', async () => {
      const suggestion = await openComplaint(t.ctx, { kind: 'suggestion' });
      const events = await countOf('events');
      const typo = await call('POST', `/api/v1/cases/${suggestion.reference}/forward`, {
        department: 'Biling',
      });
      assert.equal(typo.statusCode, 409, typo.body);
      assert.deepEqual(typo.json(), {
        error: {
          code: 'invalid_command',
          message: 'There is no department “Biling”: choose one of Billing, Sales.',
          field: 'department',
        },
      });
      const address = await call('POST', `/api/v1/cases/${suggestion.reference}/forward`, {
        department: 'someone@example.com',
      });
      assert.equal(address.statusCode, 409, address.body);
      assert.equal(await countOf('events'), events, 'nothing was recorded: the suggestion is not forwarded');
      const read = await call('GET', `/api/v1/cases/${suggestion.reference}`);
      assert.equal(read.json().department, null);

      const forwarded = await call('POST', `/api/v1/cases/${suggestion.reference}/forward`, {
        department: 'billing',
      });
      assert.equal(forwarded.statusCode, 200, forwarded.body);
      const mail = await t.tdb.database.db
        .selectFrom('outbound_items as o')
        .innerJoin('correspondence as c', 'c.id', 'o.correspondence_id')
        .select('c.to_address')
        .where('o.purpose', '=', 'department_forward')
        .execute();
      assert.deepEqual(
        mail.map((m) => m.to_address),
        ['billing@example.org'],
      );
    });
    it('refuses a field it does not know, naming it, rather than dropping what was sent', async () => {
      const events = await countOf('events');
      const unknown = 'This field is not known here: remove it, or check its name.';
      for (const [what, sent, field] of [
        [
          'a Cc beside the complaint',
          call('POST', '/api/v1/complaints', { ...complaint, cc: 'someone@example.com' }),
          'cc',
        ],
        [
          'a misspelt field of the complainant',
          call('POST', '/api/v1/complaints', {
            ...complaint,
            complainant: { ...complaint.complainant, phoneNumber: '+49 30 123456' },
          }),
          'complainant.phoneNumber',
        ],
        [
          'a recipient for a reply',
          call('POST', `/api/v1/cases/${reference}/reply`, {
            kind: 'reply',
            text: 'We are on it.',
            to: 'someone@example.com',
          }),
          'to',
        ],
        [
          'a field of an attachment',
          call('POST', `/api/v1/cases/${reference}/reply`, {
            text: 'We are on it.',
            attachments: [
              {
                filename: 'a.pdf',
                contentType: 'application/pdf',
                contentBase64: 'JVBERi0x',
                encoding: 'base64',
              },
            ],
          }),
          'attachments.0.encoding',
        ],
        [
          'a field of a letter',
          call('POST', '/api/v1/letters', {
            letter: { arrived: '2026-11-20', title: 'T', complainant: { name: 'Jean' }, sender: 'x' },
          }),
          'letter.sender',
        ],
        [
          'a body on an action that takes none',
          call('POST', `/api/v1/cases/${reference}/escalate`, { force: true }),
          'force',
        ],
      ] as const) {
        const res = await sent;
        assert.equal(res.statusCode, 422, `${what}: ${res.body}`);
        assert.deepEqual(res.json().error.fields, [{ field, message: unknown }], what);
      }
      const boundary = '----probe';
      const upload = await call(
        'POST',
        '/api/v1/letters/upload',
        `--${boundary}\r\nContent-Disposition: form-data; name="letter"\r\n\r\n` +
          `${JSON.stringify({ arrived: '2026-11-20', title: 'T', complainant: { name: 'Jean', mail: 'j@example.org' } })}\r\n--${boundary}--\r\n`,
        { 'content-type': `multipart/form-data; boundary=${boundary}` },
      );
      assert.equal(upload.statusCode, 422, upload.body);
      assert.deepEqual(upload.json().error.fields, [{ field: 'letter.complainant.mail', message: unknown }]);
      assert.equal(await countOf('events'), events, 'nothing was recorded');
    });
    it('names what is wrong with an Idempotency-Key, beside a body that is fine', async () => {
      for (const [key, message] of [
        ['k'.repeat(101), 'Write at most 100 characters.'],
        ['short', 'Write at least 8 characters.'],
      ] as const) {
        const res = await call('POST', '/api/v1/complaints', complaint, { 'idempotency-key': key });
        assert.equal(res.statusCode, 422, res.body);
        assert.deepEqual(res.json().error.fields, [{ field: 'idempotency-key', message }], key);
      }
    });
    it('refuses a JSON body that gives a field twice, naming it, rather than keeping one of the two', async () => {
      const events = await countOf('events');
      const twice = 'This field is given twice: give it once.';
      const json = { 'content-type': 'application/json' };
      for (const [what, sent, field] of [
        [
          'the description twice',
          call(
            'POST',
            '/api/v1/complaints',
            '{"complainant":{"name":"Erika","email":"erika@example.org"},"description":"One.","description":"Two.","expectations":"E"}',
            json,
          ),
          'description',
        ],
        [
          'the address twice, once escaped',
          call(
            'POST',
            '/api/v1/complaints',
            '{"complainant":{"email":"erika@example.org","name":"E","\\u0065mail":"other@example.com"},"description":"D"}',
            json,
          ),
          'complainant.email',
        ],
        [
          'a field twice inside a list',
          call(
            'POST',
            `/api/v1/cases/${reference}/reply`,
            '{"text":"Hi \\"there\\"","attachments":[{"filename":"a.pdf","contentType":"application/pdf","contentBase64":"JVBERi0x","filename":"b.pdf"}]}',
            json,
          ),
          'attachments.0.filename',
        ],
      ] as const) {
        const res = await sent;
        assert.equal(res.statusCode, 422, `${what}: ${res.body}`);
        assert.deepEqual(res.json().error.fields, [{ field, message: twice }], what);
      }
      assert.equal(await countOf('events'), events, 'nothing was recorded');
      // The same key in two objects is two fields.
      const fine = await call(
        'POST',
        '/api/v1/complaints',
        '{"complainant":{"name":"Erika","email":"erika@example.org"},"subject":"S","description":"{\\"name\\": 1, \\"name\\": 2}","expectations":"E","domains":[],"ticketRefs":[]}',
        json,
      );
      assert.equal(fine.statusCode, 201, fine.body);
    });
    it('names a window date that does not exist, at its field', async () => {
      for (const [windowStart, windowEnd, field] of [
        ['2026-02-30', '2027-03-05', 'windowStart'],
        ['2027-03-01', '8.3.2027', 'windowEnd'],
      ] as const) {
        const res = await call('POST', `/api/v1/cases/${reference}/extend`, {
          reason: 'Waiting for the registry.',
          windowStart,
          windowEnd,
        });
        assert.equal(res.statusCode, 422, res.body);
        assert.deepEqual(res.json().error.fields, [
          { field, message: 'Write a date that exists, as YYYY-MM-DD (for example 2026-12-08).' },
        ]);
      }
    });
  });
}

it('finds no key given twice in JSON that gives each once, and finds one added', () => {
  fc.assert(
    fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value);
      assert.equal(repeatedKeyAt(text), null, text);
      const twice = `{"k":${text},"a":[${text}],"k":1}`;
      assert.equal(repeatedKeyAt(twice), 'k', twice);
    }),
  );
});
