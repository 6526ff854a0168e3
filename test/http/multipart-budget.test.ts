// A form with files is read only up to what the form could hold: its files at their limit, and its fields. A body
// that announces more (Content-Length) is refused before a byte of it is read; one sent in chunks, without a length,
// is counted as it arrives and cut once past that total; and the bytes before the first boundary (the multipart
// "preamble", which no browser sends) are cut after a few kilobytes. Without that, one post of hundreds of
// megabytes of junk keeps the thread that answers everyone busy scanning for a boundary that never comes. Checked
// over real connections by the bytes the server read, never by time; at the public form, a staff form and the
// API. A person who attaches too large a file is told what is too large and the limit, in their language; at the
// doors where people type (the public form, a complainant's link, a letter), a form over the budget is read on for
// its text only, up to a bound, and comes back with what was typed, holding no upload memory.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { JSON_LETTER_BYTES } from '../../src/adapters/http/api-cases.routes.ts';
import {
  MAX_ATTACHMENT_BYTES,
  MAX_FILES,
  MAX_PREAMBLE_BYTES,
  MAX_SCAN_BYTES,
  multipartBudget,
  OVER_BUDGET_READ_FACTOR,
  uploadBudget,
} from '../../src/adapters/http/uploads.ts';
import { fixedClock } from '../../src/core/ports.ts';
import {
  apiSecret,
  type ListeningTestApp,
  listeningTestApp,
  publicFormVisitor,
  READ_SLACK,
  rawPost,
  SENT_PAST,
  staffFormHeaders,
} from '../support/http.ts';

const MB = 1024 * 1024;
const JUNK = Buffer.alloc(64 * 1024, '\r\n--X');

interface Door {
  name: string;
  path: string;
  headers: Record<string, string>;
  /** What the door reads of a form and keeps of its files at most. */
  budget: number;
  /**
   * What the door reads at most: a door that gives a form over its budget back with what was typed reads it on,
   * keeping nothing of its files, up to a bound (OVER_BUDGET_READ_FACTOR); by default its budget.
   */
  readUpTo?: number;
  /** The status it refuses a form too large with. */
  status: number;
  /** The body's type: a multipart form unless said. */
  type?: string;
  /** What comes before the junk when it is a file's content. */
  opening?: string;
}

interface Sent {
  /** Body bytes the client wrote. */
  written: number;
  /** Bytes the server read from the connection, headers included. */
  read: number;
  /** The answer's status line, or '' when the connection was closed without one. */
  answer: string;
  /** The client stopped because it had sent `SENT_PAST` past the budget without an answer. */
  gaveUp: boolean;
}

