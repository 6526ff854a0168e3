// The register's and the figures' CSV read back by a strict RFC 4180 reader: one record per case (or per figure),
// every text cell exactly as the case holds it (a formula start made inert), whatever line breaks, quotes and commas
// the text holds. A spreadsheet ends a row at a bare line feed or carriage return outside quotes, so a remedy written
// on two lines must be quoted, or its second line becomes a row of its own, whose first cell a spreadsheet may run.
// Every file starts with the UTF-8 byte-order mark, which Excel needs to read accented names, and the names come back
// as written from the file's bytes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { emptyCompliance } from '../../app/report-cases.ts';
import { emptyPromiseFigures } from '../../core/report/promise-figures.ts';
import { REGISTER_COLUMNS, type RegisterEntry } from '../../core/report/register.ts';
import { halfYearPeriod, type RegulatorReturn } from '../../core/report/regulator.ts';
import { registerCsv, regulatorCsv } from './register-export.ts';
import { reportCsv } from './report-export.ts';
import { spreadsheetSafe } from './spreadsheet-csv.ts';

/**
 * Records of a CSV file as RFC 4180 has them (CRLF between records), read from its bytes as a spreadsheet reads
 * them: UTF-8 because of the byte-order mark it must start with. Throws on what the RFC does not allow.
 */
function records(file: string): string[][] {
  const bytes = Buffer.from(file, 'utf8');
  assert.deepEqual(
    [...bytes.subarray(0, 3)],
    [0xef, 0xbb, 0xbf],
    'the file starts with the UTF-8 byte-order mark',
  );
  // The decoder takes the mark off, as a spreadsheet does.
  const csv = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
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
    unit: fc.constantFrom(',', '"', '\r', '\n', '=', '+', '-', '@', '\t', ' ', 'a', 'é', 'ü', 'ß', 'Ë'),
    maxLength: 10,
  }),
  fc.constantFrom(
    'line one\nline two',
    'line one\r\nline two',
    '\n=HYPERLINK("http://x")',
    'a\rb',
    'x\n',
    'Müller-Lüdenscheidt, Zoë',
    'Straße',
  ),
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

  it("the regulator's return: a category label with accents and a comma comes back as written", () => {
    const name = 'Müller-Lüdenscheidt, Zoë';
    const bucket = {
      received: 1,
      answeredWithin3BusinessDays: 0,
      answeredWithinPromisedDate: 0,
      answeredAfterPromisedDate: 0,
      open: 1,
      upheld: 0,
      upheldShare: null,
    };
    const r: RegulatorReturn = {
      half: '2026-H1',
      ...halfYearPeriod('2026-H1')!,
      ...bucket,
      byCategory: { [name]: bucket },
    };
    const got = records(regulatorCsv(r));
    assert.equal(got.length, 3);
    assert.deepEqual(got[2]!.slice(0, 3), ['2026-H1', name, '1']);
    assert.equal(got[0]![0], 'half', 'the mark is no part of the first header');
  });

  it('the bytes of every file start with EF BB BF, and a name with accents is written in UTF-8', async () => {
    const name = 'Müller-Lüdenscheidt, Zoë';
    async function* one() {
      yield entry(name, 'ß', 'é');
    }
    let register = '';
    for await (const chunk of registerCsv(one())) register += chunk;
    const bytes = Buffer.from(register, 'utf8');
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    // ü is C3 BC, ë is C3 AB in UTF-8 (not FC, EB as in a legacy code page).
    assert.ok(bytes.includes(Buffer.from([0x4d, 0xc3, 0xbc, 0x6c])), 'Mü in UTF-8');
    assert.ok(bytes.includes(Buffer.from([0x5a, 0x6f, 0xc3, 0xab])), 'Zoë in UTF-8');
    assert.equal(records(register)[1]![REGISTER_COLUMNS.findIndex(([, k]) => k === 'remedy')], name);
    // One mark at the start, none further (the register is written in chunks).
    assert.equal(register.split('\uFEFF').length, 2);
  });
});
