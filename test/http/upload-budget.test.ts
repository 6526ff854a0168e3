// Anonymous posts with files cannot take the server's memory: a complainant-page link that opens nothing is
// answered before a byte of the body is read, and files are read only within the process's upload budget; a
// form that finds it taken gets its text back with a sentence in its language, 503 and Retry-After. Memory
// itself is measured in bench/hostile.bench.ts, never here. On SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { uploadBudget } from '../../src/adapters/http/uploads.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import { createTestApp, setCookies, type TestApp } from '../support/http.ts';
import { PDF } from '../support/staff.ts';

for (const engine of ENGINES) {
  describe(`upload budget and unread bodies (${engine})`, () => {
    let t: TestApp;
    let base = '';
    before(async () => {
      t = await createTestApp({ engine, clock: fixedClock('2026-11-23T09:00:00.000Z') });
      base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    });
    after(async () => {
      await t?.close();
    });

    it('answers a post to a link that opens nothing without reading its body', async () => {
      const page = await t.app.inject({ method: 'GET', url: '/complain' });
      const c = setCookies(page).get('redress_csrf')!;
      const csrf = c.slice('redress_csrf='.length, c.indexOf(';'));
      const url = new URL(`/c/${'A'.repeat(43)}?_csrf=${csrf}`, base);
      // Announces 50 MB and sends 1 KB: the answer must come while the rest has not been sent.
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(url, {
          method: 'POST',
          headers: {
            cookie: c.slice(0, c.indexOf(';')),
            'content-type': 'multipart/form-data; boundary=xyz',
            'content-length': String(50 * 1024 * 1024),
          },
        });
        req.on('response', (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
          req.destroy();
        });
        req.on('error', reject);
        req.write(
          '--xyz\r\nContent-Disposition: form-data; name="attachments"; filename="a.pdf"\r\n' +
            'Content-Type: application/pdf\r\n\r\n',
        );
        req.write(Buffer.alloc(1024, 0x61));
      });
      assert.equal(status, 404);
    });

    it('gives a form that finds the upload memory taken its text back: 503, Retry-After, in German', async () => {
      const page = await t.app.inject({
        method: 'GET',
        url: '/complain',
        headers: { 'accept-language': 'de' },
      });
      const token = /name="formToken" value="([^"]+)"/.exec(page.body)![1]!;
      const c = setCookies(page).get('redress_csrf')!;
      const csrf = c.slice('redress_csrf='.length, c.indexOf(';'));
      const fd = new FormData();
      for (const [k, v] of Object.entries({
        name: 'Erika Mustermann',
        email: 'erika@example.de',
        description: 'Meine Domain ist seit dem Umzug nicht erreichbar.',
        expectations: 'Bitte reparieren.',
        consent: 'yes',
        formToken: token,
      }))
        fd.append(k, v);
      fd.append('attachments', new Blob([PDF], { type: 'application/pdf' }), 'scan.pdf');
      const body = new Request('http://localhost/', { method: 'POST', body: fd });
      (t.ctx.clock as ReturnType<typeof fixedClock>).advance(20_000);
      const held = (await uploadBudget.take(uploadBudget.capacity, 0))!;
      const wait = uploadBudget.waitMs;
      uploadBudget.waitMs = 10;
      try {
        const res = await t.app.inject({
          method: 'POST',
          url: `/complain?_csrf=${csrf}`,
          headers: {
            cookie: c.slice(0, c.indexOf(';')),
            'accept-language': 'de',
            'content-type': body.headers.get('content-type')!,
          },
          payload: Buffer.from(await body.arrayBuffer()),
        });
        assert.equal(res.statusCode, 503, res.body.slice(0, 500));
        assert.equal(res.headers['retry-after'], '60');
        assert.match(res.body, /Gerade treffen sehr viele Unterlagen bei uns ein/);
        assert.match(res.body, /value="Erika Mustermann"/);
        assert.match(res.body, /Meine Domain ist seit dem Umzug nicht erreichbar\./);
      } finally {
        uploadBudget.waitMs = wait;
        held();
      }
      assert.equal(uploadBudget.used, 0, 'every share was given back');
      assert.equal((await t.tdb.database.db.selectFrom('cases').select('id').execute()).length, 0);
    });
  });
}
