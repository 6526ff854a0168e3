// The monthly report's PDF names each category as the reports page and the CSV do: by the label administrators
// gave it in the catalogue (src/core/case/categories.ts), in the organisation's language, a category they added
// included, never by the label the translation files held for a default key nor by its bare key.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DatabaseOriginals } from '../../src/adapters/db/originals.repo.ts';
import { reportCsv } from '../../src/adapters/report/report-export.ts';
import { actOnCase } from '../../src/app/act-on-case.ts';
import { openCase } from '../../src/app/open-case.ts';
import { reportCases } from '../../src/app/report-cases.ts';
import { sendMonthlyReport } from '../../src/app/report-monthly.ts';
import { categoryLabels, DEFAULT_CATEGORIES } from '../../src/core/case/categories.ts';
import { startWorld, type World } from '../correspondence/support.ts';
import { complaintAt } from '../support/cases.ts';

const CATALOGUE = [
  ...DEFAULT_CATEGORIES.map((c) =>
    c.key === 'billing' ? { ...c, labels: { ...c.labels, de: 'Abrechnung und Mahnwesen' } } : c,
  ),
  {
    key: 'outage',
    labels: { fr: 'Pannes du service', en: 'Service outages', de: 'Dienstausfälle' },
    keywords: { fr: [], en: [], de: [] },
    retired: false,
  },
];

describe('the monthly report names categories by their catalogue labels', () => {
  let w: World;
  const dir = mkdtempSync(join(tmpdir(), 'redress-monthly-labels-'));

  before(async () => {
    w = await startWorld('sqlite', '2026-11-03T09:00:00.000Z', {
      timezone: 'Europe/Berlin',
      defaultLanguage: 'de',
      categoryCatalogue: CATALOGUE,
      monthlyReport: { enabled: true, recipients: ['direction@example.org'] },
    });
    for (const [at, category] of [
      ['2026-11-03T09:00:00.000Z', 'billing'],
      ['2026-11-10T09:00:00.000Z', 'outage'],
      ['2026-11-11T09:00:00.000Z', 'outage'],
    ] as const) {
      w.clock.set(at);
      const c = await openCase(w.ctx, complaintAt(at));
      await actOnCase(w.ctx, c.caseId, { type: 'categorise', category }, 'system');
    }
  });
  after(async () => {
    await w?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('in the PDF as in the CSV', async () => {
    w.clock.set('2026-12-01T07:00:00.000Z');
    assert.ok(await sendMonthlyReport(w.ctx));
    const row = await w.ctx.database.db
      .selectFrom('originals')
      .select('sha256')
      .where('content_type', '=', 'application/pdf')
      .executeTakeFirstOrThrow();
    const pdf = await new DatabaseOriginals(w.ctx.database.db).get(row.sha256);
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf!.content);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    assert.match(text, /Dienstausfälle\s+2/);
    assert.match(text, /Abrechnung und Mahnwesen\s+1/);
    assert.doesNotMatch(text, /outage/);
    // The CSV of the same month writes the same labels beside the keys.
    const csv = reportCsv(
      await reportCases(w.ctx, { from: '2026-11-01', to: '2026-11-30' }),
      categoryLabels(w.ctx.config),
    );
    assert.match(csv, /by_category,outage,2,Dienstausfälle/);
    assert.match(csv, /by_category,billing,1,Abrechnung und Mahnwesen/);
  });
});
