// The one writer of every CSV file Redress gives staff (the report's figures, the register of cases, the regulator's
// return; on the reports page, in the monthly mail's attachment and from `redress report`): RFC 4180 with CRLF, a
// header row, text cells a spreadsheet would run made inert, every line break quoted, and a UTF-8 byte-order mark
// first. Without the mark, Excel reads a CSV file in the machine's legacy code page, and a name like "Zoë Müller"
// comes out as "ZoÃ« MÃ¼ller"; with it, Excel, LibreOffice and Numbers all read UTF-8. Each cell is written by the
// CSV library (csv-stringify), never by hand.
import { stringify } from 'csv-stringify/sync';

/** The UTF-8 byte-order mark (bytes EF BB BF), the first character of every CSV file written here. */
export const UTF8_BOM = '\uFEFF';

/**
 * A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return before one) as a formula, and
 * a formula can fetch a URL or run a command: such text cells get a leading apostrophe, which spreadsheets show
 * as text. Category names are the administrators' and may come from outside in later versions.
 */
export function spreadsheetSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/**
 * The library's options: RFC 4180 with CRLF, text cells a spreadsheet would run made inert. Given a record delimiter
 * of its own, the library quotes only the cells that hold that whole delimiter (CRLF), so a remedy or a note written
 * on two lines (a bare LF or CR) went out unquoted: a spreadsheet ends the row there, the rest of the text becomes a
 * row of its own, and its first cell (which spreadsheetSafe never saw as a cell's start) may be run as a formula.
 * Every line break is quoted.
 */
export const SPREADSHEET_CSV_OPTIONS = {
  record_delimiter: 'windows',
  quote_record_delimiter: true,
  cast: { string: (value: string) => spreadsheetSafe(value) },
} as const;

/**
 * Text the CSV library writes as it is: a letter or digit, then letters, digits, spaces and `.:_-`. There is no
 * delimiter, quote or line break in it to quote, and its first character is none a spreadsheet reads as a formula.
 * Most cells of a register are such text (instants, references, the procedure's words), and handing each of a
 * year's cells to the library one by one is most of the export's time; register-export.test.ts holds these cells
 * to what the library writes for them.
 */
const AS_IS = /^[0-9A-Za-z][0-9A-Za-z .:_-]*$/;

/**
 * Distinct other values whose cell is remembered while one file is written (labels, outcomes, numbers, empty), and
 * the longest text remembered: a remedy or a note is written by a person, rarely twice the same, and remembering
 * thousands of them would hold megabytes for nothing.
 */
const REMEMBERED_CELLS = 4096;
const REMEMBERED_LENGTH = 64;

/** Rows written per chunk of a file written as its rows come. */
const BATCH = 500;

/** A writer of rows for one file: each cell as the library writes it (the cell of a one-cell row), then CRLF. */
function rowWriter(): (cells: ReadonlyArray<unknown>) => string {
  const remembered = new Map<unknown, string>();
  const cellOf = (value: unknown): string => {
    if (typeof value === 'string' && AS_IS.test(value)) return value;
    let cell = remembered.get(value);
    if (cell === undefined) {
      // The library ends the row with CRLF: the cell is what comes before it.
      cell = stringify([[value]], SPREADSHEET_CSV_OPTIONS).slice(0, -2);
      if (
        remembered.size < REMEMBERED_CELLS &&
        !(typeof value === 'string' && value.length > REMEMBERED_LENGTH)
      )
        remembered.set(value, cell);
    }
    return cell;
  };
  return (cells) => {
    let line = cells.length ? cellOf(cells[0]) : '';
    for (let i = 1; i < cells.length; i++) line += `,${cellOf(cells[i])}`;
    return `${line}\r\n`;
  };
}

/** A whole CSV file: the byte-order mark, the header row, the rows. */
export function csvFile(header: ReadonlyArray<string>, rows: Iterable<ReadonlyArray<unknown>>): string {
  const row = rowWriter();
  let out = UTF8_BOM + row(header);
  for (const cells of rows) out += row(cells);
  return out;
}

/**
 * The same file written as its items come, a chunk of rows at a time (the byte-order mark and the header first), so
 * that a long file never sits in memory. `cellsOf` gives an item's row.
 */
export async function* csvChunks<T>(
  header: ReadonlyArray<string>,
  items: AsyncIterable<T>,
  cellsOf: (item: T) => ReadonlyArray<unknown>,
): AsyncGenerator<string> {
  const row = rowWriter();
  yield UTF8_BOM + row(header);
  let chunk = '';
  let n = 0;
  for await (const item of items) {
    chunk += row(cellsOf(item));
    if (++n >= BATCH) {
      yield chunk;
      chunk = '';
      n = 0;
    }
  }
  if (chunk) yield chunk;
}
