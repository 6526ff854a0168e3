// After retention (P6.3) an anonymised case still opens for staff (its reference, dates and outcome; no name,
// address or text of the complainant), its dossier still downloads and verifies, and searching for the person's
// address, name or words finds nothing while the reference still finds the case.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { answerCase } from '../../src/app/answer-case.ts';
import { createAppContext } from '../../src/app/context.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { runRetention } from '../../src/app/run-retention.ts';
import { searchCases } from '../../src/app/search-cases.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { createTestApp, createUser, getPage, sessionFor, type TestApp } from '../support/http.ts';

describe('an anonymised case on the web', () => {
  let t: TestApp;
  before(async () => {
    t = await createTestApp({ clock: fixedClock('2026-12-05T12:00:00.000Z') });
  });
  after(async () => {
    await t.close();
  });

  it('opens without personal data, downloads its dossier, and is found by reference only', async () => {
    const at = (iso: string) => createAppContext(t.ctx.config, t.tdb.database, { clock: fixedClock(iso) });
    const mailbox = t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!;
    const received = await receiveEmail(at('2018-03-01T09:00:00.000Z'), {
      raw: rawMessage({
        from: 'Xaver Zwirbel <xaver.zwirbel@example.net>',
        date: 'Thu, 01 Mar 2018 10:00:00 +0100',
        body: 'Bonjour,\r\n\r\nMon serveur zwirbelhof est hors ligne.\r\n\r\nXaver Zwirbel\r\n',
      }),
      mailbox,
      door: 'pipe',
    });
    const caseId = received.caseId!;
    await answerCase(at('2018-03-05T09:00:00.000Z'), caseId, {
      outcome: 'upheld',
      text: 'Le serveur zwirbelhof est rétabli.',
      remedy: null,
      attachments: [],
      actor: 'user:a',
    });
    await actOnCase(at('2018-04-01T09:00:00.000Z'), caseId, { type: 'close', reason: 'Réglé.' }, 'user:a');
    assert.equal((await searchCases(t.ctx, 'zwirbelhof')).length, 1, 'found before');

    const report = await runRetention(t.ctx, { actor: 'cli' });
    assert.deepEqual(
      report.anonymised.map((a) => a.reference),
      [received.reference],
    );

    const lead = await createUser(t.ctx, 'lead');
    const session = await sessionFor(t.ctx, lead);
    const page = await getPage(t.app, session, `/cases/${caseId}`);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes(received.reference!));
    assert.ok(!/zwirbel/i.test(page.body), 'no name, address or word of the complainant on the page');

    const dossier = await getPage(t.app, session, `/cases/${caseId}/dossier`);
    assert.equal(dossier.statusCode, 200);
    const files = unzipSync(new Uint8Array(dossier.rawPayload));
    assert.deepEqual(
      Object.keys(files).filter((f) => f.startsWith('originals/')),
      [],
      'the originals were deleted',
    );
    for (const [name, bytes] of Object.entries(files)) {
      const text = name.endsWith('.pdf')
        ? execFileSync('pdftotext', ['-', '-'], { input: bytes }).toString('utf8')
        : Buffer.from(bytes).toString('utf8');
      assert.ok(!/zwirbel/i.test(text), `nothing of the person in ${name}`);
    }
    assert.match(
      execFileSync('pdftotext', ['-', '-'], { input: files['history.pdf']! }).toString('utf8'),
      new RegExp(received.reference!),
    );

    for (const q of ['zwirbelhof', 'xaver.zwirbel@example.net', 'Zwirbel'])
      assert.deepEqual(await searchCases(t.ctx, q), [], q);
    assert.deepEqual(
      (await searchCases(t.ctx, received.reference!)).map((c) => c.reference),
      [received.reference],
    );
  });
});
