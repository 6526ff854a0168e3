// The register of cases and the regulator's return as files: CSV (RFC 4180, CRLF, a header row, text cells a
// spreadsheet would run as a formula made inert) and JSON lines (one object per line, for scripts). The register
// is written as it is read, a chunk per batch of rows, so that its size never sits in memory.
import { stringify } from 'csv-stringify/sync';
import { REGISTER_COLUMNS, type RegisterEntry } from '../../core/report/register.ts';
import { REGULATOR_CSV_COLUMNS, type RegulatorReturn, regulatorRows } from '../../core/report/regulator.ts';
import { spreadsheetSafe } from './report-export.ts';

const CSV_OPTIONS = {
  record_delimiter: 'windows',
  cast: { string: (value: string) => spreadsheetSafe(value) },
} as const;

/** Rows written per CSV chunk. */
const BATCH = 500;

export async function* registerCsv(entries: AsyncIterable<RegisterEntry>): AsyncGenerator<string> {
  yield stringify([REGISTER_COLUMNS.map(([name]) => name)], CSV_OPTIONS);
  let batch: unknown[][] = [];
  for await (const e of entries) {
    batch.push(REGISTER_COLUMNS.map(([, key]) => e[key]));
    if (batch.length >= BATCH) {
      yield stringify(batch, CSV_OPTIONS);
      batch = [];
    }
  }
  if (batch.length) yield stringify(batch, CSV_OPTIONS);
}

export async function* registerJsonLines(entries: AsyncIterable<RegisterEntry>): AsyncGenerator<string> {
  let chunk = '';
  let n = 0;
  for await (const e of entries) {
    chunk += `${JSON.stringify(e)}\n`;
    if (++n >= BATCH) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk) yield chunk;
}

/** The regulator's return as CSV: the total (category "all"), then one row per category. */
export function regulatorCsv(r: RegulatorReturn): string {
  return stringify([[...REGULATOR_CSV_COLUMNS], ...regulatorRows(r)], CSV_OPTIONS);
}
