// Every byte of a request's body counts against its budget until the request ends, whoever reads it. Once Redress
// stops reading a body (the form parser stopped at a file beyond the allowed count, or the request was refused
// before its body was read at all), Node would otherwise read the rest itself, uncounted: a body without a length
// (chunked) would then be bounded only by the request time limit. What is left is read and let go, counted, so a
// client that sends the rest of an ordinary form still receives its answer; past the budget, the connection is
// closed. Checked over real connections by the bytes the server read, never by time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_FILES,
  MAX_SCAN_BYTES,
  multipartBudget,
} from '../../src/adapters/http/uploads.ts';
import { fixedClock } from '../../src/core/ports.ts';
import {
  type ListeningTestApp,
  listeningTestApp,
  publicFormVisitor,
  READ_SLACK,
  rawPost,
  SENT_PAST,
  staffFormHeaders,
} from '../support/http.ts';

const MB = 1024 * 1024;
const JUNK = Buffer.alloc(64 * 1024, 'x');
const BOUNDARY = 'XXXXXXXX';

const part = (name: string, value: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
const filePart = (name: string, filename: string) =>
  `--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"; filename="${filename}"\r\n` +
  'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n';

interface Sent {
  /** Body bytes the client wrote. */
  written: number;
  /** Bytes the server read from the connection, headers included. */
  read: number;
  /** What the server answered, whole, as far as it came. */
  answer: string;
  /** The server closed the connection. */
  closed: boolean;
}

describe('the rest of a body Redress stopped reading counts against its budget (sqlite)', () => {
  let t: ListeningTestApp;
  let staff: Record<string, string> = {};
  let visitor: Record<string, string> = {};
  let csrf = '';

  before(async () => {
    t = await listeningTestApp({
      clock: fixedClock('2026-11-23T09:00:00.000Z'),
      // Long enough that only the byte budget can stop these bodies.
      env: { REDRESS_HTTP_REQUEST_TIMEOUT_MS: '300000' },
    });
    staff = await staffFormHeaders(t.ctx);
    const v = await publicFormVisitor(t.app);
    csrf = v.csrf;
    visitor = { cookie: v.cookie, 'accept-language': 'en' };
  });
  after(async () => {
    await t?.close();
  });

  /**
   * Sends a chunked multipart body: `opening`, then junk (a file's content) until the server closes the connection
   * or `upTo` bytes are written, whatever the server answers meanwhile (a client busy sending reads the answer
   * afterwards, as a browser does); then, if `closing` is given, the end of the form. Returns once the connection
   * closes, or once the client has written all it meant to and the answer has come.
   */
  async function send(
    path: string,
    headers: Record<string, string>,
    opening: string,
    upTo: number,
    closing?: string,
  ): Promise<Sent> {
    const post = await rawPost(t, path, headers, { type: `multipart/form-data; boundary=${BOUNDARY}` });
    await post.write(Buffer.from(opening));
    while (!post.closed && post.written < upTo) await post.write(JUNK);
    if (!post.closed && closing !== undefined) {
      await post.write(Buffer.from(closing));
      post.end();
    }
    // The answer, once it has come whole (a page ends with its closing tag), or the connection's end.
    while (!post.closed && !/<\/html>\s*$|\}\s*$/.test(post.answer)) await post.next();
    const read = post.serverRead();
    const { written, answer, closed } = post;
    await post.close();
    return { written, read, answer, closed };
  }

  it('cuts a body that goes on past the budget after the parser stopped at a file beyond the allowed count', async () => {
    // The letter form takes one scan: the parser stops at the second file, and reads nothing more of the form.
    const budget = multipartBudget(MAX_SCAN_BYTES, 1);
    const sent = await send(
      '/letters',
      staff,
      part('arrived', '2026-11-20') + filePart('scan', 'a.pdf') + `\r\n${filePart('scan', 'b.pdf')}`,
      budget + SENT_PAST,
    );
    assert.ok(sent.closed, `the connection stayed open after ${sent.written} bytes`);
    assert.ok(sent.read <= budget + READ_SLACK, `read ${sent.read} of a budget of ${budget}`);
  });

  it('cuts a body that goes on past the budget after the public form’s parser stopped at a sixth file', async () => {
    const budget = multipartBudget(MAX_ATTACHMENT_BYTES, MAX_FILES);
    let opening = part('name', 'Ada');
    for (let i = 0; i <= MAX_FILES; i++) opening += `${filePart('attachments', `${i}.pdf`)}\r\n`;
    const sent = await send(`/complain?_csrf=${csrf}`, visitor, opening, budget + SENT_PAST);
    assert.ok(sent.closed, `the connection stayed open after ${sent.written} bytes`);
    assert.ok(sent.read <= budget + READ_SLACK, `read ${sent.read} of a budget of ${budget}`);
  });

  it('cuts a body that goes on past the budget after the request was refused before its body was read', async () => {
    // No such case: refused before a part is read, and Node would read the rest of the body itself.
    const budget = multipartBudget(MAX_ATTACHMENT_BYTES, MAX_FILES);
    const sent = await send(
      '/cases/no-such-case/answer',
      staff,
      filePart('attachments', 'a.pdf'),
      budget + SENT_PAST,
    );
    assert.match(sent.answer, /^HTTP\/1\.1 404 /);
    assert.ok(sent.closed, `the connection stayed open after ${sent.written} bytes`);
    assert.ok(sent.read <= budget + READ_SLACK, `read ${sent.read} of a budget of ${budget}`);
  });

  it('gives the answer to a client that sends the rest of an ordinary form after the parser stopped', async () => {
    // Two scans of a megabyte each: the second is beyond the count, and the form ends well within the budget.
    const sent = await send(
      '/letters',
      { ...staff, 'accept-language': 'en' },
      part('arrived', '2026-11-20') +
        part('name', 'Ada Lovelace') +
        filePart('scan', 'a.pdf') +
        `\r\n${filePart('scan', 'b.pdf')}`,
      2 * MB,
      `\r\n--${BOUNDARY}--\r\n`,
    );
    assert.match(sent.answer, /^HTTP\/1\.1 422 /, sent.answer.slice(0, 300));
    assert.match(sent.answer, /value="Ada Lovelace"/, 'what was typed comes back');
    assert.ok(!sent.closed, 'the connection stays open for the next request');
  });

  it('goes on answering afterwards', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${t.port}/healthz`)).status, 200);
  });
});
