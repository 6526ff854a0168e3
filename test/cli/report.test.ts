// `redress report` in each format, on both engines: JSON (the default, as before) is reportCases for the period,
// CSV is the same spreadsheet-safe file the reports page downloads, the table names every figure; a bad format
// is refused with exit code 2; the report's filters narrow the figures and the register.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, it } from 'node:test';
import { reportCsv, reportRows } from '../../src/adapters/report/report-export.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { type AppContext, createAppContext } from '../../src/app/context.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { loadConfig } from '../../src/config.ts';
import { categoryLabels } from '../../src/core/case/categories.ts';
import { createTestDatabase, ENGINES, type TestDatabase } from '../support/databases.ts';

const bin = new URL('../../bin/redress.js', import.meta.url).pathname;
const PERIOD = { from: '2026-01-01', to: '2026-06-30' };

for (const engine of ENGINES)
  describe(`redress report --format (${engine})`, () => {
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
      ctx = createAppContext(loadConfig({ env: {}, cwd: '/nonexistent' }), tdb.database);
      let n = 0;
      for (const [receivedAt, step, category] of [
        ['2026-01-15T10:00:00.000Z', 1, 'billing'],
        ['2026-03-31T21:30:00.000Z', 1, '@SUM(A1)'],
        ['2026-05-04T08:00:00.000Z', 2, null],
      ] as const) {
        n += 1;
        const opened = await openCase(ctx, {
          kind: 'complaint',
          step,
          channel: 'email',
          receivedAt,
          language: 'en',
          subject: `Complaint escalation - Step ${step} (${n})`,
          complainant: { name: `Person ${n}`, email: `person${n}@example.net` },
          fields: { ticketRefs: [], domains: [], description: 'Down.', expectations: 'A refund.' },
          missing: [],
          correspondenceId: null,
          actor: 'mailbox:complaints',
        });
        if (category) await actOnCase(ctx, opened.caseId, { type: 'categorise', category }, 'system');
      }
    });
    after(async () => {
      await tdb?.drop();
    });

    it('prints JSON by default and with --format json: the figures of reportCases', async () => {
      const expected = await reportCases(ctx, PERIOD);
      assert.equal(expected.complaints.received, 3);
      for (const args of [[], ['--format', 'json']]) {
        const r = run('--from', PERIOD.from, '--to', PERIOD.to, ...args);
        assert.equal(r.code, 0, r.stderr);
        const { generatedAt, ...got } = JSON.parse(r.stdout);
        assert.match(generatedAt, /Z$/);
        assert.deepEqual(got, stripGenerated(expected));
      }
    });

    it('prints CSV, the file the reports page downloads, safe in a spreadsheet', async () => {
      const r = run('--from', PERIOD.from, '--to', PERIOD.to, '--format', 'csv');
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, reportCsv(await reportCases(ctx, PERIOD), categoryLabels(ctx.config)));
      // The UTF-8 byte-order mark first, for Excel to read accented names (spreadsheet-csv.ts).
      assert.match(r.stdout, /^\uFEFFperiod_from,period_to,section,item,value,label\r\n/);
      assert.match(r.stdout, /\r\n2026-01-01,2026-06-30,by_category,'@SUM\(A1\),1,\r\n/);
      assert.match(r.stdout, /\r\n2026-01-01,2026-06-30,complaints,received,3,\r\n/);
    });

    it('prints a table naming every figure', async () => {
      const r = run('--from', PERIOD.from, '--to', PERIOD.to, '--format', 'table');
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.split('\n');
      assert.match(lines[0]!, /^Complaints received 2026-01-01 to 2026-06-30/);
      for (const row of reportRows(await reportCases(ctx, PERIOD)))
        assert.ok(
          lines.some((l) =>
            new RegExp(`^${row.section}\\s+${regexpText(row.item)}\\s+${row.value ?? '—'}$`).test(l),
          ),
          `${row.section} ${row.item}`,
        );
    });

    it('narrows the figures and the register with filters, as reportCases does; a bad value is exit code 2', async () => {
      const r = run('--from', PERIOD.from, '--to', PERIOD.to, '--step', '2');
      assert.equal(r.code, 0, r.stderr);
      const { generatedAt: _, ...got } = JSON.parse(r.stdout);
      const expected = await reportCases(ctx, PERIOD, { step: 2 });
      assert.deepEqual(got, stripGenerated(expected));
      assert.equal(expected.complaints.received, 1);
      assert.deepEqual(got.filter, { step: 2 });
      const register = run(
        '--from',
        PERIOD.from,
        '--to',
        PERIOD.to,
        '--register',
        '--format',
        'json',
        '--category',
        'billing',
      );
      assert.equal(register.code, 0, register.stderr);
      assert.equal(register.stdout.trim().split('\n').length, 1);
      // "_none": the cases without a category (the step-2 complaint), in the figures and the register.
      const unset = run('--from', PERIOD.from, '--to', PERIOD.to, '--category', '_none');
      assert.equal(unset.code, 0, unset.stderr);
      const { generatedAt: __, ...unsetGot } = JSON.parse(unset.stdout);
      assert.deepEqual(unsetGot, stripGenerated(await reportCases(ctx, PERIOD, { category: null })));
      assert.deepEqual(unsetGot.filter, { category: null });
      assert.equal(unsetGot.complaints.received, 1);
      const unsetRegister = run(
        ...['--from', PERIOD.from, '--to', PERIOD.to, '--register', '--format', 'json'],
        ...['--category', '_none'],
      );
      assert.equal(unsetRegister.code, 0, unsetRegister.stderr);
      assert.deepEqual(
        unsetRegister.stdout
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l).step),
        [2],
      );
      const bad = run('--from', PERIOD.from, '--to', PERIOD.to, '--channel', 'pigeon');
      assert.equal(bad.code, 2);
      assert.match(bad.stderr, /--channel: give one of email, letter, web, api, escalation/);
    });

    it('refuses an unknown format with exit code 2, naming the formats', () => {
      const r = run('--from', PERIOD.from, '--to', PERIOD.to, '--format', 'xml');
      assert.equal(r.code, 2);
      assert.match(r.stderr, /--format "xml": give one of json, csv, table/);
      assert.equal(r.stdout, '');
    });
  });

function stripGenerated<T extends { generatedAt: string }>(report: T): Omit<T, 'generatedAt'> {
  const { generatedAt: _, ...rest } = report;
  return rest;
}

function regexpText(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
