// The register's and the figures' CSV read back by a strict RFC 4180 reader: one record per case (or per figure),
// every text cell exactly as the case holds it (a formula start made inert), whatever line breaks, quotes and commas
// the text holds. A spreadsheet ends a row at a bare line feed or carriage return outside quotes, so a remedy written
// on two lines must be quoted, or its second line becomes a row of its own, whose first cell a spreadsheet may run.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { emptyCompliance } from '../../app/report-cases.ts';
import { emptyPromiseFigures } from '../../core/report/promise-figures.ts';
import { REGISTER_COLUMNS, type RegisterEntry } from '../../core/report/register.ts';
import { registerCsv } from './register-export.ts';
import { reportCsv, spreadsheetSafe } from './report-export.ts';

/** Records of a CSV as RFC 4180 has them (CRLF between records); throws on what the RFC does not allow. */
function records(csv: string): string[][] {
  const out: string[][] = [];
  let record: string[] = [];
  let i = 0;
  for (;;) {
    let cell = '';
    if (csv[i] === '"') {
      i++;
      for (;;) {
        const q = csv.indexOf('"', i);
        if (q < 0) throw new Error('a quoted cell is not closed');
        cell += csv.slice(i, q);
        if (csv[q + 1] === '"') {
          cell += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
    } else {
      const m = /[,\r\n"]|$/.exec(csv.slice(i))!;
      cell = csv.slice(i, i + m.index);
      i += m.index;
      if (csv[i] === '"') throw new Error(`a quote inside an unquoted cell at ${i}`);
    }
    record.push(cell);
    if (csv[i] === ',') {
      i++;
      continue;
    }
    out.push(record);
    record = [];
    if (i >= csv.length) return out;
    if (csv.slice(i, i + 2) !== '\r\n')
      throw new Error(
        `a bare ${JSON.stringify(csv[i])} outside quotes at ${i}: a spreadsheet starts a row there`,
      );
    i += 2;
    if (i >= csv.length) return out;
  }
}

const text = fc.oneof(
  fc.string({
    unit: fc.constantFrom(',', '"', '\r', '\n', '=', '+', '-', '@', '\t', ' ', 'a', 'é'),
    maxLength: 10,
  }),
  fc.constantFrom('line one\nline two', 'line one\r\nline two', '\n=HYPERLINK("http://x")', 'a\rb', 'x\n'),
);

const entry = (remedy: string, note: string, label: string): RegisterEntry => ({
  reference: 'RC-2026-000001',
  kind: 'complaint',
  step: 1,
  channel: 'email',
  category: 'billing',
  language: 'fr',
  status: 'answered',
  receivedAt: '2026-01-01T10:00:00.000Z',
  acknowledgedAt: null,
  answeredAt: '2026-01-02T10:00:00.000Z',
  acknowledgeBy: null,
  answerByOriginal: null,
  answerByExtended: null,
  extensions: 0,
  acknowledgementMet: null,
  answerMet: 'original',
  outcome: 'upheld',
  remedy,
  categoryLabel: label,
  rootCause: null,
  rootCauseNote: note,
  remedyAmount: null,
  remedyCurrency: null,
});

describe('CSV exports read back record by record', () => {
  it('the register: one record per case, each text as written', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(text, text, text), { maxLength: 6 }), async (rows) => {
        async function* from() {
          for (const [remedy, note, label] of rows) yield entry(remedy, note, label);
        }
        let csv = '';
        for await (const chunk of registerCsv(from())) csv += chunk;
        const got = records(csv);
        assert.equal(got.length, rows.length + 1, JSON.stringify(csv));
        const at = (key: keyof RegisterEntry) => REGISTER_COLUMNS.findIndex(([, k]) => k === key);
        rows.forEach(([remedy, note, label], i) => {
          const r = got[i + 1]!;
          assert.equal(r.length, REGISTER_COLUMNS.length);
          assert.equal(r[at('remedy')], spreadsheetSafe(remedy));
          assert.equal(r[at('rootCauseNote')], spreadsheetSafe(note));
          assert.equal(r[at('categoryLabel')], spreadsheetSafe(label));
        });
      }),
    );
  });

  it('the figures: one record per figure, a category label as written', () => {
    fc.assert(
      fc.property(text, (label) => {
        const report = {
          period: { from: '2026-01-01', to: '2026-01-31' },
          filter: {},
          generatedAt: '2026-02-01T00:00:00.000Z',
          complaints: {
            ...emptyCompliance(),
            received: 1,
            byStep: {},
            byMonth: { '2026-01': 1 },
            byChannel: { email: 1 },
            byCategory: { billing: 1 },
            byLanguage: { fr: 1 },
            byOutcome: {},
            promises: { ...emptyPromiseFigures(), byStep: {} },
          },
          suggestions: { received: 0, byStatus: {}, byDepartment: {} },
          other: { received: 0, byReason: {} },
          restrictions: { issued: 0, byKind: {} },
        };
        const csv = reportCsv(report, new Map([['billing', label]]));
        const got = records(csv);
        const row = got.find((r) => r[2] === 'by_category')!;
        assert.deepEqual(row, [
          '2026-01-01',
          '2026-01-31',
          'by_category',
          'billing',
          '1',
          spreadsheetSafe(label),
        ]);
        for (const r of got) assert.equal(r.length, 6);
      }),
    );
  });
});
