// The register of the reports page downloaded over a real connection, within the budgets of a download
// (REDRESS_HTTP_DOWNLOAD_IDLE_MS, REDRESS_HTTP_DOWNLOAD_TIMEOUT_MS) as the dossier is: a client that stops
// reading, or reads a little now and then, is cut short with the reason in the log, and the register stops
// being read; a client that reads at its pace has the whole CSV. The register is larger than the connection's
// buffers on both sides hold, so the export must wait on the client.
import assert from 'node:assert/strict';
import { get, type IncomingMessage } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { downloadCutShort, stopsReading, trickles } from '../support/download.ts';
import { createTestApp, createUser, sessionFor, type TestApp } from '../support/http.ts';

/**
 * Cases of 2026 written straight into the table (one SQL statement; the register reads only their rows), with a
 * long category (written twice on each line, as the key and as its label): over 20 MB of CSV.
 */
const CASES = 30_000;
const CATEGORY = 'billing-'.repeat(50);

describe('a register download within its time budgets', () => {
  let t: TestApp;
  let url: string;
  let cookie: string;
  before(async () => {
    t = await createTestApp({
      env: { REDRESS_HTTP_DOWNLOAD_IDLE_MS: '1000', REDRESS_HTTP_DOWNLOAD_TIMEOUT_MS: '3000' },
    });
    await sql`
      with recursive n(i) as (select 1 union all select i + 1 from n where i < ${CASES})
      insert into cases (id, reference, kind, step, status, channel, language, complainant_id, subject, category,
        received_at, acknowledge_by, answer_by, updated_at)
      select 'bulk-' || i, 'RC-2026-' || substr('000000' || i, -6), 'complaint', 1, 'received', 'email', 'fr',
        'someone', 'A complaint', ${CATEGORY}, '2026-03-02T09:00:00.000Z', '2026-03-03T09:00:00.000Z',
        '2026-03-16T22:59:59.999Z', '2026-03-02T09:00:00.000Z'
      from n`.execute(t.ctx.database.db);
    const base = await t.app.listen({ host: '127.0.0.1', port: 0 });
    url = `${base}/reports/register.csv?from=2026-01-01&to=2026-12-31`;
    const auditor = await createUser(t.ctx, 'auditor', { email: 'auditor.register@example.org' });
    ({ cookie } = await sessionFor(t.ctx, auditor));
  });
  after(async () => {
    await t?.close();
  });

  const cutShort = (read: (res: IncomingMessage) => void, reason: RegExp) =>
    downloadCutShort(t, url, cookie, read, reason);
  /** Bytes of the whole register: a header and one line per case, each longer than the category twice. */
  const WHOLE = CASES * 2 * CATEGORY.length;

  it('cuts a client that stops reading after the idle budget', async () => {
    const { bytes } = await cutShort(stopsReading, /http\.downloadIdleMs/);
    assert.ok(bytes > 0 && bytes < WHOLE, `${bytes} bytes taken before it stopped`);
  });

  it('cuts a client that reads a little now and then after the total budget', async () => {
    // Its reads reach the server in bursts, as the connection's buffers empty: the idle budget is set aside here.
    t.ctx.refresh({ ...t.ctx.config, http: { ...t.ctx.config.http, downloadIdleMs: 600_000 } });
    // 16 KiB every 100 ms: never idle for long, far too slow to finish within the budget.
    const { bytes, ms } = await cutShort(trickles(16 * 1024), /http\.downloadTimeoutMs/);
    assert.ok(bytes < WHOLE, `${bytes} bytes`);
    assert.ok(ms >= 3000, `cut after ${ms} ms, not before its time`);
  });

  it('lets a client that reads at its pace have the whole register', async () => {
    t.ctx.refresh({
      ...t.ctx.config,
      http: { ...t.ctx.config.http, downloadIdleMs: 60_000, downloadTimeoutMs: 600_000 },
    });
    const csv = await new Promise<string>((resolve, reject) => {
      get(url, { headers: { cookie } }, (res) => {
        assert.equal(res.statusCode, 200);
        assert.match(String(res.headers['content-type']), /^text\/csv/);
        const parts: Buffer[] = [];
        res.on('data', (c: Buffer) => parts.push(c));
        res.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
        res.on('error', reject);
      }).on('error', reject);
    });
    const lines = csv.split('\r\n');
    assert.equal(lines.length, 1 + CASES + 1); // header, the cases, the empty string after the last CRLF
    // The UTF-8 byte-order mark first, for Excel to read accented names (spreadsheet-csv.ts).
    assert.match(lines[0]!, /^\uFEFFreference,kind,step,/);
    assert.ok(lines[CASES]!.startsWith('RC-2026-'), lines[CASES]);
  });
});
