// Staff and API doors with files read them within the same upload budget as the public doors: a letter's scan, an
// answer's or a reply's attachments, the API's letters (a file, or base64 in JSON). When the budget stays taken, a
// page shows the form again with what was typed and a sentence at the files' field in the reader's language; the
// API answers 503 with Retry-After; nothing is registered or sent either way. Memory itself is measured in
// bench/hostile.bench.ts, never here.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { uploadBudget } from '../../src/adapters/http/uploads.ts';
import {
  apiSecret,
  createTestApp,
  createUser,
  sessionFor,
  type TestApp,
  whileUploadBudgetTaken,
} from '../support/http.ts';
import { openComplaint, PDF, postMultipart } from '../support/staff.ts';

describe('staff and API uploads within the upload budget', () => {
  let t: TestApp;
  let token = '';

  before(async () => {
    t = await createTestApp();
    token = await apiSecret(t.ctx, 'agent', 'api-agent');
  });
  after(async () => {
    await t?.close();
  });

  const countRows = async (table: 'cases' | 'correspondence') =>
    (await t.ctx.database.db.selectFrom(table).select('id').execute()).length;

  it('a letter with its scan: the form again, typed text kept, the sentence at the scan, in French', async () => {
    const agent = await createUser(t.ctx, 'agent', {
      email: 'a1@example.org',
      name: 'Agnès',
      language: 'fr',
    });
    const s = await sessionFor(t.ctx, agent);
    const cases = await countRows('cases');
    const res = await whileUploadBudgetTaken(() =>
      postMultipart(
        t.app,
        s,
        '/letters',
        {
          arrived: '2026-11-20',
          kind: 'complaint',
          language: 'de',
          name: 'Jürgen Weiß',
          description: 'Mein Server ist seit Tagen nicht erreichbar.',
        },
        [{ field: 'scan', filename: 'brief.pdf', type: 'application/pdf', content: PDF }],
        { 'accept-language': 'fr' },
      ),
    );
    assert.equal(res.statusCode, 422, res.body.slice(0, 300));
    assert.match(res.body, /id="letter-scan-error">Redress reçoit beaucoup de documents en ce moment/);
    assert.match(res.body, /value="Jürgen Weiß"/, 'what was typed is kept');
    assert.equal(await countRows('cases'), cases, 'nothing registered');
    assert.equal(uploadBudget.used, 0, 'nothing held afterwards');
  });

  it('an answer with an attachment: the sentence at the attachments, nothing sent', async () => {
    const agent = await createUser(t.ctx, 'agent', { email: 'a2@example.org', name: 'Agnes' });
    const s = await sessionFor(t.ctx, agent);
    const c = await openComplaint(t.ctx, { daysAgo: 2 });
    const mail = await countRows('correspondence');
    const res = await whileUploadBudgetTaken(() =>
      postMultipart(
        t.app,
        s,
        `/cases/${c.caseId}/answer`,
        { outcome: 'upheld', text: 'We checked your server.' },
        [{ field: 'attachments', filename: 'report.pdf', type: 'application/pdf', content: PDF }],
      ),
    );
    assert.equal(res.statusCode, 422, res.body.slice(0, 300));
    assert.match(res.body, /id="answer-attachments-error">Many documents are arriving at Redress right now/);
    assert.match(res.body, />We checked your server.<\/textarea>/, 'what was typed is kept');
    assert.equal(await countRows('correspondence'), mail, 'nothing sent');
    // The same form without a file does not need the budget.
    const plain = await whileUploadBudgetTaken(() =>
      postMultipart(t.app, s, `/cases/${c.caseId}/answer/preview`, { outcome: 'upheld', text: 'Draft.' }),
    );
    assert.equal(plain.statusCode, 200);
    assert.doesNotMatch(plain.body, /Many documents are arriving/);
  });

  it('the API: 503, Retry-After and a sentence naming what to do, for a scan in JSON and as a file', async () => {
    const letter = {
      arrived: '2026-11-20',
      kind: 'complaint',
      language: 'de',
      complainant: { name: 'Jürgen Weiß' },
    };
    const cases = await countRows('cases');
    const json = await whileUploadBudgetTaken(() =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/letters',
        headers: { authorization: `Bearer ${token}`, 'accept-language': 'de' },
        payload: { letter, scan: { contentBase64: PDF.toString('base64'), contentType: 'application/pdf' } },
      }),
    );
    assert.equal(json.statusCode, 503, json.body);
    assert.equal(json.headers['retry-after'], '60');
    assert.equal(json.json().error.code, 'uploads_busy');
    assert.match(json.json().error.message, /Bitte senden Sie dieselbe Anfrage in 60 Sekunden noch einmal/);

    const boundary = '----redress-test';
    const multipart = Buffer.concat([
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="letter"\r\n\r\n${JSON.stringify(letter)}\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="scan"; filename="scan.pdf"\r\nContent-Type: application/pdf\r\n\r\n`,
      ),
      PDF,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]);
    const file = await whileUploadBudgetTaken(() =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/letters/upload',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': `multipart/form-data; boundary=${boundary}`,
        },
        payload: multipart,
      }),
    );
    assert.equal(file.statusCode, 503, file.body);
    assert.equal(file.headers['retry-after'], '60');
    assert.match(file.json().error.message, /please send the same request again in 60 seconds/);
    assert.equal(await countRows('cases'), cases, 'nothing registered');

    // With the budget free, the same requests are taken, and give their share back.
    const taken = await t.app.inject({
      method: 'POST',
      url: '/api/v1/letters',
      headers: { authorization: `Bearer ${token}` },
      payload: { letter, scan: { contentBase64: PDF.toString('base64'), contentType: 'application/pdf' } },
    });
    assert.equal(taken.statusCode, 201, taken.body);
    assert.equal(uploadBudget.used, 0);
  });
});
