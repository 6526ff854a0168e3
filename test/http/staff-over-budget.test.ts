// A staff form larger as a whole than its door reads (files chosen too large for the whole form) comes back as the
// public form does: with what was typed, its files let go, and a sentence in the reader's language at the files
// naming the limits and what to do; nothing is sent or registered. The API, which no person reads, is told in
// JSON (413) the limit in bytes and what to do, without more than that budget being read.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { JSON_LETTER_BYTES } from '../../src/adapters/http/api-cases.routes.ts';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_FILES,
  MAX_SCAN_BYTES,
  multipartBudget,
} from '../../src/adapters/http/uploads.ts';
import { apiSecret, createTestApp, createUser, sessionFor, type TestApp } from '../support/http.ts';
import { openComplaint, postMultipart } from '../support/staff.ts';

const MB = 1024 * 1024;

describe('a staff form over its budget comes back with what was typed; the API is told the limit', () => {
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

  /** One file that alone weighs more than the whole form may: the form is over its door's budget. */
  const tooLargeFor = (budget: number, field: string, filename: string) => ({
    field,
    filename,
    type: 'application/pdf',
    content: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(budget + MB - 9, 0x61)]),
  });

  it('an answer: 413, the text kept, the limits at the attachments in French, nothing sent', async () => {
    const agent = await createUser(t.ctx, 'agent', {
      email: 'fr@example.org',
      name: 'Agnès',
      language: 'fr',
    });
    const s = await sessionFor(t.ctx, agent);
    const c = await openComplaint(t.ctx, { daysAgo: 2 });
    const sent = await countRows('correspondence');
    const res = await postMultipart(
      t.app,
      s,
      `/cases/${c.caseId}/answer`,
      { outcome: 'upheld', text: 'Nous avons rétabli votre domaine.' },
      [tooLargeFor(multipartBudget(MAX_ATTACHMENT_BYTES, MAX_FILES), 'attachments', 'video.pdf')],
    );
    assert.equal(res.statusCode, 413, res.body.slice(0, 300));
    assert.match(res.body, /Nous avons rétabli votre domaine\./, 'the text comes back');
    assert.match(
      res.body,
      /id="answer-attachments-error">L’envoi était trop volumineux pour être reçu[^<]*au plus 5 fichiers de 10 Mo chacun/,
    );
    assert.equal(await countRows('correspondence'), sent, 'nothing was sent');
  });

  it('a free reply: the same, in English', async () => {
    const agent = await createUser(t.ctx, 'agent', { email: 'en@example.org', name: 'Ann', language: 'en' });
    const s = await sessionFor(t.ctx, agent);
    const c = await openComplaint(t.ctx, { daysAgo: 2 });
    const res = await postMultipart(
      t.app,
      s,
      `/cases/${c.caseId}/reply`,
      { kind: 'reply', text: 'Your refund is on its way.' },
      [tooLargeFor(multipartBudget(MAX_ATTACHMENT_BYTES, MAX_FILES), 'attachments', 'video.pdf')],
    );
    assert.equal(res.statusCode, 413, res.body.slice(0, 300));
    assert.match(res.body, /Your refund is on its way\./);
    assert.match(
      res.body,
      /What you sent was too large to be received[^<]*at most 5 files of up to 10 MB each, and send again\./,
    );
  });

  it('a letter: 413, the text kept, the scan’s limit at the scan in German, nothing registered', async () => {
    const agent = await createUser(t.ctx, 'agent', { email: 'de@example.org', name: 'Anke', language: 'de' });
    const s = await sessionFor(t.ctx, agent);
    const cases = await countRows('cases');
    const res = await postMultipart(
      t.app,
      s,
      '/letters',
      {
        arrived: '2026-11-20',
        kind: 'complaint',
        name: 'Jürgen Weiß',
        description: 'Bitte nicht verlieren.',
      },
      [tooLargeFor(multipartBudget(MAX_SCAN_BYTES, 1), 'scan', 'brief.pdf')],
    );
    assert.equal(res.statusCode, 413, res.body.slice(0, 300));
    assert.match(res.body, /value="Jürgen Weiß"/);
    assert.match(res.body, /Bitte nicht verlieren\./);
    assert.match(
      res.body,
      /id="letter-scan-error">Die Sendung war zu groß, um empfangen zu werden[^<]*höchstens 20 MB/,
    );
    assert.equal(await countRows('cases'), cases, 'nothing was registered');
  });

  /** The API's answer to a body announced at `length`, only its headers sent: the refusal comes before the body. */
  const announced = async (path: string, type: string, length: number) => {
    await t.app.listen({ host: '127.0.0.1', port: 0 }).catch(() => {});
    const port = (t.app.server.address() as { port: number }).port;
    return new Promise<{ status: number; json: { error: { code: string; message: string } } }>(
      (resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let got = '';
        socket.on('data', (d: Buffer) => {
          got += d.toString('utf8');
        });
        socket.on('close', () => {
          const [head = '', body = ''] = got.split('\r\n\r\n');
          resolve({ status: Number(head.split(' ')[1]), json: JSON.parse(body) });
        });
        socket.on('error', reject);
        socket.write(
          `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${token}\r\n` +
            `Content-Type: ${type}\r\nContent-Length: ${length}\r\n\r\n`,
        );
      },
    );
  };

  it('the API: 413 in JSON naming the limit in bytes and what to do, the body unread', async () => {
    const scanBudget = multipartBudget(MAX_SCAN_BYTES, 1);
    const cases: Array<[string, string, number]> = [
      ['/api/v1/letters/upload', 'multipart/form-data; boundary=XXXXXXXX', scanBudget],
      ['/api/v1/letters', 'application/json', JSON_LETTER_BYTES],
      // An answer with its attachments in base64, over the application's byte limit for a body (1 MB by default).
      ['/api/v1/cases/some-case/answer', 'application/json', t.ctx.config.http.bodyLimitBytes],
    ];
    for (const [path, type, limit] of cases) {
      const res = await announced(path, type, limit + 1);
      assert.equal(res.status, 413, path);
      assert.equal(res.json.error.code, 'payload_too_large', path);
      assert.match(res.json.error.message, new RegExp(`\\b${limit} bytes\\b`), path);
      assert.match(res.json.error.message, /Send less/, path);
    }
  });
});
