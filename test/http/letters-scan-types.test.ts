// The scan types of a letter are one rule for every door (core/files/scan-types.ts): the staff form, the API and
// the command line take PDF, PNG, JPEG and TIFF (what office scanners write), and refuse WebP alike; a TIFF,
// which browsers do not show, is offered to staff as a download, never shown in place.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApiToken } from '../../src/app/manage-api-tokens.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { ENGINES } from '../support/databases.ts';
import {
  createTestApp,
  createUser,
  getPage,
  sessionFor,
  type TestApp,
  type TestSession,
} from '../support/http.ts';
import { postMultipart } from '../support/staff.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const TIFF = Buffer.concat([
  Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00]),
  Buffer.alloc(64, 1),
]);
const TIFF_BIG_ENDIAN = Buffer.concat([Buffer.from([0x4d, 0x4d, 0x00, 0x2a]), Buffer.alloc(64, 2)]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([0x40, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(56, 3),
]);

for (const engine of ENGINES)
  describe(`the scan types of a letter, at every door (${engine})`, () => {
    let t: TestApp;
    let agent: TestSession;
    let token: string;
    let dir: string;
    before(async () => {
      t = await createTestApp({ engine, clock: fixedClock('2026-11-25T09:00:00.000Z') });
      agent = await sessionFor(t.ctx, await createUser(t.ctx, 'agent'));
      token = (
        await createApiToken(
          t.ctx,
          { name: 'api-agent', role: 'agent', expiresInDays: null },
          { actor: 'cli', label: null, address: null },
        )
      ).secret;
      dir = mkdtempSync(join(tmpdir(), 'redress-scans-'));
    });
    after(async () => {
      rmSync(dir, { recursive: true, force: true });
      await t?.close();
    });

    const fields = (name: string) => ({
      arrived: '2026-11-24',
      kind: 'complaint',
      language: 'fr',
      name,
      postalAddress: '3 rue des Scans\n35000 Rennes',
    });

    it('the staff form takes a TIFF scan, offered as a download, and refuses a WebP one', async () => {
      const res = await postMultipart(t.app, agent, '/letters/new', fields('Iris Tiff'), [
        { field: 'scan', filename: 'courrier.tif', type: 'image/tiff', content: TIFF },
      ]);
      assert.equal(res.statusCode, 303, res.body.slice(0, 1500));
      const caseId = String(res.headers.location).replace('/cases/', '');
      const page = await getPage(t.app, agent, `/cases/${caseId}`);
      // The case page links the scan (and the acknowledgement printed as a PDF): find the scan's link.
      const links = [
        ...page.body.matchAll(
          new RegExp(`<a href="(/cases/${caseId}/correspondence/[^"]+/original)"([^>]*)>`, 'g'),
        ),
      ];
      let scanLink: { attributes: string; headers: Record<string, unknown> } | null = null;
      for (const [, href, attributes] of links) {
        const original = await getPage(t.app, agent, href!);
        if (Buffer.compare(original.rawPayload, TIFF) === 0)
          scanLink = { attributes: attributes!, headers: original.headers };
      }
      assert.ok(scanLink, 'the scan is on the case page, kept byte for byte');
      assert.match(scanLink.attributes, /\bdownload\b/, 'a TIFF is a download link');
      assert.doesNotMatch(scanLink.attributes, /target="_blank"/, 'not opened in the browser');
      assert.match(String(scanLink.headers['content-disposition']), /^attachment;.*\.tif/);
      assert.equal(String(scanLink.headers['content-type']), 'application/octet-stream');

      const webp = await postMultipart(t.app, agent, '/letters/new', fields('Wanda Webp'), [
        { field: 'scan', filename: 'courrier.webp', type: 'image/webp', content: WEBP },
      ]);
      assert.equal(webp.statusCode, 422);
      assert.match(webp.body, /id="letter-scan-error"[^>]*>The scan must be a PDF, PNG, JPEG or TIFF file/);
    });

    it('the API takes a TIFF scan and refuses a WebP one, as the form does', async () => {
      const call = (name: string, content: Buffer, contentType: string) =>
        t.app.inject({
          method: 'POST',
          url: '/api/v1/letters',
          headers: { authorization: `Bearer ${token}` },
          payload: {
            letter: {
              arrived: '2026-11-24',
              language: 'fr',
              complainant: { name, postalAddress: ['3 rue des Scans', '35000 Rennes'] },
              description: 'Ma facture est fausse.',
            },
            scan: { contentBase64: content.toString('base64'), contentType },
          },
        });
      const tiff = await call('Ivo Tiff', TIFF_BIG_ENDIAN, 'image/tiff');
      assert.equal(tiff.statusCode, 201, tiff.body);
      const webp = await call('Wim Webp', WEBP, 'image/webp');
      assert.ok(webp.statusCode >= 400 && webp.statusCode < 500, webp.body);
      assert.equal(webp.json().error.code, 'invalid_command');
      assert.match(webp.json().error.message, /\(application\/pdf, image\/png, image\/jpeg, image\/tiff\)/);
    });

    it('the command line takes a TIFF scan and refuses a WebP one, as the form does', () => {
      // The command runs on the real clock: the letter arrived yesterday.
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      const run = (file: string, content: Buffer, name: string) => {
        const path = join(dir, file);
        writeFileSync(path, content);
        return spawnSync(
          process.execPath,
          [bin, 'letter', 'register', '--arrived', yesterday, '--name', name, '--scan', path, '--json'],
          { encoding: 'utf8', env: { ...process.env, REDRESS_DATABASE_URL: t.tdb.url } },
        );
      };
      const tiff = run('scan.tiff', TIFF, 'Ines Tiff');
      assert.equal(tiff.status, 0, tiff.stderr);
      assert.match(JSON.parse(tiff.stdout).reference, /^RC-\d{4}-/);
      const webp = run('scan.webp', WEBP, 'Willy Webp');
      assert.equal(webp.status, 2, webp.stdout);
      assert.match(webp.stderr, /scan: not a PDF or an image/);
    });
  });
