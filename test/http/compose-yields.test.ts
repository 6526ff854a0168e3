// A web door's message (the public form's documents, the complainant's page) is composed on the main thread,
// which also answers every HTTP request: composing one of the largest (about 18 MB of documents, base64 and a
// SHA-256 of it all) must hand the thread back to the event loop as it goes, so that other requests are answered
// meanwhile, rather than hold it for the whole message. Counted as turns of the event loop that ran while one
// message was composed, not as time.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { composeFromComplainant, documentsLimit } from '../../src/app/complainant-link.ts';
import { createTestApp, type TestApp } from '../support/http.ts';
import { PDF } from '../support/staff.ts';

describe('composing a web door’s message', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ engine: 'sqlite' });
  });
  after(async () => {
    await t?.close();
  });

  it('lets the event loop turn while it composes one of the largest', async () => {
    const each = Math.floor(documentsLimit(t.ctx.config.smtp.maxMessageBytes) / 5) - 1024;
    const files = Array.from({ length: 5 }, (_, i) => {
      const content = new Uint8Array(each);
      content.set(PDF);
      for (let at = PDF.length; at < each; at += 4096) content[at] = (at / 4096 + i) % 251;
      return { filename: `scan-${i}.pdf`, contentType: 'application/pdf', content };
    });
    let turns = 0;
    let ticking = true;
    const tick = () => {
      if (!ticking) return;
      turns++;
      setImmediate(tick);
    };
    setImmediate(tick);
    const message = await composeFromComplainant(t.ctx, {
      from: { name: 'Erika Mustermann', email: 'erika@example.de' },
      text: 'Bitte sehen Sie sich die Unterlagen an.',
      files,
      subject: 'Unterlagen',
      source: 'public_form',
    });
    ticking = false;
    assert.ok(message.raw.byteLength > 5 * each, 'the whole message was composed');
    // Several turns for each mebibyte composed (some 140 in all for 25 MB); a composition that let go only where
    // its streams happened to had about one a mebibyte, and held the thread for tens of milliseconds a file.
    const mebibytes = Math.floor(message.raw.byteLength / (1024 * 1024));
    assert.ok(
      turns >= 2 * mebibytes,
      `the event loop turned ${turns} times while ${mebibytes} MiB were composed`,
    );
  });
});
