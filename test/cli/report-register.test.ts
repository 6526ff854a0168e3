// `redress report --register` and `--regulator` on both engines: the register as CSV (spreadsheet-safe, one row
// per case) and as JSON lines equals the register the use case reads; the half-year return as JSON, CSV and
// table equals regulatorSummary; bad arguments are refused with exit code 2.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { regulatorCsv } from '../../src/adapters/report/register-export.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { registerEntries } from '../../src/app/export-register.ts';
import { openCase } from '../../src/app/open-case.ts';
import { regulatorSummary } from '../../src/app/regulator-summary.ts';
import { loadConfig } from '../../src/config.ts';
import { fixedClock } from '../../src/core/ports.ts';
import { complaintAt } from '../support/cases.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const PERIOD = { from: '2026-01-01', to: '2026-06-30' };

for (const engine of ENGINES)
  describe(`redress report --register / --regulator (${engine})`, () => {
    let tdb: TestDatabase;
    let ctx: AppContext;
    const run = (...args: string[]) => {
      const r = spawnSync(process.execPath, [bin, 'report', ...args], {
        encoding: 'utf8',
        env: { ...process.env, REDRESS_DATABASE_URL: tdb.url },
      });
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };

    before(async () => {
      tdb = await createTestDatabase(engine);
      // The cases are worked within the half year: its return counts them as they stood at its end.
      const clock = fixedClock('2026-01-15T10:00:00.000Z');
      ctx = createAppContext(loadConfig({ env: {}, cwd: '/nonexistent' }), tdb.database, { clock });
      const a = await openCase(ctx, complaintAt('2026-01-15T10:00:00.000Z'));
      clock.set('2026-01-15T10:05:00.000Z');
      await actOnCase(ctx, a.caseId, { type: 'categorise', category: '+cmd|calc' }, 'system');
      await actOnCase(ctx, a.caseId, { type: 'acknowledge', channel: 'email', correspondenceId: null }, 'u');
      await actOnCase(
        ctx,
        a.caseId,
        { type: 'answer', outcome: 'upheld', text: 'Yes.', remedy: '@refund', correspondenceId: null },
        'u',
      );
      clock.set('2026-03-31T21:30:00.000Z');
      await openCase(ctx, complaintAt('2026-03-31T21:30:00.000Z', { channel: 'letter' }));
      clock.set('2026-07-02T08:00:00.000Z');
      await openCase(ctx, complaintAt('2026-07-02T08:00:00.000Z'));
    });
    after(async () => {
      await tdb?.drop();
    });

    it('writes the register as CSV, one row per case, formulas made inert', async () => {
      const r = run('--from', PERIOD.from, '--to', PERIOD.to, '--register', '--format', 'csv');
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\r\n');
      // The UTF-8 byte-order mark first, for Excel to read accented names (spreadsheet-csv.ts).
      assert.match(lines[0]!, /^\uFEFFreference,kind,step,channel,category,language,status,received_at,/);
      assert.equal(lines.length, 4); // header, two cases, the empty string after the last CRLF
      assert.ok(lines[1]!.includes(",'+cmd|calc,"), lines[1]);
      assert.ok(lines[1]!.includes(",'@refund"), lines[1]);
      assert.ok(lines[2]!.includes(',letter,'), lines[2]);
    });

    it('writes the register as JSON lines (the default format), as the use case reads it', async () => {
      const r = run('--from', PERIOD.from, '--to', PERIOD.to, '--register');
      assert.equal(r.code, 0, r.stderr);
      const rows = r.stdout
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const expected: unknown[] = [];
      for await (const e of registerEntries(ctx, PERIOD)) expected.push(e);
      // The acknowledgement and answer of a case still open are judged at the instant of the export: compare
      // the fields that do not depend on it.
      const stable = (e: Record<string, unknown>) => ({ ...e, acknowledgementMet: null, answerMet: null });
      assert.deepEqual(
        rows.map(stable),
        expected.map((e) => stable(e as Record<string, unknown>)),
      );
      assert.equal(rows[0].remedy, '@refund');
    });

    it("writes the regulator's half-year return as JSON, CSV and table", async () => {
      const expected = await regulatorSummary(ctx, '2026-H1');
      const json = run('--regulator', '--half', '2026-H1');
      assert.equal(json.code, 0, json.stderr);
      assert.deepEqual(JSON.parse(json.stdout), expected);
      assert.equal(expected.received, 2);
      const csv = run('--regulator', '--half', '2026-H1', '--format', 'csv');
      assert.equal(csv.stdout, regulatorCsv(expected));
      assert.ok(csv.stdout.includes("2026-H1,'+cmd|calc,1,"), csv.stdout);
      const table = run('--regulator', '--half', '2026-H1', '--format', 'table');
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /^half\s+category\s+received/);
      assert.match(table.stdout, /2026-H1\s+all\s+2\s/);
    });

    it('refuses a bad half year and a register as a table with exit code 2', () => {
      for (const args of [
        ['--regulator', '--half', '2026-H3'],
        ['--regulator'],
        ['--register', '--format', 'table'],
      ]) {
        const r = run(...args);
        assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stdout, '');
      }
    });
  });
