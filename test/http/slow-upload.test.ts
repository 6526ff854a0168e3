// A form with files takes its share of the process's upload memory before its bytes are read, for as long as they
// take to arrive (uploads.ts). An anonymous client that announces a large form and then sends a byte now and then
// would hold that memory until the request time limit, and a complainant sending a document meanwhile would be
// told to come back later. A form whose bytes arrive too slowly to bring what it announced within the request
// time limit cannot succeed anyway: its connection is closed, and the memory it held goes to the next form.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { COMPOSED_HELD_PER_BYTE, uploadBudget } from '../../src/adapters/http/uploads.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { createTestApp, publicFormVisitor, type TestApp } from '../support/http.ts';
import { setUploadTimings } from '../support/upload-timings.ts';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a slow upload (sqlite)', () => {
  let t: TestApp;
  let port = 0;
  const clock = fixedClock('2026-11-23T09:00:00.000Z');
  let restoreTimings = () => {};
  before(async () => {
    // A request time limit far longer than the test: only the rate of the slow form can end it here.
    t = await createTestApp({ clock, env: { REDRESS_HTTP_REQUEST_TIMEOUT_MS: '300000' } });
    await t.app.listen({ host: '127.0.0.1', port: 0 });
    port = (t.app.server.address() as { port: number }).port;
    // The rate is judged after a short while here (seconds in production), and looked at often.
    restoreTimings = setUploadTimings({ waitMs: 5000, progressGraceMs: 300, progressCheckMs: 50 });
  });
  after(async () => {
    restoreTimings();
    await t?.close();
  });

  it('closes a form that trickles in, and the next complainant’s document is received', async () => {
    const slow = await publicFormVisitor(t.app);
    const person = await publicFormVisitor(t.app);
    clock.advance(20_000);

    // Announces 20 MB of documents, then sends a byte every 50 ms.
    const socket = connect(port, '127.0.0.1');
    let closed = false;
    const gone = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    socket.on('close', () => {
      closed = true;
    });
    socket.on('error', () => {});
    socket.write(
      `POST /complain?_csrf=${slow.csrf} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: ${slow.cookie}\r\n` +
        'Content-Type: multipart/form-data; boundary=XX\r\nContent-Length: 20000000\r\n\r\n' +
        '--XX\r\nContent-Disposition: form-data; name="documents"; filename="a.pdf"\r\n' +
        'Content-Type: application/pdf\r\n\r\n%PDF-1.4\n',
    );
    const drip = setInterval(() => socket.writable && socket.write('x'), 50);
    try {
      for (let i = 0; i < 100 && uploadBudget.used === 0; i++) await pause(20);
      const held = uploadBudget.used;
      assert.ok(held > 0, 'the slow form holds its share');

      // A document larger than what the slow form leaves free.
      const size = Math.ceil((uploadBudget.capacity - held) / COMPOSED_HELD_PER_BYTE) + 100_000;
      const pdf = new Uint8Array(size).fill(0x20);
      pdf.set(new TextEncoder().encode('%PDF-1.4\n'));
      pdf.set(new TextEncoder().encode('%%EOF'), size - 5);
      const fd = new FormData();
      for (const [k, v] of Object.entries({
        _csrf: person.csrf,
        formToken: person.token,
        homepage: '',
        name: 'Erika Mustermann',
        email: 'erika@example.de',
        description: 'My domain has not been reachable since the move.',
        expectations: 'Please repair it.',
        consent: 'yes',
      }))
        fd.append(k, v);
      fd.append('documents', new Blob([pdf], { type: 'application/pdf' }), 'scan.pdf');
      const res = await fetch(`http://127.0.0.1:${port}/complain?_csrf=${person.csrf}`, {
        method: 'POST',
        headers: { cookie: person.cookie, 'accept-language': 'en' },
        body: fd,
        redirect: 'manual',
      });
      assert.equal(res.status, 303, (await res.text()).slice(0, 300));
      assert.ok(closed, 'the server closed the slow form’s connection');
      await gone;
    } finally {
      clearInterval(drip);
      socket.destroy();
    }
    assert.equal((await t.tdb.database.db.selectFrom('cases').select('id').execute()).length, 1);
    const lines = t.logs.map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string });
    assert.ok(
      lines.some((l) => l.reason === 'upload_too_slow'),
      'the closing is logged',
    );
    assert.deepEqual(
      lines.filter((l) => l.level >= 50).map((l) => JSON.stringify(l).slice(0, 600)),
      [],
      'a closed connection is not an error of ours',
    );
  });
});