describe('the byte budget of forms with files (sqlite)', () => {
  let t: ListeningTestApp;
  const doors: Door[] = [];
  /** The API's letter as JSON, its scan in base64: a body Fastify reads itself, within the route's limit. */
  let json: Door;
  /** Doors refused here by their announced length only (what they read is the same code as the doors above). */
  const announced: Door[] = [];

  before(async () => {
    t = await listeningTestApp({
      clock: fixedClock('2026-11-23T09:00:00.000Z'),
      env: { REDRESS_HTTP_REQUEST_TIMEOUT_MS: '300000' },
    });
    const { cookie, csrf } = await publicFormVisitor(t.app);
    const forms = multipartBudget(MAX_ATTACHMENT_BYTES, MAX_FILES);
    doors.push({
      name: 'the public form',
      path: `/complain?_csrf=${csrf}`,
      headers: { cookie, 'accept-language': 'de' },
      budget: forms,
      readUpTo: OVER_BUDGET_READ_FACTOR * forms,
      status: 413,
    });
    const staff = await staffFormHeaders(t.ctx);
    announced.push(
      {
        name: 'a complainant’s link',
        path: `/c/${'A'.repeat(43)}?_csrf=${csrf}`,
        headers: doors[0]!.headers,
        budget: forms,
        readUpTo: OVER_BUDGET_READ_FACTOR * forms,
        status: 413,
      },
      {
        name: 'a staff answer',
        path: '/cases/some-case/answer',
        headers: staff,
        budget: forms,
        readUpTo: OVER_BUDGET_READ_FACTOR * forms,
        status: 413,
      },
    );
    // The letter form takes one scan: one scan's worth, not five files' worth.
    doors.push({
      name: 'a staff form (a letter)',
      path: '/letters',
      headers: staff,
      budget: multipartBudget(MAX_SCAN_BYTES, 1),
      readUpTo: OVER_BUDGET_READ_FACTOR * multipartBudget(MAX_SCAN_BYTES, 1),
      status: 413,
    });
    const secret = await apiSecret(t.ctx, 'agent', 'api-agent');
    doors.push({
      name: 'the API',
      path: '/api/v1/letters/upload',
      headers: { authorization: `Bearer ${secret}` },
      budget: multipartBudget(MAX_SCAN_BYTES, 1),
      // The refusal of a body larger than the door reads, with its limit in bytes.
      status: 413,
    });
    json = {
      name: 'the API (JSON)',
      path: '/api/v1/letters',
      headers: { authorization: `Bearer ${secret}` },
      budget: JSON_LETTER_BYTES,
      status: 413,
      type: 'application/json',
      opening: '{"letter":{},"scan":{"contentBase64":"',
    };
  });
  after(async () => {
    await t?.close();
  });

  /** What the door reads at most. */
  const readUpTo = (door: Door) => door.readUpTo ?? door.budget;

  /**
   * Sends a multipart body of junk: before the first boundary, or as a file's content. The client writes as fast
   * as the server reads, and stops at the first byte of an answer, when the connection closes, or once it has sent
   * `SENT_PAST` past what the door reads.
   */
  async function send(
    door: Door,
    where: 'preamble' | 'file',
    framing: 'length' | 'chunked',
    announced = Math.max(300 * MB, readUpTo(door) + MB),
  ): Promise<Sent> {
    const post = await rawPost(t, door.path, door.headers, {
      type: door.type ?? 'multipart/form-data; boundary=XXXXXXXX',
      ...(framing === 'length' ? { length: announced } : {}),
    });
    if (where === 'file')
      await post.write(
        Buffer.from(
          door.opening ??
            '--XXXXXXXX\r\nContent-Disposition: form-data; name="attachments"; filename="a.pdf"\r\n' +
              'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n',
        ),
      );
    let gaveUp = false;
    while (!post.answer && !post.closed) {
      if (post.written > readUpTo(door) + SENT_PAST) {
        gaveUp = true;
        break;
      }
      await post.write(JUNK);
    }
    const read = post.serverRead();
    const { written, answer } = post;
    await post.close();
    return { written, read, answer: answer.split('\r\n')[0] ?? '', gaveUp };
  }

  const refused = (door: Door, sent: Sent) =>
    assert.ok(
      sent.answer === '' || sent.answer.startsWith(`HTTP/1.1 ${door.status} `),
      `${door.name}: ${sent.answer}`,
    );

  it('refuses a body announced larger than the form could hold before reading it', async () => {
    for (const door of [...doors, ...announced, json]) {
      const sent = await send(door, 'preamble', 'length');
      assert.ok(!sent.gaveUp, `${door.name}: read ${sent.read} bytes without an answer`);
      assert.ok(sent.read < READ_SLACK, `${door.name}: read ${sent.read} bytes`);
      assert.match(sent.answer, new RegExp(`^HTTP/1\\.1 ${door.status} `), door.name);
    }
  });

  it('cuts a body sent in chunks once past what the form could hold', async () => {
    for (const door of [...doors, json]) {
      const sent = await send(door, 'file', 'chunked');
      assert.ok(!sent.gaveUp, `${door.name}: read ${sent.read} bytes without an answer`);
      assert.ok(
        sent.read <= readUpTo(door) + READ_SLACK,
        `${door.name}: read ${sent.read} of ${readUpTo(door)}`,
      );
      refused(door, sent);
    }
  });

  it('cuts junk before the first boundary after a few kilobytes, chunked or within the announced length', async () => {
    for (const door of doors)
      for (const framing of ['chunked', 'length'] as const) {
        // Announced within the budget: only the preamble's own limit can stop it early.
        const sent = await send(door, 'preamble', framing, door.budget - MB);
        assert.ok(!sent.gaveUp, `${door.name} ${framing}: read ${sent.read} bytes without an answer`);
        assert.ok(
          sent.read < MAX_PREAMBLE_BYTES + READ_SLACK,
          `${door.name} ${framing}: read ${sent.read} bytes`,
        );
        assert.ok(
          sent.answer === '' || sent.answer.startsWith('HTTP/1.1 413 '),
          `${door.name} ${framing}: ${sent.answer}`,
        );
      }
  });

  it('tells a person whose files are too large what is too large and the limit, in their language', async () => {
    const door = doors[0]!;
    // Only the headers: the refusal comes before the body, and a client that sends nothing more reads it whole.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(t.port, '127.0.0.1');
      let got = '';
      socket.on('data', (d: Buffer) => {
        got += d.toString('utf8');
      });
      socket.on('close', () => resolve(got));
      socket.on('error', reject);
      socket.write(
        `POST ${door.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${door.headers.cookie}\r\n` +
          'Accept-Language: de\r\nContent-Type: multipart/form-data; boundary=XXXXXXXX\r\n' +
          `Content-Length: ${readUpTo(door) + 1}\r\n\r\n`,
      );
    });
    assert.match(answer, /^HTTP\/1\.1 413 /);
    assert.match(answer, /\r\nconnection: close\r\n/i, 'the rest of the body is not read');
    assert.match(answer, /höchstens 5 Dateien/);
    assert.match(answer, /10 MB/);
  });

  it('refuses a body announced too large at once, even while the memory for files is taken', async () => {
    const held = (await uploadBudget.take(uploadBudget.capacity, 0))!;
    try {
      for (const door of [...doors, ...announced, json]) {
        // Only the headers: nothing of the body is needed to refuse it.
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = connect(t.port, '127.0.0.1');
          let got = '';
          socket.on('data', (d: Buffer) => {
            got += d.toString('utf8');
            if (got.includes('\r\n\r\n')) socket.destroy();
          });
          socket.on('close', () => resolve(got));
          socket.on('error', reject);
          socket.write(
            `POST ${door.path} HTTP/1.1\r\nHost: 127.0.0.1\r\n` +
              Object.entries(door.headers)
                .map(([k, v]) => `${k}: ${v}\r\n`)
                .join('') +
              `Content-Type: ${door.type ?? 'multipart/form-data; boundary=XXXXXXXX'}\r\n` +
              `Content-Length: ${readUpTo(door) + 1}\r\n\r\n`,
          );
        });
        assert.match(
          answer,
          new RegExp(`^HTTP/1\\.1 ${door.status} `),
          `${door.name}: ${answer.slice(0, 200)}`,
        );
      }
    } finally {
      held();
    }
  });

  it('gives a form over its budget back with what was typed, keeping nothing of its files and holding no upload memory', async () => {
    const door = doors[0]!;
    const budget = door.budget;
    // A browser's form: the text first, then a document larger than the whole form may weigh, its length announced.
    const opening = Buffer.from(
      '--XXXXXXXX\r\nContent-Disposition: form-data; name="name"\r\n\r\nJörg Übermaß\r\n' +
        '--XXXXXXXX\r\nContent-Disposition: form-data; name="description"\r\n\r\nNicht verlieren, bitte.\r\n' +
        '--XXXXXXXX\r\nContent-Disposition: form-data; name="attachments"; filename="video.pdf"\r\n' +
        'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n',
    );
    const closing = Buffer.from('\r\n--XXXXXXXX--\r\n');
    const content = budget + 4 * MB;
    // The upload memory is all taken: a form that keeps no file needs none of it, and is not asked to wait.
    const held = (await uploadBudget.take(uploadBudget.capacity, 0))!;
    try {
      const answer = await new Promise<string>((resolve, reject) => {
        const socket = connect(t.port, '127.0.0.1');
        let got = '';
        socket.on('data', (d: Buffer) => {
          got += d.toString('utf8');
          if (got.includes('</html>')) socket.destroy();
        });
        socket.on('close', () => resolve(got));
        socket.on('error', reject);
        socket.write(
          `POST ${door.path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${door.headers.cookie}\r\n` +
            'Accept-Language: de\r\nContent-Type: multipart/form-data; boundary=XXXXXXXX\r\n' +
            `Content-Length: ${opening.length + content + closing.length}\r\n\r\n`,
        );
        socket.write(opening);
        const chunk = Buffer.alloc(MB, 0x61);
        let left = content;
        const more = () => {
          while (left > 0) {
            const n = Math.min(left, chunk.length);
            left -= n;
            if (!socket.write(chunk.subarray(0, n))) return void socket.once('drain', more);
          }
          socket.write(closing);
        };
        more();
      });
      assert.match(answer, /^HTTP\/1\.1 413 /, answer.slice(0, 300));
      assert.match(answer, /value="Jörg Übermaß"/, 'the name comes back');
      assert.match(answer, /Nicht verlieren, bitte\./, 'the description comes back');
      assert.match(answer, /id="complaint-attachments-error"[^>]*>Ihre Sendung war zu groß/);
    } finally {
      held();
    }
  });

  it('goes on answering afterwards', async () => {
    assert.equal((await fetch(`http://127.0.0.1:${t.port}/healthz`)).status, 200);
  });
});
