// The register of cases and the regulator's return as files: CSV (RFC 4180, CRLF, a header row, text cells a
// spreadsheet would run as a formula made inert) and JSON lines (one object per line, for scripts). The register
// is written as it is read, a chunk per batch of rows, so that its size never sits in memory.
import { stringify } from 'csv-stringify/sync';
import { REGISTER_COLUMNS, type RegisterEntry } from '../../core/report/register.ts';
import { REGULATOR_CSV_COLUMNS, type RegulatorReturn, regulatorRows } from '../../core/report/regulator.ts';
import { SPREADSHEET_CSV_OPTIONS } from './report-export.ts';

const CSV_OPTIONS = SPREADSHEET_CSV_OPTIONS;

/** Rows written per CSV chunk. */
const BATCH = 500;

/**
 * Text the CSV library writes as it is: a letter or digit, then letters, digits, spaces and `.:_-`. There is no
 * delimiter, quote or line break in it to quote, and its first character is none a spreadsheet reads as a formula.
 * Most cells of the register are such text (instants, references, the procedure's words), and handing each of
 * a year's cells to the library one by one is most of the export's time; register-export.test.ts holds these
 * cells to what the library writes for them.
 */
const AS_IS = /^[0-9A-Za-z][0-9A-Za-z .:_-]*$/;

/**
 * Distinct other values whose cell is remembered during one export (labels, outcomes, numbers, empty), and the
 * longest text remembered: a remedy or a note is written by a person, rarely twice the same, and remembering
 * thousands of them would hold megabytes for nothing.
 */
const REMEMBERED_CELLS = 4096;
const REMEMBERED_LENGTH = 64;

/** The register's rows as CSV: each cell as the library writes it (the cell of a one-cell row). */
export async function* registerCsv(entries: AsyncIterable<RegisterEntry>): AsyncGenerator<string> {
  yield stringify([REGISTER_COLUMNS.map(([name]) => name)], CSV_OPTIONS);
  const cells = new Map<unknown, string>();
  const cellOf = (value: unknown): string => {
    if (typeof value === 'string' && AS_IS.test(value)) return value;
    let cell = cells.get(value);
    if (cell === undefined) {
      // The library ends the row with CRLF: the cell is what comes before it.
      cell = stringify([[value]], CSV_OPTIONS).slice(0, -2);
      if (cells.size < REMEMBERED_CELLS && !(typeof value === 'string' && value.length > REMEMBERED_LENGTH))
        cells.set(value, cell);
    }
    return cell;
  };
  const keys = REGISTER_COLUMNS.map(([, key]) => key);
  let chunk = '';
  let n = 0;
  for await (const e of entries) {
    let line = cellOf(e[keys[0]!]);
    for (let i = 1; i < keys.length; i++) line += `,${cellOf(e[keys[i]!])}`;
    chunk += `${line}\r\n`;
    if (++n >= BATCH) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk) yield chunk;
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
