// What a server on SQLite loads on its main thread when it starts. Each thread's heap holds the code of what it
// loaded, for as long as it runs, and the server's memory counts every thread's (DESIGN.md: server RSS ≤ 300 MB).
// Libraries that only some requests need are loaded with the first of them: PostgreSQL's client, the sanitiser
// and MIME parser of the original's viewer (they run on the viewer's own thread), file-type (uploads and
// downloads), nodemailer (dossiers, messages written through a complainant's link; outbound mail loads it with
// its first send). Reading mail (MIME, HTML to text, language detection) runs on the reading threads, which load
// it; the main thread hands them the messages.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type ServerProcess, startServer } from '../mail/support/server.ts';
import { createTestDatabase } from '../support/databases.ts';

const RECORDER = new URL('./support/record-modules.ts', import.meta.url).pathname;
const NOT_AT_START = [
  'pg',
  'sanitize-html',
  'file-type',
  'nodemailer',
  'postal-mime',
  'html-to-text',
  'franc-min',
];

describe('redress start on SQLite', () => {
  it(`does not load ${NOT_AT_START.join(', ')} on its main thread before they are needed`, async () => {
    const test = await createTestDatabase('sqlite');
    const dir = mkdtempSync(join(tmpdir(), 'redress-start-modules-'));
    const file = join(dir, 'modules.txt');
    let server: ServerProcess | null = null;
    try {
      server = await startServer(test.url, {
        NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --import=${RECORDER}`.trim(),
        REDRESS_TEST_MODULES_FILE: file,
      });
      const loaded = readFileSync(file, 'utf8').split('\n').filter(Boolean);
      // The recorder works: the server's own libraries are there.
      assert.ok(loaded.some((url) => url.includes('/node_modules/fastify/')));
      const packageOf = (url: string) => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
      const early = [...new Set(loaded.map(packageOf))].filter((p) => p && NOT_AT_START.includes(p));
      assert.deepEqual(early, []);
      assert.equal(await server.stop(), 0);
    } finally {
      await server?.kill();
      await test.drop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
