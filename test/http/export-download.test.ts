// A case dossier downloaded over a real connection, written as a stream: a client that goes away half-way stops
// the export and nothing is recorded in the audit log (no complete export was delivered); the next download is
// whole, verifies offline, and is recorded once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.ts';
import { verifyDossierZip } from '../../src/app/export-dossier.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { createTestApp, createUser, sessionFor, type TestApp } from '../support/http.ts';

describe('a dossier download written as a stream', () => {
  let t: TestApp;
  let base: string;
  before(async () => {
    t = await createTestApp();
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
  });
  after(async () => {
    await t?.close();
  });

  const exports = async () =>
    (
      await t.ctx.database.db
        .selectFrom('audit_log')
        .select('id')
        .where('action', '=', 'case_dossier_exported')
        .execute()
    ).length;

  it('stops without a record when the client goes away, and is whole and recorded the next time', async () => {
    const mailbox = t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!;
    const at = (iso: string) => createAppContext(t.ctx.config, t.tdb.database, { clock: fixedClock(iso) });
    const from = 'Ines Stream <ines.stream@example.net>';
    const first = await receiveEmail(at('2026-11-30T09:00:00.000Z'), {
      raw: rawMessage({ from, body: 'Mon site est en panne.' }),
      mailbox,
      door: 'pipe',
    });
    // Several megabytes of originals: far more than the connection and the response buffer hold at once.
    for (let i = 0; i < 8; i++)
      await receiveEmail(at(`2026-12-0${i + 1}T09:00:00.000Z`), {
        raw: rawMessage({
          from,
          subject: `Re: ${first.reference}`,
          body: `Les journaux, partie ${i + 1} :\n${randomBytes(1_500_000).toString('base64').replace(/.{76}/g, '$&\n')}`,
        }),
        mailbox,
        door: 'pipe',
      });
    const auditor = await createUser(t.ctx, 'auditor', { email: 'auditor.stream@example.org' });
    const { cookie } = await sessionFor(t.ctx, auditor);
    const url = `${base}/cases/${first.caseId}/dossier`;

    // Gone after the first bytes.
    const received = await new Promise<number>((resolve, reject) => {
      const req = get(url, { headers: { cookie } }, (res) => {
        assert.equal(res.statusCode, 200);
        assert.equal(res.headers['content-type'], 'application/zip');
        res.once('data', (chunk: Buffer) => {
          req.destroy();
          resolve(chunk.byteLength);
        });
      });
      req.on('error', reject);
    });
    assert.ok(received > 0);
    // The server notices, stops the export and says so in its log (or, wrongly, records it: then this fails).
    while (!t.logs.some((l) => l.includes('export download cut short')) && (await exports()) === 0)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(await exports(), 0, 'a download the client left half-way is not recorded');

    // Whole the next time: verifies offline, recorded once.
    const zip = await new Promise<Buffer>((resolve, reject) => {
      get(url, { headers: { cookie } }, (res) => {
        assert.equal(res.statusCode, 200);
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(Buffer.concat(parts)));
        res.on('error', reject);
      }).on('error', reject);
    });
    assert.ok(zip.byteLength > 8 * 1_500_000, 'every original is in it');
    assert.deepEqual(verifyDossierZip(new Uint8Array(zip)).problems, []);
    assert.equal(await exports(), 1);
  });
});
