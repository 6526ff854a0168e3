// A web door's message (the public form's documents, the complainant's page) is composed in a buffer of the main
// thread's own, which the use case frees as soon as the message is stored, without waiting for a garbage collection:
// a whole collection of the main thread's heap holds up every HTTP request while it runs. What is stored must still
// be the whole message. (Node does not count a growable buffer in `process.memoryUsage()`, so the use case's own
// freeing is seen in the stored message being whole, not in a memory figure.)
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DatabaseOriginals } from '../../src/adapters/db/originals.repo.ts';
import { composeFromComplainant, letGoOfComposed } from '../../src/app/complainant-link.ts';
import { submitComplaint } from '../../src/app/submit-complaint.ts';
import { createTestApp, type TestApp } from '../support/http.ts';
import { PDF } from '../support/staff.ts';

const MiB = 1024 * 1024;

function scans(count: number, size: number) {
  return Array.from({ length: count }, (_, i) => {
    const content = new Uint8Array(size);
    content.set(PDF);
    for (let at = PDF.length; at < size; at += 512) content[at] = (at / 512 + i) % 251;
    return { filename: `scan-${i}.pdf`, contentType: 'application/pdf', content };
  });
}

describe('a web door’s composed message', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ engine: 'sqlite' });
  });
  after(async () => {
    await t?.close();
  });

  it('is freed at once when let go of, without a collection', async () => {
    const message = await composeFromComplainant(t.ctx, {
      from: { name: 'Erika Mustermann', email: 'erika@example.de' },
      text: 'Bitte sehen Sie sich die Unterlagen an.',
      files: scans(2, 2 * MiB),
      subject: 'Unterlagen',
      source: 'public_form',
    });
    const buffer = message.raw.buffer;
    assert.ok(!(buffer instanceof SharedArrayBuffer), 'a buffer of this thread’s own, not shared');
    assert.ok(message.raw.byteLength > 4 * MiB);
    letGoOfComposed(message);
    assert.equal((buffer as ArrayBuffer).detached, true);
    assert.equal(message.raw.byteLength, 0);
  });

  it('is stored whole by the use case that composed it, and the caller’s files stay the caller’s', async () => {
    const files = scans(2, 4 * MiB);
    const submit = (formToken: string) =>
      submitComplaint(
        t.ctx,
        {
          complainant: { name: 'Erika Mustermann', email: 'erika@example.de' },
          language: 'de',
          description: 'Meine Domain ist seit Montag nicht erreichbar.',
          expectations: 'Bitte um Rückruf.',
        },
        {
          channel: 'web',
          actor: 'web:test',
          formToken,
          documents: { files: [...files], title: 'Unterlagen', subject: (r) => `Unterlagen ${r}` },
        },
      );
    const submitted = await submit('form-token');

    const stored = await t.tdb.database.db
      .selectFrom('correspondence')
      .select(['original_sha256'])
      .where('case_id', '=', submitted.caseId)
      .where('channel', '=', 'web')
      .where('original_sha256', 'is not', null)
      .execute();
    const originals = new DatabaseOriginals(t.tdb.database.db);
    const contents = await Promise.all(stored.map((r) => originals.get(r.original_sha256!)));
    const message = contents.find((c) => c?.contentType === 'message/rfc822');
    assert.ok(message, 'the documents are kept as one message');
    const text = Buffer.from(message.content).toString('latin1');
    assert.ok(message.size > 2 * 4 * MiB, `the stored message has ${message.size} bytes`);
    assert.match(text, /filename="?scan-1\.pdf/);
    assert.equal(files[0]!.content.byteLength, 4 * MiB, 'the caller’s files are the caller’s to let go');
  });
});
