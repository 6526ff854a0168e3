// A case dossier downloaded over a real connection, written as a stream: a client that goes away half-way stops
// the export and nothing is recorded in the audit log (no complete export was delivered); the next download is
// whole, verifies offline, and is recorded once.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { get, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createAppContext } from '../../src/app/context.ts';
import { verifyDossierZip } from '../../src/app/export-dossier.ts';
import { receiveEmail } from '../../src/app/receive-email.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { rawMessage } from '../mail/support/messages.ts';
import { downloadCutShort, stopsReading, trickles } from '../support/download.ts';
import { createTestApp, createUser, sessionFor, type TestApp } from '../support/http.ts';

/** How many dossier exports the audit log records (one for each download delivered whole). */
async function dossierExports(t: TestApp): Promise<number> {
  const rows = await t.ctx.database.db
    .selectFrom('audit_log')
    .select('id')
    .where('action', '=', 'case_dossier_exported')
    .execute();
  return rows.length;
}

/**
 * A case with several megabytes of originals (more than the connection's buffers on both sides hold, so the
 * export must wait on the client) and an auditor's session: the dossier's address and the cookie to ask it with.
 */
async function largeDossier(t: TestApp, base: string, who: string): Promise<{ url: string; cookie: string }> {
  const mailbox = t.ctx.config.mailboxes.find((m) => m.name === 'complaints')!;
  const at = (iso: string) => createAppContext(t.ctx.config, t.tdb.database, { clock: fixedClock(iso) });
  const from = `${who} <${who.toLowerCase().replace(' ', '.')}@example.net>`;
  const first = await receiveEmail(at('2026-11-30T09:00:00.000Z'), {
    raw: rawMessage({ from, body: 'Mon site est en panne.' }),
    mailbox,
    door: 'pipe',
  });
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
  const auditor = await createUser(t.ctx, 'auditor', { email: `auditor.${first.caseId}@example.org` });
  const { cookie } = await sessionFor(t.ctx, auditor);
  return { url: `${base}/cases/${first.caseId}/dossier`, cookie };
}

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

  it('stops without a record when the client goes away, and is whole and recorded the next time', async () => {
    const { url, cookie } = await largeDossier(t, base, 'Ines Stream');

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
    while (!t.logs.some((l) => l.includes('export download cut short')) && (await dossierExports(t)) === 0)
      await new Promise((r) => setTimeout(r, 20));
    assert.equal(await dossierExports(t), 0, 'a download the client left half-way is not recorded');

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
    assert.equal(await dossierExports(t), 1);
  });
});

// A client that stops reading, or reads a little now and then, does not keep a download (and the export's reads)
// open for as long as it likes: each is cut short by its budget, with the reason in the log, and nothing is
// recorded. Real connections; the budgets are made small for the test.
describe('a download within its time budgets', () => {
  let t: TestApp;
  let base: string;
  let url: string;
  let cookie: string;
  before(async () => {
    t = await createTestApp({
      env: { REDRESS_HTTP_DOWNLOAD_IDLE_MS: '1000', REDRESS_HTTP_DOWNLOAD_TIMEOUT_MS: '3000' },
    });
    base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    ({ url, cookie } = await largeDossier(t, base, 'Theo Stall'));
  });
  after(async () => {
    await t?.close();
  });

  const cutShort = (read: (res: IncomingMessage) => void, reason: RegExp) =>
    downloadCutShort(t, url, cookie, read, reason);

  it('cuts a client that stops reading after the idle budget', async () => {
    const { bytes } = await cutShort(stopsReading, /http\.downloadIdleMs/);
    assert.ok(bytes > 0 && bytes < 8 * 1_500_000, `${bytes} bytes taken before it stopped`);
    assert.equal(await dossierExports(t), 0, 'a download cut short is not recorded');
  });

  it('cuts a client that reads a little now and then after the total budget', async () => {
    // Its reads reach the server in bursts, as the connection's buffers empty: the idle budget is set aside here.
    t.ctx.refresh({ ...t.ctx.config, http: { ...t.ctx.config.http, downloadIdleMs: 600_000 } });
    // 64 KiB every 100 ms: never idle for long, far too slow to finish within the budget.
    const { bytes, ms } = await cutShort(trickles(64 * 1024), /http\.downloadTimeoutMs/);
    assert.ok(bytes < 8 * 1_500_000, `${bytes} bytes`);
    assert.ok(ms >= 3000, `cut after ${ms} ms, not before its time`);
    assert.equal(await dossierExports(t), 0);
  });

  it('lets a client that reads at its pace have the whole ZIP', async () => {
    // Budgets of a real installation: on a busy machine making this dossier alone can take longer than the
    // three seconds the tests above are cut at.
    t.ctx.refresh({
      ...t.ctx.config,
      http: { ...t.ctx.config.http, downloadIdleMs: 60_000, downloadTimeoutMs: 600_000 },
    });
    const zip = await new Promise<Buffer>((resolve, reject) => {
      get(url, { headers: { cookie } }, (res) => {
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(Buffer.concat(parts)));
        res.on('error', reject);
      }).on('error', reject);
    });
    assert.deepEqual(verifyDossierZip(new Uint8Array(zip)).problems, []);
    assert.equal(await dossierExports(t), 1);
  });
});
