// The register's CSV is exactly what the CSV library writes for its rows (RFC 4180, CRLF, a header row, text a
// spreadsheet would run made inert) after the UTF-8 byte-order mark, whatever the text of the cases and however the
// rows arrive: the way the export is made fast must never change a byte of it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { REGISTER_COLUMNS, type RegisterEntry } from '../../core/report/register.ts';
import { registerCsv } from './register-export.ts';
import { SPREADSHEET_CSV_OPTIONS, UTF8_BOM } from './spreadsheet-csv.ts';

/** The register as the library writes it in one call: the reference the export is held to. */
const expected = (entries: RegisterEntry[]) =>
  UTF8_BOM +
  stringify(
    [
      REGISTER_COLUMNS.map(([name]) => name),
      ...entries.map((e) => REGISTER_COLUMNS.map(([, key]) => e[key])),
    ],
    SPREADSHEET_CSV_OPTIONS,
  );

async function csvOf(entries: Iterable<RegisterEntry>): Promise<string> {
  async function* from() {
    yield* entries;
  }
  let out = '';
  for await (const chunk of registerCsv(from())) out += chunk;
  return out;
}

// Text as hostile as a case can hold: delimiters, quotes, line breaks, formula starts (ASCII and full-width),
// spaces, non-ASCII, and runs of them.
const hostileText = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom(',', '"', '\r', '\n', '=', '+', '-', '@', '\t', ' ', 'a', 'é', '＝', "'", ';'),
  }),
  fc.constantFrom(
    '',
    '-',
    '=1+1',
    '@SUM(A1)',
    '+33 1 23',
    '-5',
    '\t=x',
    '\r\n',
    'a,b',
    'say "hi"',
    'RC-2026-000001',
  ),
);
const text = fc.option(hostileText, { nil: null });
const instant = fc.option(
  fc.oneof(
    fc
      .integer({ min: Date.parse('2000-01-01'), max: Date.parse('2099-12-31') })
      .map((ms) => new Date(ms).toISOString()),
    hostileText,
  ),
  { nil: null },
);
const entry: fc.Arbitrary<RegisterEntry> = fc.record({
  reference: hostileText,
  kind: fc.oneof(fc.constantFrom('complaint', 'suggestion', 'other'), hostileText),
  step: fc.constantFrom(1, 2, null),
  channel: fc.oneof(fc.constantFrom('email', 'letter', 'escalation'), hostileText),
  category: text,
  language: fc.oneof(fc.constantFrom('fr', 'en', 'de'), hostileText),
  status: fc.oneof(fc.constantFrom('received', 'acknowledged', 'answered', 'closed'), hostileText),
  receivedAt: fc.oneof(instant.map((i) => i ?? '2026-01-01T00:00:00.000Z')),
  acknowledgedAt: instant,
  answeredAt: instant,
  acknowledgeBy: instant,
  answerByOriginal: instant,
  answerByExtended: instant,
  extensions: fc.oneof(fc.nat(5), fc.integer({ min: -3, max: -1 })),
  acknowledgementMet: fc.constantFrom('met', 'late', 'overdue', 'pending', null),
  answerMet: fc.constantFrom('original', 'extended', 'late', 'overdue', 'pending', null),
  outcome: fc.option(fc.oneof(fc.constantFrom('upheld', 'partly_upheld', 'not_upheld'), hostileText), {
    nil: null,
  }),
  remedy: text,
  categoryLabel: text,
  rootCause: text,
  rootCauseNote: text,
  remedyAmount: fc.option(fc.oneof(fc.constantFrom('12.50', '-3', '0'), hostileText), { nil: null }),
  remedyCurrency: text,
});

describe('register as CSV', () => {
  it('writes what the CSV library writes, for any text of the cases', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entry, { maxLength: 30 }), async (entries) => {
        assert.equal(await csvOf(entries), expected(entries));
      }),
      { numRuns: 300 },
    );
  });

  it('writes the same bytes across the batches it writes a long register in', async () => {
    const many = fc.sample(entry, { numRuns: 2_345, seed: 7 });
    assert.equal(await csvOf(many), expected(many));
  });

  it('writes the header alone for an empty register', async () => {
    assert.equal(await csvOf([]), expected([]));
  });
});
